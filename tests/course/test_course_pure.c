/* Pure parts of the course model: media sniffing (table of byte patterns
 * plus the fixture's real files), text lookup with fallback, id syntax. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/course.h"
#include "lectern/media.h"

static void sniff_table(void **state)
{
    (void)state;
    static const struct {
        const char *bytes;
        size_t len;
        lectern_media_type want;
    } cases[] = {
        {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, LECTERN_MEDIA_PNG},
        {"\x89PNG\r\n", 6, LECTERN_MEDIA_UNKNOWN},                 /* cut short */
        {"\xff\xd8\xff\xe0\0\x10JFIF", 10, LECTERN_MEDIA_JPEG},
        {"RIFF\x24\0\0\0WEBPVP8 ", 16, LECTERN_MEDIA_WEBP},
        {"RIFF\x24\0\0\0WAVEfmt ", 16, LECTERN_MEDIA_UNKNOWN},     /* a WAV file */
        {"GIF89a\x01\0\x01\0", 10, LECTERN_MEDIA_GIF},
        {"<?xml version=\"1.0\"?>\n<!-- c -->\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>", (size_t)-1, LECTERN_MEDIA_SVG},
        {"\xef\xbb\xbf  <svg width=\"1\">", 20, LECTERN_MEDIA_SVG},
        {"<html><body>svg</body></html>", 29, LECTERN_MEDIA_UNKNOWN},
        {"<svgfoo/>", 9, LECTERN_MEDIA_UNKNOWN},
        /* EBML header (size 0x9F = unknown length marker forms), DocType webm / matroska */
        {"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm\x42\x87\x81\x02", 21, LECTERN_MEDIA_WEBM},
        {"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska\x42\x87\x81\x04", 25, LECTERN_MEDIA_MATROSKA},
        {"\x1a\x45\xdf\xa3\x87\x42\x82\x84" "abcd", 12, LECTERN_MEDIA_UNKNOWN},   /* other EBML doc */
        {"\0\0\0\x20" "ftypisom\0\0\x02\0", 16, LECTERN_MEDIA_MP4},
        {"\0\0\0\x14" "ftypqt  ", 12, LECTERN_MEDIA_MP4},
        {"OggS\0\x02\0\0", 8, LECTERN_MEDIA_OGG},
        {"\xef\xbb\xbf" "1\r\n00:00:01,000 --> 00:00:02,500\r\nHello\r\n", 44, LECTERN_MEDIA_SRT},
        {"\n\n12\n1:02:03.004 --> 1:02:04.000\n", 32, LECTERN_MEDIA_SRT},
        {"1\nHello\n", 8, LECTERN_MEDIA_UNKNOWN},
        {"WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n", 35, LECTERN_MEDIA_VTT},
        {"\xef\xbb\xbfWEBVTT - title\n", 19, LECTERN_MEDIA_VTT},
        {"WEBVTT", 6, LECTERN_MEDIA_VTT},
        {"WEBVTTX\n", 8, LECTERN_MEDIA_UNKNOWN},
        {"\0\x01\0\0\0\x10\0\x80", 8, LECTERN_MEDIA_TTF},
        {"OTTO\0\x0a\0\x80", 8, LECTERN_MEDIA_OTF},
        {"hello world", 11, LECTERN_MEDIA_UNKNOWN},
        {"", 0, LECTERN_MEDIA_UNKNOWN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t len = cases[i].len == (size_t)-1 ? strlen(cases[i].bytes) : cases[i].len;
        lectern_media_type got = lectern_media_sniff(cases[i].bytes, len);
        if (got != cases[i].want)
            fail_msg("case %zu: got %s, want %s", i, lectern_media_type_name(got),
                     lectern_media_type_name(cases[i].want));
    }
    assert_int_equal(lectern_media_sniff(NULL, 0), LECTERN_MEDIA_UNKNOWN);
}

static void sniff_fixture_files(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        lectern_media_type want;
    } files[] = {
        {"photo.png", LECTERN_MEDIA_PNG},      {"poster.jpg", LECTERN_MEDIA_JPEG},
        {"diagram.svg", LECTERN_MEDIA_SVG},    {"clip.webm", LECTERN_MEDIA_WEBM},
        {"clip.en.vtt", LECTERN_MEDIA_VTT},    {"clip.fr.srt", LECTERN_MEDIA_SRT},
    };
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/data/courses/rich/media/%s", root ? root : ".", files[i].name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        unsigned char buf[LECTERN_MEDIA_SNIFF_BYTES];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        lectern_media_type got = lectern_media_sniff(buf, n);
        if (got != files[i].want)
            fail_msg("%s: got %s", files[i].name, lectern_media_type_name(got));
    }
}

