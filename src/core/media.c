/* Media sniffing: tells PNG from JPEG from WebM from WebVTT by the first
 * bytes of a file, so a check can say "this .webm is not a video" without a
 * decoder. Matroska and WebM are told apart by the EBML DocType. */
#include "lectern/media.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static int has_prefix(const unsigned char *p, size_t n, const char *magic, size_t m)
{
    return n >= m && memcmp(p, magic, m) == 0;
}

/* Reads an EBML variable-length integer at p[*i]. With keep_marker the
 * length marker bit stays (element ids); without it, it is masked (sizes).
 * Returns 0 and advances *i, or -1 when malformed or cut short. */
static int ebml_vint(const unsigned char *p, size_t n, size_t *i, int keep_marker,
                     uint64_t *out)
{
    if (*i >= n)
        return -1;
    unsigned char b = p[*i];
    int len = 1;
    while (len <= 8 && !(b & (0x80 >> (len - 1))))
        len++;
    if (len > 8 || *i + (size_t)len > n)
        return -1;
    uint64_t v = keep_marker ? b : (uint64_t)(b & (0xFF >> len));
    for (int k = 1; k < len; k++)
        v = (v << 8) | p[*i + (size_t)k];
    *i += (size_t)len;
    *out = v;
    return 0;
}

/* EBML header: look for DocType (0x4282) among its children. */
static lectern_media_type sniff_ebml(const unsigned char *p, size_t n)
{
    size_t i = 4;
    uint64_t hsize, id, size;
    if (ebml_vint(p, n, &i, 0, &hsize) < 0)
        return LECTERN_MEDIA_MATROSKA;   /* EBML magic alone: some Matroska */
    size_t end = hsize < n - i ? i + (size_t)hsize : n;
    while (i < end) {
        if (ebml_vint(p, end, &i, 1, &id) < 0 || ebml_vint(p, end, &i, 0, &size) < 0)
            break;
        if (size > end - i)
            break;
        if (id == 0x4282) {
            if (size == 4 && memcmp(p + i, "webm", 4) == 0)
                return LECTERN_MEDIA_WEBM;
            if (size >= 8 && memcmp(p + i, "matroska", 8) == 0)
                return LECTERN_MEDIA_MATROSKA;
            return LECTERN_MEDIA_UNKNOWN;    /* some other EBML document */
        }
        i += (size_t)size;
    }
    return LECTERN_MEDIA_MATROSKA;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* Skips "\r\n" / "\n" line breaks and blank space at *i. */
static void skip_blank_lines(const unsigned char *p, size_t n, size_t *i)
{
    while (*i < n && (p[*i] == '\r' || p[*i] == '\n' || p[*i] == ' ' || p[*i] == '\t'))
        (*i)++;
}

/* "HH:MM:SS,mmm" (hours 1+ digits; '.' accepted for ','). */
static int srt_time(const unsigned char *p, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && is_digit(p[*i])) (*i)++;
    if (*i == start || *i >= n || p[*i] != ':') return 0;
    (*i)++;
    for (int k = 0; k < 2; k++, (*i)++)
        if (*i >= n || !is_digit(p[*i])) return 0;
    if (*i >= n || p[*i] != ':') return 0;
    (*i)++;
    for (int k = 0; k < 2; k++, (*i)++)
        if (*i >= n || !is_digit(p[*i])) return 0;
    if (*i >= n || (p[*i] != ',' && p[*i] != '.')) return 0;
    (*i)++;
    for (int k = 0; k < 3; k++, (*i)++)
        if (*i >= n || !is_digit(p[*i])) return 0;
    return 1;
}

/* SubRip: a cue number line, then "start --> end". */
static int sniff_srt(const unsigned char *p, size_t n)
{
    size_t i = 0;
    skip_blank_lines(p, n, &i);
    size_t start = i;
    while (i < n && is_digit(p[i])) i++;
    if (i == start) return 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t')) i++;
    if (i < n && p[i] == '\r') i++;
    if (i >= n || p[i] != '\n') return 0;
    i++;
    if (!srt_time(p, n, &i)) return 0;
    while (i < n && p[i] == ' ') i++;
    if (!has_prefix(p + i, n - i, "-->", 3)) return 0;
    i += 3;
    while (i < n && p[i] == ' ') i++;
    return srt_time(p, n, &i);
}

static int sniff_vtt(const unsigned char *p, size_t n)
{
    if (!has_prefix(p, n, "WEBVTT", 6))
        return 0;
    return n == 6 || p[6] == ' ' || p[6] == '\t' || p[6] == '\r' || p[6] == '\n';
}

/* SVG: XML text whose root element is <svg (after an optional prolog,
 * comments and doctype). We only look for "<svg" in the head. */
static int sniff_svg(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i >= n || p[i] != '<')
        return 0;
    size_t lim = n < LECTERN_MEDIA_SNIFF_BYTES ? n : LECTERN_MEDIA_SNIFF_BYTES;
    if (memchr(p, '\0', lim))
        return 0;
    for (size_t k = i; k + 4 <= lim; k++) {
        if (memcmp(p + k, "<svg", 4) == 0 &&
            (k + 4 == lim || strchr(" \t\r\n>/", p[k + 4])))
            return 1;
    }
    return 0;
}

