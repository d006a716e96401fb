/* Live preview support (see include/lectern/preview.h): a recursive inotify
 * watcher over a course source folder with a caller-clocked quiet period,
 * and a reload that keeps the position or returns check-style messages. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/inotify.h>
#endif

#include "lectern/log.h"
#include "lectern/preview.h"

#define REPORT_LINES 20

typedef struct watched {
    int wd;
    char *rel;                  /* "" for the root, else "media/sub" */
} watched;

struct lectern_dirwatch {
    int fd;
    char *root;
    watched *v;
    size_t n, cap;
    int pending;
    uint64_t last_ms;
    char last[PATH_MAX];
};

/* Editor leftovers and hidden files: never a reason to reload. */
static int ignored_name(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || name[0] == '.' || name[n - 1] == '~' || !strcmp(name, "4913"))
        return 1;
    if (name[0] == '#' && name[n - 1] == '#')
        return 1;
    static const char *const ext[] = {".swp", ".swx", ".swo", ".tmp", ".part", ".kate-swp"};
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t k = strlen(ext[i]);
        if (n > k && !strcmp(name + n - k, ext[i]))
            return 1;
    }
    return 0;
}

#ifdef __linux__
#define WATCH_MASK (IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM | \
                    IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

/* Watches root/rel and, recursively, the folders in it. */
static int add_tree(lectern_dirwatch *w, const char *rel)
{
    if (w->n >= LECTERN_DIRWATCH_MAX_DIRS)
        return 0;
    char path[PATH_MAX];
    if (snprintf(path, sizeof path, "%s%s%s", w->root, *rel ? "/" : "", rel) >= (int)sizeof path)
        return 0;
    int wd = inotify_add_watch(w->fd, path, WATCH_MASK);
    if (wd < 0)
        return *rel ? 0 : LECTERN_EIO;  /* a subfolder that vanished: fine */
    size_t i;
    for (i = 0; i < w->n && w->v[i].wd != wd; i++)
        ;
    if (i == w->n) {
        if (w->n == w->cap) {
            size_t cap = w->cap ? w->cap * 2 : 16;
            watched *nv = realloc(w->v, cap * sizeof *nv);
            if (!nv)
                return LECTERN_ENOMEM;
            w->v = nv;
            w->cap = cap;
        }
        w->v[w->n].wd = wd;
        w->v[w->n].rel = strdup(rel);
        if (!w->v[w->n].rel)
            return LECTERN_ENOMEM;
        w->n++;
    }
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[PATH_MAX], full[PATH_MAX];
        if (snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", e->d_name) >= (int)sizeof sub ||
            snprintf(full, sizeof full, "%s/%s", w->root, sub) >= (int)sizeof full)
            continue;
        struct stat st;
        if (lstat(full, &st) == 0 && S_ISDIR(st.st_mode))
            rc = add_tree(w, sub);
    }
    closedir(d);
    return rc;
}
#endif

int lectern_dirwatch_open(const char *dir, lectern_dirwatch **out, lectern_error *err)
{
    if (!dir || !out)
        return lectern_error_set(err, LECTERN_EINVAL, "watch: no folder given");
    *out = NULL;
#ifdef __linux__
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return lectern_error_set(err, LECTERN_EIO, "%s: not a folder; --watch needs a course source folder",
                                 dir);
    lectern_dirwatch *w = calloc(1, sizeof *w);
    if (!w)
        return lectern_error_set(err, LECTERN_ENOMEM, "watch: out of memory");
    w->root = strdup(dir);
    w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (!w->root || w->fd < 0) {
        int e = errno;
        lectern_dirwatch_close(w);
        return lectern_error_set(err, e == ENOMEM ? LECTERN_ENOMEM : LECTERN_EIO,
                                 "%s: cannot watch for changes: %s", dir, strerror(e));
    }
    size_t n = strlen(w->root);
    while (n > 1 && w->root[n - 1] == '/')
        w->root[--n] = '\0';
    int rc = add_tree(w, "");
    if (rc < 0) {
        int e = errno;
        lectern_dirwatch_close(w);
        return lectern_error_set(err, rc, "%s: cannot watch for changes: %s", dir,
                                 rc == LECTERN_ENOMEM ? "out of memory" : strerror(e));
    }
    if (w->n >= LECTERN_DIRWATCH_MAX_DIRS)
        lectern_log(LECTERN_LOG_WARN, "preview", "%s: only the first %d folders are watched", dir,
                    LECTERN_DIRWATCH_MAX_DIRS);
    *out = w;
    return 0;
#else
    return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: watching for changes needs Linux (inotify)",
                             dir);
#endif
}

void lectern_dirwatch_close(lectern_dirwatch *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i].rel);
    free(w->v);
    free(w->root);
    free(w);
}

int lectern_dirwatch_fd(const lectern_dirwatch *w)
{
    return w ? w->fd : -1;
}

const char *lectern_dirwatch_last(const lectern_dirwatch *w)
{
    return w ? w->last : "";
}

