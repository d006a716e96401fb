/* lectern-pack check DIR|PKG: loads the course through the reader (so a
 * folder, a package or a hand-made zip), reports every schema problem the
 * core loader finds, then checks each media file the course refers to:
 * present, right kind (sniffed), images decode (SDL2_image, through the
 * lectern-pack-media.so module loaded on first use), unused files.
 * One line per problem, then "N errors, M warnings"; exit 0, 1 or 2.
 * The text speaks the locale's language (po/); --json stays English. */
#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "commands.h"
#include "lectern/course.h"
#include "lectern/log.h"
#include "lectern/package.h"
#include "lectern/media.h"
#include "lectern/quiz.h"
#include "lectern/reader.h"
#include "lectern/sign.h"
#include "lectern/subtitle.h"
#include "pack_i18n.h"
#include "pack_media.h"

/* One problem found by the media pass (the loader's come as lectern_diag). */
typedef struct problem {
    int error;
    char file[LECTERN_MAX_NAME + 32];
    char path[512];
    char msg[1024];
} problem;

/* What we learnt about one media file. */
typedef struct media_info {
    const char *name;
    lectern_media_class want;
    lectern_media_type type;
    int width, height;          /* images that decoded */
    int ok;
} media_info;

typedef struct check_run {
    lectern_reader *r;
    lectern_check_result res;
    problem *probs;
    size_t n_probs, cap_probs;
    media_info *media;
    size_t n_media, cap_media;
    size_t n_errors, n_warnings;
    int oom;
} check_run;

