/* The library in the player window: opening an installed course by id (its
 * layers resolved to one package), the trust warning and the offer to
 * install a package that is not in the library (start screen), the
 * "What's new" overlay, the "updated" marks and the trainer's change note. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lectern/addendum.h"
#include "lectern/log.h"
#include "lectern/package.h"
#include "lectern/reader.h"
#include "library_ui.h"

#include "library_ui_internal.h"

const char *library_ui_trust_words(const app *a, lectern_trust t)
{
    /* the same words as lectern_trust_name, for the translators */
    static const char *const words[] = { N_("trusted"), N_("signed by an unknown key"),
                                         N_("unsigned") };
    const char *en = lectern_trust_name(t);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(words[i], en) == 0)
            return ui_tr(a, en);
    return en;
}

static const char *T(const app *a, const lectern_text *t)
{
    return lectern_text_get(t, a->lang, a->fallback);
}

static void free_addenda(library_ui *l)
{
    for (size_t i = 0; i < l->n_addenda; i++)
        free(l->addenda[i]);
    free(l->addenda);
    l->addenda = NULL;
    l->n_addenda = 0;
}

void library_ui_destroy(library_ui *l)
{
    if (!l)
        return;
    free_addenda(l);
    lectern_changes_free(l->changes, l->n_changes);
    free(l->rows);
    library_list_clear(l);
    free(l);
}

static const char *trust_token(lectern_trust t)
{
    return t == LECTERN_TRUST_TRUSTED ? "trusted" :
           t == LECTERN_TRUST_UNTRUSTED ? "untrusted" : "unsigned";
}

static int strict_refusal(const library_ui *l, const char *what, lectern_error *err)
{
    return lectern_error_set(err, LECTERN_ESIGNATURE,
        "%s: refused in strict mode: the package is %s%s%s (add the author's key with "
        "`lectern trust add KEY.pub`, or open it without --strict)", what,
        lectern_trust_name(l->trust), l->fpr[0] ? " " : "", l->fpr);
}

/* Takes over a resolved library course: package path, layers, trust. */
static int use_library_course(library_ui *l, lectern_library_course *c, char *path,
                              size_t path_len, lectern_error *err)
{
    snprintf(l->course_id, sizeof l->course_id, "%s", c->id);
    snprintf(l->version, sizeof l->version, "%s", c->version);
    snprintf(l->package, sizeof l->package, "%s", c->package);
    snprintf(path, path_len, "%s", c->package);
    l->from_library = 1;
    l->trust_known = 1;
    l->trust = c->trust;
    snprintf(l->fpr, sizeof l->fpr, "%s", c->base_fingerprint);
    free_addenda(l);
    l->addenda = c->addenda;
    l->n_addenda = c->n_addenda;
    c->addenda = NULL;
    c->n_addenda = 0;
    int rc = lectern_package_verify(l->package, NULL, err);
    if (rc < 0)
        return rc;
    if (l->strict && l->trust != LECTERN_TRUST_TRUSTED)
        return strict_refusal(l, c->id, err);
    return 1;
}

static int is_file(const char *p, int *dir)
{
    struct stat st;
    if (stat(p, &st) != 0)
        return 0;
    *dir = S_ISDIR(st.st_mode);
    return 1;
}

/* A package file given on the command line: verified, trust-checked, and
 * compared with the library (offer to install it when it is not there). */