static void media_names_and_classes(void **state)
{
    (void)state;
    assert_int_equal(lectern_media_class_of(LECTERN_MEDIA_SVG), LECTERN_MEDIA_CLASS_IMAGE);
    assert_int_equal(lectern_media_class_of(LECTERN_MEDIA_OGG), LECTERN_MEDIA_CLASS_VIDEO);
    assert_int_equal(lectern_media_class_of(LECTERN_MEDIA_SRT), LECTERN_MEDIA_CLASS_SUBTITLE);
    assert_int_equal(lectern_media_class_of(LECTERN_MEDIA_OTF), LECTERN_MEDIA_CLASS_FONT);
    assert_int_equal(lectern_media_class_of(LECTERN_MEDIA_UNKNOWN), LECTERN_MEDIA_CLASS_NONE);
    assert_string_equal(lectern_media_type_name(LECTERN_MEDIA_VTT), "WebVTT");
    assert_string_equal(lectern_media_type_name((lectern_media_type)999), "unknown");
    assert_string_equal(lectern_media_class_name(LECTERN_MEDIA_CLASS_VIDEO), "video");
    assert_int_equal(lectern_media_class_from_name("media/A.PNG"), LECTERN_MEDIA_CLASS_IMAGE);
    assert_int_equal(lectern_media_class_from_name("media/clip.en.vtt"), LECTERN_MEDIA_CLASS_SUBTITLE);
    assert_int_equal(lectern_media_class_from_name("media/x.mkv"), LECTERN_MEDIA_CLASS_VIDEO);
    assert_int_equal(lectern_media_class_from_name("fonts/x.ttf"), LECTERN_MEDIA_CLASS_FONT);
    assert_int_equal(lectern_media_class_from_name("media.d/noext"), LECTERN_MEDIA_CLASS_NONE);
    assert_int_equal(lectern_media_class_from_name("x.doc"), LECTERN_MEDIA_CLASS_NONE);
    assert_int_equal(lectern_media_class_from_name(NULL), LECTERN_MEDIA_CLASS_NONE);
}

/* Image sizes from headers (decompression bombs are refused before decoding):
 * headers as encoders write them (the WebP ones are ffmpeg's libwebp output),
 * the fixture files, and the limits of lectern/limits.h. */
static void image_header_sizes(void **state)
{
    (void)state;
    static const unsigned char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x75\x30\0\0\x01\x2c\x08\x02";
    static const unsigned char jpeg_prog[] = "\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0"
                                             "\xff\xfe\0\x05hi\0"            /* comment */
                                             "\xff\xc2\0\x11\x08\x02\x58\x03\x20\x03";
    static const unsigned char gif[] = "GIF89a\x40\x01\xb4\0\xf7\0";
    static const unsigned char webp_lossy[] = "RIFF\x88\0\0\0WEBPVP8 \x7c\0\0\0\xb0\x08\0\x9d\x01\x2a\x40\x01\x4c\0\x3e\x91";
    static const unsigned char webp_lossless[] = "RIFF\x22\0\0\0WEBPVP8L\x15\0\0\0\x2f\x3f\xc1\x12\0\x07\x10\xf5\x8f\xfe";
    static const unsigned char webp_ext[] = "RIFF\x22\0\0\0WEBPVP8X\x0a\0\0\0\x10\0\0\0\x2f\x75\0\x2f\x75\0\0\0";
    static const struct {
        const char *what;
        const void *data;
        size_t len;
        uint32_t w, h;
    } cases[] = {
        {"PNG", png, sizeof png - 1, 30000, 300},
        {"progressive JPEG after a comment", jpeg_prog, sizeof jpeg_prog - 1, 800, 600},
        {"GIF", gif, sizeof gif - 1, 320, 180},
        {"WebP lossy", webp_lossy, sizeof webp_lossy - 1, 320, 76},
        {"WebP lossless", webp_lossless, sizeof webp_lossless - 1, 320, 76},
        {"WebP extended", webp_ext, sizeof webp_ext - 1, 30000, 30000},
        {"SVG width/height", "<svg xmlns='http://www.w3.org/2000/svg' width=\"640px\" height='480'>", 0, 640, 480},
        {"SVG viewBox", "<?xml version='1.0'?>\n<svg viewBox=\"0 0 1920 1080\" stroke-width=\"3\">", 0, 1920, 1080},
        {"SVG inches", "<svg width=\"200in\" height=\"1in\">", 0, 19200, 96},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t w = 0, h = 0;
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].data);   /* 0: a string */
        if (lectern_media_image_size(cases[i].data, len, &w, &h) < 0)
            fail_msg("%s: no size", cases[i].what);
        if (w != cases[i].w || h != cases[i].h)
            fail_msg("%s: %ux%u, want %ux%u", cases[i].what, w, h, cases[i].w, cases[i].h);
    }
    /* the fixture files: photo.png 320x180, poster.jpg 160x90, diagram.svg 320x180 */
    static const struct {
        const char *name;
        uint32_t w, h;
    } files[] = {{"photo.png", 320, 180}, {"poster.jpg", 160, 90}, {"diagram.svg", 320, 180}};
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/tests/data/courses/rich/media/%s", root ? root : ".", files[i].name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        static unsigned char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        uint32_t w = 0, h = 0;
        assert_int_equal(lectern_media_image_size(buf, n, &w, &h), 0);
        if (w != files[i].w || h != files[i].h)
            fail_msg("%s: %ux%u", files[i].name, w, h);
        assert_int_equal(lectern_media_image_check(buf, n, files[i].name, NULL), 0);
    }
    /* cut short, not an image: no size, and the check leaves it to the decoder */
    uint32_t w, h;
    assert_int_equal(lectern_media_image_size(png, 20, &w, &h), -1);
    assert_int_equal(lectern_media_image_size("hello", 5, &w, &h), -1);
    assert_int_equal(lectern_media_image_check(png, 20, "media/cut.png", NULL), 0);
    /* the limits: 30000 a side, 16384x3052 (over 50 megapixels), 8000x6000 (48: fine), 0 */
    lectern_error err = {0};
    assert_int_equal(lectern_media_image_check(png, sizeof png - 1, "media/huge.png", &err), LECTERN_ELIMIT);
    assert_non_null(strstr(err.msg, "media/huge.png: 30000x300 pixels"));
    unsigned char p2[sizeof png];
    memcpy(p2, png, sizeof png);
    const unsigned char sizes[][8] = {{0, 0, 0x40, 0, 0, 0, 0x0b, 0xec}, {0, 0, 0x1f, 0x40, 0, 0, 0x17, 0x70},
                                      {0, 0, 0, 0, 0, 0, 0, 10}};
    const int want[] = {LECTERN_ELIMIT, 0, LECTERN_EMEDIA};
    for (size_t i = 0; i < 3; i++) {
        memcpy(p2 + 16, sizes[i], 8);
        assert_int_equal(lectern_media_image_check(p2, sizeof png - 1, "media/x.png", &err), want[i]);
    }
    assert_int_equal(lectern_media_image_check(webp_ext, sizeof webp_ext - 1, "media/x.webp", NULL),
                     LECTERN_ELIMIT);
}

