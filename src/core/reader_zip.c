/* Zip backends of the reader: .lectern packages (mimetype, lectern.json,
 * every name, size and ratio checked at open; SHA-256 checked on read) and
 * plain zips of a course folder (unverified, optional single top folder).
 * Streams on stored entries use their own zip_t so threads can each have one. */
#include "reader_internal.h"
#include "tmpfile.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json.h"


/* One raw zip entry during open. */
typedef struct raw_entry {
    const char *name;       /* libzip's name (raw) */
    size_t len;             /* without a trailing '/' */
    zip_uint64_t index;
    int is_dir;
    uint64_t size, comp_size;
    int stored;
} raw_entry;

static int raw_cmp(const void *a, const void *b)
{
    const raw_entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    if (c)
        return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static int zip_errcode(const char *path, int ze, lectern_error *err)
{
    zip_error_t zerr;
    zip_error_init_with_code(&zerr, ze);
    int code = ze == ZIP_ER_NOENT ? LECTERN_ENOTFOUND
             : ze == ZIP_ER_OPEN || ze == ZIP_ER_READ ? LECTERN_EIO
             : ze == ZIP_ER_MEMORY ? LECTERN_ENOMEM : LECTERN_EFORMAT;
    /* whole sentences for the common cases (libzip's own words are English) */
    if (ze == ZIP_ER_NOZIP)
        lectern_error_set(err, code, "%s: cannot open as a package: not a zip file, or a truncated one "
                          "(the end-of-archive record is missing)", path);
    else if (ze == ZIP_ER_INCONS)
        lectern_error_set(err, code, "%s: cannot open as a package: damaged or truncated archive (%s)", path,
                          zip_error_strerror(&zerr));
    else
        lectern_error_set(err, code, "%s: cannot open as a package: %s", path, zip_error_strerror(&zerr));
    zip_error_fini(&zerr);
    return code;
}

/* Maps a failed zip_fread / zip_fopen to a lectern error naming the entry. */
static int entry_error(const char *path, const char *name, zip_error_t *ze, lectern_error *err)
{
    int z = ze ? zip_error_code_zip(ze) : ZIP_ER_INTERNAL;
    if (z == ZIP_ER_CRC)
        return lectern_error_set(err, LECTERN_EHASH,
                                 "%s: entry '%s': CRC check failed (the package is damaged; get a new copy)",
                                 path, name);
    if (z == ZIP_ER_MEMORY)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory reading %s", name);
    return lectern_error_set(err, LECTERN_EHASH, "%s: entry '%s': cannot be read: %s (damaged package)",
                             path, name, ze ? zip_error_strerror(ze) : "unknown error");
}

static int skipped_name(const char *n)
{
    /* dotfiles at any level and macOS resource forks, as the folder reader does */
    if (!strncmp(n, "__MACOSX/", 9))
        return 1;
    for (const char *p = n; *p; p++)
        if (*p == '.' && (p == n || p[-1] == '/'))
            return 1;
    return 0;
}

static uint64_t le(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static int raw_name_cmp(const void *a, const void *b)
{
    const raw_entry *x = a, *y = b;
    return raw_cmp(x, y);
}

/* Reads the central directory's names directly, because libzip turns NUL
 * bytes in names into spaces and refuses duplicates without naming them.
 * Refuses names with NUL and names the first duplicate. Anything it cannot
 * parse is left to libzip, which then reports the format error. */
int lectern_zip_raw_scan(const char *path, lectern_error *err)
{
    int rc = 0;
    unsigned char *tail = NULL, *cd = NULL;
    raw_entry *names = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    if (fseeko(f, 0, SEEK_END) != 0)
        goto out;
    off_t size = ftello(f);
    size_t tl = size < 65557 ? (size_t)size : 65557;
    if (tl < 22 || !(tail = malloc(tl)) || fseeko(f, size - (off_t)tl, SEEK_SET) != 0 ||
        fread(tail, 1, tl, f) != tl)
        goto out;
    size_t e = tl - 22 + 1;
    while (e-- > 0)
        if (!memcmp(tail + e, "PK\5\6", 4))
            break;
    if (e == (size_t)-1)
        goto out;
    uint64_t n = le(tail + e + 10, 2), cdsize = le(tail + e + 12, 4), cdoff = le(tail + e + 16, 4);
    if ((n == 0xFFFF || cdsize == 0xFFFFFFFF || cdoff == 0xFFFFFFFF) && e >= 20 &&
        !memcmp(tail + e - 20, "PK\6\7", 4)) {
        unsigned char z[56];
        if (fseeko(f, (off_t)le(tail + e - 20 + 8, 8), SEEK_SET) != 0 || fread(z, 1, 56, f) != 56 ||
            memcmp(z, "PK\6\6", 4))
            goto out;
        n = le(z + 32, 8);
        cdsize = le(z + 40, 8);
        cdoff = le(z + 48, 8);
    }
    if (n > LECTERN_MAX_ENTRIES + 3 || cdsize > (uint64_t)n * (46 + 3 * 65535) ||
        cdsize > (256u << 20) || cdoff + cdsize > (uint64_t)size)
        goto out;
    cd = malloc(cdsize ? (size_t)cdsize : 1);
    names = calloc(n ? (size_t)n : 1, sizeof *names);
    if (!cd || !names || fseeko(f, (off_t)cdoff, SEEK_SET) != 0 ||
        fread(cd, 1, (size_t)cdsize, f) != cdsize)
        goto out;
    size_t pos = 0, k = 0;
    for (; k < n; k++) {
        if (pos + 46 > cdsize || memcmp(cd + pos, "PK\1\2", 4))
            goto out;
        size_t nl = (size_t)le(cd + pos + 28, 2);
        size_t next = pos + 46 + nl + (size_t)le(cd + pos + 30, 2) + (size_t)le(cd + pos + 32, 2);
        if (next > cdsize)
            goto out;
        const char *nm = (const char *)cd + pos + 46;
        if (memchr(nm, '\0', nl)) {
            char shown[256];
            size_t o = 0;
            for (size_t i = 0; i < nl && o + 3 < sizeof shown; i++) {
                if (nm[i] == '\0') {
                    memcpy(shown + o, "\\0", 2);
                    o += 2;
                } else {
                    shown[o++] = nm[i];
                }
            }
            shown[o] = '\0';
            rc = lectern_error_set(err, LECTERN_EUNSAFE,
                                   "%s: entry '%s': NUL byte in name; refusing the archive", path, shown);
            goto out;
        }
        names[k] = (raw_entry){.name = nm, .len = nl && nm[nl - 1] == '/' ? nl - 1 : nl};
        pos = next;
    }
    qsort(names, (size_t)n, sizeof *names, raw_name_cmp);
    for (size_t i = 1; i < n; i++)
        if (!raw_cmp(&names[i - 1], &names[i])) {
            rc = lectern_error_set(err, LECTERN_EUNSAFE,
                                   "%s: entry '%.*s': duplicate name; refusing the archive", path,
                                   (int)names[i].len, names[i].name);
            goto out;
        }
out:
    free(names);
    free(cd);
    free(tail);
    fclose(f);
    return rc;
}

/* Reads up to `cap` bytes of entry idx into a new buffer; *len set. Reads to
 * the end so libzip checks the CRC; more data than declared is an error. */
static int read_index(lectern_reader *r, zip_t *za, zip_uint64_t idx, const char *name,
                      uint64_t size, void **data, size_t *len, lectern_error *err)
{
    int rc = 0;
    char *buf = malloc((size_t)size + 1);
    zip_file_t *zf = NULL;
    if (!buf)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory reading %s", name);
    zf = zip_fopen_index(za, idx, 0);
    if (!zf) {
        rc = entry_error(r->path, name, zip_get_error(za), err);
        goto out;
    }
    uint64_t got = 0;
    for (;;) {
        char extra;
        void *dst = got < size ? buf + got : &extra;
        zip_uint64_t want = got < size ? size - got : 1;
        zip_int64_t k = zip_fread(zf, dst, want);
        if (k < 0) {
            rc = entry_error(r->path, name, zip_file_get_error(zf), err);
            goto out;
        }
        if (k == 0)
            break;
        got += (uint64_t)k;
        if (got > size) {
            rc = lectern_error_set(err, LECTERN_EHASH,
                                   "%s: entry '%s': more data than the declared %llu bytes (damaged or hostile package)",
                                   r->path, name, (unsigned long long)size);
            goto out;
        }
    }
    if (got != size) {
        rc = lectern_error_set(err, LECTERN_EHASH,
                               "%s: entry '%s': %llu bytes instead of the declared %llu (damaged package)",
                               r->path, name, (unsigned long long)got, (unsigned long long)size);
        goto out;
    }
    buf[got] = '\0';
    *data = buf;
    *len = (size_t)got;
    buf = NULL;
out:
    if (zf)
        zip_fclose(zf);
    free(buf);
    return rc;
}

static int check_hash(lectern_reader *r, reader_entry *e, const void *data, size_t len,
                      lectern_error *err)
{
    char hex[65];
    if (!e->mf)
        return 0;
    if (len != e->mf->size)
        return lectern_error_set(err, LECTERN_EHASH,
                                 "%s: entry '%s': %zu bytes, lectern.json says %llu (damaged or altered package)",
                                 r->path, e->name, len, (unsigned long long)e->mf->size);
    lectern_sha256_hex(data, len, hex);
    if (strcmp(hex, e->mf->sha256))
        return lectern_error_set(err, LECTERN_EHASH,
                                 "%s: entry '%s': SHA-256 differs from lectern.json (damaged or altered package)",
                                 r->path, e->name);
    return 0;
}

/* Checks every raw entry and fills raws (sorted, dirs included). */
static int scan_entries(lectern_reader *r, raw_entry *raws, zip_int64_t n, int *has_manifest,
                        lectern_error *err)
{
    uint64_t total = 0;
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_uint8_t opsys;
        zip_uint32_t attr;
        if (zip_stat_index(r->za, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
            return lectern_error_set(err, LECTERN_EFORMAT, "%s: entry #%lld: unreadable header",
                                     r->path, (long long)i);
        const char *name = st.name;
        size_t len = strlen(name);
        int is_dir = len > 0 && name[len - 1] == '/';
        const char *why;
        if (!lectern_path_safe(name, is_dir ? len - 1 : len, &why))
            return lectern_error_set(err, LECTERN_EUNSAFE, "%s: entry '%s': unsafe name (%s); refusing the archive",
                                     r->path, name, why);
        if (zip_file_get_external_attributes(r->za, (zip_uint64_t)i, 0, &opsys, &attr) == 0 &&
            opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & S_IFMT) == S_IFLNK)
            return lectern_error_set(err, LECTERN_EUNSAFE, "%s: entry '%s': symbolic link entries are not allowed",
                                     r->path, name);
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
            return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: entry '%s': encrypted entries are not supported",
                                     r->path, name);
        if (st.size > LECTERN_MAX_ENTRY_BYTES)
            return lectern_error_set(err, LECTERN_ELIMIT, "%s: entry '%s': declares %llu bytes, more than the %llu-byte limit",
                                     r->path, name, (unsigned long long)st.size,
                                     (unsigned long long)LECTERN_MAX_ENTRY_BYTES);
        total += st.size;
        if (total > LECTERN_MAX_TOTAL_BYTES)
            return lectern_error_set(err, LECTERN_ELIMIT, "%s: entry '%s': entries add up to more than the %llu-byte limit",
                                     r->path, name, (unsigned long long)LECTERN_MAX_TOTAL_BYTES);
        if (st.comp_method != ZIP_CM_STORE && st.size > LECTERN_RATIO_MIN_BYTES &&
            st.size / (st.comp_size ? st.comp_size : 1) > LECTERN_MAX_RATIO)
            return lectern_error_set(err, LECTERN_ELIMIT,
                                     "%s: entry '%s': compression ratio over %d:1 (%llu bytes from %llu); refusing a possible zip bomb",
                                     r->path, name, LECTERN_MAX_RATIO, (unsigned long long)st.size,
                                     (unsigned long long)st.comp_size);
        if (st.comp_method != ZIP_CM_STORE && !zip_compression_method_supported(st.comp_method, 0))
            return lectern_error_set(err, LECTERN_EUNSUPPORTED, "%s: entry '%s': unsupported compression method %u",
                                     r->path, name, (unsigned)st.comp_method);
        if (!strcmp(name, LECTERN_MANIFEST))
            *has_manifest = 1;
        raws[i] = (raw_entry){.name = name, .len = is_dir ? len - 1 : len,
                              .index = (zip_uint64_t)i, .is_dir = is_dir, .size = st.size,
                              .comp_size = st.comp_size, .stored = st.comp_method == ZIP_CM_STORE};
    }
    qsort(raws, (size_t)n, sizeof *raws, raw_cmp);
    for (zip_int64_t i = 1; i < n; i++)
        if (raw_cmp(&raws[i - 1], &raws[i]) == 0)
            return lectern_error_set(err, LECTERN_EUNSAFE, "%s: entry '%s': duplicate name; refusing the archive",
                                     r->path, raws[i].name);
    return 0;
}

static int add_entry(lectern_reader *r, const raw_entry *w, const char *name, lectern_error *err)
{
    reader_entry *e = &r->entries[r->n];
    e->name = strdup(name);
    if (!e->name)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    e->info.name = e->name;
    e->info.size = w->size;
    e->info.stored = w->stored;
    e->index = w->index;
    e->comp_size = w->comp_size;
    r->n++;
    return 0;
}

static int open_package(lectern_reader *r, raw_entry *raws, size_t n, int flags,
                        lectern_error *err)
{
    int rc;
    void *buf = NULL;
    size_t len;
    zip_stat_t st;
    const char *first = zip_get_name(r->za, 0, ZIP_FL_ENC_RAW);
    if (!first || strcmp(first, "mimetype"))
        return lectern_error_set(err, LECTERN_EFORMAT,
                                 "%s: not a Lectern package: the first entry must be 'mimetype' (found '%s')",
                                 r->path, first ? first : "(none)");
    if (zip_stat_index(r->za, 0, 0, &st) != 0 || st.comp_method != ZIP_CM_STORE ||
        st.size != strlen(LECTERN_MIMETYPE))
        return lectern_error_set(err, LECTERN_EFORMAT,
                                 "%s: entry 'mimetype': must be stored uncompressed and hold '%s'",
                                 r->path, LECTERN_MIMETYPE);
    rc = read_index(r, r->za, 0, "mimetype", st.size, &buf, &len, err);
    if (rc < 0)
        return rc;
    if (strcmp(buf, LECTERN_MIMETYPE)) {
        free(buf);
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: entry 'mimetype': must hold '%s'",
                                 r->path, LECTERN_MIMETYPE);
    }
    free(buf);
    zip_int64_t mi = zip_name_locate(r->za, LECTERN_MANIFEST, ZIP_FL_ENC_RAW);
    if (mi < 0 || zip_stat_index(r->za, (zip_uint64_t)mi, 0, &st) != 0)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: lectern.json is missing", r->path);
    if (st.size > LECTERN_JSON_MAX_BYTES)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: entry 'lectern.json': %llu bytes, over the JSON limit",
                                 r->path, (unsigned long long)st.size);
    rc = read_index(r, r->za, (zip_uint64_t)mi, LECTERN_MANIFEST, st.size, &buf, &len, err);
    if (rc < 0)
        return rc;
    rc = lectern_manifest_parse(buf, len, &r->manifest, err);
    free(buf);
    if (rc < 0) {
        lectern_error_prefix(err, "%s", r->path);
        return rc;
    }
    r->has_manifest = 1;
    /* merge the sorted entries with the sorted manifest */
    size_t j = 0;
    const lectern_manifest *m = &r->manifest;
    for (size_t i = 0; i < n; i++) {
        const raw_entry *w = &raws[i];
        if (w->is_dir)
            continue;
        if (!strcmp(w->name, "mimetype") || !strcmp(w->name, LECTERN_MANIFEST))
            continue;
        if (!strcmp(w->name, LECTERN_SIGNATURE)) {
            r->has_sig = 1;
            continue;
        }
        if (j < m->n_files && strcmp(m->files[j].path, w->name) < 0)
            return lectern_error_set(err, LECTERN_EFORMAT,
                                     "%s: entry '%s': listed in lectern.json but missing from the package",
                                     r->path, m->files[j].path);
        if (j >= m->n_files || strcmp(m->files[j].path, w->name) != 0)
            return lectern_error_set(err, LECTERN_EFORMAT,
                                     "%s: entry '%s': present in the package but not listed in lectern.json",
                                     r->path, w->name);
        if ((rc = add_entry(r, w, w->name, err)) < 0)
            return rc;
        reader_entry *e = &r->entries[r->n - 1];
        e->mf = &m->files[j++];
        if (e->info.size != e->mf->size)
            return lectern_error_set(err, LECTERN_EHASH,
                                     "%s: entry '%s': %llu bytes, lectern.json says %llu (damaged or altered package)",
                                     r->path, w->name, (unsigned long long)e->info.size,
                                     (unsigned long long)e->mf->size);
    }
    if (j < m->n_files)
        return lectern_error_set(err, LECTERN_EFORMAT,
                                 "%s: entry '%s': listed in lectern.json but missing from the package",
                                 r->path, m->files[j].path);
    if (flags & LECTERN_READER_VERIFY)
        for (size_t i = 0; i < r->n; i++)
            if ((rc = lectern_reader_zip_check(r, &r->entries[i], -1, err)) < 0)
                return rc;
    return 0;
}