static int open_package(library_ui *l, const char *file, lectern_error *err)
{
    int rc = lectern_package_verify(file, NULL, err);
    if (rc < 0)
        return rc;
    rc = lectern_trust_check(l->config_dir, file, &l->trust, l->fpr, err);
    if (rc < 0)
        return rc;
    l->trust_known = 1;
    snprintf(l->package, sizeof l->package, "%s", file);
    lectern_reader *r = NULL;
    if ((rc = lectern_reader_open(file, 0, &r, err)) < 0)
        return rc;
    const lectern_manifest *m = lectern_reader_manifest(r);
    if (m && m->kind && strcmp(m->kind, "addendum") == 0) {
        rc = lectern_error_set(err, LECTERN_EFORMAT,
            "%s is an addendum (an update to %s %s), not a course: install it with "
            "`lectern install %s`, then open the course with `lectern %s`", file,
            m->base_id ? m->base_id : "?", m->base_version ? m->base_version : "?", file, m->id);
        goto done;
    }
    if (m) {
        snprintf(l->course_id, sizeof l->course_id, "%s", m->id);
        snprintf(l->version, sizeof l->version, "%s", m->version);
    }
    if (l->strict && l->trust != LECTERN_TRUST_TRUSTED) {
        rc = strict_refusal(l, file, err);
        goto done;
    }
    /* in the library already (same manifest)? */
    lectern_library_course c;
    lectern_error e2 = {0};
    char sha[65] = "";
    l->offer_install = 1;
    if (m && lectern_library_resolve(l->data_dir, l->config_dir, m->id, &c, &e2) == 0) {
        if (lectern_package_manifest_sha256(file, sha, &e2) == 0 && c.manifest_sha256 &&
            strcmp(sha, c.manifest_sha256) == 0) {
            l->offer_install = 0;
            l->from_library = 1;
            free_addenda(l);
            l->addenda = c.addenda;
            l->n_addenda = c.n_addenda;
            c.addenda = NULL;
            c.n_addenda = 0;
        }
        lectern_library_course_clear(&c);
    }
    rc = 0;
done:
    lectern_reader_close(r);
    return rc;
}

int library_ui_open(library_ui **out, const char *data_dir, const char *config_dir, int strict,
                    const char *course, char *path, size_t path_len, lectern_error *err)
{
    library_ui *l = calloc(1, sizeof *l);
    *out = l;
    if (!l)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    snprintf(l->data_dir, sizeof l->data_dir, "%s", data_dir);
    library_config_dir(config_dir, l->config_dir, sizeof l->config_dir);
    l->strict = strict;
    int dir = 0, rc;
    lectern_library_course c;
    memset(&c, 0, sizeof c);
    if (!course) {
        lectern_library_course *all = NULL;
        size_t n = 0;
        lectern_error e2 = {0};
        if (lectern_library_list(data_dir, l->config_dir, &all, &n, &e2) < 0 || n == 0) {
            lectern_library_courses_free(all, n);
            return 0;   /* the sample course */
        }
        LOG_INFO("library", "no course given: opening %s from the library (%zu installed)",
                 all[0].id, n);
        rc = use_library_course(l, &all[0], path, path_len, err);
        l->all = all;             /* the start screen's library list */
        l->n_all = n;
        l->listed = 1;
        l->list_open = n > 1;
        return rc;
    }
    if (is_file(course, &dir))
        return dir ? 0 : open_package(l, course, err);
    if (!lectern_id_valid(course))
        return 0;      /* the loader says "not found" */
    rc = lectern_library_resolve(data_dir, l->config_dir, course, &c, err);
    if (rc == LECTERN_ENOTFOUND)
        return lectern_error_set(err, LECTERN_ENOTFOUND,
            "%s: no such file or folder, and no installed course with this id (`lectern "
            "library` lists them; `lectern install FILE` adds one)", course);
    if (rc < 0)
        return rc;
    rc = use_library_course(l, &c, path, path_len, err);
    lectern_library_course_clear(&c);
    return rc;
}

/* Rows of "What's new": every affected item of every change, newest first. */
static void build_rows(app *a)
{
    library_ui *l = a->lib;
    free(l->rows);
    l->rows = NULL;
    l->n_rows = 0;
    size_t total = 0;
    for (size_t i = 0; i < l->n_changes; i++)
        total += l->changes[i].n_items;
    if (!total || !(l->rows = calloc(total, sizeof *l->rows)))
        return;
    for (size_t i = l->n_changes; i-- > 0;)
        for (size_t k = 0; k < l->changes[i].n_items; k++)
            l->rows[l->n_rows++] = (wn_row){ i, l->changes[i].items[k].id,
                                             l->changes[i].items[k].rule };
}

static void load_changes(app *a)
{
    library_ui *l = a->lib;
    lectern_changes_free(l->changes, l->n_changes);
    l->changes = NULL;
    l->n_changes = 0;
    lectern_error err = {0};
    if (l->n_addenda &&
        lectern_addendum_collect_changes((const char *const *)l->addenda, l->n_addenda,
                                         &l->changes, &l->n_changes, &err) < 0)
        LOG_WARN("library", "what's new: %s", err.msg);
    build_rows(a);
}

