/* Addenda (addendum.h): diff two versions of a course into a package that
 * carries only what changed, and apply a chain of them to a base. Both
 * write through the package zip writer and copy entries compressed, byte
 * for byte, so an applied result is the same bytes as a fresh build. */
#include "lectern/addendum.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "addendum_internal.h"
#include "json.h"
#include "lectern/log.h"
#include "lectern/progress.h"
#include "lectern/sign.h"
#include "reader_internal.h"
#include "strbuf.h"
#include "zip_write.h"

#define TAG "addendum"

/* ---- reading -------------------------------------------------------- */

/* The raw bytes of a package's lectern.json (the bytes that are signed). */
static int read_manifest_bytes(lectern_reader *r, char **json, size_t *len, lectern_error *err)
{
    zip_stat_t st;
    *json = NULL;
    zip_int64_t i = zip_name_locate(r->za, LECTERN_MANIFEST, ZIP_FL_ENC_RAW);
    if (i < 0 || zip_stat_index(r->za, (zip_uint64_t)i, 0, &st) != 0 || st.size > LECTERN_JSON_MAX_BYTES)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: lectern.json is missing or too large", r->path);
    char *buf = malloc((size_t)st.size + 1);
    zip_file_t *zf = zip_fopen_index(r->za, (zip_uint64_t)i, 0);
    zip_int64_t k = buf && zf ? zip_fread(zf, buf, st.size) : -1;
    if (zf)
        zip_fclose(zf);
    if (k < 0 || (zip_uint64_t)k != st.size) {
        free(buf);
        return lectern_error_set(err, LECTERN_EHASH, "%s: entry 'lectern.json': cannot be read (damaged package)",
                                 r->path);
    }
    buf[k] = '\0';
    *json = buf;
    *len = (size_t)k;
    return 0;
}

int addendum_open_package(const char *path, lectern_reader **r, char hex[65], lectern_error *err)
{
    char *json = NULL;
    size_t len;
    int rc = lectern_reader_open(path, 0, r, err);
    if (rc < 0)
        return rc;
    if (lectern_reader_kind(*r) != LECTERN_SOURCE_PACKAGE) {
        lectern_reader_close(*r);
        *r = NULL;
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: not a .lectern package", path);
    }
    if ((rc = read_manifest_bytes(*r, &json, &len, err)) < 0) {
        lectern_reader_close(*r);
        *r = NULL;
        return rc;
    }
    lectern_sha256_hex(json, len, hex);
    free(json);
    return 0;
}

/* See addendum.h. */
int lectern_package_manifest_sha256(const char *pkg_path, char out[65], lectern_error *err)
{
    lectern_reader *r = NULL;
    int rc = addendum_open_package(pkg_path, &r, out, err);
    lectern_reader_close(r);
    return rc;
}

static void change_free(lectern_change *c)
{
    free(c->version);
    free(c->date);
    for (size_t i = 0; i < c->summary.n; i++) {
        free(c->summary.v[i].lang);
        free(c->summary.v[i].s);
    }
    free(c->summary.v);
    for (size_t i = 0; i < c->n_items; i++) {
        free(c->items[i].id);
        free(c->items[i].rule);
    }
    free(c->items);
}

void lectern_addendum_free(lectern_addendum *a)
{
    if (!a)
        return;
    lectern_manifest_free(&a->m);
    free(a->result_title);
    free(a->result_manifest_sha256);
    for (size_t i = 0; i < a->n_result; i++)
        free(a->result[i].path);
    free(a->result);
    for (size_t i = 0; i < a->n_changes; i++)
        change_free(&a->changes[i]);
    free(a->changes);
    free(a);
}

void lectern_changes_free(lectern_change *c, size_t n)
{
    for (size_t i = 0; c && i < n; i++)
        change_free(&c[i]);
    free(c);
}

