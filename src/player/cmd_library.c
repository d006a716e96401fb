/* The library commands of the player: `lectern install FILE`, `lectern trust
 * add KEY.pub | list | remove NAME-OR-FINGERPRINT` and `lectern library`,
 * thin wrappers over include/lectern/library.h that print what happened
 * and, for refusals, what was expected and what was found. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/library.h"
#include "library_ui.h"

void library_config_dir(const char *given, char *out, size_t len)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (given && *given)
        snprintf(out, len, "%s", given);
    else if (xdg && *xdg)
        snprintf(out, len, "%s/lectern", xdg);
    else
        snprintf(out, len, "%s/.config/lectern", home ? home : ".");
}

void library_data_dir(const char *given, char *out, size_t len)
{
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (given && *given)
        snprintf(out, len, "%s", given);
    else if (xdg && *xdg)
        snprintf(out, len, "%s/lectern", xdg);
    else
        snprintf(out, len, "%s/.local/share/lectern", home ? home : ".");
}

void library_cli_usage(FILE *f)
{
    fprintf(f,
        "\nLibrary (installed courses and trusted author keys):\n"
        "  lectern install FILE          install a course package or an addendum into\n"
        "                                DATA_DIR/library (refused installs change nothing)\n"
        "  lectern library               installed courses: version, layers, trust\n"
        "  lectern trust add KEY.pub     trust an author's public key\n"
        "  lectern trust list            trusted keys and their fingerprints\n"
        "  lectern trust remove NAME|FP  forget a key (name or 8+ hex digits of its fingerprint)\n"
        "  lectern COURSE_ID             open an installed course (with its addenda)\n"
        "  --config-dir DIR              trusted keys under DIR/trusted-keys instead of\n"
        "                                $XDG_CONFIG_HOME/lectern\n"
        "  --strict                      refuse to install or open packages that are not\n"
        "                                signed by a trusted key\n");
}

typedef struct cli_opts {
    const char *data_dir, *config_dir;
    int strict;
    const char *pos[4];
    int n_pos;
} cli_opts;

static int parse(int argc, char **argv, cli_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--data-dir") == 0 || strcmp(a, "--config-dir") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "lectern: %s needs a value\n", a);
                return 2;
            }
            if (a[2] == 'd')
                o->data_dir = argv[++i];
            else
                o->config_dir = argv[++i];
        } else if (strcmp(a, "--strict") == 0) {
            o->strict = 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "lectern %s: unknown option %s (try lectern --help)\n", argv[1], a);
            return 2;
        } else if (o->n_pos < 4) {
            o->pos[o->n_pos++] = a;
        } else {
            fprintf(stderr, "lectern %s: too many arguments\n", argv[1]);
            return 2;
        }
    }
    return 0;
}

static int cmd_install(const cli_opts *o, const char *data, const char *cfg)
{
    if (o->n_pos != 2) {
        fprintf(stderr, "usage: lectern install FILE.lectern [--strict]\n");
        return 2;
    }
    lectern_install_policy pol = { cfg, o->strict };
    lectern_install_result res;
    lectern_error err = {0};
    memset(&res, 0, sizeof res);
    if (lectern_library_install(data, o->pos[1], &pol, &res, &err) < 0) {
        fprintf(stderr, "lectern: not installed: %s\n", err.msg);
        fprintf(stderr, "lectern: the library (%s/library) is unchanged\n", data);
        return 1;
    }
    if (res.already)
        printf("%s %s is already installed\n", res.id, res.version);
    else
        printf("installed %s %s%s\n", res.id, res.version,
               res.addendum ? " (addendum applied)" : "");
    if (res.trust == LECTERN_TRUST_TRUSTED)
        printf("signed by a trusted key %s\n", res.fingerprint);
    else if (res.trust == LECTERN_TRUST_UNTRUSTED)
        printf("warning: signed by a key you do not trust (%s); add the author's key with "
               "`lectern trust add KEY.pub` if you know it\n", res.fingerprint);
    else
        printf("warning: unsigned: nobody vouches for this package's author\n");
    return 0;
}

static int cmd_trust(const cli_opts *o, const char *cfg)
{
    lectern_error err = {0};
    const char *sub = o->n_pos > 1 ? o->pos[1] : "";
    if (strcmp(sub, "add") == 0 && o->n_pos == 3) {
        lectern_trusted_key k;
        memset(&k, 0, sizeof k);
        if (lectern_trust_add(cfg, o->pos[2], &k, &err) < 0) {
            fprintf(stderr, "lectern: %s\n", err.msg);
            return 1;
        }
        printf("trusted %s %s\n", k.name, k.fingerprint);
        lectern_trusted_key_clear(&k);
        return 0;
    }
    if (strcmp(sub, "list") == 0 && o->n_pos == 2) {
        lectern_trusted_key *keys = NULL;
        size_t n = 0;
        if (lectern_trust_list(cfg, &keys, &n, &err) < 0) {
            fprintf(stderr, "lectern: %s\n", err.msg);
            return 1;
        }
        if (n == 0)
            printf("no trusted keys (%s/trusted-keys)\n", cfg);
        for (size_t i = 0; i < n; i++)
            printf("%s %s\n", keys[i].name, keys[i].fingerprint);
        lectern_trusted_keys_free(keys, n);
        return 0;
    }
    if (strcmp(sub, "remove") == 0 && o->n_pos == 3) {
        if (lectern_trust_remove(cfg, o->pos[2], &err) < 0) {
            fprintf(stderr, "lectern: %s\n", err.msg);
            return 1;
        }
        printf("removed %s\n", o->pos[2]);
        return 0;
    }
    fprintf(stderr, "usage: lectern trust add KEY.pub | trust list | trust remove NAME|FINGERPRINT\n");
    return 2;
}

static int cmd_library(const cli_opts *o, const char *data, const char *cfg)
{
    if (o->n_pos != 1) {
        fprintf(stderr, "usage: lectern library\n");
        return 2;
    }
    lectern_library_course *c = NULL;
    size_t n = 0;
    lectern_error err = {0};
    if (lectern_library_list(data, cfg, &c, &n, &err) < 0) {
        fprintf(stderr, "lectern: %s\n", err.msg);
        return 1;
    }
    if (n == 0)
        printf("no courses installed (%s/library); add one with `lectern install FILE`\n", data);
    for (size_t i = 0; i < n; i++) {
        printf("%s %s  \"%s\"\n", c[i].id, c[i].version, c[i].title ? c[i].title : "");
        printf("  layers: %s", c[i].base_version);
        for (size_t k = 0; k < c[i].n_addenda; k++) {
            const char *f = strrchr(c[i].addenda[k], '/');
            f = f ? f + 1 : c[i].addenda[k];
            printf(" + %.*s", (int)(strlen(f) > 8 && strcmp(f + strlen(f) - 8, ".lectern") == 0
                                    ? strlen(f) - 8 : strlen(f)), f);
        }
        printf("\n  trust: %s\n", lectern_trust_name(c[i].trust));
    }
    lectern_library_courses_free(c, n);
    return 0;
}

int library_cli_main(int argc, char **argv)
{
    if (argc < 2)
        return -1;
    const char *verb = argv[1];
    if (strcmp(verb, "install") != 0 && strcmp(verb, "trust") != 0 &&
        strcmp(verb, "library") != 0)
        return -1;
    cli_opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    char data[1024], cfg[1024];
    library_data_dir(o.data_dir, data, sizeof data);
    library_config_dir(o.config_dir, cfg, sizeof cfg);
    if (strcmp(verb, "install") == 0)
        return cmd_install(&o, data, cfg);
    if (strcmp(verb, "trust") == 0)
        return cmd_trust(&o, cfg);
    return cmd_library(&o, data, cfg);
}
