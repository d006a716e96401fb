/* Subtitles: the sample course's WebVTT files, SRT fixtures (CRLF, BOM,
 * markup, missing blank lines), broken cues skipped with file:line
 * warnings, limits, overlapping cues and lookup by time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "lectern/reader.h"
#include "lectern/subtitle.h"

static lectern_subtitles *parse_ok(const char *text, const char *name)
{
    lectern_subtitles *s = NULL;
    lectern_error e = { 0 };
    int rc = lectern_subtitles_parse(text, strlen(text), name, LECTERN_SUBTITLE_AUTO, &s, &e);
    if (rc != 0)
        fail_msg("%s: %s", name, e.msg);
    return s;
}

static void sample_course_vtt(void **state)
{
    (void)state;
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    assert_non_null(root);
    char path[1024];
    snprintf(path, sizeof path, "%s/courses/trafficking-basics", root);
    lectern_reader *r;
    lectern_error e = { 0 };
    assert_int_equal(lectern_reader_open(path, 0, &r, &e), 0);
    const char *files[] = { "media/referral.en.vtt", "media/referral.fr.vtt",
                            "media/referral.ar.vtt", "media/three-elements.en.vtt",
                            "media/three-elements.fr.vtt", "media/three-elements.ar.vtt" };
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        lectern_subtitles *s;
        if (lectern_subtitles_load(r, files[f], &s, &e) != 0)
            fail_msg("%s", e.msg);
        assert_int_equal(lectern_subtitles_format(s), LECTERN_SUBTITLE_VTT);
        assert_int_equal(lectern_subtitles_n_warnings(s), 0);
        assert_true(lectern_subtitles_count(s) >= 3);
        for (size_t i = 0; i < lectern_subtitles_count(s); i++) {
            const lectern_cue *c = lectern_subtitles_cue(s, i);
            assert_true(c->end_ms > c->start_ms);
            assert_true(c->end_ms < 60000);     /* the clips last ~20 s */
            assert_true(strlen(c->text) > 0);
            assert_null(strchr(c->text, '<'));
            if (i > 0)
                assert_true(c->start_ms >= lectern_subtitles_cue(s, i - 1)->start_ms);
        }
        lectern_subtitles_free(s);
    }
    /* the exact first cues of the English referral track */
    lectern_subtitles *s;
    assert_int_equal(lectern_subtitles_load(r, "media/referral.en.vtt", &s, &e), 0);
    const lectern_cue *c = lectern_subtitles_cue(s, 0);
    assert_int_equal(c->start_ms, 400);
    assert_int_equal(c->end_ms, 3362);
    assert_string_equal(c->text, "You notice signs of trafficking. What now?");
    assert_int_equal(c->line, 4);
    c = lectern_subtitles_cue(s, 1);
    assert_string_equal(c->text, "First, make sure the person is safe and\ncared for.");
    assert_ptr_equal(lectern_subtitles_at(s, 400), lectern_subtitles_cue(s, 0));
    assert_ptr_equal(lectern_subtitles_at(s, 3361), lectern_subtitles_cue(s, 0));
    assert_null(lectern_subtitles_at(s, 399));
    assert_null(lectern_subtitles_at(s, 3362));     /* end is exclusive */
    assert_null(lectern_subtitles_at(s, 3500));     /* gap between cues */
    assert_ptr_equal(lectern_subtitles_at(s, 5000), lectern_subtitles_cue(s, 1));
    assert_null(lectern_subtitles_at(s, 10 * 60 * 1000));
    assert_int_equal(lectern_subtitles_next(s, 0), 0);
    assert_int_equal(lectern_subtitles_next(s, 400), 1);
    lectern_subtitles_free(s);
    assert_int_equal(lectern_subtitles_load(r, "media/nope.vtt", &s, &e), LECTERN_ENOTFOUND);
    assert_null(s);
    assert_non_null(strstr(e.msg, "media/nope.vtt"));
    lectern_reader_close(r);
}

