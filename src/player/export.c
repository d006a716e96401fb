/* --export-slides: renders every item of the course, as the slide screen
 * shows it (no overlays), to DIR/NNNN-<item-id>.png on the offscreen target,
 * waiting for each item's image so the PNGs are complete. PNG encoding (the
 * slow part) runs on a few saver threads while the next slide renders. */
#include <SDL_image.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lectern/log.h"
#include "player.h"

#define QUEUE_MAX 4
#define MAX_SAVERS 4

typedef struct job {
    SDL_Surface *s;
    char path[2048];
} job;

typedef struct saver {
    SDL_mutex *lock;
    SDL_cond *cond;
    job q[QUEUE_MAX];
    int n, done, failed;
} saver;

static int save_thread(void *p)
{
    saver *sv = p;
    SDL_LockMutex(sv->lock);
    for (;;) {
        while (sv->n == 0 && !sv->done)
            SDL_CondWait(sv->cond, sv->lock);
        if (sv->n == 0 && sv->done)
            break;
        job j = sv->q[0];
        memmove(sv->q, sv->q + 1, (size_t)(sv->n - 1) * sizeof *sv->q);
        sv->n--;
        SDL_CondBroadcast(sv->cond);
        SDL_UnlockMutex(sv->lock);
        int rc = IMG_SavePNG(j.s, j.path);
        if (rc < 0)
            fprintf(stderr, "lectern: cannot write %s: %s\n", j.path, IMG_GetError());
        SDL_FreeSurface(j.s);
        SDL_LockMutex(sv->lock);
        if (rc < 0)
            sv->failed++;
    }
    SDL_UnlockMutex(sv->lock);
    return 0;
}

int export_slides(app *a, const char *dir)
{
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "lectern: cannot create %s: %s\n", dir, strerror(errno));
        return 1;
    }
    saver sv;
    memset(&sv, 0, sizeof sv);
    sv.lock = SDL_CreateMutex();
    sv.cond = SDL_CreateCond();
    SDL_Thread *th[MAX_SAVERS];
    int nth = SDL_GetCPUCount();
    nth = nth < 1 ? 1 : nth > MAX_SAVERS ? MAX_SAVERS : nth;
    for (int i = 0; i < nth; i++)
        th[i] = SDL_CreateThread(save_thread, "lectern-png", &sv);

    size_t n = lectern_course_n_items(a->course);
    int failed = 0, overflow = 0;
    for (size_t i = 0; i < n; i++) {
        const lectern_item *it = lectern_course_item(a->course, i);
        lectern_cmd c = lectern_cmd_make(LECTERN_CMD_GOTO_NUMBER, (long)i + 1);
        lectern_session_handle(a->session, &c);
        app_prefetch(a);
        app_wait_current(a);
        app_render_item(a, i);
        overflow += a->slide_overflow;
        lectern_error err = {0};
        SDL_Surface *s = app_capture(a, &err);
        if (!s) {
            fprintf(stderr, "lectern: %s\n", err.msg);
            failed++;
            continue;
        }
        SDL_LockMutex(sv.lock);
        while (sv.n == QUEUE_MAX)
            SDL_CondWait(sv.cond, sv.lock);
        job *j = &sv.q[sv.n++];
        j->s = s;
        snprintf(j->path, sizeof j->path, "%s/%04zu-%s.png", dir, i + 1, it->id);
        SDL_CondBroadcast(sv.cond);
        SDL_UnlockMutex(sv.lock);
    }
    SDL_LockMutex(sv.lock);
    sv.done = 1;
    SDL_CondBroadcast(sv.cond);
    SDL_UnlockMutex(sv.lock);
    for (int i = 0; i < nth; i++)
        if (th[i])
            SDL_WaitThread(th[i], NULL);
    failed += sv.failed;
    SDL_DestroyCond(sv.cond);
    SDL_DestroyMutex(sv.lock);
    fprintf(stderr, "lectern: exported %zu item%s to %s (%d with text that does not fit)\n",
            n - (size_t)failed, n - (size_t)failed == 1 ? "" : "s", dir, overflow);
    return failed ? 1 : 0;
}
