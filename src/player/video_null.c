/* The null video backend: accepts any video and never has a frame, so the
 * player draws the poster or a "Video: title" card. The playback entries
 * stay NULL; video_vlc.c is the libvlc backend behind the same vtable. */
#include <stdlib.h>

#include "player.h"

static int null_open(video_backend *v, lectern_reader *r, const char *path, lectern_error *err)
{
    (void)v; (void)r; (void)path; (void)err;
    return 0;
}

static void null_close(video_backend *v)
{
    (void)v;
}

static SDL_Texture *null_frame(video_backend *v, SDL_Renderer *ren, int *w, int *h)
{
    (void)v; (void)ren;
    *w = *h = 0;
    return NULL;
}

static void null_destroy(video_backend *v)
{
    free(v);
}

static const video_vtable null_vt = {
    .name = "null",
    .open = null_open,
    .close = null_close,
    .frame = null_frame,
    .destroy = null_destroy,
};

video_backend *video_null_create(void)
{
    video_backend *v = calloc(1, sizeof *v);
    if (v)
        v->vt = &null_vt;
    return v;
}