/* See addendum.h. */
const lectern_change *lectern_changes_for_item(const lectern_change *c, size_t n, const char *item_id,
                                               const char **rule)
{
    const lectern_change *best = NULL;
    for (size_t i = 0; c && item_id && i < n; i++)
        for (size_t j = 0; j < c[i].n_items; j++)
            if (!strcmp(c[i].items[j].id, item_id) &&
                (!best || lectern_version_compare(c[i].version, best->version) >= 0)) {
                best = &c[i];
                if (rule)
                    *rule = c[i].items[j].rule;
            }
    return best;
}

/* See addendum.h. */
int lectern_addendum_collect_changes(const char *const *addenda, size_t n, lectern_change **out,
                                     size_t *n_out, lectern_error *err)
{
    lectern_change *v = NULL;
    size_t cnt = 0;
    int rc = 0;
    *out = NULL;
    *n_out = 0;
    for (size_t k = 0; k < n; k++) {
        lectern_addendum *a = NULL;
        if ((rc = lectern_addendum_read(addenda[k], &a, err)) < 0)
            goto out;
        lectern_change *nv = realloc(v, (cnt + a->n_changes + 1) * sizeof *nv);
        if (!nv) {
            lectern_addendum_free(a);
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        v = nv;
        for (size_t i = 0; i < a->n_changes; i++) {
            int dup = 0;
            for (size_t j = 0; j < cnt && !dup; j++)
                dup = !strcmp(v[j].version, a->changes[i].version);
            if (dup) {
                change_free(&a->changes[i]);
                continue;
            }
            v[cnt++] = a->changes[i];           /* moved */
        }
        a->n_changes = 0;
        lectern_addendum_free(a);
    }
    *out = v;
    *n_out = cnt;
    v = NULL;
    cnt = 0;
out:
    lectern_changes_free(v, cnt);
    return rc;
}

static char *dup_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? strdup(v->valuestring) : NULL;
}

static int parse_changes(const cJSON *arr, lectern_addendum *a, const char *path, lectern_error *err)
{
    if (!arr)
        return 0;
    if (!cJSON_IsArray(arr))
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: lectern.json: changes: must be an array", path);
    size_t n = (size_t)cJSON_GetArraySize(arr);
    a->changes = calloc(n ? n : 1, sizeof *a->changes);
    if (!a->changes)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    const cJSON *c;
    cJSON_ArrayForEach(c, arr) {
        lectern_change *ch = &a->changes[a->n_changes++];
        const cJSON *sum = cJSON_GetObjectItemCaseSensitive(c, "summary");
        const cJSON *items = cJSON_GetObjectItemCaseSensitive(c, "items");
        ch->version = dup_str(c, "version");
        ch->date = dup_str(c, "date");
        if (!ch->version || !ch->date || !(cJSON_IsString(sum) || cJSON_IsObject(sum)) ||
            (items && !cJSON_IsArray(items)))
            return lectern_error_set(err, LECTERN_ESCHEMA,
                                     "%s: lectern.json: changes[%zu]: needs version, date, summary (and items as an array)",
                                     path, a->n_changes - 1);
        size_t ns = cJSON_IsString(sum) ? 1 : (size_t)cJSON_GetArraySize(sum);
        ch->summary.v = calloc(ns ? ns : 1, sizeof *ch->summary.v);
        if (!ch->summary.v)
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        if (cJSON_IsString(sum)) {
            ch->summary.v[0].lang = strdup("");
            ch->summary.v[0].s = strdup(sum->valuestring);
            ch->summary.n = 1;
        } else {
            const cJSON *t;
            cJSON_ArrayForEach(t, sum) {
                if (!cJSON_IsString(t))
                    continue;
                ch->summary.v[ch->summary.n].lang = strdup(t->string);
                ch->summary.v[ch->summary.n++].s = strdup(t->valuestring);
            }
        }
        size_t ni = items ? (size_t)cJSON_GetArraySize(items) : 0;
        ch->items = calloc(ni ? ni : 1, sizeof *ch->items);
        if (!ch->items)
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        const cJSON *it;
        cJSON_ArrayForEach(it, items) {
            lectern_change_item *ci = &ch->items[ch->n_items++];
            ci->id = dup_str(it, "id");
            ci->rule = dup_str(it, "rule");
            if (!ci->id || !ci->rule || (strcmp(ci->rule, "keep") && strcmp(ci->rule, "review") &&
                                         strcmp(ci->rule, "reset")))
                return lectern_error_set(err, LECTERN_ESCHEMA,
                                         "%s: lectern.json: changes[%zu].items[%zu]: needs an id and a rule "
                                         "(keep, review or reset)", path, a->n_changes - 1, ch->n_items - 1);
        }
    }
    return 0;
}

