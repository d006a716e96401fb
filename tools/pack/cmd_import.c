/* lectern-pack import DECK.pdf|DECK.pptx|DECK.odp|IMAGE_FOLDER -o SOURCE_DIR:
 * turns an existing slide deck into a course module of `image` slides (PDF
 * pages rendered 1920 px wide by poppler's pdftoppm, their text from pdftotext
 * kept as alt text and notes; PPTX/ODP converted by LibreOffice first). Work
 * happens in a staging folder beside SOURCE_DIR that must pass `check`
 * before it replaces SOURCE_DIR in one rename: on failure nothing changes. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "import_internal.h"
#include "lectern/course.h"

#define ALT_MAX 1000            /* bytes of page text kept as alt text */
#define NOTES_MAX 60000         /* below the 64 KiB string limit */
#define TITLE_MAX 150
#define MODULE_ID_MAX 56        /* leaves room for "-s0001" in item ids */

/* Ctrl-C, hang-up and kill end the tools we run (same process group) and
 * set a flag, so the import fails through its normal clean-up. */
static volatile sig_atomic_t interrupted;

typedef struct slide {
    char *image;                /* media/<module>/slide-NNN.<ext> */
    char *text;                 /* cleaned page text ("" for none) */
    char *alt_fallback;         /* alt when the page has no text */
} slide;

typedef struct import_job {
    const char *input, *out, *module_arg, *title_arg, *id_arg, *lang;
    int titles;                 /* --titles: first text line becomes the title */
    int append;                 /* SOURCE_DIR holds a course: add a module */
    char module[80];
    char deck_name[256];        /* input file name without folder */
    char deck_stem[256];        /* ... and without extension */
    char stage[4200];           /* the new SOURCE_DIR being built */
    char work[4200];            /* intermediate files (converted PDF, texts, logs) */
    slide *slides;
    size_t n_slides;
} import_job;

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "lectern-pack: import: %s\n", msg);
    fprintf(stderr, "usage: lectern-pack import DECK.pdf|DECK.pptx|DECK.odp|IMAGE_FOLDER -o SOURCE_DIR\n"
                    "                           [--module ID] [--title TITLE] [--id COURSE_ID]\n"
                    "                           [--lang CODE] [--titles]\n");
    return 2;
}

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("lectern-pack: import: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return 1;
}

/* Prints the last lines of a tool's stderr log (after a failure). */
static void show_log(const char *path)
{
    size_t n;
    char *s = imp_read_file(path, &n);
    if (!s)
        return;
    const char *start = n > 1500 ? s + n - 1500 : s;
    if (*start)
        fprintf(stderr, "%s%s", start, n && s[n - 1] != '\n' ? "\n" : "");
    free(s);
}

/* An argv path that a tool cannot mistake for an option. */
static const char *argpath(const char *p, char *buf, size_t cap)
{
    if (p[0] != '-')
        return p;
    snprintf(buf, cap, "./%s", p);
    return buf;
}

static int add_slide(import_job *job, const char *ext, const char *src_file,
                     const char *text, const char *alt_fallback)
{
    slide *ns = realloc(job->slides, (job->n_slides + 1) * sizeof *ns);
    if (!ns)
        return fail("out of memory");
    job->slides = ns;
    slide *s = &job->slides[job->n_slides];
    char rel[256], dst[8192];
    snprintf(rel, sizeof rel, "media/%s/slide-%03zu.%s", job->module, job->n_slides + 1, ext);
    snprintf(dst, sizeof dst, "%s/%s", job->stage, rel);
    if (rename(src_file, dst) != 0 && imp_copy_file(src_file, dst) != 0)
        return fail("cannot write %s: %s", dst, strerror(errno));
    s->image = strdup(rel);
    s->text = strdup(text ? text : "");
    s->alt_fallback = strdup(alt_fallback);
    job->n_slides++;
    if (!s->image || !s->text || !s->alt_fallback)
        return fail("out of memory");
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strverscmp(*(char *const *)a, *(char *const *)b);
}

static int has_ext(const char *name, const char *const *exts)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    for (; *exts; exts++)
        if (!strcasecmp(dot + 1, *exts))
            return 1;
    return 0;
}