static void ensure_dir(const char *p)
{
    if (mkdir(p, 0755) != 0 && errno != EEXIST)
        LOG_WARN("library", "cannot create %s: %s", p, strerror(errno));
}

void library_ui_attach(app *a)
{
    library_ui *l = a->lib;
    if (!l || !l->from_library)
        return;
    load_changes(a);
    if (!l->n_changes)
        return;
    /* once per version: DATA_DIR/whatsnew/<id> holds the version last shown */
    char dir[1100], file[1300], seen[64] = "";
    snprintf(dir, sizeof dir, "%s/whatsnew", l->data_dir);
    snprintf(file, sizeof file, "%s/%s", dir, l->course_id);
    FILE *f = fopen(file, "r");
    if (f) {
        if (!fgets(seen, sizeof seen, f))
            seen[0] = '\0';
        fclose(f);
        seen[strcspn(seen, "\n")] = '\0';
    }
    if (strcmp(seen, l->version) == 0)
        return;
    l->wn_open = 1;
    l->wn_cursor = 0;
    ensure_dir(l->data_dir);
    ensure_dir(dir);
    if ((f = fopen(file, "w")) != NULL) {
        fprintf(f, "%s\n", l->version);
        fclose(f);
    }
}

/* ---- words ------------------------------------------------------------ */

static const char *rule_words(const app *a, const char *rule)
{
    if (rule && strcmp(rule, "reset") == 0)
        return TR(a, "start again: progress reset");
    if (rule && strcmp(rule, "review") == 0)
        return TR(a, "please review");
    return TR(a, "progress kept");
}

static const char *item_title(app *a, const char *id)
{
    long i = lectern_course_item_index(a->course, id);
    if (i < 0)
        return id;
    const lectern_item *it = lectern_course_item(a->course, (size_t)i);
    const char *t = T(a, &it->title);
    return t && *t ? t : id;
}

int library_ui_item_updated(const app *a, const char *item_id)
{
    const library_ui *l = a->lib;
    return l && item_id && lectern_changes_for_item(l->changes, l->n_changes, item_id, NULL);
}

const char *library_ui_change_note(app *a, const char *item_id)
{
    library_ui *l = a->lib;
    const char *rule = NULL;
    const lectern_change *c = l && item_id ?
        lectern_changes_for_item(l->changes, l->n_changes, item_id, &rule) : NULL;
    if (!c)
        return NULL;
    const char *sum = T(a, &c->summary);
    snprintf(l->note, sizeof l->note, TR(a, "Updated in %s (effective %s): %s Trainees: %s."),
             c->version, c->date ? c->date : "?", sum ? sum : "", rule_words(a, rule));
    return l->note;
}

/* ---- drawing ----------------------------------------------------------- */

static void add_hit(library_ui *l, app *a, float x, float y, float w, float h, long row)
{
    if (l->n_hits < MAX_HITS) {
        l->hit[l->n_hits] = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, h));
        l->hit_row[l->n_hits++] = row;
    }
}