/* "result": {"title", "manifest_sha256", "files": [...]}: parsed through
 * the manifest parser (same checks as a course's file list). */
static int parse_result(const cJSON *res, lectern_addendum *a, const char *path, lectern_error *err)
{
    int rc;
    if (!cJSON_IsObject(res))
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: lectern.json: result: required object for an addendum",
                                 path);
    a->result_title = dup_str(res, "title");
    a->result_manifest_sha256 = dup_str(res, "manifest_sha256");
    if (!a->result_manifest_sha256 || strlen(a->result_manifest_sha256) != 64)
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: lectern.json: result.manifest_sha256: 64 hex digits required",
                                 path);
    cJSON *tmp = cJSON_CreateObject();
    cJSON *files = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res, "files"), 1);
    if (!tmp || !files) {
        cJSON_Delete(tmp);
        cJSON_Delete(files);
        return lectern_error_set(err, LECTERN_ESCHEMA, "%s: lectern.json: result.files: required array", path);
    }
    cJSON_AddNumberToObject(tmp, "format", LECTERN_FORMAT_VERSION);
    cJSON_AddStringToObject(tmp, "kind", "course");
    cJSON_AddStringToObject(tmp, "id", "x");
    cJSON_AddStringToObject(tmp, "version", "x");
    cJSON_AddItemToObject(tmp, "files", files);
    char *s = cJSON_PrintUnformatted(tmp);
    cJSON_Delete(tmp);
    if (!s)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    lectern_manifest rm;
    rc = lectern_manifest_parse(s, strlen(s), &rm, err);
    free(s);
    if (rc < 0) {
        lectern_error_prefix(err, "%s: result", path);
        return rc;
    }
    a->result = rm.files;
    a->n_result = rm.n_files;
    rm.files = NULL;
    rm.n_files = 0;
    lectern_manifest_free(&rm);
    return 0;
}

int addendum_from_reader(lectern_reader *r, lectern_addendum **out, lectern_error *err)
{
    int rc;
    char *json = NULL;
    size_t len;
    cJSON *root = NULL;
    lectern_addendum *a = calloc(1, sizeof *a);
    *out = NULL;
    if (!a)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    const lectern_manifest *m = lectern_reader_manifest(r);
    if (!m || strcmp(m->kind, "addendum")) {
        rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: not an addendum (kind is \"%s\")", r->path,
                               m ? m->kind : "none");
        goto out;
    }
    if ((rc = read_manifest_bytes(r, &json, &len, err)) < 0 ||
        (rc = lectern_manifest_parse(json, len, &a->m, err)) < 0 ||
        (rc = lectern_json_parse(json, len, LECTERN_MANIFEST, &root, NULL, NULL, err)) < 0)
        goto out;
    if ((rc = parse_result(cJSON_GetObjectItemCaseSensitive(root, "result"), a, r->path, err)) < 0 ||
        (rc = parse_changes(cJSON_GetObjectItemCaseSensitive(root, "changes"), a, r->path, err)) < 0)
        goto out;
    a->signed_ = lectern_reader_signed(r);
    *out = a;
    a = NULL;
out:
    cJSON_Delete(root);
    free(json);
    lectern_addendum_free(a);
    return rc;
}

