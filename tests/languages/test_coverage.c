/* Glyph coverage: every string of the sample course (course.json, modules,
 * plans, subtitles) and every player word in every UI language is drawn,
 * and each character has a glyph in the font the player chooses for it
 * (theme font, else the per-script fallback): no missing-glyph boxes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

typedef struct fixture {
    textsys *ts;
    SDL_Surface *target;
    SDL_Renderer *ren;
    lectern_theme theme;
    size_t chars, strings;
} fixture;

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    if (b)
        b[n] = '\0';
    fclose(f);
    return b;
}

/* Checks and draws one string in every font role. */
static void check_string(fixture *fx, const char *s, const char *where)
{
    static const font_role roles[] = { FONT_HEADING, FONT_BODY, FONT_ITALIC, FONT_BOLD };
    fx->strings++;
    for (size_t r = 0; r < 4; r++) {
        const unsigned char *p = (const unsigned char *)s;
        while (*p) {
            uint32_t c = bidi_next_cp(&p);
            if (c < 0x20 || c == 0x7F || (c >= 0x200B && c <= 0x200F) || c == 0xFEFF)
                continue;   /* controls and format characters have no glyph */
            TTF_Font *f = text_font_for(fx->ts, roles[r], 40, c);
            assert_non_null(f);
            if (!TTF_GlyphIsProvided32(f, c)) {
                print_error("no glyph for U+%04X in %s (role %d): \"%.80s\"\n", (unsigned)c,
                            where, (int)roles[r], s);
                fail();
            }
            fx->chars++;
        }
        text_draw(fx->ts, fx->ren, roles[r], 40, 1200, ALIGN_LEFT, 0xffffff, s, 0, 0);
    }
}

static void walk_json(fixture *fx, const cJSON *v, const char *file)
{
    if (cJSON_IsString(v)) {
        check_string(fx, v->valuestring, file);
        return;
    }
    const cJSON *c;
    cJSON_ArrayForEach(c, v)
        walk_json(fx, c, file);
}

static void check_json_file(fixture *fx, const char *path)
{
    char *text = slurp(path);
    assert_non_null(text);
    cJSON *j = cJSON_Parse(text);
    assert_non_null(j);
    walk_json(fx, j, path);
    cJSON_Delete(j);
    free(text);
}

static void check_dir(fixture *fx, const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name), sn = strlen(suffix);
        if (n <= sn || strcmp(e->d_name + n - sn, suffix) != 0)
            continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (strcmp(suffix, ".json") == 0) {
            check_json_file(fx, path);
            continue;
        }
        char *text = slurp(path);   /* subtitles: every line */
        assert_non_null(text);
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
            check_string(fx, line, path);
        free(text);
    }
    closedir(d);
}

static int setup(void **state)
{
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx || SDL_Init(SDL_INIT_VIDEO) < 0 || TTF_Init() < 0)
        return -1;
    /* the sample course's theme fonts */
    char path[2048];
    snprintf(path, sizeof path, "%s/courses/trafficking-basics/course.json",
             getenv("LECTERN_SOURCE_ROOT") ? getenv("LECTERN_SOURCE_ROOT") : ".");
    char *text = slurp(path);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *th = cJSON_GetObjectItem(j, "theme");
    fx->theme.heading_font = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(th, "heading_font")));
    fx->theme.body_font = strdup(cJSON_GetStringValue(cJSON_GetObjectItem(th, "body_font")));
    cJSON_Delete(j);
    lectern_error err = {0};
    if (textsys_create(NULL, NULL, &fx->theme, &fx->ts, &err) < 0)
        return -1;
    fx->target = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    fx->ren = fx->target ? SDL_CreateSoftwareRenderer(fx->target) : NULL;
    *state = fx;
    return fx->ren ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    textsys_destroy(fx->ts);
    SDL_DestroyRenderer(fx->ren);
    SDL_FreeSurface(fx->target);
    free(fx->theme.heading_font);
    free(fx->theme.body_font);
    free(fx);
    TTF_Quit();
    SDL_Quit();
    return 0;
}