static void draw_banner(app *a)
{
    library_ui *l = a->lib;
    const lectern_theme *th = a->theme;
    char line[800];
    if (l->trust_known && l->trust != LECTERN_TRUST_TRUSTED) {
        if (l->trust == LECTERN_TRUST_UNTRUSTED)
            snprintf(line, sizeof line, TR(a, "\xE2\x9A\xA0  Signed by a key you do not trust (%.16s\xE2\x80\xA6): if you "
                     "know the author, run lectern trust add KEY.pub"), l->fpr);
        else
            snprintf(line, sizeof line, "%s", TR(a, "\xE2\x9A\xA0  Unsigned package: nobody vouches for its author. Use "
                     "courses only from sources you know."));
        draw_fill(a, 0, 0, CANVAS_W, 76, 0xb7410e, 255);
        draw_text(a, FONT_BOLD, 30, 40, 18, CANVAS_W - 80, ALIGN_LEFT, 0xffffff, line);
    }
    /* the offer to install, or the result of an install: bottom of the module panel */
    if (l->offer_install || l->notice[0]) {
        if (l->offer_install)
            snprintf(line, sizeof line, "%s", TR(a, "This package is not in your library.  I: install it"));
        else
            snprintf(line, sizeof line, "%s", l->notice);
        float h = measure_text(a, FONT_BOLD, 24, 740, line, NULL);
        float y = 975 - h - 24;
        draw_fill(a, 1000, y, 800, h + 24, color_mix(th->background, th->accent,
                  l->offer_install ? 0.3f : 0.12f), 255);
        draw_text(a, FONT_BOLD, 24, 1030, y + 12, 740, ALIGN_LEFT, th->heading, line);
        if (l->offer_install)
            add_hit(l, a, 1000, y, 800, h + 24, -2);
    }
    /* What's new and Library buttons, under Start */
    float y = LIBRARY_UI_BUTTONS_Y, bx = 110, bh = 54;
    if (l->n_changes) {
        const lectern_change *c = &l->changes[l->n_changes - 1];
        snprintf(line, sizeof line, TR(a, "\xE2\x98\x85  What's new in %s  (U)"), c->version);
        float w = 0;
        measure_text(a, FONT_BOLD, 26, 0, line, &w);
        draw_outline(a, bx, y, w + 50, bh, 3, th->accent, 255);
        draw_text(a, FONT_BOLD, 26, bx + 25, y + 12, 0, ALIGN_LEFT, th->accent, line);
        add_hit(l, a, bx, y, w + 50, bh, -1);
        bx += w + 50 + 24;
    }
    if (l->from_library || l->n_all > 0) {
        float w = library_list_button(a, bx, y);
        add_hit(l, a, bx, y, w, bh, -4);
    }
}

int library_ui_start_buttons(const app *a)
{
    const library_ui *l = a->lib;
    return l && (l->n_changes || l->from_library || l->n_all > 0);
}

static void draw_slide_mark(app *a, const lectern_item *it)
{
    const lectern_change *c = a->lib ? lectern_changes_for_item(a->lib->changes,
                                                                a->lib->n_changes, it->id, NULL)
                                     : NULL;
    if (!c)
        return;
    char s[96];
    snprintf(s, sizeof s, TR(a, "UPDATED  %s"), c->version);
    float w = 0;
    measure_text(a, FONT_BOLD, 24, 0, s, &w);
    float x = CANVAS_W - 40 - (w + 40);
    /* at the end of the title line: the slide's direction, not the UI's */
    int was_mirrored = draw_mirrored();
    draw_set_mirror(layout_item_rtl(a, it));
    draw_fill(a, x, 20, w + 40, 46, 0x2f855a, 255);
    draw_text(a, FONT_BOLD, 24, x + 20, 29, 0, ALIGN_LEFT, 0xffffff, s);
    draw_set_mirror(was_mirrored);
}

void library_ui_toc_mark(app *a, const lectern_item *it, float x, float y)
{
    if (!it || !library_ui_item_updated(a, it->id))
        return;
    const char *s = TR(a, "\xE2\x97\x8F updated");
    float w = 0;
    measure_text(a, FONT_BOLD, 22, 0, s, &w);
    /* over the end of a long title: a pill of the panel colour keeps it legible */
    draw_fill(a, x - w - 14, y - 4, w + 20, 36, color_mix(a->theme->background, 0x000000, 0.25f),
              255);
    draw_text(a, FONT_BOLD, 22, x - w, y, 0, ALIGN_LEFT, 0x48bb78, s);
}