/* See addendum.h. */
int lectern_addendum_read(const char *path, lectern_addendum **out, lectern_error *err)
{
    lectern_reader *r;
    *out = NULL;
    int rc = lectern_reader_open(path, 0, &r, err);
    if (rc < 0)
        return rc;
    rc = addendum_from_reader(r, out, err);
    lectern_reader_close(r);
    return rc;
}

/* ---- writing -------------------------------------------------------- */

/* See addendum_internal.h. */
int addendum_write_package(const char *out_path, const char *json, const out_entry *ents, size_t n,
                         const char *sign_key, lectern_error *err)
{
    int rc = 0, fd = -1;
    char *tmp = NULL, *sig = NULL;
    lectern_zipw *zw = NULL;
    if (sign_key && (rc = lectern_sign_make(sign_key, json, strlen(json), &sig, err)) < 0)
        return rc;
    if ((fd = lectern_tmp_create(out_path, &tmp, err)) < 0) {
        rc = fd;
        fd = -1;
        goto out;
    }
    if (!(zw = lectern_zipw_new(fd))) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    if ((rc = lectern_zipw_add_buffer(zw, "mimetype", LECTERN_MIMETYPE, strlen(LECTERN_MIMETYPE), 0, err)) < 0 ||
        (rc = lectern_zipw_add_buffer(zw, LECTERN_MANIFEST, json, strlen(json), 0, err)) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (ents[i].dir) {
            if ((rc = addendum_add_from_dir(zw, ents[i].dir, ents[i].mf, err)) < 0)
                goto out;
            continue;
        }
        const zidx_entry *e = zidx_find(ents[i].src, ents[i].path);
        if (!e) {
            rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: entry '%s': missing", ents[i].src->path, ents[i].path);
            goto out;
        }
        if ((rc = lectern_zipw_add_raw(zw, e->name, ents[i].src->fd, e->data_off, e->csize, e->usize, e->crc,
                                       e->deflated, ents[i].src->path, err)) < 0)
            goto out;
    }
    if (sig && (rc = lectern_zipw_add_buffer(zw, LECTERN_SIGNATURE, sig, strlen(sig), 1, err)) < 0)
        goto out;
    if ((rc = lectern_zipw_finish(zw, err)) < 0)
        goto out;
    rc = lectern_tmp_commit(fd, tmp, out_path, err);
    fd = -1;
    if (rc == 0) {
        free(tmp);
        tmp = NULL;
    }
out:
    lectern_zipw_free(zw);
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    free(tmp);
    free(sig);
    return rc;
}

static int version_sort(const void *a, const void *b)
{
    const lectern_change *x = *(const lectern_change *const *)a, *y = *(const lectern_change *const *)b;
    return lectern_version_compare(x->version, y->version);
}