static void srt_crlf_bom_markup(void **state)
{
    (void)state;
    const char *srt =
        "\xEF\xBB\xBF" "1\r\n"
        "00:00:01,000 --> 00:00:02,500\r\n"
        "<i>Hello</i> &amp; <b>welcome</b>\r\n"
        "{\\an8}second line  \r\n"
        "\r\n"
        "2\r\n"
        "00:00:03.250 --> 00:00:04,000 X1:10 X2:20\r\n"
        "<font color=\"#ff0000\">Red</font> &lt;3 &#233;&#x20AC;\r\n"
        "\r\n\r\n"
        "3\r\n"
        "01:00:00,5 --> 01:00:01,25\r\n"
        "late\r\n";
    lectern_subtitles *s = parse_ok(srt, "a.srt");
    assert_int_equal(lectern_subtitles_format(s), LECTERN_SUBTITLE_SRT);
    assert_int_equal(lectern_subtitles_count(s), 3);
    assert_int_equal(lectern_subtitles_n_warnings(s), 0);
    const lectern_cue *c = lectern_subtitles_cue(s, 0);
    assert_int_equal(c->start_ms, 1000);
    assert_int_equal(c->end_ms, 2500);
    assert_string_equal(c->text, "Hello & welcome\nsecond line");
    c = lectern_subtitles_cue(s, 1);
    assert_int_equal(c->start_ms, 3250);
    assert_string_equal(c->text, "Red <3 \xC3\xA9\xE2\x82\xAC");
    c = lectern_subtitles_cue(s, 2);
    assert_int_equal(c->start_ms, 3600000 + 500);
    assert_int_equal(c->end_ms, 3600000 + 1250);
    assert_int_equal(c->line, 12);
    lectern_subtitles_free(s);

    /* old Mac line ends (CR only) */
    s = parse_ok("1\r00:00:01,000 --> 00:00:02,000\rone\r\r2\r00:00:03,000 --> 00:00:04,000\rtwo\r",
                 "cr.srt");
    assert_int_equal(lectern_subtitles_count(s), 2);
    assert_string_equal(lectern_subtitles_cue(s, 1)->text, "two");
    lectern_subtitles_free(s);
}

static void srt_missing_blank_line_and_unsorted(void **state)
{
    (void)state;
    const char *srt =
        "1\n00:00:05,000 --> 00:00:06,000\nfive\n"
        "2\n00:00:01,000 --> 00:00:02,000\none\n"
        "00:00:03,000 --> 00:00:04,000\nthree\n";
    lectern_subtitles *s = parse_ok(srt, "glued.srt");
    assert_int_equal(lectern_subtitles_count(s), 3);
    assert_string_equal(lectern_subtitles_cue(s, 0)->text, "one");
    assert_string_equal(lectern_subtitles_cue(s, 1)->text, "three");
    assert_string_equal(lectern_subtitles_cue(s, 2)->text, "five");
    assert_string_equal(lectern_subtitles_at(s, 5500)->text, "five");
    assert_int_equal(lectern_subtitles_n_warnings(s), 0);
    lectern_subtitles_free(s);
}

static int n_logged;
static char last_log[512];

static void sink(lectern_log_level level, const char *tag, const char *msg, void *user)
{
    (void)user;
    if (level >= LECTERN_LOG_WARN && strcmp(tag, "subtitle") == 0) {
        n_logged++;
        snprintf(last_log, sizeof last_log, "%s", msg);
    }
}

