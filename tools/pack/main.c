/* lectern-pack: the authoring CLI. Usage, verb dispatch and the package
 * verbs (build, verify, info, ls, extract); check and init live in
 * cmd_check.c and cmd_init.c. Exit codes: 0 ok, 1 errors, 2 usage. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "pack_i18n.h"
#include "lectern/addendum.h"
#include "lectern/log.h"
#include "lectern/package.h"
#include "lectern/reader.h"

static const char usage_text[] =
    "usage: lectern-pack VERB ...\n"
    "\n"
    "  init DIR                 create a new course source folder\n"
    "  check DIR|PKG            check a course (JSON, schema, ids, media, plans)\n"
    "  build DIR -o PKG [--sign KEY] [--no-cache]\n"
    "                           check, then build a .lectern package (reproducible;\n"
    "                           unchanged files' hashes come from $XDG_CACHE_HOME/lectern)\n"
    "  verify PKG               check a package's structure and every SHA-256\n"
    "  info PKG [--json]        id, version, title, files, size, signed or not;\n"
    "                           an addendum: its base (id, version, hash) and changes\n"
    "  ls PKG                   list entries with sizes and storage\n"
    "  extract PKG DIR          unpack into DIR (never writes outside it)\n"
    "  import DECK|FOLDER -o DIR  PDF/PPTX/ODP deck or image folder to a course\n"
    "  plan COURSE --budget 45m [--from PLAN] [--json] [--agenda md|png --output FILE]\n"
    "                           a lesson plan fitted to a time budget (3d: days of 7 h 30)\n"
    "  search DIR|PKG QUERY [--lang CODE] [--audience] [--all]  find where words are used\n"
    "\n"
    "Exit status: 0 ok, 1 errors found, 2 usage error, 3 (plan) the budget is too short.\n";

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "lectern-pack: %s\n\n", msg);
    fputs(usage_text, stderr);
    return 2;
}

int pack_fail(const lectern_error *e)
{
    fprintf(stderr, "lectern-pack: %s\n", e->msg[0] ? e->msg : lectern_strerror(e->code));
    return 1;
}

int pack_usage_hint(const char *msg)
{
    fprintf(stderr, "lectern-pack: %s\nusage: see `lectern-pack help`\n", msg);
    return 2;
}

static int cmd_build(int argc, char **argv)
{
    const char *src = NULL, *out = NULL;
    lectern_build_opts opts = {0};
    int no_cache = 0;
    char *cache_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) {
            if (++i >= argc)
                return usage("build: -o needs a file name");
            out = argv[i];
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            opts.quiet = 1;
        } else if (!strcmp(argv[i], "--sign")) {
            if (++i >= argc)
                return usage("build: --sign needs a private key file (NAME.key)");
            opts.sign_key = argv[i];
        } else if (!strcmp(argv[i], "--no-cache")) {
            no_cache = 1;
        } else if (argv[i][0] == '-') {
            return usage("build: unknown option");
        } else if (!src) {
            src = argv[i];
        } else {
            return usage("build: one source folder only");
        }
    }
    if (!src || !out)
        return usage("build needs DIR and -o PKG");
    if (cmd_check_quiet(src) != 0) {
        fprintf(stderr, "lectern-pack: %s: check found errors; nothing was built\n", src);
        return 1;
    }
    /* the hash cache: $XDG_CACHE_HOME/lectern, else ~/.cache/lectern */
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (!no_cache && xdg && xdg[0] == '/' && asprintf(&cache_dir, "%s/lectern", xdg) < 0)
        cache_dir = NULL;
    else if (!no_cache && !cache_dir && home && home[0] == '/' && asprintf(&cache_dir, "%s/.cache/lectern", home) < 0)
        cache_dir = NULL;
    opts.cache_dir = cache_dir;
    lectern_error e = {0};
    int rc = lectern_package_build(src, out, &opts, &e);
    free(cache_dir);
    if (rc < 0)
        return pack_fail(&e);
    /* summary from the new package's listing (structure only: no second
     * hashing pass, the build just computed every hash) */
    lectern_reader *r;
    if (!opts.quiet && lectern_reader_open(out, 0, &r, &e) == 0) {
        unsigned long long total = 0;
        size_t n = lectern_reader_count(r);
        for (size_t i = 0; i < n; i++)
            total += lectern_reader_entry(r, i)->size;
        printf("%s: %zu files, %llu bytes%s\n", out, n, total, lectern_reader_signed(r) ? ", signed" : "");
        lectern_reader_close(r);
    } else if (!opts.quiet) {
        printf("%s: built\n", out);
    }
    return 0;
}