int lectern_dirwatch_poll(lectern_dirwatch *w, uint64_t now_ms)
{
    if (!w)
        return LECTERN_EINVAL;
#ifdef __linux__
    int changes = 0;
    char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    for (;;) {
        ssize_t len = read(w->fd, buf, sizeof buf);
        if (len < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            return LECTERN_EIO;
        }
        if (len == 0)
            break;
        for (char *p = buf; p < buf + len;) {
            const struct inotify_event *ev = (const struct inotify_event *)p;
            p += sizeof *ev + ev->len;
            if (ev->mask & IN_Q_OVERFLOW) {
                changes++;
                snprintf(w->last, sizeof w->last, "%s", "");
                continue;
            }
            const char *rel = NULL;
            for (size_t i = 0; i < w->n; i++)
                if (w->v[i].wd == ev->wd) {
                    rel = w->v[i].rel;
                    break;
                }
            if (!rel)
                continue;
            if (ev->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) {
                if (!*rel) {    /* the course folder itself went away */
                    changes++;
                    w->last[0] = '\0';
                }
                continue;
            }
            if (ev->mask & IN_IGNORED || !ev->len || ignored_name(ev->name))
                continue;
            char sub[PATH_MAX];
            snprintf(sub, sizeof sub, "%s%s%s", rel, *rel ? "/" : "", ev->name);
            if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) {
                int rc = add_tree(w, sub);
                if (rc < 0)
                    return rc;
            }
            snprintf(w->last, sizeof w->last, "%s", sub);
            changes++;
        }
    }
    if (changes) {
        w->pending = 1;
        w->last_ms = now_ms;
    }
    return changes;
#else
    (void)now_ms;
    return 0;
#endif
}

int lectern_dirwatch_settled(lectern_dirwatch *w, uint64_t now_ms, uint64_t quiet_ms)
{
    if (!w || !w->pending || now_ms < w->last_ms || now_ms - w->last_ms < quiet_ms)
        return 0;
    w->pending = 0;
    return 1;
}

/* Appends one check-style line to the report. */
static int report_line(char **rep, size_t *len, const lectern_diag *d)
{
    char line[2048];
    int n;
    const char *sev = lectern_error_tr("error");    /* the reader's language, like d->msg */
    if (d->line > 0)
        n = snprintf(line, sizeof line, "%s: %s:%d:%d: %s\n", sev, d->file, d->line, d->column, d->msg);
    else if (d->path && *d->path)
        n = snprintf(line, sizeof line, "%s: %s: %s: %s\n", sev, d->file, d->path, d->msg);
    else
        n = snprintf(line, sizeof line, "%s: %s: %s\n", sev, d->file, d->msg);
    if (n < 0)
        return 0;
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
    char *nr = realloc(*rep, *len + (size_t)n + 1);
    if (!nr)
        return LECTERN_ENOMEM;
    memcpy(nr + *len, line, (size_t)n + 1);
    *rep = nr;
    *len += (size_t)n;
    return 0;
}

int lectern_preview_reload(const char *dir, const char *keep_id, size_t old_index,
                           lectern_preview_load *out, lectern_error *err)
{
    if (!dir || !out)
        return lectern_error_set(err, LECTERN_EINVAL, "preview: no course given");
    memset(out, 0, sizeof *out);
    lectern_reader *r = NULL;
    int rc = lectern_reader_open(dir, 0, &r, err);
    if (rc < 0)
        return rc;
    lectern_check_result res;
    rc = lectern_course_check(r, &res, err);
    if (rc == LECTERN_ENOMEM || rc == LECTERN_EINVAL) {
        lectern_reader_close(r);
        return rc;
    }
    if (!res.course) {
        size_t len = 0, shown = 0;
        for (size_t i = 0; i < res.n_diags && shown < REPORT_LINES; i++) {
            if (!res.diags[i].error)
                continue;
            if (report_line(&out->report, &len, &res.diags[i]) < 0)
                goto oom;
            shown++;
        }
        if (res.n_errors > shown) {
            char more[96];
            snprintf(more, sizeof more, "(%zu more errors)\n", res.n_errors - shown);
            char *nr = realloc(out->report, len + strlen(more) + 1);
            if (!nr)
                goto oom;
            memcpy(nr + len, more, strlen(more) + 1);
            out->report = nr;
        }
        out->n_errors = res.n_errors;
        if (rc == 0)
            rc = LECTERN_ESCHEMA;
        if (!out->report)   /* errors without a listed line: the error record has it */
            out->report = strdup(err && err->msg[0] ? err->msg : "the course has errors");
        lectern_check_result_free(&res);
        lectern_reader_close(r);
        return rc;
    }
    out->course = res.course;
    res.course = NULL;          /* ours now */
    lectern_check_result_free(&res);
    out->reader = r;
    size_t n = lectern_course_n_items(out->course);
    long at = keep_id ? lectern_course_item_index(out->course, keep_id) : -1;
    out->position = at >= 0 ? (size_t)at : (n == 0 ? 0 : (old_index < n ? old_index : n - 1));
    lectern_error_clear(err);
    return 0;
oom:
    lectern_check_result_free(&res);
    lectern_reader_close(r);
    free(out->report);
    out->report = NULL;
    return lectern_error_set(err, LECTERN_ENOMEM, "preview: out of memory");
}

void lectern_preview_load_free(lectern_preview_load *l)
{
    if (!l)
        return;
    lectern_course_close(l->course);
    lectern_reader_close(l->reader);
    free(l->report);
    memset(l, 0, sizeof *l);
}
