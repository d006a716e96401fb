/* Core's messages in the reader's language: with the hook of lectern/error.h
 * answering from the real catalogues (<build>/po, compiled from po/fr.po and
 * po/ar.po), a broken course folder and a damaged package give French and
 * Arabic messages with the file names and JSON paths untouched; without the
 * hook they stay English; a translation whose conversions differ from the
 * English is ignored instead of being handed the wrong arguments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/reader.h"

/* glibc: bumping it drops gettext's cache after LANGUAGE changes */
extern int _nl_msg_cat_cntr;

static char dir[256];

static const char *catalogue(const char *msgid, const char *plural, unsigned long n, void *user)
{
    (void)user;
    (void)plural;
    (void)n;
    return dgettext("lectern", msgid);
}

static void use_lang(const char *lang)
{
    setenv("LANGUAGE", lang, 1);
    ++_nl_msg_cat_cntr;
    lectern_error_set_translator(catalogue, NULL);
}

static void write_file(const char *name, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    const char *build = getenv("LECTERN_BUILD_ROOT");
    char po[512];
    snprintf(po, sizeof po, "%s/po", build ? build : "build");
    struct stat st;
    if (stat(po, &st) != 0) {
        fprintf(stderr, "no compiled catalogues in %s (set LECTERN_BUILD_ROOT)\n", po);
        return -1;
    }
    bindtextdomain("lectern", po);
    bind_textdomain_codeset("lectern", "UTF-8");
    if (!setlocale(LC_MESSAGES, "C.UTF-8"))
        return -1;
    snprintf(dir, sizeof dir, "/tmp/lectern-coremsg-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char p[512];
    snprintf(p, sizeof p, "%s/course", dir);
    mkdir(p, 0755);
    /* a course whose version is not one and whose module list is a string */
    write_file("course/course.json",
               "{\"format\": 1, \"id\": \"broken\", \"version\": \"1.x\",\n"
               " \"title\": \"Broken\", \"languages\": [\"en\"], \"modules\": \"m1\"}\n");
    write_file("notzip.lectern", "this is not a zip file\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    lectern_error_set_translator(NULL, NULL);
    char p[512];
    snprintf(p, sizeof p, "%s/course/course.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/course", dir);
    rmdir(p);
    snprintf(p, sizeof p, "%s/notzip.lectern", dir);
    unlink(p);
    rmdir(dir);
    return 0;
}

/* Loads the broken course and returns its first error (static buffer). */
static const char *course_error(void)
{
    static lectern_error err;
    char p[512];
    snprintf(p, sizeof p, "%s/course", dir);
    lectern_error_clear(&err);
    lectern_reader *r = NULL;
    assert_int_equal(lectern_reader_open(p, 0, &r, &err), 0);
    lectern_course *c = NULL;
    assert_true(lectern_course_load(r, &c, &err) < 0);
    assert_null(c);
    lectern_reader_close(r);
    return err.msg;
}

/* 1 when a problem of the course check says want (every problem comes as a
 * diag; the others are printed). */
static int check_has(const char *want)
{
    char p[512];
    snprintf(p, sizeof p, "%s/course", dir);
    lectern_error err = {0};
    lectern_reader *r = NULL;
    assert_int_equal(lectern_reader_open(p, 0, &r, &err), 0);
    lectern_check_result res;
    memset(&res, 0, sizeof res);
    assert_int_equal(lectern_course_check(r, &res, &err), LECTERN_ESCHEMA);   /* the errors */
    int found = 0;
    for (size_t i = 0; i < res.n_diags; i++) {
        if (strstr(res.diags[i].msg, want))
            found = 1;
        else
            print_message("diag: %s: %s: %s\n", res.diags[i].file, res.diags[i].path, res.diags[i].msg);
    }
    lectern_check_result_free(&res);
    lectern_reader_close(r);
    return found;
}

static const char *package_error(void)
{
    static lectern_error err;
    char p[512];
    snprintf(p, sizeof p, "%s/notzip.lectern", dir);
    lectern_error_clear(&err);
    lectern_reader *r = NULL;
    assert_true(lectern_reader_open(p, 0, &r, &err) < 0);
    assert_null(r);
    return err.msg;
}

static void english_without_hook(void **state)
{
    (void)state;
    setenv("LANGUAGE", "fr", 1);
    lectern_error_set_translator(NULL, NULL);
    const char *m = course_error();
    print_message("en: %s\n", m);
    assert_non_null(strstr(m, "course.json: version: \"1.x\" is not a version; write MAJOR.MINOR.PATCH"));
    m = package_error();
    assert_non_null(strstr(m, "notzip.lectern: cannot open as a package: not a zip file"));
}

static void french_course_and_package(void **state)
{
    (void)state;
    use_lang("fr");
    const char *m = course_error();
    print_message("fr: %s\n", m);
    /* the file and JSON path as they are, the sentence in French with a
     * no-break space before the semicolon */
    assert_non_null(strstr(m, "course.json: version: \"1.x\" n'est pas une version\xC2\xA0; "
                              "écrivez MAJEUR.MINEUR.CORRECTIF"));
    /* fragments ("a list [ ... ]", "a string") inside a sentence too */
    assert_true(check_has("attendu\xC2\xA0: une liste [ ... ], trouvé\xC2\xA0: une chaîne"));
    m = package_error();
    print_message("fr: %s\n", m);
    assert_non_null(strstr(m, "/notzip.lectern: impossible d'ouvrir ce fichier comme paquet\xC2\xA0: "
                              "ce n'est pas un fichier zip"));
}

static void arabic_course_and_package(void **state)
{
    (void)state;
    use_lang("ar");
    const char *m = course_error();
    print_message("ar: %s\n", m);
    /* a RIGHT-TO-LEFT MARK keeps the sentence right to left after the Latin
     * place; LEFT-TO-RIGHT MARKs keep the value "1.x" one Latin run */
    assert_non_null(strstr(m, "course.json: version: \xE2\x80\x8F\"\xE2\x80\x8E" "1.x\xE2\x80\x8E\" "
                              "ليس رقم إصدار؛ اكتبه بالصيغة MAJOR.MINOR.PATCH"));
    /* a fragment ("a list [ ... ]") inside a sentence is translated too */
    assert_true(check_has("كان المتوقع \xE2\x80\x8Eقائمة [ ... ]\xE2\x80\x8E، لكن وُجد "
                          "\xE2\x80\x8Eسلسلة نصية\xE2\x80\x8E"));
    m = package_error();
    print_message("ar: %s\n", m);
    assert_non_null(strstr(m, "/notzip.lectern: تعذّر فتح الملف كحزمة: ليس ملف zip"));
}

/* A hook that answers with a format taking other arguments. */
static const char *wrong_args(const char *msgid, const char *plural, unsigned long n, void *user)
{
    (void)user;
    (void)plural;
    (void)n;
    if (strcmp(msgid, "%s: lectern.json is missing") == 0)
        return "%d: lectern.json manque";          /* an int where a string goes */
    if (strcmp(msgid, "%s: no entry '%s'") == 0)
        return "%s: pas d'entrée";                 /* one argument fewer */
    if (strcmp(msgid, "%s: cannot open folder: %s") == 0)
        return "%2$s: %1$s";                       /* reordered */
    return "TRANSLATED %s";
}

static void incompatible_translation_is_ignored(void **state)
{
    (void)state;
    lectern_error_set_translator(wrong_args, NULL);
    lectern_error e = {0};
    lectern_error_set(&e, LECTERN_EFORMAT, "%s: lectern.json is missing", "x.lectern");
    assert_string_equal(e.msg, "x.lectern: lectern.json is missing");
    lectern_error_set(&e, LECTERN_ENOTFOUND, "%s: no entry '%s'", "x.lectern", "a.png");
    assert_string_equal(e.msg, "x.lectern: no entry 'a.png'");
    lectern_error_set(&e, LECTERN_EIO, "%s: cannot open folder: %s", "d", "why");
    assert_string_equal(e.msg, "d: cannot open folder: why");
    /* a compatible answer is used, for the prefix too */
    lectern_error_set(&e, LECTERN_EIO, "%s", "inner");
    assert_string_equal(e.msg, "TRANSLATED inner");
    lectern_error_prefix(&e, "%s", "file");
    assert_string_equal(e.msg, "TRANSLATED file: TRANSLATED inner");
    lectern_error_set_translator(NULL, NULL);

    assert_true(lectern_format_compatible("%s: %zu bytes", "%s : %zu octets"));
    assert_true(lectern_format_compatible("%d%% of %s", "%i %% de %s"));
    assert_true(lectern_format_compatible("%.*s %g", "%.*s %.2f"));
    assert_false(lectern_format_compatible("%s %d", "%d %s"));
    assert_false(lectern_format_compatible("%zu", "%u"));
    assert_false(lectern_format_compatible("%s", "%s %s"));
    assert_false(lectern_format_compatible("%.*s", "%s"));
    assert_false(lectern_format_compatible("%1$s", "%1$s"));
    assert_false(lectern_format_compatible("%s", "%n"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(english_without_hook),
        cmocka_unit_test(french_course_and_package),
        cmocka_unit_test(arabic_course_and_package),
        cmocka_unit_test(incompatible_translation_is_ignored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
