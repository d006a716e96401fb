/* Image dimensions read from a file's header (PNG, JPEG, WebP, GIF, SVG),
 * without decoding, so a small file that claims 30000x30000 pixels (a
 * decompression bomb) is refused before a decoder allocates for it. */
#include "lectern/media.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/limits.h"

static uint32_t be16(const unsigned char *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t le16(const unsigned char *p) { return (uint32_t)p[1] << 8 | p[0]; }
static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint32_t le24(const unsigned char *p)
{
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static int png_size(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
    if (n < 24 || memcmp(p + 12, "IHDR", 4) != 0)
        return -1;
    *w = be32(p + 16);
    *h = be32(p + 20);
    return 0;
}

/* Walks JPEG markers to the first start-of-frame (SOF0..SOF15 but DHT,
 * JPG and DAC), which holds height then width. */
static int jpeg_size(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (p[i] != 0xFF)
            return -1;
        unsigned char m = p[i + 1];
        if (m == 0xFF) {            /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7)) {   /* no length */
            i += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA)  /* end of image, start of scan: no frame header before */
            return -1;
        uint32_t len = be16(p + i + 2);
        if (len < 2)
            return -1;
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (i + 9 > n || len < 7)
                return -1;
            *h = be16(p + i + 5);
            *w = be16(p + i + 7);
            return 0;
        }
        i += 2 + (size_t)len;
    }
    return -1;
}

static int webp_size(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
    if (n < 30)
        return -1;
    if (memcmp(p + 12, "VP8 ", 4) == 0) {          /* lossy: frame tag, start code, sizes */
        if (p[23] != 0x9d || p[24] != 0x01 || p[25] != 0x2a)
            return -1;
        *w = le16(p + 26) & 0x3FFF;
        *h = le16(p + 28) & 0x3FFF;
        return 0;
    }
    if (memcmp(p + 12, "VP8L", 4) == 0) {          /* lossless: 14-bit sizes minus one */
        if (p[20] != 0x2f)
            return -1;
        uint32_t b = (uint32_t)p[21] | (uint32_t)p[22] << 8 | (uint32_t)p[23] << 16 |
                     (uint32_t)p[24] << 24;
        *w = (b & 0x3FFF) + 1;
        *h = ((b >> 14) & 0x3FFF) + 1;
        return 0;
    }
    if (memcmp(p + 12, "VP8X", 4) == 0) {          /* extended: 24-bit canvas sizes minus one */
        *w = le24(p + 24) + 1;
        *h = le24(p + 27) + 1;
        return 0;
    }
    return -1;
}

/* The quoted value that starts at v (at its ' or ") within [v, end) into
 * buf (n bytes); 0, or -1 when it does not close or does not fit. */
static int quoted_value(const char *v, const char *end, char *buf, size_t n)
{
    const char *close = memchr(v + 1, *v, (size_t)(end - v - 1));
    size_t len = close ? (size_t)(close - v - 1) : 0;
    if (!close || len >= n)
        return -1;
    memcpy(buf, v + 1, len);
    buf[len] = '\0';
    return 0;
}

/* The value of attribute `name` in the <svg ...> tag [tag, end), as pixels
 * the way SVG renderers read it (px by default; pt, pc, mm, cm, in scaled at
 * 96 dpi); -1 when absent or not a plain length (percentages, em). */
static double svg_length(const char *tag, const char *end, const char *name)
{
    size_t nl = strlen(name);
    for (const char *q = tag; q + nl + 2 < end; q++) {
        if (memcmp(q, name, nl) != 0 || (q > tag && !strchr(" \t\r\n", q[-1])))
            continue;
        const char *v = q + nl;
        while (v < end && strchr(" \t\r\n", *v))
            v++;
        if (v >= end || *v != '=')
            continue;
        v++;
        while (v < end && strchr(" \t\r\n", *v))
            v++;
        if (v >= end || (*v != '"' && *v != '\''))
            continue;
        char buf[64];
        if (quoted_value(v, end, buf, sizeof buf) < 0)
            return -1;
        char *unit;
        double x = strtod(buf, &unit);
        if (unit == buf || x < 0)
            return -1;
        while (*unit == ' ')
            unit++;
        if (!*unit || strcmp(unit, "px") == 0) return x;
        if (strcmp(unit, "pt") == 0) return x * 96.0 / 72.0;
        if (strcmp(unit, "pc") == 0) return x * 16.0;
        if (strcmp(unit, "mm") == 0) return x * 96.0 / 25.4;
        if (strcmp(unit, "cm") == 0) return x * 96.0 / 2.54;
        if (strcmp(unit, "in") == 0) return x * 96.0;
        return -1;
    }
    return -1;
}