static void draw_whatsnew(app *a)
{
    library_ui *l = a->lib;
    const lectern_theme *th = a->theme;
    if (a->ren) {
        SDL_SetRenderDrawBlendMode(a->ren, SDL_BLENDMODE_BLEND);
        SDL_SetRenderDrawColor(a->ren, 0, 0, 0, 170);
        SDL_RenderFillRect(a->ren, NULL);
    }
    float px = 260, pw = 1400, py = 50, ph = 980;
    uint32_t panel = color_mix(th->background, 0x000000, 0.25f);
    draw_fill(a, px, py, pw, ph, panel, 250);
    draw_fill(a, px, py, pw, 8, 0x2f855a, 255);
    draw_text(a, FONT_HEADING, 44, px + 50, py + 30, 900, ALIGN_LEFT, th->heading,
              TR(a, "What's new"));
    draw_text(a, FONT_BODY, 22, px + 600, py + 46, pw - 650, ALIGN_RIGHT, th->muted,
              TR(a, "\xE2\x86\x91\xE2\x86\x93 choose  \xC2\xB7  Enter: go to the item  \xC2\xB7  "
                      "Esc: close"));
    float top = py + 120, bottom = py + ph - 30, wrap = pw - 100;
    if (!l->n_changes) {
        draw_text(a, FONT_BODY, 28, px + 50, top, wrap, ALIGN_LEFT, th->text, TR(a, "No updates are installed for this course."));
        return;
    }
    /* two passes: measure to find the cursor's row, then draw scrolled */
    float off = 0;
    for (int pass = 0; pass < 2; pass++) {
        float y = top - off;
        size_t r = 0;
        for (size_t ci = l->n_changes; ci-- > 0;) {
            const lectern_change *c = &l->changes[ci];
            char head[200];
            snprintf(head, sizeof head, TR(a, "Version %s  \xC2\xB7  effective %s"), c->version, c->date ? c->date : "?");
            int vis = pass == 1 && y >= top - 1 && y + 40 <= bottom;
            if (vis)
                draw_text(a, FONT_BOLD, 32, px + 50, y, wrap, ALIGN_LEFT, th->accent, head);
            y += 52;
            const char *sum = T(a, &c->summary);
            if (sum && *sum) {
                float h = measure_text(a, FONT_BODY, 28, wrap, sum, NULL);
                if (pass == 1 && y >= top - 1 && y + h <= bottom)
                    draw_text(a, FONT_BODY, 28, px + 50, y, wrap, ALIGN_LEFT, th->text, sum);
                y += h + 16;
            }
            for (; r < l->n_rows && l->rows[r].change == ci; r++) {
                if (pass == 0 && (long)r == l->wn_cursor && y + 50 > bottom)
                    off = y + 50 - bottom + off;
                if (pass == 1 && y >= top - 1 && y + 48 <= bottom) {
                    if ((long)r == l->wn_cursor)
                        draw_fill(a, px + 30, y - 4, pw - 60, 48,
                                  color_mix(panel, th->accent, 0.28f), 255);
                    char line[400];
                    snprintf(line, sizeof line, "\xE2\x96\xB8  %s", item_title(a, l->rows[r].id));
                    draw_text(a, FONT_BODY, 28, px + 70, y + 4, pw - 560, ALIGN_LEFT,
                              th->heading, line);
                    draw_text(a, FONT_BODY, 24, px + pw - 470, y + 8, 420, ALIGN_RIGHT,
                              th->muted, rule_words(a, l->rows[r].rule));
                    add_hit(l, a, px + 30, y - 4, pw - 60, 48, (long)r);
                }
                y += 52;
            }
            y += 24;
        }
    }
}

void library_ui_draw(app *a, const lectern_session_view *v)
{
    library_ui *l = a->lib;
    if (!l)
        return;
    l->n_hits = 0;
    if (l->list_open) {
        library_list_draw(a);
        return;
    }
    if (l->wn_open) {
        draw_whatsnew(a);
        return;
    }
    if (v->screen == LECTERN_SCREEN_START)
        draw_banner(a);
    else if (v->screen == LECTERN_SCREEN_SLIDE && v->item)
        draw_slide_mark(a, v->item);
}

/* ---- input --------------------------------------------------------------- */

static void jump(app *a, long row)
{
    library_ui *l = a->lib;
    if (row < 0 || (size_t)row >= l->n_rows)
        return;
    l->wn_open = 0;
    lectern_cmd c = lectern_cmd_make_id(LECTERN_CMD_GOTO, l->rows[row].id);
    app_command(a, &c);
}

static void open_whatsnew(app *a)
{
    a->lib->wn_open = 1;
    a->lib->wn_cursor = 0;
    a->dirty = 1;
}

