/* BiDi for the player's text: splits one line into runs of one embedding
 * level (fribidi, Unicode BiDi algorithm) and one font face (chosen per
 * character by a callback, so mixed Arabic/Latin text uses the font that
 * covers each run), and orders the runs visually (rule L2). */
#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

#include "player.h"

uint32_t bidi_next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c = *s++;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
    if (c >= 0x80 && c < 0xC0) {
        *p = s;
        return 0xFFFD;
    }
    c &= extra == 3 ? 0x07 : extra == 2 ? 0x0F : extra == 1 ? 0x1F : 0x7F;
    for (int i = 0; i < extra; i++) {
        if ((*s & 0xC0) != 0x80) {
            *p = s;
            return 0xFFFD;
        }
        c = (c << 6) | (*s++ & 0x3F);
    }
    *p = s;
    return c;
}

int bidi_is_arabic(uint32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF);
}

/* Characters that take the face of their neighbour when it covers them:
 * spaces, punctuation, digits, combining marks (they must stay in the run
 * of their base letter for shaping). */
static int is_neutral(uint32_t c)
{
    if (c < 0x80)
        return !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0660 && c <= 0x066D) ||
        c == 0x060C || c == 0x061B || c == 0x061F || c == 0x0640)
        return 1;
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x0300 && c <= 0x036F) || c == 0xA0 ||
           c == 0xAB || c == 0xBB || c == 0xB7;
}

int bidi_runs(const char *s, size_t n, int base_rtl, bidi_pick_face pick, void *ctx,
              bidi_run *runs, int max_runs)
{
    if (n == 0 || max_runs <= 0)
        return 0;
    int rc = -1, nr = 0;
    FriBidiChar *u = malloc(n * sizeof *u);
    size_t *off = malloc((n + 1) * sizeof *off);
    int *fc = malloc(n * sizeof *fc);
    FriBidiCharType *types = malloc(n * sizeof *types);
    FriBidiBracketType *bt = malloc(n * sizeof *bt);
    FriBidiLevel *lv = malloc(n * sizeof *lv);
    if (!u || !off || !fc || !types || !bt || !lv)
        goto done;
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    size_t len = 0;
    while (p < end) {
        off[len] = (size_t)(p - (const unsigned char *)s);
        u[len++] = bidi_next_cp(&p);
    }
    off[len] = n;
    fribidi_get_bidi_types(u, (FriBidiStrIndex)len, types);
    fribidi_get_bracket_types(u, (FriBidiStrIndex)len, types, bt);
    FriBidiParType dir = base_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    if (!fribidi_get_par_embedding_levels_ex(types, bt, (FriBidiStrIndex)len, &dir, lv))
        goto done;
    /* faces: strong characters first, then neutrals take a neighbour's */
    for (size_t i = 0; i < len; i++)
        fc[i] = is_neutral(u[i]) ? -1 : (pick ? pick(ctx, u[i], -1) : 0);
    for (size_t i = 0; i < len; i++) {
        if (fc[i] >= 0)
            continue;
        int prev = i > 0 ? fc[i - 1] : -1;
        int nxt = -1;
        for (size_t j = i + 1; j < len && nxt < 0; j++)
            nxt = fc[j];
        int want = prev >= 0 ? prev : nxt;
        fc[i] = pick ? pick(ctx, u[i], want) : 0;
    }
    /* logical runs */
    for (size_t i = 0; i < len;) {
        size_t j = i + 1;
        while (j < len && lv[j] == lv[i] && fc[j] == fc[i])
            j++;
        if (nr == max_runs)
            goto done;
        runs[nr].off = off[i];
        runs[nr].len = off[j] - off[i];
        runs[nr].level = lv[i];
        runs[nr].face = fc[i];
        nr++;
        i = j;
    }
    /* L2: from the highest level down to the lowest odd one, reverse every
     * sequence of runs at that level or higher */
    int hi = 0, lo_odd = 255;
    for (int i = 0; i < nr; i++) {
        if (runs[i].level > hi)
            hi = runs[i].level;
        if ((runs[i].level & 1) && runs[i].level < lo_odd)
            lo_odd = runs[i].level;
    }
    for (int l = hi; l >= lo_odd && l > 0; l--) {
        for (int i = 0; i < nr;) {
            if (runs[i].level < l) {
                i++;
                continue;
            }
            int j = i;
            while (j < nr && runs[j].level >= l)
                j++;
            for (int a = i, b = j - 1; a < b; a++, b--) {
                bidi_run t = runs[a];
                runs[a] = runs[b];
                runs[b] = t;
            }
            i = j;
        }
    }
    rc = nr;
done:
    free(u);
    free(off);
    free(fc);
    free(types);
    free(bt);
    free(lv);
    return rc;
}

int bidi_visual(const char *s, int base_rtl, char *out, size_t out_len)
{
    size_t n = strlen(s);
    bidi_run runs[256];
    int nr = bidi_runs(s, n, base_rtl, NULL, NULL, runs, 256);
    if (nr < 0 || out_len == 0)
        return -1;
    size_t o = 0;
    for (int r = 0; r < nr; r++) {
        const char *rs = s + runs[r].off;
        if (!(runs[r].level & 1)) {
            if (o + runs[r].len >= out_len)
                return -1;
            memcpy(out + o, rs, runs[r].len);
            o += runs[r].len;
            continue;
        }
        /* right to left: characters in reverse order */
        size_t end = runs[r].len;
        while (end > 0) {
            size_t b = end - 1;
            while (b > 0 && ((unsigned char)rs[b] & 0xC0) == 0x80)
                b--;
            if (o + (end - b) >= out_len)
                return -1;
            memcpy(out + o, rs + b, end - b);
            o += end - b;
            end = b;
        }
    }
    out[o] = '\0';
    return 0;
}

int bidi_lang_is_rtl(const char *lang)
{
    static const char *rtl[] = { "ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug" };
    if (!lang)
        return 0;
    for (size_t i = 0; i < sizeof rtl / sizeof *rtl; i++) {
        size_t n = strlen(rtl[i]);
        if (strncmp(lang, rtl[i], n) == 0 && (lang[n] == '\0' || lang[n] == '-' ||
                                              lang[n] == '_'))
            return 1;
    }
    return 0;
}