/* "changes": changelog entries in (base, new], oldest first. */
static int append_changes(lectern_strbuf *b, lectern_reader *nr, const char *base_ver, const char *new_ver,
                          lectern_error *err)
{
    lectern_course *c = NULL;
    int rc = lectern_course_load(nr, &c, err);
    if (rc < 0) {
        lectern_error_prefix(err, "%s: the new version does not load", lectern_reader_path(nr));
        return rc;
    }
    size_t n = lectern_course_n_changes(c), k = 0;
    const lectern_change **pick = calloc(n ? n : 1, sizeof *pick);
    if (!pick) {
        lectern_course_close(c);
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        const lectern_change *ch = lectern_course_change(c, i);
        if (lectern_version_compare(ch->version, base_ver) > 0 && lectern_version_compare(ch->version, new_ver) <= 0)
            pick[k++] = ch;
    }
    qsort(pick, k, sizeof *pick, version_sort);
    lectern_strbuf_puts(b, ",\n  \"changes\": [");
    for (size_t i = 0; i < k; i++) {
        const lectern_change *ch = pick[i];
        lectern_strbuf_puts(b, i ? ",\n    {\"version\": " : "\n    {\"version\": ");
        lectern_strbuf_json(b, ch->version);
        lectern_strbuf_puts(b, ", \"date\": ");
        lectern_strbuf_json(b, ch->date ? ch->date : "");
        lectern_strbuf_puts(b, ", \"summary\": ");
        int plain = ch->summary.n == 1 && !ch->summary.v[0].lang[0];
        if (plain) {
            lectern_strbuf_json(b, ch->summary.v[0].s);
        } else {
            lectern_strbuf_puts(b, "{");
            for (size_t j = 0; j < ch->summary.n; j++) {
                if (j)
                    lectern_strbuf_puts(b, ", ");
                lectern_strbuf_json(b, ch->summary.v[j].lang);
                lectern_strbuf_puts(b, ": ");
                lectern_strbuf_json(b, ch->summary.v[j].s);
            }
            lectern_strbuf_puts(b, "}");
        }
        lectern_strbuf_puts(b, ", \"items\": [");
        for (size_t j = 0; j < ch->n_items; j++) {
            lectern_strbuf_puts(b, j ? ", {\"id\": " : "{\"id\": ");
            lectern_strbuf_json(b, ch->items[j].id);
            lectern_strbuf_puts(b, ", \"rule\": ");
            lectern_strbuf_json(b, ch->items[j].rule);
            lectern_strbuf_puts(b, "}");
        }
        lectern_strbuf_puts(b, "]}");
    }
    lectern_strbuf_puts(b, k ? "\n  ]" : "]");
    free(pick);
    lectern_course_close(c);
    return 0;
}

static int is_removed(const lectern_manifest *m, const char *path)
{
    return lectern_manifest_find(m, path) == NULL;
}