/* viewBox="minx miny width height": the last two numbers, or -1. */
static int svg_viewbox(const char *tag, const char *end, double *vw, double *vh)
{
    for (const char *q = tag; q + 9 < end; q++) {
        if (memcmp(q, "viewBox", 7) != 0)
            continue;
        const char *v = q + 7;
        while (v < end && *v != '"' && *v != '\'' && *v != '>')
            v++;
        if (v >= end || *v == '>')
            return -1;
        char buf[128];
        if (quoted_value(v, end, buf, sizeof buf) < 0)
            return -1;
        double x[4];
        char *s = buf;
        for (int k = 0; k < 4; k++) {
            while (*s == ' ' || *s == ',' || *s == '\t' || *s == '\n' || *s == '\r')
                s++;
            char *e;
            x[k] = strtod(s, &e);
            if (e == s)
                return -1;
            s = e;
        }
        *vw = x[2];
        *vh = x[3];
        return 0;
    }
    return -1;
}

static uint32_t clamp_px(double x)
{
    if (!(x >= 0))
        return 0;
    return x > 4e9 ? 4000000000u : (uint32_t)(x + 0.999);
}

static int svg_size(const unsigned char *p, size_t n, uint32_t *w, uint32_t *h)
{
    size_t lim = n < LECTERN_MEDIA_SNIFF_BYTES ? n : LECTERN_MEDIA_SNIFF_BYTES;
    const char *s = (const char *)p;
    const char *tag = NULL;
    for (size_t k = 0; k + 4 <= lim; k++)
        if (memcmp(s + k, "<svg", 4) == 0) {
            tag = s + k + 4;
            break;
        }
    if (!tag)
        return -1;
    const char *end = memchr(tag, '>', lim - (size_t)(tag - s));
    if (!end)
        end = s + lim;
    double dw = svg_length(tag, end, "width"), dh = svg_length(tag, end, "height");
    double vw = -1, vh = -1;
    svg_viewbox(tag, end, &vw, &vh);
    if (dw < 0)
        dw = vw;
    if (dh < 0)
        dh = vh;
    if (dw < 0 || dh < 0)
        return -1;
    *w = clamp_px(dw);
    *h = clamp_px(dh);
    return 0;
}

int lectern_media_image_size(const void *data, size_t len, uint32_t *width, uint32_t *height)
{
    const unsigned char *p = data;
    uint32_t w = 0, h = 0;
    int rc = -1;
    switch (lectern_media_sniff(data, len)) {
    case LECTERN_MEDIA_PNG: rc = png_size(p, len, &w, &h); break;
    case LECTERN_MEDIA_JPEG: rc = jpeg_size(p, len, &w, &h); break;
    case LECTERN_MEDIA_WEBP: rc = webp_size(p, len, &w, &h); break;
    case LECTERN_MEDIA_GIF:
        if (len >= 10) {
            w = le16(p + 6);
            h = le16(p + 8);
            rc = 0;
        }
        break;
    case LECTERN_MEDIA_SVG: rc = svg_size(p, len, &w, &h); break;
    default: break;
    }
    if (rc == 0) {
        *width = w;
        *height = h;
    }
    return rc;
}

int lectern_media_image_check(const void *data, size_t len, const char *name, lectern_error *err)
{
    uint32_t w, h;
    if (lectern_media_image_size(data, len, &w, &h) < 0)
        return 0;                    /* no size in the header: the decoder decides */
    if (w == 0 || h == 0)
        return lectern_error_set(err, LECTERN_EMEDIA, "%s: the image header says %ux%u pixels; re-export the image",
                                 name, (unsigned)w, (unsigned)h);
    if (w > LECTERN_MAX_IMAGE_SIDE || h > LECTERN_MAX_IMAGE_SIDE ||
        (uint64_t)w * h > LECTERN_MAX_IMAGE_PIXELS)
        return lectern_error_set(err, LECTERN_ELIMIT,
                                 "%s: %ux%u pixels, over the image limit (%d pixels a side, %u megapixels); "
                                 "scale it down before adding it",
                                 name, (unsigned)w, (unsigned)h, LECTERN_MAX_IMAGE_SIDE,
                                 LECTERN_MAX_IMAGE_PIXELS / 1000000u);
    return 0;
}