/* IMAGE_FOLDER: every PNG/JPEG/WebP in natural name order (2 before 10). */
static int import_folder(import_job *job)
{
    static const char *const exts[] = {"png", "jpg", "jpeg", "webp", NULL};
    DIR *d = opendir(job->input);
    if (!d)
        return fail("%s: %s", job->input, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    int rc = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !has_ext(e->d_name, exts))
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn || !(nn[n] = strdup(e->d_name))) {
            names = nn ? nn : names;
            fail("out of memory");
            goto out;
        }
        names = nn;
        n++;
    }
    if (n == 0) {
        fail("%s: no PNG, JPEG or WebP images in this folder", job->input);
        goto out;
    }
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && !interrupted; i++) {
        char src[8192], copy[8192];
        snprintf(src, sizeof src, "%s/%s", job->input, names[i]);
        const char *ext = imp_sniff_image(src);
        if (!ext) {
            fail("%s: not a PNG, JPEG or WebP image (its first bytes say otherwise); "
                 "convert it or move it out of the folder", src);
            goto out;
        }
        snprintf(copy, sizeof copy, "%s/image-%zu", job->work, i);
        if (imp_copy_file(src, copy) != 0) {
            fail("cannot copy %s: %s", src, strerror(errno));
            goto out;
        }
        /* alt: the file name without extension, to be replaced by the author */
        char alt[600];
        snprintf(alt, sizeof alt, "%s", names[i]);
        char *dot = strrchr(alt, '.');
        if (dot && dot != alt)
            *dot = '\0';
        for (char *p = alt; *p; p++)
            if (*p == '_' || (unsigned char)*p < 0x20)
                *p = ' ';
        char *clean = imp_text_clean(alt, 500);
        int bad = !clean || add_slide(job, ext, copy, "", clean && *clean ? clean : "Image") != 0;
        free(clean);
        if (bad)
            goto out;
    }
    rc = 0;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    return rc;
}

/* The text of each page: one pdftotext run split on form feeds, or one run
 * per page when the page count does not match. texts[i] is malloc'd. */
static int page_texts(import_job *job, const char *pdf, size_t pages, char **texts)
{
    char txt[8192], log[8192], pbuf[8192];
    snprintf(txt, sizeof txt, "%s/text.txt", job->work);
    snprintf(log, sizeof log, "%s/pdftotext.log", job->work);
    char *argv[] = {"pdftotext", "-layout", "-enc", "UTF-8", (char *)argpath(pdf, pbuf, sizeof pbuf),
                    txt, NULL};
    if (imp_run(argv, log) != 0) {
        show_log(log);
        return fail("%s: pdftotext could not read the text of the deck", job->input);
    }
    char *all = imp_read_file(txt, NULL);
    if (!all)
        return fail("%s: %s", txt, strerror(errno));
    size_t found = 0;
    for (char *p = all; *p; p++)
        found += *p == '\f';
    if (found == pages) {
        char *p = all;
        for (size_t i = 0; i < pages; i++) {
            char *ff = strchr(p, '\f');
            *ff = '\0';
            texts[i] = strdup(p);
            p = ff + 1;
        }
        free(all);
        return 0;
    }
    free(all);
    for (size_t i = 0; i < pages; i++) {
        char first[32];
        snprintf(first, sizeof first, "%zu", i + 1);
        char *pargv[] = {"pdftotext", "-layout", "-enc", "UTF-8", "-f", first, "-l", first,
                         (char *)argpath(pdf, pbuf, sizeof pbuf), txt, NULL};
        unlink(txt);
        if (imp_run(pargv, log) != 0) {
            show_log(log);
            return fail("%s: pdftotext could not read page %zu", job->input, i + 1);
        }
        texts[i] = imp_read_file(txt, NULL);
        if (texts[i]) {
            char *ff = strchr(texts[i], '\f');
            if (ff)
                *ff = '\0';
        }
    }
    return 0;
}

