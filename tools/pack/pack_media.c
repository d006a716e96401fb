/* lectern-pack-media.so, the module lectern-pack check loads on first use:
 * image decoding (SDL2_image) and warnings for slides whose text does not
 * fit at the theme's minimum size, from the player's own layout
 * (lectern_fit_check_each, measured headless: no window, no renderer), in
 * every language of the course. Built without the player: no fit check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>

#include "pack_media.h"
#ifdef LECTERN_PACK_FIT
#include "agenda.h"
#include "fit.h"
#include "player.h"
#endif

#ifdef LECTERN_PACK_FIT
typedef struct fit_run {
    unsigned char *bad;         /* per item: 1 when it overflows in the language checked */
    char **langs;               /* per item: the languages it overflows in, "en, fr" */
    int min_size;
    int oom;
} fit_run;

static void on_overflow(void *ctx, size_t index, int min_size)
{
    fit_run *fr = ctx;
    fr->bad[index] = 1;
    fr->min_size = min_size;
}

static void add_lang(fit_run *fr, size_t i, const char *lang)
{
    char *old = fr->langs[i];
    size_t n = (old ? strlen(old) + 2 : 0) + strlen(lang) + 1;
    char *s = malloc(n);
    if (!s) {
        fr->oom = 1;
        return;
    }
    snprintf(s, n, "%s%s%s", old ? old : "", old ? ", " : "", lang);
    free(old);
    fr->langs[i] = s;
}
#endif

static int check_fit(lectern_reader *r, const lectern_course *c, pack_fit_warn warn, void *ctx)
{
#ifdef LECTERN_PACK_FIT
    size_t n = lectern_course_n_items(c), nl = lectern_course_n_languages(c);
    fit_run fr = { calloc(n ? n : 1, 1), calloc(n ? n : 1, sizeof(char *)), 0, 0 };
    int rc = 0;
    /* drawing in each course language sets LANGUAGE (the UI words of the
     * slides); lectern-pack's own messages keep the user's: put it back */
    const char *env_lang = getenv("LANGUAGE");
    char *saved_lang = env_lang ? strdup(env_lang) : NULL;
    if (!fr.bad || !fr.langs) {
        rc = -1;
        goto done;
    }
    for (size_t l = 0; l < (nl ? nl : 1); l++) {
        const char *lang = nl ? lectern_course_language(c, l) : NULL;
        lectern_error err = {0};
        memset(fr.bad, 0, n);
        int got = lectern_fit_check_each(r, c, lang, on_overflow, &fr, &err);
        if (got < 0) {
            warn(ctx, "course.json", "theme", err.msg);
            rc = -1;
            goto done;
        }
        for (size_t i = 0; i < n; i++)
            if (fr.bad[i])
                add_lang(&fr, i, lang ? lang : "");
    }
    for (size_t i = 0; i < n; i++) {
        if (!fr.langs[i])
            continue;
        const lectern_item *it = lectern_course_item(c, i);
        char path[64], msg[300];
        snprintf(path, sizeof path, "items[%zu]", it->index_in_module);
        /* name the languages only when some of them fit */
        int all = !strchr(fr.langs[i], ',') ? nl <= 1 : 0;
        if (!all && nl > 1) {
            size_t commas = 0;
            for (const char *p = fr.langs[i]; *p; p++)
                commas += *p == ',';
            all = commas + 1 == nl;
        }
        snprintf(msg, sizeof msg, "text does not fit at the minimum size %d px%s%s%s; "
                 "shorten it or split the slide", fr.min_size, all ? "" : " (",
                 all ? "" : fr.langs[i], all ? "" : ")");
        warn(ctx, lectern_course_module(c, it->module_index)->file, path, msg);
    }
    if (fr.oom)
        rc = -1;
done:
    if (saved_lang)
        setenv("LANGUAGE", saved_lang, 1);
    else
        unsetenv("LANGUAGE");
    free(saved_lang);
    for (size_t i = 0; fr.langs && i < n; i++)
        free(fr.langs[i]);
    free(fr.langs);
    free(fr.bad);
    return rc;
#else
    (void)r; (void)c; (void)warn; (void)ctx;
    return 0;
#endif
}

static int image_size(const void *data, size_t len, int *w, int *h, char *msg, size_t msg_size)
{
    if (len > (size_t)INT32_MAX) {
        snprintf(msg, msg_size, "%zu bytes is too large to decode", len);
        return -1;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(data, (int)len);
    SDL_Surface *s = rw ? IMG_Load_RW(rw, 1) : NULL;
    if (!s) {
        snprintf(msg, msg_size, "%s", IMG_GetError());
        return -1;
    }
    *w = s->w;
    *h = s->h;
    SDL_FreeSurface(s);
    return 0;
}

#ifdef LECTERN_PACK_FIT
static const char *translate(const char *msgid, const char *msgid_plural, unsigned long n, void *user)
{
    (void)user;
    return msgid_plural ? ui_ntr(NULL, msgid, msgid_plural, n) : ui_tr(NULL, msgid);
}
#endif

/* See pack_media.h. */
__attribute__((visibility("default"))) const pack_media_api *lectern_pack_media_api(void)
{
    static const pack_media_api api = {
        .abi = PACK_MEDIA_ABI,
#ifdef LECTERN_PACK_FIT
        .has_fit = 1,
        .agenda_png = agenda_png_write,
        .set_lang = ui_set_lang,
        .translate = translate,
#endif
        .image_size = image_size,
        .check_fit = check_fit,
    };
    return &api;
}