static void malformed_cues_skipped(void **state)
{
    (void)state;
    const char *srt =
        "1\n00:00:01,000 --> 00:00:02,000\ngood one\n\n"           /* 1-3 */
        "2\n00:00:xx,000 --> 00:00:04,000\nbad time\n\n"           /* 5-7 */
        "3\n00:00:09,000 --> 00:00:08,000\nbackwards\n\n"          /* 9-11 */
        "4\njust text without timing\n\n"                          /* 13-14 */
        "5\n00:00:10,000 --> 00:00:11,000\ngood two\n\n"           /* 16-18 */
        "6\n00:61:00,000 --> 00:62:00,000\nbad minutes\n";         /* 20-22 */
    n_logged = 0;
    lectern_log_set_sink(sink, NULL);
    lectern_subtitles *s = parse_ok(srt, "media/broken.srt");
    lectern_log_set_sink(NULL, NULL);
    assert_int_equal(lectern_subtitles_count(s), 2);
    assert_string_equal(lectern_subtitles_cue(s, 1)->text, "good two");
    assert_int_equal(lectern_subtitles_n_warnings(s), 4);
    assert_int_equal(n_logged, 4);
    assert_string_equal(lectern_subtitles_first_warning(s),
                        "media/broken.srt:6: bad timing line, cue skipped");
    assert_non_null(strstr(last_log, "media/broken.srt:21:"));
    lectern_subtitles_free(s);
}

static void vtt_features(void **state)
{
    (void)state;
    const char *vtt =
        "WEBVTT - a title\n"
        "Kind: captions\n"
        "\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "NOTE this is a comment\nspanning lines\n\n"
        "REGION\nid:r1\n\n"
        "intro\n"
        "00:01.000 --> 00:02.000 align:start line:0\n"
        "<v Trainer>Hi <c.loud>there</c></v>\n\n"
        "00:00:01.500 --> 00:00:03.000\n"
        "<00:00:01.600>karaoke &nbsp;x\n\n"
        "00:00:04.000 --> 00:00:05.000\n"
        "<b></b>\n\n";
    lectern_subtitles *s = parse_ok(vtt, "v.vtt");
    assert_int_equal(lectern_subtitles_format(s), LECTERN_SUBTITLE_VTT);
    assert_int_equal(lectern_subtitles_n_warnings(s), 0);
    assert_int_equal(lectern_subtitles_count(s), 2);   /* the markup-only cue is dropped */
    assert_string_equal(lectern_subtitles_cue(s, 0)->text, "Hi there");
    assert_string_equal(lectern_subtitles_cue(s, 1)->text, "karaoke \xC2\xA0x");
    /* overlap: both show at 1.7 s, oldest first */
    const lectern_cue *act[4];
    assert_int_equal(lectern_subtitles_active(s, 1700, act, 4), 2);
    assert_string_equal(act[0]->text, "Hi there");
    assert_string_equal(act[1]->text, "karaoke \xC2\xA0x");
    assert_int_equal(lectern_subtitles_active(s, 1700, act, 1), 1);
    assert_string_equal(act[0]->text, "karaoke \xC2\xA0x");
    assert_string_equal(lectern_subtitles_at(s, 2500)->text, "karaoke \xC2\xA0x");
    assert_int_equal(lectern_subtitles_active(s, 3000, act, 4), 0);
    lectern_subtitles_free(s);

    /* a long cue that started early still shows after later short ones */
    s = parse_ok("WEBVTT\n\n00:00.000 --> 00:10.000\nlong\n\n00:01.000 --> 00:02.000\nshort\n\n"
                 "00:03.000 --> 00:04.000\nshort2\n", "o.vtt");
    assert_int_equal(lectern_subtitles_active(s, 5000, act, 4), 1);
    assert_string_equal(act[0]->text, "long");
    assert_int_equal(lectern_subtitles_active(s, 3500, act, 4), 2);
    lectern_subtitles_free(s);

    /* forced VTT without the header */
    lectern_error e = { 0 };
    const char *srtish = "1\n00:00:01,000 --> 00:00:02,000\nx\n";
    assert_int_equal(lectern_subtitles_parse(srtish, strlen(srtish), "x.vtt", LECTERN_SUBTITLE_VTT,
                                             &s, &e), LECTERN_EFORMAT);
    assert_null(s);
    assert_non_null(strstr(e.msg, "x.vtt:1:"));
    /* "WEBVTTX" is not a header: parsed as SRT, where the line is junk */
    s = parse_ok("WEBVTTX\n\n00:01.000 --> 00:02.000\nok\n", "y.vtt");
    assert_int_equal(lectern_subtitles_format(s), LECTERN_SUBTITLE_SRT);
    assert_int_equal(lectern_subtitles_count(s), 1);
    assert_int_equal(lectern_subtitles_n_warnings(s), 1);
    lectern_subtitles_free(s);
}