static int import_pdf(import_job *job, const char *pdf)
{
    char tool[4096], log[8192], prefix[8192], pbuf[8192];
    if (!imp_which("pdftoppm", tool, sizeof tool) || !imp_which("pdftotext", tool, sizeof tool))
        return fail("importing a PDF needs poppler's pdftoppm and pdftotext, which are not "
                    "installed: apt-get install poppler-utils");
    char pages_dir[4400];
    snprintf(pages_dir, sizeof pages_dir, "%s/pages", job->work);
    if (mkdir(pages_dir, 0755) != 0)
        return fail("%s: %s", pages_dir, strerror(errno));
    snprintf(prefix, sizeof prefix, "%s/p", pages_dir);
    int st = imp_render_pdf(argpath(pdf, pbuf, sizeof pbuf), prefix, job->work, log, sizeof log);
    if (st != 0) {
        show_log(log);
        return fail("%s: pdftoppm could not render the deck (exit status %d); is it a PDF?",
                    job->input, st);
    }
    /* pdftoppm writes p-1.png, p-01.png or p-001.png... depending on the page count */
    DIR *d = opendir(pages_dir);
    if (!d)
        return fail("%s: %s", pages_dir, strerror(errno));
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    int rc = 1;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "p-", 2) != 0)
            continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn || !(nn[n] = strdup(e->d_name))) {
            names = nn ? nn : names;
            closedir(d);
            fail("out of memory");
            goto out;
        }
        names = nn;
        n++;
    }
    closedir(d);
    if (n == 0) {
        fail("%s: the PDF has no pages", job->input);
        goto out;
    }
    qsort(names, n, sizeof *names, cmp_names);
    char **texts = calloc(n, sizeof *texts);
    if (!texts) {
        fail("out of memory");
        goto out;
    }
    if (page_texts(job, pdf, n, texts) == 0) {
        size_t i;
        for (i = 0; i < n; i++) {
            char src[4400 + 256], fallback[600];
            snprintf(src, sizeof src, "%s/%s", pages_dir, names[i]);
            snprintf(fallback, sizeof fallback, "Page %zu of %s", i + 1, job->deck_name);
            char *clean = imp_text_clean(texts[i] ? texts[i] : "", NOTES_MAX);
            int bad = !clean || add_slide(job, "png", src, clean, fallback) != 0;
            free(clean);
            if (bad)
                break;
        }
        rc = i == n ? 0 : 1;
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

/* PPTX, ODP (and other decks LibreOffice opens): convert to PDF first. */
static int import_office(import_job *job)
{
    char lo[4096];
    if (!imp_which("libreoffice", lo, sizeof lo) && !imp_which("soffice", lo, sizeof lo))
        return fail("%s: converting a PowerPoint or Impress deck needs LibreOffice, which is "
                    "not installed: apt-get install libreoffice-impress (or save the deck as "
                    "PDF and import the PDF)", job->input);
    /* a private profile: a running LibreOffice would otherwise take the job and do nothing */
    char profile[8192], url[8192 * 3 + 16], log[8192], pbuf[8192];
    snprintf(profile, sizeof profile, "%s/lo-profile", job->work);
    size_t k = (size_t)snprintf(url, sizeof url, "-env:UserInstallation=file://");
    for (const unsigned char *p = (const unsigned char *)profile; *p && k + 4 < sizeof url; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-_.~", *p))
            url[k++] = (char)*p;
        else
            k += (size_t)snprintf(url + k, sizeof url - k, "%%%02X", *p);
    }
    url[k] = '\0';
    snprintf(log, sizeof log, "%s/libreoffice.log", job->work);
    char *argv[] = {lo, "--headless", "--norestore", url, "--convert-to", "pdf",
                    "--outdir", job->work, (char *)argpath(job->input, pbuf, sizeof pbuf), NULL};
    int st = imp_run(argv, log);
    char pdf[8192];
    snprintf(pdf, sizeof pdf, "%s/%s.pdf", job->work, job->deck_stem);
    if (st != 0 || access(pdf, R_OK) != 0) {
        show_log(log);
        return fail("%s: LibreOffice (%s) did not convert the deck to PDF (exit status %d)",
                    job->input, lo, st);
    }
    return import_pdf(job, pdf);
}

/* modules/<module>.json: one image slide per page. */
static char *module_json(const import_job *job, const char *title)
{
    strbuf b = {0};
    int width = job->n_slides > 999 ? 4 : 3;
    sb_puts(&b, "{\n  \"id\": ");
    sb_json(&b, job->module);
    sb_puts(&b, ",\n  \"title\": ");
    sb_json(&b, title);
    char desc[600];
    snprintf(desc, sizeof desc, "Imported from %s", job->deck_name);
    sb_puts(&b, ",\n  \"description\": ");
    sb_json(&b, desc);
    sb_puts(&b, ",\n  \"items\": [\n");
    for (size_t i = 0; i < job->n_slides; i++) {
        const slide *s = &job->slides[i];
        char id[128];
        snprintf(id, sizeof id, "%s-s%0*zu", job->module, width, i + 1);
        char *alt = imp_text_oneline(s->text, ALT_MAX);
        char *title_line = job->titles ? imp_text_first_line(s->text, TITLE_MAX) : NULL;
        sb_puts(&b, "    { \"id\": ");
        sb_json(&b, id);
        sb_puts(&b, ", \"type\": \"slide\", \"layout\": \"image\",\n");
        if (title_line && *title_line) {
            sb_puts(&b, "      \"title\": ");
            sb_json(&b, title_line);
            sb_puts(&b, ",\n");
        }
        sb_puts(&b, "      \"image\": ");
        sb_json(&b, s->image);
        sb_puts(&b, ", \"fit\": \"fit\",\n      \"alt\": ");
        sb_json(&b, alt && *alt ? alt : s->alt_fallback);
        if (*s->text) {
            sb_puts(&b, ",\n      \"notes\": ");
            sb_json(&b, s->text);
        }
        sb_puts(&b, i + 1 < job->n_slides ? " },\n" : " }\n");
        if (!alt)
            b.oom = 1;
        free(alt);
        free(title_line);
    }
    sb_puts(&b, "  ]\n}\n");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

static char *course_json(const import_job *job, const char *title)
{
    strbuf b = {0};
    char id[128], slug[64];
    if (job->id_arg) {
        snprintf(id, sizeof id, "%s", job->id_arg);
    } else {
        imp_slug(job->deck_stem, slug, 48);
        snprintf(id, sizeof id, "org.example.%s", *slug ? slug : "imported-deck");
    }
    sb_puts(&b, "{\n  \"format\": 1,\n  \"id\": ");
    sb_json(&b, id);
    sb_puts(&b, ",\n  \"version\": \"0.1.0\",\n  \"title\": ");
    sb_json(&b, title);
    sb_puts(&b, ",\n  \"languages\": [");
    sb_json(&b, job->lang);
    sb_puts(&b, "],\n  \"modules\": [");
    sb_json(&b, job->module);
    sb_puts(&b, "]\n}\n");
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

/* Skips the JSON string starting at s[i] == '"'; returns the index after it. */
static size_t skip_string(const char *s, size_t i)
{
    for (i++; s[i] && s[i] != '"'; i++)
        if (s[i] == '\\' && s[i + 1])
            i++;
    return s[i] ? i + 1 : i;
}

/* Adds "module" to the top-level "modules" array of course.json text,
 * keeping the author's formatting. NULL when the array is not found. */
static char *course_add_module(const char *s, const char *module)
{
    int depth = 0;
    for (size_t i = 0; s[i]; i++) {
        char c = s[i];
        if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == '"') {
            size_t end = skip_string(s, i), j = end;
            while (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')
                j++;
            int key_modules = depth == 1 && s[j] == ':' && end - i == 9 && !strncmp(s + i, "\"modules\"", 9);
            i = end - 1;
            if (!key_modules)
                continue;
            for (j++; s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'; j++)
                ;
            if (s[j] != '[')
                return NULL;
            size_t last = j;    /* last non-space byte inside the array */
            int d = 0;
            for (size_t k = j; s[k]; k++) {
                if (s[k] == '"') {
                    k = skip_string(s, k) - 1;
                    last = k;
                    continue;
                }
                if (s[k] == '[' || s[k] == '{')
                    d++;
                else if (s[k] == ']' || s[k] == '}')
                    d--;
                if (d == 0) {
                    strbuf b = {0};
                    sb_add(&b, s, last + 1);
                    /* one id a line: the new one goes on its own line, indented alike */
                    size_t ls = last;
                    while (ls > 0 && s[ls - 1] != '\n')
                        ls--;
                    size_t ind = ls;
                    while (s[ind] == ' ' || s[ind] == '\t')
                        ind++;
                    if (last == j) {
                        sb_puts(&b, "\"");
                    } else if (memchr(s + last, '\n', k - last) && ls > j) {
                        sb_puts(&b, ",\n");
                        sb_add(&b, s + ls, ind - ls);
                        sb_puts(&b, "\"");
                    } else {
                        sb_puts(&b, ", \"");
                    }
                    sb_puts(&b, module);
                    sb_puts(&b, "\"");
                    sb_puts(&b, s + last + 1);
                    if (b.oom) {
                        free(b.s);
                        return NULL;
                    }
                    return b.s;
                }
                if (s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r')
                    last = k;
            }
            return NULL;
        }
    }
    return NULL;
}

/* Writes the module and course.json into the staging folder. */
static int write_course(import_job *job)
{
    const char *title = job->title_arg ? job->title_arg : job->deck_stem;
    char path[8192];
    char *mod = module_json(job, title);
    if (!mod)
        return fail("out of memory");
    snprintf(path, sizeof path, "%s/modules", job->stage);
    int rc = imp_mkdirs(path);
    snprintf(path, sizeof path, "%s/modules/%s.json", job->stage, job->module);
    if (rc == 0)
        rc = imp_write_file(path, mod, strlen(mod));
    free(mod);
    if (rc != 0)
        return fail("cannot write %s: %s", path, strerror(errno));
    snprintf(path, sizeof path, "%s/course.json", job->stage);
    char *course;
    if (job->append) {
        char *old = imp_read_file(path, NULL);
        if (!old)
            return fail("cannot read %s/course.json: %s", job->out, strerror(errno));
        course = course_add_module(old, job->module);
        free(old);
        if (!course)
            return fail("%s/course.json: no \"modules\" list found to add \"%s\" to; "
                        "run lectern-pack check on it", job->out, job->module);
        /* course.json is a hard link to the original: replace, never write through */
        if (unlink(path) != 0) {
            free(course);
            return fail("cannot replace %s: %s", path, strerror(errno));
        }
    } else {
        course = course_json(job, title);
        if (!course)
            return fail("out of memory");
    }
    rc = imp_write_file(path, course, strlen(course));
    free(course);
    if (rc != 0)
        return fail("cannot write %s: %s", path, strerror(errno));
    return 0;
}

/* Fills job->module, deck names, append; checks the target. */
static int plan_job(import_job *job, int *is_dir)
{
    struct stat st;
    if (stat(job->input, &st) != 0)
        return fail("%s: %s", job->input, strerror(errno)) + 1;
    *is_dir = S_ISDIR(st.st_mode);
    char in[4096];
    snprintf(in, sizeof in, "%s", job->input);
    size_t n = strlen(in);
    while (n > 1 && in[n - 1] == '/')
        in[--n] = '\0';
    const char *base = strrchr(in, '/');
    snprintf(job->deck_name, sizeof job->deck_name, "%.255s", base ? base + 1 : in);
    snprintf(job->deck_stem, sizeof job->deck_stem, "%s", job->deck_name);
    char *dot = strrchr(job->deck_stem, '.');
    if (dot && dot != job->deck_stem && !*is_dir)
        *dot = '\0';
    if (job->module_arg) {
        if (!lectern_id_valid(job->module_arg) || strlen(job->module_arg) > MODULE_ID_MAX) {
            fprintf(stderr, "lectern-pack: import: \"%s\" is not a valid module id; use 1 to %d "
                            "characters from a-z 0-9 . _ -, starting with a letter or digit\n",
                    job->module_arg, MODULE_ID_MAX);
            return 2;
        }
        snprintf(job->module, sizeof job->module, "%s", job->module_arg);
    } else {
        imp_slug(job->deck_stem, job->module, 41);
        if (!job->module[0])
            snprintf(job->module, sizeof job->module, "imported");
    }
    if (job->id_arg && !lectern_id_valid(job->id_arg)) {
        fprintf(stderr, "lectern-pack: import: \"%s\" is not a valid course id\n", job->id_arg);
        return 2;
    }
    /* the target: absent or empty (new course), or a course (append) */
    char path[8192];
    if (stat(job->out, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return fail("%s exists and is not a folder", job->out);
        snprintf(path, sizeof path, "%s/course.json", job->out);
        if (access(path, F_OK) == 0) {
            if (!job->module_arg)
                return fail("%s already holds a course; to add the deck to it as a new module, "
                            "pass --module ID", job->out);
            job->append = 1;
        } else {
            DIR *d = opendir(job->out);
            struct dirent *e;
            int used = 0;
            while (d && (e = readdir(d)))
                used |= strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
            if (d)
                closedir(d);
            if (used)
                return fail("%s is a folder with files but no course.json; choose a new folder "
                            "(or an existing course with --module ID)", job->out);
        }
    }
    if (job->append) {
        snprintf(path, sizeof path, "%s/modules/%s.json", job->out, job->module);
        if (access(path, F_OK) == 0)
            return fail("%s already has a module \"%s\" (%s); choose another --module id",
                        job->out, job->module, path);
        snprintf(path, sizeof path, "%s/media/%s", job->out, job->module);
        if (access(path, F_OK) == 0)
            return fail("%s already exists; choose another --module id", path);
    }
    return 0;
}

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
    imp_stop_child();
}

static int catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    return sigaction(SIGINT, &sa, NULL) | sigaction(SIGTERM, &sa, NULL) | sigaction(SIGHUP, &sa, NULL);
}

int cmd_import(int argc, char **argv)
{
    import_job job = {0};
    job.lang = "en";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **val = !strcmp(a, "-o") || !strcmp(a, "--output") ? &job.out
                         : !strcmp(a, "--module") ? &job.module_arg
                         : !strcmp(a, "--title") ? &job.title_arg
                         : !strcmp(a, "--id") ? &job.id_arg
                         : !strcmp(a, "--lang") ? &job.lang : NULL;
        if (val) {
            if (++i >= argc)
                return usage("an option needs a value");
            *val = argv[i];
        } else if (!strcmp(a, "--titles")) {
            job.titles = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: lectern-pack import DECK.pdf|DECK.pptx|DECK.odp|IMAGE_FOLDER -o SOURCE_DIR\n"
                   "         [--module ID] [--title TITLE] [--id COURSE_ID] [--lang CODE] [--titles]\n"
                   "Every page or image becomes an image slide; a PDF page's text becomes its alt\n"
                   "text and notes. SOURCE_DIR is created, or with --module an existing course gets\n"
                   "a new module. See \"Importing slide decks\" in courses/README.md.\n");
            return 0;
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option");
        } else if (!job.input) {
            job.input = a;
        } else {
            return usage("one deck or folder only");
        }
    }
    if (!job.input || !job.out)
        return usage("needs a deck (or image folder) and -o SOURCE_DIR");
    int is_dir = 0;
    int rc = plan_job(&job, &is_dir);
    if (rc != 0)
        return rc;

    rc = 1;
    catch_signals();
    char out[4096];
    snprintf(out, sizeof out, "%s", job.out);
    for (size_t n = strlen(out); n > 1 && out[n - 1] == '/';)
        out[--n] = '\0';
    snprintf(job.stage, sizeof job.stage, "%s.import-XXXXXX", out);
    const char *tmpdir = getenv("TMPDIR");
    snprintf(job.work, sizeof job.work, "%s/lectern-import-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(job.work)) {
        job.work[0] = '\0';
        fail("cannot create a temporary folder: %s", strerror(errno));
        goto out;
    }
    if (!mkdtemp(job.stage)) {
        job.stage[0] = '\0';
        fail("cannot create a folder next to %s: %s", job.out, strerror(errno));
        goto out;
    }
    char media[8192];
    snprintf(media, sizeof media, "%s/media/%s", job.stage, job.module);
    if (chmod(job.stage, 0755) != 0 || (job.append && imp_link_tree(out, job.stage) != 0) ||
        imp_mkdirs(media) != 0) {
        fail("cannot prepare %s: %s", job.stage, strerror(errno));
        goto out;
    }

    static const char *const office[] = {"pptx", "ppt", "odp", "pps", "ppsx", "key", "otp", "potx", NULL};
    if (is_dir)
        rc = import_folder(&job);
    else if (has_ext(job.input, office))
        rc = import_office(&job);
    else
        rc = import_pdf(&job, job.input);
    if (rc != 0 || interrupted) {
        rc = 1;
        goto out;
    }
    rc = 1;
    if (write_course(&job) != 0)
        goto out;
    if (cmd_check_quiet(job.stage) != 0 || interrupted) {
        if (interrupted)
            goto out;
        fail("the imported course does not pass check (problems above); %s was not changed",
             job.out);
        goto out;
    }
    if (job.append ? imp_exchange(out, job.stage) != 0 : rename(job.stage, out) != 0) {
        fail("cannot move the result into %s: %s", job.out, strerror(errno));
        goto out;
    }
    if (!job.append)
        job.stage[0] = '\0';    /* now the result: keep it */
    rc = 0;
    printf("imported %zu slide%s from %s into %s (module \"%s\")\n"
           "next: edit %s/modules/%s.json (titles, notes, alt text), then\n"
           "  lectern-pack check '%s'\n",
           job.n_slides, job.n_slides == 1 ? "" : "s", job.input, job.out, job.module,
           job.out, job.module, job.out);
out:
    if (interrupted && rc != 0)
        fail("interrupted; %s was not changed", job.out);
    imp_rm_tree(job.stage);     /* failure: the half-made course; append: the old tree */
    imp_rm_tree(job.work);
    for (size_t i = 0; i < job.n_slides; i++) {
        free(job.slides[i].image);
        free(job.slides[i].text);
        free(job.slides[i].alt_fallback);
    }
    free(job.slides);
    return rc;
}