static void add_problem(check_run *cr, int error, const char *file, const char *path,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void add_problem(check_run *cr, int error, const char *file, const char *path,
                        const char *fmt, ...)
{
    if (error)
        cr->n_errors++;
    else
        cr->n_warnings++;
    if (cr->n_probs == cr->cap_probs) {
        size_t cap = cr->cap_probs ? cr->cap_probs * 2 : 16;
        problem *np = realloc(cr->probs, cap * sizeof *np);
        if (!np) {
            cr->oom = 1;
            return;
        }
        cr->probs = np;
        cr->cap_probs = cap;
    }
    problem *p = &cr->probs[cr->n_probs++];
    p->error = error;
    snprintf(p->file, sizeof p->file, "%s", file);
    snprintf(p->path, sizeof p->path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, pack_tr(fmt), ap);
    va_end(ap);
}

/* A media file's verdict is computed once, however many items use it. */
static media_info *media_slot(check_run *cr, const char *name, lectern_media_class want, int *fresh)
{
    *fresh = 0;
    for (size_t i = 0; i < cr->n_media; i++)
        if (strcmp(cr->media[i].name, name) == 0 && cr->media[i].want == want)
            return &cr->media[i];
    if (cr->n_media == cr->cap_media) {
        size_t cap = cr->cap_media ? cr->cap_media * 2 : 16;
        media_info *nm = realloc(cr->media, cap * sizeof *nm);
        if (!nm) {
            cr->oom = 1;
            return NULL;
        }
        cr->media = nm;
        cr->cap_media = cap;
    }
    media_info *m = &cr->media[cr->n_media++];
    memset(m, 0, sizeof *m);
    m->name = name;
    m->want = want;
    *fresh = 1;
    return m;
}

/* Reads the head of an entry (streams for big media; reads small ones). */
static int read_head(lectern_reader *r, const lectern_entry_info *e, unsigned char *buf,
                     size_t cap, size_t *got, lectern_error *err)
{
    *got = 0;
    lectern_stream *s = NULL;
    if (lectern_stream_open(r, e->name, &s, err) == 0) {
        while (*got < cap) {
            long long n = lectern_stream_read(s, buf + *got, cap - *got);
            if (n < 0) {
                lectern_stream_close(s);
                return lectern_error_set(err, (int)n, "read error");
            }
            if (n == 0)
                break;
            *got += (size_t)n;
        }
        lectern_stream_close(s);
        return 0;
    }
    if (e->size > LECTERN_MAX_READ_BYTES)
        return err->code ? err->code : LECTERN_EIO;
    void *data = NULL;
    size_t len = 0;
    int rc = lectern_reader_read(r, e->name, &data, &len, err);
    if (rc < 0)
        return rc;
    *got = len < cap ? len : cap;
    memcpy(buf, data, *got);
    free(data);
    return 0;
}

static const char *want_hint(lectern_media_class want)
{
    switch (want) {
    case LECTERN_MEDIA_CLASS_IMAGE: return pack_tr("use PNG, JPEG, WebP, GIF or SVG");
    case LECTERN_MEDIA_CLASS_VIDEO: return pack_tr("use WebM, MP4, Matroska or Ogg");
    case LECTERN_MEDIA_CLASS_SUBTITLE: return pack_tr("use WebVTT (.vtt) or SubRip (.srt)");
    case LECTERN_MEDIA_CLASS_FONT: return pack_tr("use a TrueType or OpenType font");
    default: return "";
    }
}

/* The kind of media file in the locale's language. */
static const char *kind_word(lectern_media_class c)
{
    switch (c) {
    case LECTERN_MEDIA_CLASS_IMAGE: return pack_tr("image");
    case LECTERN_MEDIA_CLASS_VIDEO: return pack_tr("video");
    case LECTERN_MEDIA_CLASS_SUBTITLE: return pack_tr("subtitle");
    case LECTERN_MEDIA_CLASS_FONT: return pack_tr("font");
    default: return lectern_media_class_name(c);
    }
}

/* Looks for an entry that differs only in case, for a hint. */
static const char *case_twin(lectern_reader *r, const char *name)
{
    for (size_t i = 0; i < lectern_reader_count(r); i++) {
        const char *n = lectern_reader_entry(r, i)->name;
        if (strcasecmp(n, name) == 0)
            return n;
    }
    return NULL;
}

static void check_media(check_run *cr, const lectern_media_ref *ref)
{
    const char *kind = kind_word(ref->want);
    const lectern_entry_info *e = lectern_reader_find(cr->r, ref->target);
    if (!e) {
        const char *twin = case_twin(cr->r, ref->target);
        if (twin)
            add_problem(cr, 1, ref->file, ref->path,
                        "%s not found; there is %s (names are case-sensitive): fix the path", ref->target, twin);
        else
            add_problem(cr, 1, ref->file, ref->path, "%s not found; add the file or fix the path", ref->target);
        return;
    }
    int fresh;
    media_info *m = media_slot(cr, e->name, ref->want, &fresh);
    if (!m || !fresh)
        return;
    if (e->size == 0) {
        add_problem(cr, 1, ref->file, ref->path, "%s is empty; replace it with a real %s file", ref->target, kind);
        return;
    }
    lectern_error err = {0};
    unsigned char head[LECTERN_MEDIA_SNIFF_BYTES];
    size_t got = 0;
    void *data = NULL;
    size_t len = 0;
    if (ref->want == LECTERN_MEDIA_CLASS_IMAGE) {
        if (lectern_reader_read(cr->r, e->name, &data, &len, &err) < 0) {
            add_problem(cr, 1, ref->file, ref->path, "%s cannot be read: %s", ref->target, err.msg);
            return;
        }
        m->type = lectern_media_sniff(data, len);
    } else {
        if (read_head(cr->r, e, head, sizeof head, &got, &err) < 0) {
            add_problem(cr, 1, ref->file, ref->path, "%s cannot be read: %s", ref->target, err.msg);
            return;
        }
        m->type = lectern_media_sniff(head, got);
    }
    lectern_media_class is = lectern_media_class_of(m->type);
    if (is != ref->want) {
        if (is == LECTERN_MEDIA_CLASS_NONE)
            add_problem(cr, 1, ref->file, ref->path, "%s is not a known %s format; %s", ref->target, kind,
                        want_hint(ref->want));
        else
            add_problem(cr, 1, ref->file, ref->path, "%s is a %s file (%s), not a %s; %s", ref->target,
                        lectern_media_type_name(m->type), kind_word(is), kind,
                        want_hint(ref->want));
        goto done;
    }
    lectern_media_class ext = lectern_media_class_from_name(e->name);
    if (ext != is)
        add_problem(cr, 0, ref->file, ref->path, "%s holds %s data but its name does not say so; rename it",
                    ref->target, lectern_media_type_name(m->type));
    if (ref->want == LECTERN_MEDIA_CLASS_IMAGE) {
        if (lectern_media_image_check(data, len, ref->target, &err) < 0) {
            add_problem(cr, 1, ref->file, ref->path, "%s", err.msg);
            goto done;
        }
        lectern_error lerr = {0};
        const pack_media_api *api = pack_media_get(&lerr);
        char why[512];
        if (!api) {
            add_problem(cr, 1, ref->file, ref->path, "%s was not decoded: %s", ref->target, lerr.msg);
            goto done;
        }
        if (api->image_size(data, len, &m->width, &m->height, why, sizeof why) < 0) {
            add_problem(cr, 1, ref->file, ref->path, "%s does not decode as %s (%s); re-export the image",
                        ref->target, lectern_media_type_name(m->type), why);
            goto done;
        }
        if (m->width > 8192 || m->height > 8192)
            add_problem(cr, 0, ref->file, ref->path,
                        "%s is %dx%d; images above 8192 pixels a side waste memory, scale it down",
                        ref->target, m->width, m->height);
    }
    if (ref->want == LECTERN_MEDIA_CLASS_SUBTITLE) {
        /* the player parses subtitles when the video plays: find the limits and
         * unusable files now (4 MiB, 20,000 cues, at least one usable cue) */
        lectern_subtitles *subs = NULL;
        if (lectern_subtitles_load(cr->r, e->name, &subs, &err) < 0) {
            add_problem(cr, 1, ref->file, ref->path, "%s", err.msg);
            goto done;
        }
        if (lectern_subtitles_n_warnings(subs) > 0)
            add_problem(cr, 0, ref->file, ref->path, "%s (%zu cues skipped)",
                        lectern_subtitles_first_warning(subs), lectern_subtitles_n_warnings(subs));
        lectern_subtitles_free(subs);
    }
    if (ref->want == LECTERN_MEDIA_CLASS_VIDEO && lectern_reader_kind(cr->r) != LECTERN_SOURCE_DIR &&
        !e->stored)
        add_problem(cr, 0, ref->file, ref->path,
                    "%s is compressed in the zip; the player streams videos from stored entries (zip -n .webm:.mp4)",
                    ref->target);
    m->ok = 1;
done:
    free(data);
}

static int referenced(const check_run *cr, const char *name)
{
    for (size_t i = 0; i < cr->res.n_refs; i++)
        if (strcmp(cr->res.refs[i].target, name) == 0)
            return 1;
    return 0;
}

static void check_unused(check_run *cr)
{
    for (size_t i = 0; i < lectern_reader_count(cr->r); i++) {
        const char *n = lectern_reader_entry(cr->r, i)->name;
        if (strncmp(n, "media/", 6) != 0 && strncmp(n, "fonts/", 6) != 0)
            continue;
        if (!referenced(cr, n))
            add_problem(cr, 0, n, "", "not used by the course; refer to it or remove it");
    }
}

/* Exercise authoring checks (the exercise module's lectern_quiz_check),
 * re-homed to the module file and the item's JSON path. */
typedef struct quiz_ctx {
    check_run *cr;
    const char *file;
    const lectern_item *item;
} quiz_ctx;

static void quiz_diag(void *user, int error, const char *path, const char *msg)
{
    quiz_ctx *q = user;
    char full[600];
    snprintf(full, sizeof full, "items[%zu]%s%s", q->item->index_in_module, *path ? "." : "", path);
    /* msg repeats "ID: PATH: "; keep only what follows */
    size_t il = strlen(q->item->id), pl = strlen(path);
    if (strncmp(msg, q->item->id, il) == 0 && strncmp(msg + il, ": ", 2) == 0) {
        msg += il + 2;
        if (pl && strncmp(msg, path, pl) == 0 && strncmp(msg + pl, ": ", 2) == 0)
            msg += pl + 2;
    }
    add_problem(q->cr, error, q->file, full, "%s", msg);
}

static void check_exercises(check_run *cr)
{
    const lectern_course *c = cr->res.course;
    for (size_t i = 0; c && i < lectern_course_n_items(c); i++) {
        const lectern_item *it = lectern_course_item(c, i);
        if (it->kind != LECTERN_ITEM_EXERCISE || !it->exercise_json)
            continue;
        quiz_ctx q = {cr, lectern_course_module(c, it->module_index)->file, it};
        if (lectern_quiz_check(it->exercise_json, it->id, quiz_diag, &q) == LECTERN_ENOMEM)
            cr->oom = 1;
    }
}

static void print_line(FILE *out, int error, const char *file, const char *path, int line, int col,
                       const char *msg)
{
    const char *sev = error ? pack_tr("error") : pack_tr("warning");
    if (line > 0)
        fprintf(out, "%s: %s:%d:%d: %s\n", sev, file, line, col, msg);
    else if (path && *path)
        fprintf(out, "%s: %s: %s: %s\n", sev, file, path, msg);
    else
        fprintf(out, "%s: %s: %s\n", sev, file, msg);
}

static void print_json(FILE *out, const char *target, check_run *cr)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "path", target);
    cJSON_AddStringToObject(root, "source", lectern_reader_note(cr->r));
    if (cr->res.course) {
        cJSON_AddStringToObject(root, "id", lectern_course_id(cr->res.course));
        cJSON_AddStringToObject(root, "version", lectern_course_version(cr->res.course));
    }
    cJSON_AddNumberToObject(root, "errors", (double)cr->n_errors);
    cJSON_AddNumberToObject(root, "warnings", (double)cr->n_warnings);
    cJSON *arr = cJSON_AddArrayToObject(root, "problems");
    for (size_t i = 0; i < cr->res.n_diags; i++) {
        const lectern_diag *d = &cr->res.diags[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "severity", d->error ? "error" : "warning");
        cJSON_AddStringToObject(o, "file", d->file);
        cJSON_AddStringToObject(o, "path", d->path);
        if (d->line > 0) {
            cJSON_AddNumberToObject(o, "line", d->line);
            cJSON_AddNumberToObject(o, "column", d->column);
        }
        cJSON_AddStringToObject(o, "message", d->msg);
        cJSON_AddItemToArray(arr, o);
    }
    for (size_t i = 0; i < cr->n_probs; i++) {
        const problem *p = &cr->probs[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "severity", p->error ? "error" : "warning");
        cJSON_AddStringToObject(o, "file", p->file);
        cJSON_AddStringToObject(o, "path", p->path);
        cJSON_AddStringToObject(o, "message", p->msg);
        cJSON_AddItemToArray(arr, o);
    }
    cJSON *media = cJSON_AddArrayToObject(root, "media");
    for (size_t i = 0; i < cr->n_media; i++) {
        const media_info *m = &cr->media[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "file", m->name);
        cJSON_AddStringToObject(o, "kind", lectern_media_class_name(m->want));
        cJSON_AddStringToObject(o, "type", lectern_media_type_name(m->type));
        if (m->width > 0) {
            cJSON_AddNumberToObject(o, "width", m->width);
            cJSON_AddNumberToObject(o, "height", m->height);
        }
        cJSON_AddBoolToObject(o, "ok", m->ok);
        cJSON_AddItemToArray(media, o);
    }
    char *s = cJSON_Print(root);
    if (s)
        fprintf(out, "%s\n", s);
    free(s);
    cJSON_Delete(root);
}