/* See addendum.h. */
int lectern_addendum_diff(const char *base_pkg, const char *new_src, const char *out_path,
                          const lectern_build_opts *opts, lectern_diff_report *report,
                          lectern_error *err)
{
    int rc = 0, from_dir = lectern_is_dir(new_src);
    lectern_reader *br = NULL, *nr = NULL;
    lectern_manifest dm = {0};
    char bhex[65], nhex[65];
    lectern_manifest a = {0};
    out_entry *ents = NULL;
    zidx nz = {.fd = -1};
    lectern_strbuf b = {0};
    lectern_diff_report rep = {0};
    const char *new_pkg = new_src;

    if (!base_pkg || !new_src || !out_path)
        return lectern_error_set(err, LECTERN_EINVAL, "diff needs a base package, a new version and an output");
    if ((rc = addendum_open_package(base_pkg, &br, bhex, err)) < 0)
        goto out;
    const lectern_manifest *bm = lectern_reader_manifest(br);
    if (strcmp(bm->kind, "course")) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: the base must be a course package (it is an %s)",
                               base_pkg, bm->kind);
        goto out;
    }
    const lectern_manifest *nm;
    if (from_dir) {
        /* list and hash the folder as build would; only carried files are written */
        if ((rc = addendum_scan_dir(new_src, &dm, err)) < 0)
            goto out;
        char *dj = lectern_manifest_to_json(&dm);
        if (!dj) {
            rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            goto out;
        }
        lectern_sha256_hex(dj, strlen(dj), nhex);
        free(dj);
        if ((rc = lectern_reader_open(new_src, 0, &nr, err)) < 0)
            goto out;
        nm = &dm;
    } else {
        if ((rc = addendum_open_package(new_pkg, &nr, nhex, err)) < 0)
            goto out;
        nm = lectern_reader_manifest(nr);
    }
    if (strcmp(nm->kind, "course")) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: the new version must be a course (it is an %s)", new_src,
                               nm->kind);
        goto out;
    }
    if (strcmp(bm->id, nm->id)) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: course id '%s' differs from the base's '%s': "
                               "an addendum updates the same course", new_src, nm->id, bm->id);
        goto out;
    }
    if (lectern_version_compare(nm->version, bm->version) <= 0) {
        rc = lectern_error_set(err, LECTERN_EINVAL, "%s: version %s is not newer than the base's %s; "
                               "raise \"version\" in course.json", new_src, nm->version, bm->version);
        goto out;
    }
    if (!from_dir && (rc = zidx_open(new_pkg, &nz, err)) < 0)
        goto out;

    /* carried = added or changed; removed = in the base, not in the new */
    a.files = calloc(nm->n_files ? nm->n_files : 1, sizeof *a.files);
    a.removed = calloc(bm->n_files ? bm->n_files : 1, sizeof *a.removed);
    ents = calloc(nm->n_files ? nm->n_files : 1, sizeof *ents);
    if (!a.files || !a.removed || !ents) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nm->n_files; i++) {
        const lectern_manifest_file *f = &nm->files[i];
        const lectern_manifest_file *o = lectern_manifest_find(bm, f->path);
        if (o && o->size == f->size && !strcmp(o->sha256, f->sha256)) {
            rep.n_unchanged++;
            continue;
        }
        o ? rep.n_changed++ : rep.n_added++;
        rep.carried_bytes += f->size;
        a.files[a.n_files] = *f;          /* borrowed: detached before free */
        ents[a.n_files].path = f->path;
        if (from_dir) {
            ents[a.n_files].dir = new_src;
            ents[a.n_files].mf = f;
        }
        ents[a.n_files++].src = &nz;
    }
    for (size_t i = 0; i < bm->n_files; i++)
        if (is_removed(nm, bm->files[i].path))
            a.removed[a.n_removed++] = bm->files[i].path;     /* borrowed */
    rep.n_removed = a.n_removed;
    a.format = LECTERN_FORMAT_VERSION;
    a.kind = "addendum";
    a.id = nm->id;
    a.version = nm->version;
    a.title = nm->title;
    a.base_id = bm->id;
    a.base_version = bm->version;
    a.base_manifest_sha256 = bhex;

    char *head = lectern_manifest_to_json(&a);
    if (!head) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    /* the manifest's own fields, then "result" and "changes" before the closing brace */
    size_t hl = strlen(head);
    lectern_strbuf_put(&b, head, hl >= 3 ? hl - 3 : hl);
    free(head);
    lectern_strbuf_puts(&b, ",\n  \"result\": {\"title\": ");
    if (nm->title)
        lectern_strbuf_json(&b, nm->title);
    else
        lectern_strbuf_puts(&b, "null");
    lectern_strbuf_puts(&b, ", \"manifest_sha256\": ");
    lectern_strbuf_json(&b, nhex);
    lectern_strbuf_puts(&b, ", \"files\": [");
    for (size_t i = 0; i < nm->n_files; i++) {
        lectern_strbuf_puts(&b, i ? ",\n    {\"path\": " : "\n    {\"path\": ");
        lectern_strbuf_json(&b, nm->files[i].path);
        lectern_strbuf_printf(&b, ", \"size\": %llu, \"sha256\": ", (unsigned long long)nm->files[i].size);
        lectern_strbuf_json(&b, nm->files[i].sha256);
        lectern_strbuf_puts(&b, "}");
    }
    lectern_strbuf_puts(&b, nm->n_files ? "\n  ]}" : "]}");
    if ((rc = append_changes(&b, nr, bm->version, nm->version, err)) < 0)
        goto out;
    lectern_strbuf_puts(&b, "\n}\n");
    if (b.oom) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    rc = addendum_write_package(out_path, b.s, ents, a.n_files, opts ? opts->sign_key : NULL, err);
    if (rc == 0) {
        LOG_INFO(TAG, "%s: %s %s -> %s: %zu added, %zu changed, %zu removed", out_path, nm->id, bm->version,
                 nm->version, rep.n_added, rep.n_changed, rep.n_removed);
        if (report)
            *report = rep;
    }
out:
    zidx_close(&nz);
    free(ents);
    free(a.files);
    free(a.removed);
    free(b.s);
    lectern_reader_close(nr);
    lectern_reader_close(br);
    lectern_manifest_free(&dm);
    return rc;
}
