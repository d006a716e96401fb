/* The part of lectern-pack check that needs SDL: image decoding (SDL2_image)
 * and the player's text-fit measurement. It lives in a shared module
 * (lectern-pack-media.so) that check loads with dlopen on first use, so the
 * other verbs (ls, info, verify, ...) start without loading SDL at all.
 * `plan --agenda png` draws its agenda through it too. */
#ifndef LECTERN_PACK_MEDIA_H
#define LECTERN_PACK_MEDIA_H

#include <stddef.h>

#include "lectern/budget.h"
#include "lectern/course.h"
#include "lectern/error.h"
#include "lectern/reader.h"

#define PACK_MEDIA_ABI 3
#define PACK_MEDIA_MODULE "lectern-pack-media.so"
#define PACK_MEDIA_SYMBOL "lectern_pack_media_api"

typedef void (*pack_fit_warn)(void *ctx, const char *file, const char *path, const char *msg);

typedef struct pack_media_api {
    int abi;                    /* PACK_MEDIA_ABI */
    int has_fit;                /* 0 when built without the player (-Dplayer=false) */
    /* Decodes an image held in memory; 0 and its size, or -1 and why in msg. */
    int (*image_size)(const void *data, size_t len, int *w, int *h, char *msg, size_t msg_size);
    /* Calls warn once per item whose text does not fit at the theme's
     * minimum size (file: the module, path: "items[N]"), checking every
     * language; 0, or -1 when the check could not run (said through warn). */
    int (*check_fit)(lectern_reader *r, const lectern_course *c, pack_fit_warn warn, void *ctx);
    /* The facilitator's agenda of a budget plan as a PNG (agenda.h in the
     * player); NULL when built without the player. */
    int (*agenda_png)(lectern_reader *r, const lectern_course *c, const lectern_budget_plan *bp,
                      const char *lang, int start_hhmm, const char *path, lectern_error *err);
    /* The player's words (gettext, po/): set_lang picks the language (0 when
     * it has a catalogue: "en", "fr", "ar"; -1 otherwise), then translate
     * gives the translation of an English msgid (lectern/translate.h).
     * NULL when built without the player. */
    int (*set_lang)(const char *lang);
    lectern_translate translate;
} pack_media_api;

/* In the module: the table above. */
const pack_media_api *lectern_pack_media_api(void);

/* In lectern-pack (pack_media_load.c): loads the module once (next to the
 * executable in the build tree, else in LIBDIR/lectern relative to the
 * installed executable, else the configured LIBDIR) and returns its table;
 * NULL and a message naming the paths tried when it cannot. */
const pack_media_api *pack_media_get(lectern_error *err);

#endif