static const char *kind_name(lectern_source_kind k)
{
    return k == LECTERN_SOURCE_PACKAGE ? "package" : k == LECTERN_SOURCE_PLAIN_ZIP ? "plain zip" : "folder";
}

/* info on an addendum: its base and the changes it carries (JSON into o,
 * else printed). 0, or -1 with the error printed when it cannot be read. */
static int info_addendum(const char *path, cJSON *o)
{
    lectern_addendum *a = NULL;
    lectern_error e = {0};
    if (lectern_addendum_read(path, &a, &e) < 0) {
        fprintf(stderr, "lectern-pack: %s\n", e.msg);
        return -1;
    }
    const lectern_manifest *m = &a->m;
    if (o) {
        cJSON *b = cJSON_AddObjectToObject(o, "base");
        cJSON_AddStringToObject(b, "id", m->base_id);
        cJSON_AddStringToObject(b, "version", m->base_version);
        cJSON_AddStringToObject(b, "manifest_sha256", m->base_manifest_sha256);
        cJSON_AddNumberToObject(o, "carried_files", (double)m->n_files);
        cJSON *rm = cJSON_AddArrayToObject(o, "removed");
        for (size_t i = 0; i < m->n_removed; i++)
            cJSON_AddItemToArray(rm, cJSON_CreateString(m->removed[i]));
        cJSON *ch = cJSON_AddArrayToObject(o, "changes");
        for (size_t i = 0; i < a->n_changes; i++) {
            const lectern_change *c = &a->changes[i];
            cJSON *co = cJSON_CreateObject();
            cJSON_AddStringToObject(co, "version", c->version ? c->version : "");
            cJSON_AddStringToObject(co, "date", c->date ? c->date : "");
            cJSON *su = cJSON_AddObjectToObject(co, "summary");
            for (size_t k = 0; k < c->summary.n; k++)
                cJSON_AddStringToObject(su, c->summary.v[k].lang[0] ? c->summary.v[k].lang : "default",
                                        c->summary.v[k].s);
            cJSON *its = cJSON_AddArrayToObject(co, "items");
            for (size_t k = 0; k < c->n_items; k++) {
                cJSON *io = cJSON_CreateObject();
                cJSON_AddStringToObject(io, "id", c->items[k].id);
                cJSON_AddStringToObject(io, "rule", c->items[k].rule ? c->items[k].rule : "keep");
                cJSON_AddItemToArray(its, io);
            }
            cJSON_AddItemToArray(ch, co);
        }
    } else {
        printf("base:     %s %s (lectern.json SHA-256 %s)\n", m->base_id, m->base_version,
               m->base_manifest_sha256);
        printf("carries:  %zu added or changed file%s, %zu removed\n", m->n_files, m->n_files == 1 ? "" : "s",
               m->n_removed);
        printf("changes:%s\n", a->n_changes ? "" : "  none listed in the changelog");
        for (size_t i = 0; i < a->n_changes; i++) {
            const lectern_change *c = &a->changes[i];
            printf("  %s, effective %s\n", c->version ? c->version : "?", c->date ? c->date : "?");
            for (size_t k = 0; k < c->summary.n; k++)
                printf("    %s%s%s%s\n", c->summary.v[k].lang[0] ? "[" : "", c->summary.v[k].lang,
                       c->summary.v[k].lang[0] ? "] " : "", c->summary.v[k].s);
            if (c->n_items) {
                printf("    items:");
                for (size_t k = 0; k < c->n_items; k++)
                    printf("%s %s (%s)", k ? "," : "", c->items[k].id, c->items[k].rule ? c->items[k].rule : "keep");
                printf("\n");
            }
        }
    }
    lectern_addendum_free(a);
    return 0;
}

