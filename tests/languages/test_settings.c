/* Learner settings persist in <data_dir>/settings.json: defaults when the
 * file is missing, values round trip, out-of-range values are clamped, a
 * broken file gives an error naming it and the defaults. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lectern/settings.h"

static char dir[256];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/lectern-settings-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char p[512];
    snprintf(p, sizeof p, "%s/data/settings.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/settings.json", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/data", dir);
    rmdir(p);
    rmdir(dir);
    return 0;
}

static void missing_file_gives_defaults(void **state)
{
    (void)state;
    lectern_settings s;
    lectern_error err = {0};
    assert_int_equal(lectern_settings_load(dir, &s, &err), 0);
    assert_int_equal(s.text_scale, 100);
    assert_int_equal(s.captions, 1);
    assert_int_equal(s.high_contrast, 0);
    assert_int_equal(s.reduced_motion, 0);
    assert_string_equal(s.ui_lang, "");
}

static void values_round_trip(void **state)
{
    (void)state;
    char data[512];
    snprintf(data, sizeof data, "%s/data", dir);   /* created by save */
    lectern_settings s, t;
    lectern_error err = {0};
    lectern_settings_defaults(&s);
    snprintf(s.ui_lang, sizeof s.ui_lang, "ar");
    s.high_contrast = 1;
    s.text_scale = 175;
    s.captions = 0;
    s.reduced_motion = 1;
    assert_int_equal(lectern_settings_save(data, &s, &err), 0);
    assert_int_equal(lectern_settings_load(data, &t, &err), 0);
    assert_string_equal(t.ui_lang, "ar");
    assert_int_equal(t.high_contrast, 1);
    assert_int_equal(t.text_scale, 175);
    assert_int_equal(t.captions, 0);
    assert_int_equal(t.reduced_motion, 1);
}

static void write_file(const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/settings.json", dir);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void scale_is_clamped_and_unknown_keys_ignored(void **state)
{
    (void)state;
    write_file("{\"text_scale\": 400, \"future\": [1,2], \"captions\": false}");
    lectern_settings s;
    lectern_error err = {0};
    assert_int_equal(lectern_settings_load(dir, &s, &err), 0);
    assert_int_equal(s.text_scale, 200);
    assert_int_equal(s.captions, 0);
    write_file("{\"text_scale\": 20}");
    assert_int_equal(lectern_settings_load(dir, &s, &err), 0);
    assert_int_equal(s.text_scale, 100);
}

static void broken_file_names_itself(void **state)
{
    (void)state;
    write_file("{\"text_scale\": ");
    lectern_settings s;
    lectern_error err = {0};
    assert_int_equal(lectern_settings_load(dir, &s, &err), LECTERN_EJSON);
    assert_non_null(strstr(err.msg, "settings.json"));
    assert_int_equal(s.text_scale, 100);
    assert_int_equal(s.captions, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(missing_file_gives_defaults),
        cmocka_unit_test(values_round_trip),
        cmocka_unit_test(scale_is_clamped_and_unknown_keys_ignored),
        cmocka_unit_test(broken_file_names_itself),
    };
    return cmocka_run_group_tests_name("settings", tests, setup, teardown);
}