/* Installs the package on screen (the offer) or `file`; 0 or negative. */
static int install(app *a, const char *file, lectern_error *err)
{
    library_ui *l = a->lib;
    lectern_install_policy pol = { l->config_dir, l->strict };
    lectern_install_result res;
    memset(&res, 0, sizeof res);
    int rc = lectern_library_install(l->data_dir, file, &pol, &res, err);
    if (rc < 0) {
        snprintf(l->notice, sizeof l->notice, "%s%.600s", TR(a, "Not installed: "), err->msg);
        a->dirty = 1;
        return rc;
    }
    library_list_clear(l);      /* listed again when shown */
    snprintf(l->notice, sizeof l->notice, TR(a, "Installed: %s %s (%s)"), res.id, res.version,
             library_ui_trust_words(a, res.trust));
    if (!file || strcmp(file, l->package) == 0)
        l->offer_install = 0;
    if (strcmp(res.id, l->course_id) == 0) {
        lectern_library_course c;
        lectern_error e2 = {0};
        if (lectern_library_resolve(l->data_dir, l->config_dir, res.id, &c, &e2) == 0) {
            l->from_library = 1;
            free_addenda(l);
            l->addenda = c.addenda;
            l->n_addenda = c.n_addenda;
            c.addenda = NULL;
            c.n_addenda = 0;
            snprintf(l->version, sizeof l->version, "%s", c.version);
            lectern_library_course_clear(&c);
            load_changes(a);
        }
    }
    a->dirty = 1;
    return 0;
}

/* The search box (search_ui.c, being written alongside) takes letters while
 * open; weak so this file links with or without it. */
int search_ui_is_open(const app *a) __attribute__((weak));

int library_ui_key(app *a, SDL_Keycode key, uint16_t mod)
{
    library_ui *l = a->lib;
    if (!l || !a->session || (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI)))
        return 0;
    if (search_ui_is_open && search_ui_is_open(a))
        return 0;
    lectern_session_view v;
    lectern_session_get_view(a->session, &v);
    if (l->list_open)
        return library_list_key(a, key);
    if (l->wn_open) {
        switch (key) {
        case SDLK_UP:
            l->wn_cursor -= l->wn_cursor > 0;
            break;
        case SDLK_DOWN:
            l->wn_cursor += (size_t)l->wn_cursor + 1 < l->n_rows;
            break;
        case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_RIGHT: case SDLK_SPACE:
            jump(a, l->wn_cursor);
            break;
        case SDLK_f: case SDLK_F11: case SDLK_F12:
            return 0;           /* fullscreen and screenshots still work */
        case SDLK_ESCAPE: case SDLK_LEFT: case SDLK_BACKSPACE: case SDLK_u:
            l->wn_open = 0;
            break;
        default:
            break;
        }
        a->dirty = 1;
        return 1;
    }
    if (key == SDLK_u && (v.screen == LECTERN_SCREEN_START || v.screen == LECTERN_SCREEN_SLIDE)) {
        open_whatsnew(a);
        return 1;
    }
    if (key == SDLK_l && v.screen == LECTERN_SCREEN_START) {
        library_list_open(a);
        return 1;
    }
    if (key == SDLK_i && v.screen == LECTERN_SCREEN_START && l->offer_install) {
        lectern_error err = {0};
        install(a, l->package, &err);
        return 1;
    }
    return 0;
}

int library_ui_click(app *a, int x, int y, int button)
{
    library_ui *l = a->lib;
    if (!l || button != SDL_BUTTON_LEFT)
        return l && (l->wn_open || l->list_open);
    if (l->list_open)
        return library_list_click(a, x, y);
    SDL_Point p = { x, y };
    for (int i = 0; i < l->n_hits; i++) {
        if (!SDL_PointInRect(&p, &l->hit[i]))
            continue;
        lectern_error err = {0};
        if (l->hit_row[i] >= 0)
            jump(a, l->hit_row[i]);
        else if (l->hit_row[i] == -1)
            open_whatsnew(a);
        else if (l->hit_row[i] == -2)
            install(a, l->package, &err);
        else if (l->hit_row[i] == -4)
            library_list_open(a);
        return 1;
    }
    if (l->wn_open) {
        l->wn_open = 0;      /* a click outside the panel closes it */
        a->dirty = 1;
        return 1;
    }
    return 0;
}

/* ---- script ------------------------------------------------------------ */

