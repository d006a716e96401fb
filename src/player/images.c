/* Image cache: a worker thread reads course images through the reader (under
 * the reader lock) and decodes them with SDL_image into surfaces; the main
 * thread uploads them to textures. Textures are kept within a byte budget
 * (least recently used first out); failures are remembered with their reason. */
#include <SDL_image.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "lectern/media.h"
#include "player.h"

#define MAX_WANTED 8
#define MAX_DECODE_DIM 3840          /* larger images are scaled down on decode */

typedef struct img {
    struct img *next;
    char *path;
    img_state state;
    SDL_Surface *surf;               /* decoded, waiting for upload */
    SDL_Texture *tex;
    int w, h;
    size_t bytes;
    SDL_Texture *fit;                /* a copy scaled to the size last drawn at */
    int fit_w, fit_h;
    size_t fit_bytes;
    unsigned long used;
    char why[256];
} img;

struct imagecache {
    lectern_reader *reader;
    SDL_mutex *reader_lock;
    SDL_mutex *lock;                 /* guards everything below */
    SDL_cond *cond;
    SDL_Thread *thread;
    int stop;
    uint32_t wake_event;
    img *list;
    char *wanted[MAX_WANTED];        /* decode queue, highest priority first */
    size_t n_wanted;
    int busy;                        /* the worker is decoding */
    size_t budget, bytes;
    unsigned long tick;
};

static img *find(imagecache *ic, const char *path)
{
    for (img *i = ic->list; i; i = i->next)
        if (strcmp(i->path, path) == 0)
            return i;
    return NULL;
}

static img *find_or_add(imagecache *ic, const char *path)
{
    img *i = find(ic, path);
    if (i)
        return i;
    i = calloc(1, sizeof *i);
    if (!i)
        return NULL;
    i->path = strdup(path);
    if (!i->path) {
        free(i);
        return NULL;
    }
    i->next = ic->list;
    ic->list = i;
    return i;
}

/* Scales a surface down so that neither side exceeds MAX_DECODE_DIM. */
static SDL_Surface *limit_size(SDL_Surface *s)
{
    if (s->w <= MAX_DECODE_DIM && s->h <= MAX_DECODE_DIM)
        return s;
    double k = (double)MAX_DECODE_DIM / (s->w > s->h ? s->w : s->h);
    int w = (int)(s->w * k), h = (int)(s->h * k);
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, w > 0 ? w : 1, h > 0 ? h : 1, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    if (!d)
        return s;
    if (SDL_SoftStretchLinear(s, NULL, d, NULL) < 0) {
        SDL_FreeSurface(d);
        return s;
    }
    SDL_FreeSurface(s);
    return d;
}

static SDL_Surface *decode(imagecache *ic, const char *path, char *why, size_t why_len)
{
    void *buf = NULL;
    size_t len = 0;
    lectern_error e = {0};
    SDL_LockMutex(ic->reader_lock);
    int rc = lectern_reader_read(ic->reader, path, &buf, &len, &e);
    SDL_UnlockMutex(ic->reader_lock);
    if (rc < 0) {
        snprintf(why, why_len, "%.200s", e.msg);
        return NULL;
    }
    if (lectern_media_image_check(buf, len, path, &e) < 0) {   /* a decompression bomb */
        free(buf);
        size_t pl = strlen(path);
        const char *m = strncmp(e.msg, path, pl) == 0 && e.msg[pl] == ':' ? e.msg + pl + 2 : e.msg;
        snprintf(why, why_len, "%.200s", m);    /* the path is said with it */
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)len);
    SDL_Surface *s = rw ? IMG_Load_RW(rw, 1) : NULL;
    free(buf);
    if (!s) {
        snprintf(why, why_len, "cannot decode: %s", IMG_GetError());
        return NULL;
    }
    if (s->format->format != SDL_PIXELFORMAT_ARGB8888) {
        SDL_Surface *c = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
        SDL_FreeSurface(s);
        if (!c) {
            snprintf(why, why_len, "cannot convert: %s", SDL_GetError());
            return NULL;
        }
        s = c;
    }
    return limit_size(s);
}

static int worker(void *arg)
{
    imagecache *ic = arg;
    SDL_LockMutex(ic->lock);
    while (!ic->stop) {
        if (ic->n_wanted == 0) {
            SDL_CondWait(ic->cond, ic->lock);
            continue;
        }
        char *path = ic->wanted[0];
        memmove(ic->wanted, ic->wanted + 1, (ic->n_wanted - 1) * sizeof *ic->wanted);
        ic->n_wanted--;
        img *i = find(ic, path);
        if (!i || i->state != IMG_PENDING || i->surf) {
            free(path);
            continue;
        }
        ic->busy = 1;
        SDL_UnlockMutex(ic->lock);
        char why[256] = "";
        SDL_Surface *s = decode(ic, path, why, sizeof why);
        SDL_LockMutex(ic->lock);
        ic->busy = 0;
        i = find(ic, path);
        free(path);
        if (!i || (s && (i->surf || i->tex))) {
            SDL_FreeSurface(s);      /* forgotten, or decoded twice (re-requested) */
            continue;
        }
        if (s) {
            i->surf = s;            /* state stays PENDING until uploaded */
        } else {
            i->state = IMG_FAILED;
            snprintf(i->why, sizeof i->why, "%s", why);
            LOG_WARN("images", "%s: %s", i->path, why);
        }
        SDL_CondBroadcast(ic->cond);
        if (ic->wake_event) {
            SDL_Event ev;
            memset(&ev, 0, sizeof ev);
            ev.type = ic->wake_event;
            SDL_PushEvent(&ev);
        }
    }
    SDL_UnlockMutex(ic->lock);
    return 0;
}