static int open_plain(lectern_reader *r, raw_entry *raws, size_t n, lectern_error *err)
{
    const char *prefix = "";
    size_t plen = 0;
    int root_course = 0;
    for (size_t i = 0; i < n; i++)
        if (!raws[i].is_dir && !strcmp(raws[i].name, "course.json"))
            root_course = 1;
    if (!root_course) {
        /* one top folder holding course.json and everything else? */
        const char *top = NULL;
        size_t tlen = 0;
        for (size_t i = 0; i < n; i++) {
            if (skipped_name(raws[i].name))
                continue;
            const char *slash = memchr(raws[i].name, '/', raws[i].len);
            if (!slash) {
                if (raws[i].is_dir && (!top || (raws[i].len == tlen && !memcmp(top, raws[i].name, tlen)))) {
                    top = raws[i].name;
                    tlen = raws[i].len;
                    continue;
                }
                top = NULL;
                break;
            }
            size_t l = (size_t)(slash - raws[i].name);
            if (top && (l != tlen || memcmp(top, raws[i].name, l))) {
                top = NULL;
                break;
            }
            top = raws[i].name;
            tlen = l;
        }
        if (top) {
            char *p = malloc(tlen + 2);
            if (!p)
                return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            memcpy(p, top, tlen);
            p[tlen] = '/';
            p[tlen + 1] = '\0';
            r->prefix = p;
            zip_int64_t ci;
            char *cj = NULL;
            if (asprintf(&cj, "%scourse.json", p) < 0)
                return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            ci = zip_name_locate(r->za, cj, ZIP_FL_ENC_RAW);
            free(cj);
            if (ci >= 0) {
                prefix = p;
                plen = tlen + 1;
                root_course = 1;
            }
        }
    }
    if (!root_course)
        return lectern_error_set(err, LECTERN_EFORMAT,
                                 "%s: neither a Lectern package (no lectern.json) nor a zip of a course folder "
                                 "(no course.json at the top or in a single top folder)", r->path);
    for (size_t i = 0; i < n; i++) {
        const raw_entry *w = &raws[i];
        if (w->is_dir || skipped_name(w->name))
            continue;
        if (plen && strncmp(w->name, prefix, plen))
            continue;
        if (skipped_name(w->name + plen))
            continue;
        int rc = add_entry(r, w, w->name + plen, err);
        if (rc < 0)
            return rc;
    }
    r->kind = LECTERN_SOURCE_PLAIN_ZIP;
    r->note = "unverified: zip without lectern.json";
    return 0;
}