enum { OUT_TEXT = 0, OUT_JSON = 1, OUT_QUIET = 2 };

static void fit_warn(void *ctx, const char *file, const char *path, const char *msg)
{
    add_problem(ctx, 0, file, path, "%s", msg);
}

/* Checks `target`; prints problems to `out`. Returns the exit code. */
static int run_check(const char *target, FILE *out, int mode, int verbose)
{
    struct stat st;
    if (stat(target, &st) != 0) {
        fprintf(stderr, pack_tr("lectern-pack: check: %s: no such file or folder\n"), target);
        return 2;
    }
    check_run cr;
    memset(&cr, 0, sizeof cr);
    lectern_error err = {0};
    if (lectern_reader_open(target, 0, &cr.r, &err) < 0) {
        if (mode == OUT_JSON) {
            add_problem(&cr, 1, target, "", "%s", err.msg);
            print_json(out, target, &cr);
        } else {
            fprintf(out, "%s: %s: %s\n", pack_tr("error"), target, err.msg);
            if (mode == OUT_TEXT) {
                fprintf(out, pack_ntr("%zu error", "%zu errors", 1), (size_t)1);
                fprintf(out, "%s", pack_tr(", "));
                fprintf(out, pack_ntr("%zu warning", "%zu warnings", 0), (size_t)0);
                fprintf(out, "\n");
            }
        }
        free(cr.probs);
        return 1;
    }
    int rc = lectern_course_check(cr.r, &cr.res, &err);
    if (rc == LECTERN_ENOMEM || rc == LECTERN_EINVAL) {
        fprintf(stderr, "lectern-pack: check: %s\n", err.msg);
        lectern_reader_close(cr.r);
        return 1;
    }
    cr.n_errors = cr.res.n_errors;
    cr.n_warnings = cr.res.n_warnings;
    /* a package whose signature does not match its manifest is refused by
     * the player and by install: say so here too */
    if (lectern_reader_signed(cr.r) && lectern_sign_check_package(target, NULL, NULL, &err) < 0)
        add_problem(&cr, 1, "lectern.sig", "", "%s", err.msg);
    check_exercises(&cr);
    for (size_t i = 0; i < cr.res.n_refs; i++)
        check_media(&cr, &cr.res.refs[i]);
    if (cr.res.n_errors == 0)   /* with errors the reference list is incomplete */
        check_unused(&cr);
    /* text that does not fit (the player's layout; not during build, for speed) */
    if (cr.res.n_errors == 0 && cr.res.course && mode != OUT_QUIET) {
        const pack_media_api *api = pack_media_get(&err);
        if (!api)
            add_problem(&cr, 1, target, "", "text fit not checked: %s", err.msg);
        else if (api->has_fit)
            api->check_fit(cr.r, cr.res.course, fit_warn, &cr);
    }
    if (mode == OUT_JSON) {
        print_json(out, target, &cr);
    } else {
        if (mode == OUT_TEXT && lectern_reader_kind(cr.r) == LECTERN_SOURCE_PLAIN_ZIP)
            fprintf(out, "%s: %s: %s\n", pack_tr("note"), target, lectern_reader_note(cr.r));
        for (size_t i = 0; i < cr.res.n_diags; i++) {
            const lectern_diag *d = &cr.res.diags[i];
            print_line(out, d->error, d->file, d->path, d->line, d->column, d->msg);
        }
        if (cr.res.n_diags < cr.res.n_errors + cr.res.n_warnings)
            fprintf(out, pack_tr("note: %zu more problems in the course files are not listed; fix these first\n"),
                    cr.res.n_errors + cr.res.n_warnings - cr.res.n_diags);
        for (size_t i = 0; i < cr.n_probs; i++)
            print_line(out, cr.probs[i].error, cr.probs[i].file, cr.probs[i].path, 0, 0, cr.probs[i].msg);
        if (verbose) {
            for (size_t i = 0; i < cr.n_media; i++) {
                const media_info *m = &cr.media[i];
                if (!m->ok)
                    continue;
                if (m->width > 0)
                    fprintf(out, "ok: %s: %s %dx%d\n", m->name, lectern_media_type_name(m->type),
                            m->width, m->height);
                else
                    fprintf(out, "ok: %s: %s\n", m->name, lectern_media_type_name(m->type));
            }
        }
        if (mode == OUT_TEXT) {
            if (cr.res.course && verbose)
                fprintf(out, "%s %s: %zu modules, %zu items, %zu plans, %zu media files\n",
                        lectern_course_id(cr.res.course), lectern_course_version(cr.res.course),
                        lectern_course_n_modules(cr.res.course), lectern_course_n_items(cr.res.course),
                        lectern_course_n_plans(cr.res.course), cr.n_media);
            /* TRANSLATORS: the summary is "N errors" ", " "M warnings" */
            fprintf(out, pack_ntr("%zu error", "%zu errors", cr.n_errors), cr.n_errors);
            fprintf(out, "%s", pack_tr(", "));
            fprintf(out, pack_ntr("%zu warning", "%zu warnings", cr.n_warnings), cr.n_warnings);
            fprintf(out, "\n");
        }
    }
    int code = cr.n_errors || cr.oom ? 1 : 0;
    lectern_check_result_free(&cr.res);
    free(cr.probs);
    free(cr.media);
    lectern_reader_close(cr.r);
    return code;
}