int images_create(lectern_reader *reader, SDL_mutex *reader_lock, uint32_t wake_event,
                  size_t budget, imagecache **out)
{
    *out = NULL;
    imagecache *ic = calloc(1, sizeof *ic);
    if (!ic)
        return LECTERN_ENOMEM;
    ic->reader = reader;
    ic->reader_lock = reader_lock;
    ic->wake_event = wake_event;
    ic->budget = budget;
    ic->lock = SDL_CreateMutex();
    ic->cond = SDL_CreateCond();
    if (!ic->lock || !ic->cond)
        goto fail;
    ic->thread = SDL_CreateThread(worker, "lectern-images", ic);
    if (!ic->thread)
        goto fail;
    *out = ic;
    return 0;
fail:
    if (ic->lock)
        SDL_DestroyMutex(ic->lock);
    if (ic->cond)
        SDL_DestroyCond(ic->cond);
    free(ic);
    return LECTERN_ENOMEM;
}

static void drop_fit(imagecache *ic, img *i)
{
    if (i->fit) {
        SDL_DestroyTexture(i->fit);
        i->fit = NULL;
        ic->bytes -= i->fit_bytes;
        i->fit_bytes = 0;
    }
}

static void drop_texture(imagecache *ic, img *i)
{
    drop_fit(ic, i);
    if (i->tex) {
        SDL_DestroyTexture(i->tex);
        i->tex = NULL;
        ic->bytes -= i->bytes;
        i->bytes = 0;
    }
}

void images_destroy(imagecache *ic)
{
    if (!ic)
        return;
    SDL_LockMutex(ic->lock);
    ic->stop = 1;
    SDL_CondBroadcast(ic->cond);
    SDL_UnlockMutex(ic->lock);
    SDL_WaitThread(ic->thread, NULL);
    for (size_t k = 0; k < ic->n_wanted; k++)
        free(ic->wanted[k]);
    img *i = ic->list;
    while (i) {
        img *n = i->next;
        drop_texture(ic, i);
        SDL_FreeSurface(i->surf);
        free(i->path);
        free(i);
        i = n;
    }
    SDL_DestroyCond(ic->cond);
    SDL_DestroyMutex(ic->lock);
    free(ic);
}

void images_flush_textures(imagecache *ic)
{
    SDL_LockMutex(ic->lock);
    for (img *i = ic->list; i; i = i->next) {
        if (i->tex) {
            drop_texture(ic, i);
            i->state = IMG_ABSENT;
        }
    }
    SDL_UnlockMutex(ic->lock);
}

void images_want(imagecache *ic, const char *const *paths, size_t n)
{
    SDL_LockMutex(ic->lock);
    for (size_t k = 0; k < ic->n_wanted; k++)
        free(ic->wanted[k]);
    ic->n_wanted = 0;
    for (size_t k = 0; k < n && ic->n_wanted < MAX_WANTED; k++) {
        if (!paths[k])
            continue;
        img *i = find_or_add(ic, paths[k]);
        if (!i)
            break;
        i->used = ++ic->tick;
        if (i->state == IMG_ABSENT)
            i->state = IMG_PENDING;
        if (i->state == IMG_PENDING && !i->surf) {
            char *p = strdup(paths[k]);
            if (p)
                ic->wanted[ic->n_wanted++] = p;
        }
    }
    SDL_CondBroadcast(ic->cond);
    SDL_UnlockMutex(ic->lock);
}

/* Evicts least recently used textures until the budget holds, sparing `keep`. */
static void enforce_budget(imagecache *ic, img *keep)
{
    int evicted = 0;
    while (ic->bytes > ic->budget) {
        img *lru = NULL;
        for (img *i = ic->list; i; i = i->next)
            if (i->tex && i != keep && (!lru || i->used < lru->used))
                lru = i;
        if (!lru)
            break;
        drop_texture(ic, lru);
        lru->state = IMG_ABSENT;
        evicted = 1;
    }
    /* big pixel buffers come and go: hand freed pages back to the system so
     * the resident size follows the budget instead of the high-water mark */
    if (evicted)
        malloc_trim(0);
    /* forget failures and absent entries beyond a few hundred */
    size_t n = 0;
    img **pp = &ic->list;
    while (*pp) {
        img *i = *pp;
        if (++n > 512 && i->state == IMG_ABSENT && !i->surf && i != keep) {
            *pp = i->next;
            free(i->path);
            free(i);
            continue;
        }
        pp = &i->next;
    }
}

