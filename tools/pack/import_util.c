/* lectern-pack import: the plumbing. Growable strings with JSON escaping,
 * subprocesses started with posix_spawnp from argv arrays (no shell, so any
 * file name works), and the file-tree operations behind the atomic commit
 * (hard-linked staging copy, RENAME_EXCHANGE swap, rm -rf). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "import_internal.h"

extern char **environ;

void sb_add(strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

void sb_puts(strbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

void sb_printf(strbuf *b, const char *fmt, ...)
{
    char tmp[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void sb_json(strbuf *b, const char *s)
{
    sb_add(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            sb_add(b, esc, 2);
        } else if (*p == '\n') {
            sb_add(b, "\\n", 2);
        } else if (*p == '\t') {
            sb_add(b, "\\t", 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            sb_add(b, esc, 6);
        } else {
            sb_add(b, (const char *)p, 1);
        }
    }
    sb_add(b, "\"", 1);
}

const char *imp_which(const char *prog, char *out, size_t cap)
{
    if (strchr(prog, '/')) {
        if (access(prog, X_OK) != 0)
            return NULL;
        snprintf(out, cap, "%s", prog);
        return out;
    }
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        const char *end = strchr(path, ':');
        size_t len = end ? (size_t)(end - path) : strlen(path);
        if (len > 0) {
            snprintf(out, cap, "%.*s/%s", (int)len, path, prog);
            struct stat st;
            if (stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
                return out;
        }
        path += len + (end ? 1 : 0);
    }
    return NULL;
}

/* The tools running now, so a signal handler can pass a stop on to them;
 * once stopping, no new tool starts. */
static volatile pid_t running[IMP_MAX_PARALLEL];
static volatile sig_atomic_t stopping;

void imp_stop_child(void)
{
    stopping = 1;
    for (int i = 0; i < IMP_MAX_PARALLEL; i++) {
        pid_t pid = running[i];
        if (pid > 0)
            kill(pid, SIGTERM);
    }
}

static pid_t spawn_one(char *const argv[], const char *outfile, const char *errlog)
{
    posix_spawn_file_actions_t fa;
    if (posix_spawn_file_actions_init(&fa) != 0)
        return -1;
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    if (outfile)
        posix_spawn_file_actions_addopen(&fa, 1, outfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    else
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if (errlog)
        posix_spawn_file_actions_addopen(&fa, 2, errlog, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    /* the tool starts with default signal handling and nothing blocked */
    posix_spawnattr_t at;
    if (posix_spawnattr_init(&at) != 0) {
        posix_spawn_file_actions_destroy(&fa);
        return -1;
    }
    sigset_t none, stops;
    sigemptyset(&none);
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    posix_spawnattr_setsigmask(&at, &none);
    posix_spawnattr_setsigdefault(&at, &stops);
    posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, &at, argv, environ);
    posix_spawnattr_destroy(&at);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return pid;
}

/* Starts a tool and records it in running[slot] with the stop signals
 * blocked, so a SIGTERM arriving in between still reaches the tool (the
 * handler runs once they are unblocked, with the pid recorded). */
static pid_t spawn_tracked(int slot, char *const argv[], const char *outfile, const char *errlog)
{
    sigset_t stops, old;
    sigemptyset(&stops);
    sigaddset(&stops, SIGINT);
    sigaddset(&stops, SIGTERM);
    sigaddset(&stops, SIGHUP);
    sigprocmask(SIG_BLOCK, &stops, &old);
    pid_t pid = stopping ? -1 : spawn_one(argv, outfile, errlog);
    running[slot] = pid > 0 ? pid : 0;
    sigprocmask(SIG_SETMASK, &old, NULL);
    return pid;
}

static int wait_one(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 127;
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 127;
}

int imp_run_many(char **const argvs[], const char *const errlogs[], int n)
{
    int worst = 0;
    if (n > IMP_MAX_PARALLEL)
        n = IMP_MAX_PARALLEL;
    pid_t pids[IMP_MAX_PARALLEL];
    for (int i = 0; i < n; i++) {
        pids[i] = spawn_tracked(i, argvs[i], NULL, errlogs ? errlogs[i] : NULL);
    }
    for (int i = 0; i < n; i++) {
        int st = pids[i] > 0 ? wait_one(pids[i]) : 127;
        running[i] = 0;
        if (st != 0 && worst == 0)
            worst = st;
    }
    return worst;
}

int imp_run_capture(char *const argv[], const char *outfile, const char *errlog)
{
    pid_t pid = spawn_tracked(0, argv, outfile, errlog);
    if (pid <= 0)
        return 127;
    int st = wait_one(pid);
    running[0] = 0;
    return st;
}

int imp_run(char *const argv[], const char *errlog)
{
    char **const argvs[1] = {(char **)argv};
    const char *const logs[1] = {errlog};
    return imp_run_many(argvs, logs, 1);
}

char *imp_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    strbuf b = {0};
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_add(&b, buf, n);
    int bad = ferror(f) || b.oom;
    fclose(f);
    if (bad) {
        free(b.s);
        errno = EIO;
        return NULL;
    }
    if (!b.s)
        sb_add(&b, "", 0);
    if (len)
        *len = b.n;
    return b.s;
}