/* See reader_internal.h. */
int lectern_reader_zip_open(lectern_reader *r, int flags, lectern_error *err)
{
    int ze = 0, rc, has_manifest = 0;
    raw_entry *raws = NULL;
    if ((rc = lectern_zip_raw_scan(r->path, err)) < 0)
        return rc;
    r->za = zip_open(r->path, ZIP_RDONLY, &ze);
    if (!r->za)
        return zip_errcode(r->path, ze, err);
    zip_int64_t n = zip_get_num_entries(r->za, 0);
    if (n < 0)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: unreadable zip directory", r->path);
    if (n > LECTERN_MAX_ENTRIES + 3)
        return lectern_error_set(err, LECTERN_ELIMIT, "%s: %lld entries, the limit is %d", r->path,
                                 (long long)n, LECTERN_MAX_ENTRIES);
    raws = calloc(n ? (size_t)n : 1, sizeof *raws);
    r->entries = calloc(n ? (size_t)n : 1, sizeof *r->entries);
    if (!raws || !r->entries) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    rc = scan_entries(r, raws, n, &has_manifest, err);
    if (rc < 0)
        goto out;
    if (has_manifest) {
        r->kind = LECTERN_SOURCE_PACKAGE;
        r->note = "";
        rc = open_package(r, raws, (size_t)n, flags, err);
    } else {
        const char *first = n ? zip_get_name(r->za, 0, ZIP_FL_ENC_RAW) : NULL;
        if (first && !strcmp(first, "mimetype"))
            rc = lectern_error_set(err, LECTERN_EFORMAT, "%s: lectern.json is missing from the package", r->path);
        else
            rc = open_plain(r, raws, (size_t)n, err);
    }
out:
    free(raws);
    return rc;
}