static void every_course_string_has_glyphs(void **state)
{
    fixture *fx = *state;
    const char *src = getenv("LECTERN_SOURCE_ROOT") ? getenv("LECTERN_SOURCE_ROOT") : ".";
    char dir[2048];
    snprintf(dir, sizeof dir, "%s/courses/trafficking-basics", src);
    check_dir(fx, dir, ".json");
    snprintf(dir, sizeof dir, "%s/courses/trafficking-basics/modules", src);
    check_dir(fx, dir, ".json");
    snprintf(dir, sizeof dir, "%s/courses/trafficking-basics/plans", src);
    check_dir(fx, dir, ".json");
    snprintf(dir, sizeof dir, "%s/courses/trafficking-basics/media", src);
    check_dir(fx, dir, ".vtt");
    print_message("%zu strings, %zu characters checked\n", fx->strings, fx->chars);
    assert_true(fx->chars > 10000);
}

static void every_ui_string_in_every_language_has_glyphs(void **state)
{
    fixture *fx = *state;
    static const char *langs[] = { "en", "fr", "ar" };
    app a;
    memset(&a, 0, sizeof a);
    for (size_t l = 0; l < 3; l++) {
        assert_int_equal(ui_set_lang(langs[l]), 0);
        assert_string_equal(ui_lang(&a), langs[l]);
        for (int k = 0; k < UI_COUNT; k++) {
            const char *s = ui_str(&a, (ui_string)k);
            assert_non_null(s);
            assert_true(*s);
            /* translated: French and Arabic differ from the English source */
            if (l > 0 && k != UI_MODULES && k != UI_MODULE && k != UI_VIDEO)
                assert_string_not_equal(s, ui_msgid((ui_string)k));
            check_string(fx, s, langs[l]);
        }
    }
    ui_set_lang(NULL);
}

/* The exercise session's notices reach the trainee in the UI language, a
 * number kept in place; other messages pass through unchanged. */
static void exercise_notices_are_translated(void **state)
{
    fixture *fx = *state;
    app a;
    char buf[300];
    memset(&a, 0, sizeof a);
    assert_int_equal(ui_set_lang("fr"), 0);
    assert_string_equal(ui_notice(&a, "No tries left", buf, sizeof buf), "Plus d'essai possible");
    assert_string_equal(ui_notice(&a, "Question 3 is not answered yet", buf, sizeof buf),
                        "La question 3 n'a pas encore de r\xC3\xA9ponse");
    assert_string_equal(ui_notice(&a, "Question x is not answered yet", buf, sizeof buf),
                        "Question x is not answered yet");
    assert_string_equal(ui_notice(&a, "Reloaded: m1.json", buf, sizeof buf), "Reloaded: m1.json");
    assert_int_equal(ui_set_lang("ar"), 0);
    const char *s = ui_notice(&a, "There is no choice 7 here", buf, sizeof buf);
    assert_non_null(strstr(s, "7"));
    assert_string_not_equal(s, "There is no choice 7 here");
    check_string(fx, s, "ar");
    check_string(fx, ui_notice(&a, "Answer the question first", buf, sizeof buf), "ar");
    assert_int_equal(ui_set_lang("en"), 0);
    assert_string_equal(ui_notice(&a, "No tries left", buf, sizeof buf), "No tries left");
}

/* Reads a C string literal of a .po line (after the keyword) into out,
 * appending; returns 0, or -1 when the line has no literal. */