int imp_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wbx");
    if (!f)
        return -1;
    if (fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
        int e = errno;
        fclose(f);
        errno = e;
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

int imp_copy_file(const char *from, const char *to)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        return -1;
    FILE *out = fopen(to, "wbx");
    if (!out) {
        fclose(in);
        return -1;
    }
    char buf[65536];
    size_t n;
    int rc = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, out) != n) {
            rc = -1;
            break;
        }
    if (ferror(in) || fflush(out) != 0 || fsync(fileno(out)) != 0)
        rc = -1;
    fclose(in);
    if (fclose(out) != 0)
        rc = -1;
    return rc;
}

int imp_mkdirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return mkdir(buf, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

int imp_rm_tree(const char *path)
{
    if (!path || !*path)
        return 0;
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* nftw has no user pointer: the link-tree walk keeps its two roots here. */
static const char *lt_from, *lt_to;

static int link_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    char dst[8192];
    snprintf(dst, sizeof dst, "%s%s", lt_to, p + strlen(lt_from));
    if (flag == FTW_D)
        return p[strlen(lt_from)] == '\0' ? 0 : (mkdir(dst, st->st_mode & 07777) != 0 ? -1 : 0);
    if (flag == FTW_SL) {
        char target[4096];
        ssize_t n = readlink(p, target, sizeof target - 1);
        if (n < 0)
            return -1;
        target[n] = '\0';
        return symlink(target, dst);
    }
    if (flag != FTW_F)
        return -1;
    if (!S_ISREG(st->st_mode))
        return 0;               /* sockets, fifos: nothing a course holds */
    if (link(p, dst) == 0)
        return 0;
    return imp_copy_file(p, dst);
}

int imp_link_tree(const char *from, const char *to)
{
    lt_from = from;
    lt_to = to;
    return nftw(from, link_one, 32, FTW_PHYS);
}

int imp_exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
#endif
    /* no atomic swap here: move a aside, put b in its place, move the old
     * one to b's name so the caller removes it as before */
    char aside[4200];
    snprintf(aside, sizeof aside, "%s.old-%ld", a, (long)getpid());
    if (rename(a, aside) != 0)
        return -1;
    if (rename(b, a) != 0) {
        int e = errno;
        rename(aside, a);
        errno = e;
        return -1;
    }
    return rename(aside, b);
}

const char *imp_sniff_image(const char *path)
{
    unsigned char h[12] = {0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t n = fread(h, 1, sizeof h, f);
    fclose(f);
    if (n >= 8 && !memcmp(h, "\x89PNG\r\n\x1a\n", 8))
        return "png";
    if (n >= 3 && h[0] == 0xFF && h[1] == 0xD8 && h[2] == 0xFF)
        return "jpg";
    if (n >= 12 && !memcmp(h, "RIFF", 4) && !memcmp(h + 8, "WEBP", 4))
        return "webp";
    return NULL;
}