int images_pump(imagecache *ic, SDL_Renderer *ren)
{
    int n = 0;
    SDL_LockMutex(ic->lock);
    for (img *i = ic->list; i; i = i->next) {
        if (!i->surf)
            continue;
        SDL_Surface *s = i->surf;
        i->surf = NULL;
        i->tex = ren ? SDL_CreateTextureFromSurface(ren, s) : NULL;
        if (i->tex) {
            i->w = s->w;
            i->h = s->h;
            i->bytes = (size_t)s->w * (size_t)s->h * 4;
            ic->bytes += i->bytes;
            i->state = IMG_READY;
            n++;
        } else {
            i->state = IMG_FAILED;
            snprintf(i->why, sizeof i->why, "cannot upload: %s", SDL_GetError());
            LOG_WARN("images", "%s: %s", i->path, i->why);
        }
        SDL_FreeSurface(s);
        enforce_budget(ic, i);
    }
    SDL_UnlockMutex(ic->lock);
    return n;
}

img_state images_get(imagecache *ic, const char *path, SDL_Texture **tex, int *w, int *h,
                     const char **why)
{
    img_state st = IMG_ABSENT;
    SDL_LockMutex(ic->lock);
    img *i = find(ic, path);
    if (i) {
        st = i->state;
        i->used = ++ic->tick;
        if (tex) *tex = i->tex;
        if (w) *w = i->w;
        if (h) *h = i->h;
        if (why) *why = i->why;     /* stable: entries with a reason are kept */
    }
    SDL_UnlockMutex(ic->lock);
    return st;
}

SDL_Texture *images_get_scaled(imagecache *ic, SDL_Renderer *ren, const char *path, int dw,
                               int dh)
{
    SDL_Texture *out = NULL;
    /* GPUs scale for free (and llvmpipe gains nothing): software renderers only */
    SDL_RendererInfo info;
    if (!ren || dw <= 0 || dh <= 0 || SDL_GetRendererInfo(ren, &info) < 0 ||
        !(info.flags & SDL_RENDERER_SOFTWARE) || !SDL_RenderTargetSupported(ren))
        return NULL;
    SDL_LockMutex(ic->lock);
    img *i = find(ic, path);
    if (!i || i->state != IMG_READY || !i->tex)
        goto done;
    /* only worth it when shrinking: a scaled blit costs far more than a copy */
    if (dw >= i->w && dh >= i->h)
        goto done;
    if (i->fit && i->fit_w == dw && i->fit_h == dh) {
        out = i->fit;
        goto done;
    }
    drop_fit(ic, i);
    SDL_Texture *t = SDL_CreateTexture(ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                       dw, dh);
    if (!t)
        goto done;
    SDL_Texture *old = SDL_GetRenderTarget(ren);
    SDL_SetTextureBlendMode(i->tex, SDL_BLENDMODE_NONE);
    if (SDL_SetRenderTarget(ren, t) == 0) {
        SDL_RenderCopy(ren, i->tex, NULL, NULL);
        SDL_SetRenderTarget(ren, old);
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        i->fit = t;
        i->fit_w = dw;
        i->fit_h = dh;
        i->fit_bytes = (size_t)dw * (size_t)dh * 4;
        ic->bytes += i->fit_bytes;
        out = t;
    } else {
        SDL_DestroyTexture(t);
    }
    SDL_SetTextureBlendMode(i->tex, SDL_BLENDMODE_BLEND);
done:
    SDL_UnlockMutex(ic->lock);
    return out;
}

void images_wait(imagecache *ic, SDL_Renderer *ren, const char *path, int timeout_ms)
{
    uint64_t until = SDL_GetTicks64() + (uint64_t)timeout_ms;
    for (;;) {
        images_pump(ic, ren);
        SDL_LockMutex(ic->lock);
        img *i = find(ic, path);
        int pending = i && i->state == IMG_PENDING;
        if (pending && !i->surf)
            SDL_CondWaitTimeout(ic->cond, ic->lock, 50);
        SDL_UnlockMutex(ic->lock);
        if (!pending || SDL_GetTicks64() > until)
            break;
    }
}

void images_wait_idle(imagecache *ic, SDL_Renderer *ren, int timeout_ms)
{
    uint64_t until = SDL_GetTicks64() + (uint64_t)timeout_ms;
    for (;;) {
        images_pump(ic, ren);
        SDL_LockMutex(ic->lock);
        int idle = ic->n_wanted == 0 && !ic->busy;
        if (!idle)
            SDL_CondWaitTimeout(ic->cond, ic->lock, 50);
        SDL_UnlockMutex(ic->lock);
        if (idle || SDL_GetTicks64() > until) {
            images_pump(ic, ren);
            break;
        }
    }
}