static void empty_garbage_and_invalid_utf8(void **state)
{
    (void)state;
    lectern_subtitles *s;
    lectern_error e = { 0 };
    assert_int_equal(lectern_subtitles_parse("", 0, "e.srt", 0, &s, &e), 0);
    assert_int_equal(lectern_subtitles_count(s), 0);
    assert_null(lectern_subtitles_at(s, 0));
    lectern_subtitles_free(s);
    assert_int_equal(lectern_subtitles_parse(NULL, 0, NULL, 0, &s, &e), 0);
    lectern_subtitles_free(s);
    s = parse_ok("WEBVTT\n", "h.vtt");
    assert_int_equal(lectern_subtitles_count(s), 0);
    lectern_subtitles_free(s);

    /* a binary file: nothing looks like a cue */
    unsigned char bin[512];
    for (size_t i = 0; i < sizeof bin; i++)
        bin[i] = (unsigned char)(i * 37 + 11);
    lectern_log_set_level(LECTERN_LOG_ERROR);
    assert_int_equal(lectern_subtitles_parse((const char *)bin, sizeof bin, "media/x.srt", 0, &s,
                                             &e), LECTERN_EFORMAT);
    lectern_log_set_level(LECTERN_LOG_WARN);
    assert_null(s);
    assert_non_null(strstr(e.msg, "media/x.srt"));

    /* Latin-1 bytes become U+FFFD; NUL and control bytes vanish */
    const char lat[] = "1\n00:00:01,000 --> 00:00:02,000\ncaf\xE9 \x01ok\xC3\n";
    s = parse_ok(lat, "l.srt");
    assert_string_equal(lectern_subtitles_cue(s, 0)->text,
                        "caf\xEF\xBF\xBD ok\xEF\xBF\xBD");
    lectern_subtitles_free(s);
    const char nul[] = "1\n00:00:01,000 --> 00:00:02,000\na\0b\n";
    assert_int_equal(lectern_subtitles_parse(nul, sizeof nul - 1, "n.srt", 0, &s, &e), 0);
    assert_string_equal(lectern_subtitles_cue(s, 0)->text, "ab");
    lectern_subtitles_free(s);
}