int cmd_check(int argc, char **argv)
{
    const char *target = NULL;
    int mode = OUT_TEXT, verbose = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) {
            mode = OUT_JSON;
        } else if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
            verbose = 1;
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: lectern-pack check [--json] [-v] DIR|PKG\n"
                   "Checks a course source folder, a .lectern package or a zip of a course.\n"
                   "Prints one line per problem (error: FILE: PATH: message), then a summary.\n"
                   "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage.\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "lectern-pack: check: unknown option %s\nusage: lectern-pack check [--json] [-v] DIR|PKG\n",
                    argv[i]);
            return 2;
        } else if (!target) {
            target = argv[i];
        } else {
            fprintf(stderr, "lectern-pack: check: one course at a time\nusage: lectern-pack check [--json] [-v] DIR|PKG\n");
            return 2;
        }
    }
    if (mode == OUT_JSON)
        pack_i18n_english();   /* for programs: English messages, like plan --json */
    if (!target) {
        fprintf(stderr, "lectern-pack: check needs a course folder or package\nusage: lectern-pack check [--json] [-v] DIR|PKG\n");
        return 2;
    }
    return run_check(target, stdout, mode, verbose);
}

int cmd_check_quiet(const char *dir)
{
    int rc = run_check(dir, stderr, OUT_QUIET, 0);
    return rc == 2 ? 1 : rc;
}