int library_ui_script(app *a, int argc, char **argv, char *msg, size_t msg_len)
{
    library_ui *l = a->lib;
    if (!l || argc < 1)
        return -1;
    lectern_error err = {0};
    if (strcmp(argv[0], "install") == 0) {
        if (argc == 1) {
            if (!l->offer_install) {
                snprintf(msg, msg_len, "install: no offer to install on screen");
                return 1;
            }
            return install(a, l->package, &err) < 0 ? (snprintf(msg, msg_len, "%s", err.msg), 1)
                                                     : 0;
        }
        if (argc != 2) {
            snprintf(msg, msg_len, "install [FILE]");
            return 2;
        }
        if (install(a, argv[1], &err) < 0) {
            snprintf(msg, msg_len, "install %s refused: %s", argv[1], err.msg);
            return 1;
        }
        return 0;
    }
    if (strcmp(argv[0], "library") == 0) {
        if (argc == 2 && strcmp(argv[1], "close") == 0)
            l->list_open = 0;
        else
            library_list_open(a);
        a->dirty = 1;
        return 0;
    }
    if (strcmp(argv[0], "whatsnew") == 0) {
        if (argc == 2 && strcmp(argv[1], "close") == 0)
            l->wn_open = 0;
        else if (argc == 1)
            open_whatsnew(a);
        else {
            snprintf(msg, msg_len, "whatsnew [close]");
            return 2;
        }
        a->dirty = 1;
        return 0;
    }
    if (strcmp(argv[0], "expect") != 0 || argc < 2)
        return -1;
    const char *what = argv[1], *arg = argc > 2 ? argv[2] : "";
    if (strcmp(what, "trust") == 0) {
        const char *got = l->trust_known ? trust_token(l->trust) : "none";
        if (strcmp(arg, "trusted") && strcmp(arg, "untrusted") && strcmp(arg, "unsigned") &&
            strcmp(arg, "none")) {
            snprintf(msg, msg_len, "expect trust trusted|untrusted|unsigned|none");
            return 2;
        }
        if (strcmp(got, arg) != 0) {
            snprintf(msg, msg_len, "expected trust %s, got %s", arg, got);
            return 1;
        }
        return 0;
    }
    if (strcmp(what, "updated") == 0) {
        if (argc != 4 || (strcmp(argv[3], "yes") && strcmp(argv[3], "no"))) {
            snprintf(msg, msg_len, "expect updated ITEM yes|no");
            return 2;
        }
        if (lectern_course_item_index(a->course, arg) < 0) {
            snprintf(msg, msg_len, "no item '%s'", arg);
            return 2;
        }
        int want = strcmp(argv[3], "yes") == 0;
        if (library_ui_item_updated(a, arg) != want) {
            snprintf(msg, msg_len, "expected item %s %s marked updated", arg,
                     want ? "to be" : "not to be");
            return 1;
        }
        return 0;
    }
    if (strcmp(what, "whatsnew") == 0) {
        int want = strcmp(arg, "open") == 0;
        if (!want && strcmp(arg, "closed")) {
            snprintf(msg, msg_len, "expect whatsnew open|closed");
            return 2;
        }
        if (l->wn_open != want) {
            snprintf(msg, msg_len, "expected what's new %s", arg);
            return 1;
        }
        return 0;
    }
    if (strcmp(what, "library") == 0) {
        char *end;
        long n = strtol(arg, &end, 10);
        if (strcmp(arg, "open") == 0 || strcmp(arg, "closed") == 0) {
            if (l->list_open != (strcmp(arg, "open") == 0)) {
                snprintf(msg, msg_len, "expected the library list %s", arg);
                return 1;
            }
            return 0;
        }
        if (!*arg || *end) {
            snprintf(msg, msg_len, "expect library open|closed|N");
            return 2;
        }
        if (!l->listed)
            library_list_open(a), l->list_open = 0;
        if ((long)l->n_all != n) {
            snprintf(msg, msg_len, "expected %ld courses in the library, got %zu", n, l->n_all);
            return 1;
        }
        return 0;
    }
    if (strcmp(what, "install-offer") == 0) {
        int want = strcmp(arg, "yes") == 0;
        if (l->offer_install != want) {
            snprintf(msg, msg_len, "expected %s offer to install", want ? "an" : "no");
            return 1;
        }
        return 0;
    }
    if (strcmp(what, "note") == 0) {
        const char *n = argc > 2 ? library_ui_change_note(a, arg) : NULL;
        const char *sub = argc > 3 ? argv[3] : "";
        if (!n || !strstr(n, sub)) {
            snprintf(msg, msg_len, "expected a change note for %s containing '%s', got '%s'",
                     arg, sub, n ? n : "(none)");
            return 1;
        }
        return 0;
    }
    return -1;
}