static void limits(void **state)
{
    (void)state;
    lectern_subtitles *s;
    lectern_error e = { 0 };
    /* too big */
    size_t big = LECTERN_SUBTITLE_MAX_BYTES + 1;
    char *data = malloc(big);
    assert_non_null(data);
    memset(data, '\n', big);
    assert_int_equal(lectern_subtitles_parse(data, big, "big.srt", 0, &s, &e), LECTERN_ELIMIT);
    assert_null(s);
    free(data);

    /* too many cues */
    size_t n = LECTERN_SUBTITLE_MAX_CUES + 1, cap = n * 40 + 16, len = 0;
    data = malloc(cap);
    assert_non_null(data);
    size_t len2 = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 == n)
            len2 = len;     /* the text up to the limit */
        len += (size_t)snprintf(data + len, cap - len, "%02zu:%02zu:%02zu.000 --> %02zu:%02zu:%02zu.500\nx\n\n",
                                i / 3600, i / 60 % 60, i % 60, i / 3600, i / 60 % 60, i % 60);
    }
    assert_int_equal(lectern_subtitles_parse(data, len, "many.srt", 0, &s, &e), LECTERN_ELIMIT);
    assert_null(s);
    assert_non_null(strstr(e.msg, "many.srt"));
    /* exactly at the limit is fine */
    assert_int_equal(lectern_subtitles_parse(data, len2, "max.srt", 0, &s, &e), 0);
    assert_int_equal(lectern_subtitles_count(s), LECTERN_SUBTITLE_MAX_CUES);
    lectern_subtitles_free(s);
    free(data);

    /* a cue with a huge text is skipped, the next one kept */
    size_t tl = LECTERN_SUBTITLE_MAX_TEXT + 10;
    data = malloc(tl + 200);
    assert_non_null(data);
    len = (size_t)sprintf(data, "00:00:01,000 --> 00:00:02,000\n");
    memset(data + len, 'a', tl);
    len += tl;
    len += (size_t)sprintf(data + len, "\n\n00:00:03,000 --> 00:00:04,000\nshort\n");
    lectern_log_set_level(LECTERN_LOG_ERROR);
    assert_int_equal(lectern_subtitles_parse(data, len, "long.srt", 0, &s, &e), 0);
    lectern_log_set_level(LECTERN_LOG_WARN);
    assert_int_equal(lectern_subtitles_count(s), 1);
    assert_int_equal(lectern_subtitles_n_warnings(s), 1);
    assert_non_null(strstr(lectern_subtitles_first_warning(s), "long.srt:1:"));
    lectern_subtitles_free(s);
    free(data);

    /* times past 100 h are malformed */
    s = NULL;
    lectern_log_set_level(LECTERN_LOG_ERROR);
    assert_int_equal(lectern_subtitles_parse("999:00:00,000 --> 999:00:01,000\nx\n", 34, "t.srt",
                                             0, &s, &e), LECTERN_EFORMAT);
    lectern_log_set_level(LECTERN_LOG_WARN);
}

/* Damaged copies of a real file (fixed seed) never crash and never produce
 * a cue that ends before it starts. */
static void mutations_never_crash(void **state)
{
    (void)state;
    const char *base =
        "WEBVTT\n\n1\n00:00:00.400 --> 00:00:03.362\n<b>You</b> notice &amp; signs\n\n"
        "2\n00:00:03.712 --> 00:00:07.053\nFirst, make sure\ncared for.\n\n"
        "00:07.403 --> 00:11.056 align:start\nNext &lt;explain&gt;\n";
    size_t n = strlen(base);
    char *buf = malloc(n + 1);
    assert_non_null(buf);
    unsigned seed = 12345;
    lectern_log_set_level(LECTERN_LOG_QUIET);
    for (int iter = 0; iter < 5000; iter++) {
        memcpy(buf, base, n + 1);
        int k = 1 + iter % 6;
        for (int j = 0; j < k; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t pos = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            buf[pos] = (char)(seed >> 16);
        }
        size_t len = n - (iter % 7 == 0 ? (seed >> 4) % n : 0);
        lectern_subtitles *s = NULL;
        lectern_error e = { 0 };
        int rc = lectern_subtitles_parse(buf, len, "m.vtt", 0, &s, &e);
        if (rc == 0) {
            for (size_t i = 0; i < lectern_subtitles_count(s); i++) {
                const lectern_cue *c = lectern_subtitles_cue(s, i);
                assert_true(c->end_ms > c->start_ms);
                assert_non_null(c->text);
            }
            const lectern_cue *act[8];
            for (int64_t t = 0; t < 12000; t += 250)
                lectern_subtitles_active(s, t, act, 8);
            lectern_subtitles_free(s);
        } else {
            assert_null(s);
            assert_true(e.msg[0] != '\0');
        }
    }
    lectern_log_set_level(LECTERN_LOG_WARN);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sample_course_vtt),
        cmocka_unit_test(srt_crlf_bom_markup),
        cmocka_unit_test(srt_missing_blank_line_and_unsorted),
        cmocka_unit_test(malformed_cues_skipped),
        cmocka_unit_test(vtt_features),
        cmocka_unit_test(empty_garbage_and_invalid_utf8),
        cmocka_unit_test(limits),
        cmocka_unit_test(mutations_never_crash),
    };
    return cmocka_run_group_tests_name("subtitle", tests, NULL, NULL);
}
