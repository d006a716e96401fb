/* Search normalisation: case folding, diacritics, curly quotes, collapsed
 * spaces (the folding fill-in answers use too, see quiz_norm.c), plus a map from every output byte back to
 * the input byte it came from, so a match found in the folded text can be
 * shown (and highlighted) in the original. tests/authoring/test_search.c
 * checks that both normalisations agree code point by code point
 * (lectern_quiz_normalize is this function without the map). */
#include <stdlib.h>
#include <string.h>

#include "lectern/search.h"

/* U+00C0..U+00FF and U+0100..U+017F: the base letter; '#' = see multi();
 * '*' = keep the character. */
static const char latin1[64 + 1] =
    "aaaaaa#ceeeeiiii" "dnooooo*ouuuuy##"
    "aaaaaa#ceeeeiiii" "dnooooo*ouuuuy#y";
static const char latin_ext_a[128 + 1] =
    "aaaaaacccccccc" "dd"   "dd" "eeeeeeeeee" "gggg"
    "gggg" "hhhh" "iiiiiiii" "ii" "##" "jj" "kkk" "lllllll"
    "lll" "nnnnnnnnn" "oooo" "oo" "##" "rrrrrr" "ssssss"
    "ss" "tttttt" "uuuuuuuu" "uuuu" "ww" "yyy" "zzzzzz" "s";

static const char *multi(unsigned cp)
{
    switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0xDE: case 0xFE: return "th";
    case 0xDF: return "ss";
    case 0x132: case 0x133: return "ij";
    case 0x152: case 0x153: return "oe";
    default: return NULL;
    }
}

/* One UTF-8 sequence at s; *len gets its length; invalid: the byte, *ok 0. */
static unsigned decode(const unsigned char *s, size_t *len, int *ok)
{
    unsigned c = s[0];
    *ok = 1;
    *len = 1;
    if (c < 0x80)
        return c;
    int n = c >= 0xF0 && c < 0xF8 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 && c < 0xE0 ? 1 : -1;
    if (c >= 0xF8)
        n = -1;
    if (n < 0) {
        *ok = 0;
        return c;
    }
    unsigned cp = c & (0x3F >> n);
    for (int i = 1; i <= n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *ok = 0;
            return c;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *len = (size_t)n + 1;
    return cp;
}

static size_t encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int is_space(unsigned cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

static int is_dropped(unsigned cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x064B && cp <= 0x0652) ||
           cp == 0x0640 || cp == 0x0670 ||
           cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0xFEFF;
}

static unsigned fold_other(unsigned cp)
{
    if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2)
        return cp + 0x20;
    if (cp == 0x3C2)
        return 0x3C3;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032)
        return '\'';
    if (cp == 0x201C || cp == 0x201D || cp == 0x201F || cp == 0x2033)
        return '"';
    return cp;
}

char *lectern_search_normalize(const char *s, size_t **map)
{
    if (!s)
        s = "";
    size_t len = strlen(s);
    char *out = malloc(2 * len + 1);
    size_t *m = map ? malloc((2 * len + 1) * sizeof *m) : NULL;
    if (!out || (map && !m)) {
        free(out);
        free(m);
        return NULL;
    }
    size_t o = 0, space_at = 0;
    int pending_space = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n, at = (size_t)(p - (const unsigned char *)s);
        int ok;
        unsigned cp = decode(p, &n, &ok);
        p += n;
        if (ok && is_space(cp)) {
            if (!pending_space)
                space_at = at;
            pending_space = 1;
            continue;
        }
        if (ok && is_dropped(cp))
            continue;
        if (pending_space && o) {
            if (m)
                m[o] = space_at;
            out[o++] = ' ';
        }
        pending_space = 0;
        size_t o0 = o;
        if (!ok) {
            out[o++] = (char)cp;
        } else if (cp >= 'A' && cp <= 'Z') {
            out[o++] = (char)(cp + 32);
        } else if (cp >= 0xC0 && cp <= 0x17F) {
            char base = cp < 0x100 ? latin1[cp - 0xC0] : latin_ext_a[cp - 0x100];
            if (base == '#') {
                const char *mm = multi(cp);
                out[o++] = mm[0];
                out[o++] = mm[1];
            } else if (base == '*') {
                o += encode(cp, out + o);
            } else {
                out[o++] = base;
            }
        } else {
            o += encode(fold_other(cp), out + o);
        }
        if (m)
            for (size_t k = o0; k < o; k++)
                m[k] = at;
    }
    out[o] = '\0';
    if (m) {
        m[o] = len;
        *map = m;
    }
    return out;
}
