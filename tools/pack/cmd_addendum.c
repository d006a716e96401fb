/* lectern-pack diff and apply: make an addendum from a base package to a
 * new version, and apply a chain of addenda (the result is the same bytes
 * as building the new version). Exit codes: 0 ok, 1 refused, 2 usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "lectern/addendum.h"

int cmd_diff(int argc, char **argv)
{
    const char *base = NULL, *src = NULL, *out = NULL;
    lectern_build_opts opts = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output") || !strcmp(argv[i], "--sign")) {
            if (i + 1 >= argc)
                return pack_usage_hint("diff: -o and --sign need a file name");
            if (!strcmp(argv[i], "--sign"))
                opts.sign_key = argv[++i];
            else
                out = argv[++i];
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            opts.quiet = 1;
        } else if (argv[i][0] == '-') {
            return pack_usage_hint("diff: unknown option");
        } else if (!base) {
            base = argv[i];
        } else if (!src) {
            src = argv[i];
        } else {
            return pack_usage_hint("diff takes BASE.lectern NEW(DIR|PKG) -o ADDENDUM.lectern");
        }
    }
    if (!base || !src || !out)
        return pack_usage_hint("diff needs BASE.lectern, NEW (folder or package) and -o ADDENDUM.lectern");
    struct stat st;
    if (stat(src, &st) == 0 && S_ISDIR(st.st_mode) && cmd_check_quiet(src) != 0) {
        fprintf(stderr, "lectern-pack: %s: check found errors; no addendum was made\n", src);
        return 1;
    }
    lectern_error e = {0};
    lectern_diff_report rep;
    if (lectern_addendum_diff(base, src, out, &opts, &rep, &e) < 0)
        return pack_fail(&e);
    if (!opts.quiet)
        printf("%s: %zu added, %zu changed, %zu removed, %zu unchanged; carries %llu bytes%s\n", out,
               rep.n_added, rep.n_changed, rep.n_removed, rep.n_unchanged,
               (unsigned long long)rep.carried_bytes, opts.sign_key ? "; signed" : "");
    return 0;
}

int cmd_apply(int argc, char **argv)
{
    const char *base = NULL, *out = NULL;
    const char **adds = calloc((size_t)argc, sizeof *adds);
    size_t n = 0;
    int quiet = 0, rc = 2;
    lectern_apply_opts opts = {.verify_base = 1};
    if (!adds)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output") || !strcmp(argv[i], "--sign")) {
            if (i + 1 >= argc) {
                rc = pack_usage_hint("apply: -o and --sign need a file name");
                goto out;
            }
            if (!strcmp(argv[i], "--sign"))
                opts.sign_key = argv[++i];
            else
                out = argv[++i];
        } else if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
            quiet = 1;
        } else if (!strcmp(argv[i], "--no-verify-base")) {
            opts.verify_base = 0;
        } else if (argv[i][0] == '-') {
            rc = pack_usage_hint("apply: unknown option");
            goto out;
        } else if (!base) {
            base = argv[i];
        } else {
            adds[n++] = argv[i];
        }
    }
    if (!base || !n || !out) {
        rc = pack_usage_hint("apply needs BASE.lectern, one or more addenda in order, and -o OUT.lectern");
        goto out;
    }
    lectern_error e = {0};
    if (lectern_addendum_apply(base, adds, n, out, &opts, &e) < 0) {
        rc = pack_fail(&e);
        goto out;
    }
    if (!quiet)
        printf("%s: applied %zu addend%s to %s%s\n", out, n, n == 1 ? "um" : "a", base,
               opts.sign_key ? "; signed" : "; not signed (use --sign KEY to sign the result)");
    rc = 0;
out:
    free(adds);
    return rc;
}