/* See reader_internal.h. */
int lectern_reader_zip_read(lectern_reader *r, reader_entry *e, void **data, size_t *len,
                            lectern_error *err)
{
    pthread_mutex_lock(&r->lock);
    const char *full = zip_get_name(r->za, e->index, ZIP_FL_ENC_RAW);
    int rc = read_index(r, r->za, e->index, full ? full : e->name, e->info.size, data, len, err);
    pthread_mutex_unlock(&r->lock);
    if (rc == 0 && (rc = check_hash(r, e, *data, *len, err)) < 0) {
        free(*data);
        *data = NULL;
        *len = 0;
    }
    return rc;
}

/* See reader_internal.h. */
int lectern_reader_zip_check_with(lectern_reader *r, zip_t *za, reader_entry *e, int out_fd,
                                  lectern_error *err)
{
    enum { CHUNK = 1 << 20 };
    int rc = 0;
    zip_file_t *zf = NULL;
    unsigned char *buf = malloc(CHUNK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    uint64_t got = 0;
    if (!buf || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        goto out;
    }
    zf = zip_fopen_index(za, e->index, 0);
    if (!zf) {
        rc = entry_error(r->path, e->name, zip_get_error(za), err);
        goto out;
    }
    for (;;) {
        zip_int64_t k = zip_fread(zf, buf, CHUNK);
        if (k < 0) {
            rc = entry_error(r->path, e->name, zip_file_get_error(zf), err);
            goto out;
        }
        if (k == 0)
            break;
        got += (uint64_t)k;
        if (got > e->info.size) {
            rc = lectern_error_set(err, LECTERN_EHASH,
                                   "%s: entry '%s': more data than the declared %llu bytes (damaged or hostile package)",
                                   r->path, e->name, (unsigned long long)e->info.size);
            goto out;
        }
        EVP_DigestUpdate(ctx, buf, (size_t)k);
        for (zip_int64_t w = 0; out_fd >= 0 && w < k;) {
            ssize_t x = write(out_fd, buf + w, (size_t)(k - w));
            if (x < 0 && errno == EINTR)
                continue;
            if (x < 0) {
                int en = errno;
                rc = lectern_error_set(err, LECTERN_EIO, "writing '%s': %s%s", e->name, strerror(en),
                                       lectern_disk_hint(en));
                goto out;
            }
            w += x;
        }
    }
    if (got != e->info.size) {
        rc = lectern_error_set(err, LECTERN_EHASH, "%s: entry '%s': %llu bytes instead of %llu (damaged package)",
                               r->path, e->name, (unsigned long long)got, (unsigned long long)e->info.size);
        goto out;
    }
    if (e->mf) {
        unsigned char md[32];
        unsigned int mdlen = 0;
        char hex[65];
        EVP_DigestFinal_ex(ctx, md, &mdlen);
        lectern_hex32(md, hex);
        if (strcmp(hex, e->mf->sha256))
            rc = lectern_error_set(err, LECTERN_EHASH,
                                   "%s: entry '%s': SHA-256 differs from lectern.json (damaged or altered package)",
                                   r->path, e->name);
    }
out:
    if (zf)
        zip_fclose(zf);
    EVP_MD_CTX_free(ctx);
    free(buf);
    return rc;
}

/* See reader_internal.h. */
int lectern_reader_zip_check(lectern_reader *r, reader_entry *e, int out_fd, lectern_error *err)
{
    pthread_mutex_lock(&r->lock);
    int rc = lectern_reader_zip_check_with(r, r->za, e, out_fd, err);
    pthread_mutex_unlock(&r->lock);
    return rc;
}

static int stream_reopen(lectern_reader *r, lectern_stream *s, zip_uint64_t index, lectern_error *err)
{
    if (s->zf)
        zip_fclose(s->zf);
    s->zf = zip_fopen_index(s->za, index, 0);
    if (!s->zf)
        return entry_error(r ? r->path : "package", s->name, zip_get_error(s->za), err);
    return 0;
}

/* See reader_internal.h. */
int lectern_reader_zip_stream(lectern_reader *r, reader_entry *e, lectern_stream *s,
                              lectern_error *err)
{
    int ze = 0;
    s->za = zip_open(r->path, ZIP_RDONLY, &ze);
    if (!s->za)
        return zip_errcode(r->path, ze, err);
    pthread_mutex_lock(&r->lock);
    const char *want = zip_get_name(r->za, e->index, ZIP_FL_ENC_RAW);
    const char *have = zip_get_name(s->za, e->index, ZIP_FL_ENC_RAW);
    int same = want && have && !strcmp(want, have);
    pthread_mutex_unlock(&r->lock);
    if (!same)
        return lectern_error_set(err, LECTERN_EIO, "%s: the package changed on disk since it was opened; reopen it",
                                 r->path);
    s->index = e->index;
    s->stored = e->info.stored;
    return stream_reopen(r, s, e->index, err);
}

/* Seeks a stream on a zip entry: zip_fseek for stored entries, otherwise
 * reopen and skip (slow, only for deflated entries of plain zips). */
int lectern_reader_zip_seek(lectern_stream *s, uint64_t offset)
{
    if (s->stored)
        return zip_fseek(s->zf, (zip_int64_t)offset, SEEK_SET) == 0 ? 0 : LECTERN_EIO;
    if (offset < s->pos && stream_reopen(NULL, s, s->index, NULL) < 0)
        return LECTERN_EIO;
    uint64_t at = offset < s->pos ? 0 : s->pos;
    char buf[16384];
    while (at < offset) {
        uint64_t want = offset - at < sizeof buf ? offset - at : sizeof buf;
        zip_int64_t k = zip_fread(s->zf, buf, want);
        if (k <= 0)
            return LECTERN_EIO;
        at += (uint64_t)k;
    }
    return 0;
}

/* See reader_internal.h. */
void lectern_reader_zip_close(lectern_reader *r)
{
    if (r->has_manifest)
        lectern_manifest_free(&r->manifest);
    r->has_manifest = 0;
    if (r->za)
        zip_discard(r->za);
    r->za = NULL;
}