static int cmd_info(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-' || path)
            return usage("info takes PKG [--json]");
        else
            path = argv[i];
    }
    if (!path)
        return usage("info needs a package");
    lectern_reader *r;
    lectern_error e = {0};
    if (lectern_reader_open(path, 0, &r, &e) < 0)
        return pack_fail(&e);
    const lectern_manifest *m = lectern_reader_manifest(r);
    unsigned long long total = 0;
    size_t n = lectern_reader_count(r);
    for (size_t i = 0; i < n; i++)
        total += lectern_reader_entry(r, i)->size;
    const char *kind = m ? m->kind : kind_name(lectern_reader_kind(r));
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "path", path);
        cJSON_AddStringToObject(o, "source", kind_name(lectern_reader_kind(r)));
        cJSON_AddStringToObject(o, "kind", kind);
        if (m) {
            cJSON_AddNumberToObject(o, "format", m->format);
            cJSON_AddStringToObject(o, "id", m->id);
            cJSON_AddStringToObject(o, "version", m->version);
            if (m->title)
                cJSON_AddStringToObject(o, "title", m->title);
            else
                cJSON_AddNullToObject(o, "title");
        }
        cJSON_AddNumberToObject(o, "files", (double)n);
        cJSON_AddNumberToObject(o, "total_bytes", (double)total);
        cJSON_AddBoolToObject(o, "signed", lectern_reader_signed(r));
        cJSON_AddBoolToObject(o, "verified_format", m != NULL);
        cJSON_AddStringToObject(o, "note", lectern_reader_note(r));
        if (m && !strcmp(m->kind, "addendum") && info_addendum(path, o) < 0) {
            cJSON_Delete(o);
            lectern_reader_close(r);
            return 1;
        }
        char *s = cJSON_Print(o);
        if (s)
            puts(s);
        free(s);
        cJSON_Delete(o);
    } else {
        printf("path:     %s\n", path);
        if (m) {
            printf("kind:     %s\n", m->kind);
            printf("id:       %s\n", m->id);
            printf("version:  %s\n", m->version);
            printf("title:    %s\n", m->title ? m->title : "");
        } else {
            printf("kind:     %s (%s)\n", kind, lectern_reader_note(r));
        }
        printf("files:    %zu\n", n);
        printf("size:     %llu bytes\n", total);
        printf("signed:   %s\n", lectern_reader_signed(r) ? "yes (`verify` checks it)" : "no");
        if (m && !strcmp(m->kind, "addendum") && info_addendum(path, NULL) < 0) {
            lectern_reader_close(r);
            return 1;
        }
    }
    lectern_reader_close(r);
    return 0;
}

static int cmd_ls(int argc, char **argv)
{
    if (argc != 2)
        return usage("ls needs one package");
    lectern_reader *r;
    lectern_error e = {0};
    if (lectern_reader_open(argv[1], 0, &r, &e) < 0)
        return pack_fail(&e);
    size_t n = lectern_reader_count(r);
    int zip = lectern_reader_kind(r) != LECTERN_SOURCE_DIR;
    for (size_t i = 0; i < n; i++) {
        const lectern_entry_info *in = lectern_reader_entry(r, i);
        printf("%12llu  %-8s  %s\n", (unsigned long long)in->size,
               !zip ? "file" : in->stored ? "stored" : "deflated", in->name);
    }
    lectern_reader_close(r);
    return 0;
}

static int cmd_extract(int argc, char **argv)
{
    if (argc != 3)
        return usage("extract needs PKG DIR");
    lectern_error e = {0};
    if (lectern_package_extract(argv[1], argv[2], &e) < 0)
        return pack_fail(&e);
    printf("%s: extracted into %s\n", argv[1], argv[2]);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } verbs[] = {
        {"init", cmd_init}, {"check", cmd_check}, {"build", cmd_build},
        {"verify", cmd_verify}, {"info", cmd_info}, {"ls", cmd_ls},
        {"extract", cmd_extract}, {"keygen", cmd_keygen}, {"diff", cmd_diff},
        {"apply", cmd_apply}, {"import", cmd_import}, {"plan", cmd_plan},
        {"search", cmd_search},
    };
    /* With TZ unset, glibc's mktime stats /etc/localtime on every call, and
     * libzip converts every entry's DOS time at open: 10,000 stats for a
     * 10,000-entry package. Naming the same zone explicitly avoids that. */
    if (!getenv("TZ"))
        setenv("TZ", ":/etc/localtime", 0);
    /* core's errors and check reports in the locale's language */
    pack_i18n_init();
    if (argc < 2)
        return usage(NULL);
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (!strcmp(argv[1], verbs[i].name))
            return verbs[i].fn(argc - 1, argv + 1);
    char msg[128];
    snprintf(msg, sizeof msg, "unknown verb '%.60s'", argv[1]);
    return usage(msg);
}