lectern_media_type lectern_media_sniff(const void *data, size_t len)
{
    const unsigned char *p = data;
    if (!p || len == 0)
        return LECTERN_MEDIA_UNKNOWN;
    if (has_prefix(p, len, "\x89PNG\r\n\x1a\n", 8))
        return LECTERN_MEDIA_PNG;
    if (has_prefix(p, len, "\xff\xd8\xff", 3))
        return LECTERN_MEDIA_JPEG;
    if (len >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
        return LECTERN_MEDIA_WEBP;
    if (has_prefix(p, len, "GIF87a", 6) || has_prefix(p, len, "GIF89a", 6))
        return LECTERN_MEDIA_GIF;
    if (has_prefix(p, len, "\x1a\x45\xdf\xa3", 4))
        return sniff_ebml(p, len);
    if (len >= 8 && (memcmp(p + 4, "ftyp", 4) == 0 || memcmp(p + 4, "moov", 4) == 0))
        return LECTERN_MEDIA_MP4;
    if (has_prefix(p, len, "OggS", 4))
        return LECTERN_MEDIA_OGG;
    if (has_prefix(p, len, "\x00\x01\x00\x00", 4) || has_prefix(p, len, "true", 4) ||
        has_prefix(p, len, "ttcf", 4))
        return LECTERN_MEDIA_TTF;
    if (has_prefix(p, len, "OTTO", 4))
        return LECTERN_MEDIA_OTF;
    /* text formats, after an optional UTF-8 BOM */
    if (has_prefix(p, len, "\xef\xbb\xbf", 3)) {
        p += 3;
        len -= 3;
    }
    if (sniff_vtt(p, len))
        return LECTERN_MEDIA_VTT;
    if (sniff_srt(p, len))
        return LECTERN_MEDIA_SRT;
    if (sniff_svg(p, len))
        return LECTERN_MEDIA_SVG;
    return LECTERN_MEDIA_UNKNOWN;
}

lectern_media_class lectern_media_class_of(lectern_media_type t)
{
    switch (t) {
    case LECTERN_MEDIA_PNG:
    case LECTERN_MEDIA_JPEG:
    case LECTERN_MEDIA_WEBP:
    case LECTERN_MEDIA_GIF:
    case LECTERN_MEDIA_SVG:
        return LECTERN_MEDIA_CLASS_IMAGE;
    case LECTERN_MEDIA_WEBM:
    case LECTERN_MEDIA_MATROSKA:
    case LECTERN_MEDIA_MP4:
    case LECTERN_MEDIA_OGG:
        return LECTERN_MEDIA_CLASS_VIDEO;
    case LECTERN_MEDIA_SRT:
    case LECTERN_MEDIA_VTT:
        return LECTERN_MEDIA_CLASS_SUBTITLE;
    case LECTERN_MEDIA_TTF:
    case LECTERN_MEDIA_OTF:
        return LECTERN_MEDIA_CLASS_FONT;
    default:
        return LECTERN_MEDIA_CLASS_NONE;
    }
}

const char *lectern_media_type_name(lectern_media_type t)
{
    static const char *const names[LECTERN_MEDIA_TYPE_COUNT] = {
        "unknown", "PNG", "JPEG", "WebP", "GIF", "SVG", "WebM", "Matroska",
        "MP4", "Ogg", "SubRip", "WebVTT", "TrueType", "OpenType",
    };
    if ((int)t < 0 || t >= LECTERN_MEDIA_TYPE_COUNT)
        return "unknown";
    return names[t];
}

const char *lectern_media_class_name(lectern_media_class c)
{
    switch (c) {
    case LECTERN_MEDIA_CLASS_IMAGE: return "image";
    case LECTERN_MEDIA_CLASS_VIDEO: return "video";
    case LECTERN_MEDIA_CLASS_SUBTITLE: return "subtitle";
    case LECTERN_MEDIA_CLASS_FONT: return "font";
    default: return "none";
    }
}

lectern_media_class lectern_media_class_from_name(const char *name)
{
    static const struct {
        const char *ext;
        lectern_media_class c;
    } map[] = {
        {"png", LECTERN_MEDIA_CLASS_IMAGE},  {"jpg", LECTERN_MEDIA_CLASS_IMAGE},
        {"jpeg", LECTERN_MEDIA_CLASS_IMAGE}, {"webp", LECTERN_MEDIA_CLASS_IMAGE},
        {"gif", LECTERN_MEDIA_CLASS_IMAGE},  {"svg", LECTERN_MEDIA_CLASS_IMAGE},
        {"webm", LECTERN_MEDIA_CLASS_VIDEO}, {"mkv", LECTERN_MEDIA_CLASS_VIDEO},
        {"mp4", LECTERN_MEDIA_CLASS_VIDEO},  {"m4v", LECTERN_MEDIA_CLASS_VIDEO},
        {"mov", LECTERN_MEDIA_CLASS_VIDEO},  {"ogv", LECTERN_MEDIA_CLASS_VIDEO},
        {"ogg", LECTERN_MEDIA_CLASS_VIDEO},
        {"srt", LECTERN_MEDIA_CLASS_SUBTITLE}, {"vtt", LECTERN_MEDIA_CLASS_SUBTITLE},
        {"ttf", LECTERN_MEDIA_CLASS_FONT},   {"otf", LECTERN_MEDIA_CLASS_FONT},
        {"ttc", LECTERN_MEDIA_CLASS_FONT},
    };
    if (!name)
        return LECTERN_MEDIA_CLASS_NONE;
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (!dot || (slash && dot < slash))
        return LECTERN_MEDIA_CLASS_NONE;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(dot + 1, map[i].ext) == 0)
            return map[i].c;
    return LECTERN_MEDIA_CLASS_NONE;
}