static int po_literal(const char *p, char *out, size_t outlen)
{
    p = strchr(p, '"');
    if (!p)
        return -1;
    size_t n = strlen(out);
    for (p++; *p && *p != '"' && n + 1 < outlen; p++) {
        if (*p == '\\' && p[1]) {
            p++;
            out[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return 0;
}

/* The plural form gettext picks for n (the Plural-Forms of po/fr.po and
 * po/ar.po, written out again here). */
static int plural_index(const char *lang, unsigned long n)
{
    if (strcmp(lang, "fr") == 0)
        return n > 1;
    return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : n % 100 >= 3 && n % 100 <= 10 ? 3 :
           n % 100 >= 11 ? 4 : 5;
}

/* Every message of po/fr.po and po/ar.po (the player's, the session's, the
 * video controls', any file in po/POTFILES) is translated, renders with
 * glyphs for every character, and is what the player gets from gettext
 * (the compiled catalogue is current); a counted one (msgid_plural) has
 * every form of its language, each what ngettext gives for its numbers. */
static void every_catalogue_message_is_translated_and_has_glyphs(void **state)
{
    fixture *fx = *state;
    static const char *langs[] = { "fr", "ar" };
    static const int nforms[] = { 2, 6 };
    static const unsigned long samples[] = { 0, 1, 2, 3, 7, 10, 11, 42, 99, 100, 101, 102, 103, 111, 1000 };
    const char *src = getenv("LECTERN_SOURCE_ROOT") ? getenv("LECTERN_SOURCE_ROOT") : ".";
    app a;
    memset(&a, 0, sizeof a);
    for (size_t l = 0; l < 2; l++) {
        char path[2048];
        snprintf(path, sizeof path, "%s/po/%s.po", src, langs[l]);
        char *text = slurp(path);
        assert_non_null(text);
        assert_int_equal(ui_set_lang(langs[l]), 0);
        static char id[4096], idp[4096], str[6][4096];
        int in = 0, n = 0, np = 0, form = -1;   /* in: 1 msgid, 2 msgstr, 3 msgid_plural, 4 msgstr[form] */
        id[0] = idp[0] = '\0';
        for (int k = 0; k < 6; k++)
            str[k][0] = '\0';
        char *save = NULL;
        for (char *line = strtok_r(text, "\n", &save);; line = strtok_r(NULL, "\n", &save)) {
            int is_id = line && strncmp(line, "msgid ", 6) == 0;
            if (!line || is_id) {   /* the entry before ends here */
                if (in == 2 && id[0]) {
                    if (!str[0][0]) {
                        print_error("%s: \"%s\" is not translated\n", path, id);
                        fail();
                    }
                    check_string(fx, str[0], path);
                    assert_string_equal(ui_gettext(&a, id), str[0]);
                    n++;
                } else if (in == 4 && id[0]) {
                    for (int k = 0; k < nforms[l]; k++) {
                        if (!str[k][0]) {
                            print_error("%s: \"%s\" has no form %d\n", path, id, k);
                            fail();
                        }
                        check_string(fx, str[k], path);
                    }
                    for (size_t k = 0; k < sizeof samples / sizeof *samples; k++)
                        assert_string_equal(ui_ntr(&a, id, idp, samples[k]),
                                            str[plural_index(langs[l], samples[k])]);
                    n++;
                    np++;
                }
                if (!line)
                    break;
                id[0] = idp[0] = '\0';
                for (int k = 0; k < 6; k++)
                    str[k][0] = '\0';
                in = 1;
                po_literal(line + 6, id, sizeof id);
            } else if (strncmp(line, "msgid_plural ", 13) == 0) {
                in = 3;
                po_literal(line + 13, idp, sizeof idp);
            } else if (strncmp(line, "msgstr ", 7) == 0) {
                in = 2;
                po_literal(line + 7, str[0], sizeof str[0]);
            } else if (strncmp(line, "msgstr[", 7) == 0) {
                form = atoi(line + 7);
                assert_true(form >= 0 && form < nforms[l]);
                in = 4;
                po_literal(strchr(line, ']') + 1, str[form], sizeof str[form]);
            } else if (line[0] == '"' && in) {
                char *to = in == 1 ? id : in == 3 ? idp : in == 2 ? str[0] : str[form];
                po_literal(line, to, sizeof id);
            }
        }
        free(text);
        print_message("%s: %d messages, %d counted\n", langs[l], n, np);
        assert_true(n >= UI_COUNT + 12);    /* the enum's words, the session's, the video's */
        assert_true(np >= 25);              /* minutes, seconds, segments, results, ... */
    }
    ui_set_lang(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_course_string_has_glyphs),
        cmocka_unit_test(every_ui_string_in_every_language_has_glyphs),
        cmocka_unit_test(exercise_notices_are_translated),
        cmocka_unit_test(every_catalogue_message_is_translated_and_has_glyphs),
    };
    return cmocka_run_group_tests_name("coverage", tests, setup, teardown);
}