static void text_fallback(void **state)
{
    (void)state;
    lectern_text_entry e[] = {{"fr", "bonjour"}, {"pt-BR", "olá"}, {"en", "hello"}};
    lectern_text t = {e, 3};
    assert_string_equal(lectern_text_get(&t, "en", "fr"), "hello");
    assert_string_equal(lectern_text_get(&t, "EN", "fr"), "hello");           /* case-insensitive */
    assert_string_equal(lectern_text_get(&t, "de", "fr"), "bonjour");         /* fallback */
    assert_string_equal(lectern_text_get(&t, "pt", "en"), "olá");             /* base language */
    assert_string_equal(lectern_text_get(&t, "fr-CA", "en"), "bonjour");
    assert_string_equal(lectern_text_get(&t, "de", "ar"), "bonjour");         /* first one */
    assert_string_equal(lectern_text_get(&t, NULL, NULL), "bonjour");
    lectern_text_entry p[] = {{"fr", "bonjour"}, {"", "plain"}};
    lectern_text tp = {p, 2};
    assert_string_equal(lectern_text_get(&tp, "de", "ar"), "plain");         /* plain before first */
    lectern_text none = {NULL, 0};
    assert_string_equal(lectern_text_get(&none, "en", "en"), "");
    assert_string_equal(lectern_text_get(NULL, "en", "en"), "");
    assert_false(lectern_text_present(&none));
    assert_true(lectern_text_present(&t));
    lectern_text_entry empty[] = {{"", ""}};
    lectern_text te = {empty, 1};
    assert_false(lectern_text_present(&te));
}

static void id_syntax(void **state)
{
    (void)state;
    assert_true(lectern_id_valid("m1-intro"));
    assert_true(lectern_id_valid("org.example.trafficking-basics"));
    assert_true(lectern_id_valid("0"));
    assert_true(lectern_id_valid("a_b.c-d"));
    char max[65];
    memset(max, 'a', 64);
    max[64] = '\0';
    assert_true(lectern_id_valid(max));
    char over[66];
    memset(over, 'a', 65);
    over[65] = '\0';
    assert_false(lectern_id_valid(over));
    assert_false(lectern_id_valid(""));
    assert_false(lectern_id_valid(NULL));
    assert_false(lectern_id_valid("-a"));
    assert_false(lectern_id_valid(".a"));
    assert_false(lectern_id_valid("A1"));
    assert_false(lectern_id_valid("a b"));
    assert_false(lectern_id_valid("a/b"));
    assert_false(lectern_id_valid("é"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sniff_table),
        cmocka_unit_test(sniff_fixture_files),
        cmocka_unit_test(media_names_and_classes),
        cmocka_unit_test(image_header_sizes),
        cmocka_unit_test(text_fallback),
        cmocka_unit_test(id_syntax),
    };
    return cmocka_run_group_tests_name("course-pure", tests, NULL, NULL);
}
