/* Streaming zip writer for packages (see zip_write.h). Layout per entry:
 * local header (sizes known, or patched in place for deflated data), data;
 * then the central directory, zip64 end records when needed, end record.
 * Every field is fixed or derived from the content, so output is reproducible. */
#include "zip_write.h"
#include "tmpfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_CLMUL 1
#endif

#define BUF_BYTES (1u << 20)
#define IO_CHUNK (4u << 20)
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)     /* 1980-01-01 */
#define DOS_TIME 0
#define MADE_BY 0x033F                         /* Unix, spec 6.3 */
#define EXT_ATTR (0100644u << 16)              /* regular file, rw-r--r-- */
#define MAX32 0xFFFFFFFFu

typedef struct zentry {
    char *name;
    uint32_t crc;
    uint64_t csize, usize, offset;
    uint16_t method, flags, need;
} zentry;

struct lectern_zipw {
    int fd;
    uint64_t off;           /* logical end of file */
    unsigned char *buf;     /* pending bytes at offset off - blen */
    size_t blen;
    zentry *e;
    size_t n, cap;
    z_stream zs;            /* reused for every deflated entry */
    int zs_ready;
    unsigned char *zin, *zout;
};

#ifdef HAVE_CLMUL
/* CRC-32 (zip polynomial) by carry-less multiplication folding, after
 * Gopal et al., "Fast CRC Computation for Generic Polynomials Using
 * PCLMULQDQ" (Intel, 2009). len >= 64 and a multiple of 16; state is the
 * inverted running CRC. About 4x zlib 1.2.13's table version. */
__attribute__((target("pclmul,sse4.1")))
static uint32_t crc32_fold(uint32_t state, const unsigned char *p, size_t len)
{
    const __m128i k12 = _mm_set_epi64x(0x01c6e41596LL, 0x0154442bd4LL);
    const __m128i k34 = _mm_set_epi64x(0x00ccaa009eLL, 0x01751997d0LL);
    const __m128i k5 = _mm_set_epi64x(0, 0x0163cd6124LL);
    const __m128i poly = _mm_set_epi64x(0x01f7011641LL, 0x01db710641LL);
    const __m128i lo32 = _mm_setr_epi32(-1, 0, -1, 0);
    __m128i a = _mm_loadu_si128((const __m128i *)p);
    __m128i b = _mm_loadu_si128((const __m128i *)(p + 16));
    __m128i c = _mm_loadu_si128((const __m128i *)(p + 32));
    __m128i d = _mm_loadu_si128((const __m128i *)(p + 48));
    a = _mm_xor_si128(a, _mm_cvtsi32_si128((int)state));
    p += 64;
    len -= 64;
    while (len >= 64) {
        __m128i a0 = _mm_clmulepi64_si128(a, k12, 0x00), b0 = _mm_clmulepi64_si128(b, k12, 0x00);
        __m128i c0 = _mm_clmulepi64_si128(c, k12, 0x00), d0 = _mm_clmulepi64_si128(d, k12, 0x00);
        a = _mm_clmulepi64_si128(a, k12, 0x11);
        b = _mm_clmulepi64_si128(b, k12, 0x11);
        c = _mm_clmulepi64_si128(c, k12, 0x11);
        d = _mm_clmulepi64_si128(d, k12, 0x11);
        a = _mm_xor_si128(_mm_xor_si128(a, a0), _mm_loadu_si128((const __m128i *)p));
        b = _mm_xor_si128(_mm_xor_si128(b, b0), _mm_loadu_si128((const __m128i *)(p + 16)));
        c = _mm_xor_si128(_mm_xor_si128(c, c0), _mm_loadu_si128((const __m128i *)(p + 32)));
        d = _mm_xor_si128(_mm_xor_si128(d, d0), _mm_loadu_si128((const __m128i *)(p + 48)));
        p += 64;
        len -= 64;
    }
    /* four lanes into one */
    __m128i t = _mm_clmulepi64_si128(a, k34, 0x00);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k34, 0x11), b), t);
    t = _mm_clmulepi64_si128(a, k34, 0x00);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k34, 0x11), c), t);
    t = _mm_clmulepi64_si128(a, k34, 0x00);
    a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k34, 0x11), d), t);
    while (len >= 16) {
        t = _mm_clmulepi64_si128(a, k34, 0x00);
        a = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(a, k34, 0x11),
                                        _mm_loadu_si128((const __m128i *)p)), t);
        p += 16;
        len -= 16;
    }
    /* 128 -> 64 bits */
    t = _mm_clmulepi64_si128(a, k34, 0x10);
    a = _mm_xor_si128(_mm_srli_si128(a, 8), t);
    t = _mm_srli_si128(a, 4);
    a = _mm_xor_si128(_mm_clmulepi64_si128(_mm_and_si128(a, lo32), k5, 0x00), t);
    /* Barrett reduction to 32 bits */
    t = _mm_clmulepi64_si128(_mm_and_si128(a, lo32), poly, 0x10);
    t = _mm_clmulepi64_si128(_mm_and_si128(t, lo32), poly, 0x00);
    a = _mm_xor_si128(a, t);
    return (uint32_t)_mm_extract_epi32(a, 1);
}
#endif

/* See zip_write.h. */
uint32_t lectern_crc32(uint32_t crc, const void *data, size_t len)
{
    const unsigned char *p = data;
#ifdef HAVE_CLMUL
    static int have = -1;
    if (have < 0) {
        __builtin_cpu_init();
        have = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
    }
    if (have && len >= 64) {
        size_t n = len & ~(size_t)15;
        crc = ~crc32_fold(~crc, p, n);
        p += n;
        len -= n;
    }
#endif
    while (len) {
        uInt take = len > (1u << 30) ? (1u << 30) : (uInt)len;
        crc = (uint32_t)crc32(crc, p, take);
        p += take;
        len -= take;
    }
    return crc;
}

static void put16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static int flush(lectern_zipw *w)
{
    if (w->blen && lectern_pwrite_all(w->fd, w->buf, w->blen, w->off - w->blen) != 0)
        return -1;
    w->blen = 0;
    return 0;
}

static int emit(lectern_zipw *w, const void *data, size_t len)
{
    if (w->blen + len > BUF_BYTES && flush(w) != 0)
        return -1;
    if (len > BUF_BYTES) {
        if (lectern_pwrite_all(w->fd, data, len, w->off) != 0)
            return -1;
    } else {
        memcpy(w->buf + w->blen, data, len);
        w->blen += len;
    }
    w->off += len;
    return 0;
}

static int io_error(lectern_error *err, const char *what, const char *name)
{
    int e = errno ? errno : EIO;
    return lectern_error_set(err, LECTERN_EIO, "writing the package (%s, entry '%s'): %s%s", what, name,
                             strerror(e), lectern_disk_hint(e));
}

lectern_zipw *lectern_zipw_new(int fd)
{
    lectern_zipw *w = calloc(1, sizeof *w);
    if (!w || !(w->buf = malloc(BUF_BYTES))) {
        free(w);
        return NULL;
    }
    w->fd = fd;
    return w;
}

void lectern_zipw_free(lectern_zipw *w)
{
    if (!w)
        return;
    if (w->zs_ready)
        deflateEnd(&w->zs);
    free(w->zin);
    free(w->zout);
    for (size_t i = 0; i < w->n; i++)
        free(w->e[i].name);
    free(w->e);
    free(w->buf);
    free(w);
}

/* Records the entry and writes its local header. zip64_local reserves a
 * zip64 extra field with both sizes (patched later for deflated data). */
static zentry *begin(lectern_zipw *w, const char *name, uint32_t crc, uint64_t usize,
                     uint64_t csize, int deflate, int zip64_local, lectern_error *err)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 256;
        zentry *ne = realloc(w->e, nc * sizeof *ne);
        if (!ne) {
            lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            return NULL;
        }
        w->e = ne;
        w->cap = nc;
    }
    zentry *z = &w->e[w->n];
    memset(z, 0, sizeof *z);
    if (!(z->name = strdup(name))) {
        lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
        return NULL;
    }
    w->n++;
    size_t nl = strlen(name);
    for (size_t i = 0; i < nl; i++)
        if ((unsigned char)name[i] >= 0x80)
            z->flags |= 1u << 11;           /* UTF-8 name */
    z->crc = crc;
    z->usize = usize;
    z->csize = csize;
    z->offset = w->off;
    z->method = deflate ? 8 : 0;
    z->need = zip64_local ? 45 : deflate ? 20 : 10;
    unsigned char h[30 + 20];
    put32(h, 0x04034b50);
    put16(h + 4, z->need);
    put16(h + 6, z->flags);
    put16(h + 8, z->method);
    put16(h + 10, DOS_TIME);
    put16(h + 12, DOS_DATE);
    put32(h + 14, crc);
    put32(h + 18, zip64_local ? MAX32 : (uint32_t)csize);
    put32(h + 22, zip64_local ? MAX32 : (uint32_t)usize);
    put16(h + 26, (unsigned)nl);
    put16(h + 28, zip64_local ? 20 : 0);
    size_t hl = 30;
    if (zip64_local) {
        put16(h + 30, 1);
        put16(h + 32, 16);
        put64(h + 34, usize);
        put64(h + 42, csize);
        hl += 20;
    }
    if (emit(w, h, 30) != 0 || emit(w, name, nl) != 0 || (hl > 30 && emit(w, h + 30, hl - 30) != 0)) {
        io_error(err, "header", name);
        return NULL;
    }
    return z;
}

/* Deflates from either memory (data) or fd into the output. */
static int deflate_into(lectern_zipw *w, zentry *z, const void *data, int fd, uint64_t size,
                        const char *label, lectern_error *err)
{
    int zr;
    z_stream *zs = &w->zs;
    if (!w->zout && !(w->zout = malloc(IO_CHUNK)))
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if (!data && !w->zin && !(w->zin = malloc(IO_CHUNK)))
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
    if (!w->zs_ready) {
        memset(zs, 0, sizeof *zs);
        if (deflateInit2(zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
            return lectern_error_set(err, LECTERN_ENOMEM, "out of memory (zlib)");
        w->zs_ready = 1;
    } else if (deflateReset(zs) != Z_OK) {
        return lectern_error_set(err, LECTERN_EIO, "%s: zlib error", label);
    }
    uint64_t left = size, pos = 0;
    uint64_t start = w->off;
    do {
        int fl = Z_NO_FLUSH;
        if (data) {
            size_t take = left > IO_CHUNK ? IO_CHUNK : (size_t)left;
            zs->next_in = (unsigned char *)data + pos;
            zs->avail_in = (uInt)take;
            pos += take;
            left -= take;
        } else {
            size_t take = left > IO_CHUNK ? IO_CHUNK : (size_t)left;
            ssize_t k = take ? pread(fd, w->zin, take, (off_t)pos) : 0;
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0 || (take && k == 0))
                return lectern_error_set(err, LECTERN_EIO, "%s: read failed or file shrank while building", label);
            zs->next_in = w->zin;
            zs->avail_in = (uInt)k;
            pos += (uint64_t)k;
            left -= (uint64_t)k;
        }
        if (!left)
            fl = Z_FINISH;
        do {
            zs->next_out = w->zout;
            zs->avail_out = IO_CHUNK;
            zr = deflate(zs, fl);
            if (zr == Z_STREAM_ERROR)
                return lectern_error_set(err, LECTERN_EIO, "%s: zlib error", label);
            if (emit(w, w->zout, IO_CHUNK - zs->avail_out) != 0)
                return io_error(err, "data", z->name);
        } while (zs->avail_out == 0);
    } while (left);
    z->csize = w->off - start;
    return 0;
}

/* Writes the compressed size into the entry's local header: in the pending
 * buffer when the header is still there, else on disk. */
static int patch_csize(lectern_zipw *w, zentry *z, int zip64_local, lectern_error *err)
{
    unsigned char b[8];
    size_t nl = strlen(z->name), len = zip64_local ? 8 : 4;
    uint64_t at = zip64_local ? z->offset + 30 + nl + 12 : z->offset + 18;
    if (zip64_local)
        put64(b, z->csize);
    else
        put32(b, (uint32_t)z->csize);
    uint64_t buf_start = w->off - w->blen;
    if (at >= buf_start) {
        memcpy(w->buf + (at - buf_start), b, len);
        return 0;
    }
    if (flush(w) != 0 || lectern_pwrite_all(w->fd, b, len, at) != 0)
        return io_error(err, "header", z->name);
    return 0;
}

/* See zip_write.h. */
int lectern_zipw_add_buffer(lectern_zipw *w, const char *name, const void *data, size_t len,
                            int deflate, lectern_error *err)
{
    uint32_t crc = lectern_crc32(0, data, len);
    int z64 = (uint64_t)len >= 0xF0000000u;
    zentry *z = begin(w, name, crc, len, deflate ? 0 : len, deflate, z64, err);
    if (!z)
        return err ? err->code : LECTERN_EIO;
    if (!deflate)
        return emit(w, data, len) == 0 ? 0 : io_error(err, "data", name);
    int rc = deflate_into(w, z, data, -1, len, name, err);
    return rc < 0 ? rc : patch_csize(w, z, z64, err);
}

/* Copies size bytes of src_fd (from offset src_off) to the output at w->off. */
static int copy_fd(lectern_zipw *w, int src_fd, uint64_t src_off, uint64_t size, const char *label,
                   lectern_error *err)
{
    if (flush(w) != 0)
        return io_error(err, "data", label);
    loff_t in_off = (loff_t)src_off, out_off = (loff_t)w->off;
    uint64_t left = size;
    int use_cfr = 1;
    char *buf = NULL;
    while (left) {
        ssize_t k;
        size_t take = left > (1u << 30) ? (1u << 30) : (size_t)left;
        if (use_cfr) {
            k = copy_file_range(src_fd, &in_off, w->fd, &out_off, take, 0);
            if (k < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL ||
                          errno == EBADF)) {
                use_cfr = 0;
                continue;
            }
        } else {
            if (!buf && !(buf = malloc(IO_CHUNK)))
                return lectern_error_set(err, LECTERN_ENOMEM, "out of memory");
            k = pread(src_fd, buf, take > IO_CHUNK ? IO_CHUNK : take, in_off);
            if (k > 0) {
                if (lectern_pwrite_all(w->fd, buf, (size_t)k, (uint64_t)out_off) != 0) {
                    free(buf);
                    return io_error(err, "data", label);
                }
                in_off += k;
                out_off += k;
            }
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            free(buf);
            if (k == 0)
                return lectern_error_set(err, LECTERN_EIO, "%s: file shrank while building; try again", label);
            return io_error(err, "data", label);
        }
        left -= (uint64_t)k;
    }
    free(buf);
    /* start writeback now so the final fsync has less left to wait for */
    sync_file_range(w->fd, (off_t)w->off, (off_t)size, SYNC_FILE_RANGE_WRITE);
    w->off = (uint64_t)out_off;
    return 0;
}

/* See zip_write.h. */
int lectern_zipw_add_fd(lectern_zipw *w, const char *name, int src_fd, uint64_t size,
                        uint32_t crc, int deflate, const char *label, lectern_error *err)
{
    int z64 = deflate ? size >= 0xF0000000u : size >= MAX32;
    zentry *z = begin(w, name, crc, size, deflate ? 0 : size, deflate, z64, err);
    if (!z)
        return err ? err->code : LECTERN_EIO;
    if (!deflate)
        return copy_fd(w, src_fd, 0, size, label, err);
    int rc = deflate_into(w, z, NULL, src_fd, size, label, err);
    return rc < 0 ? rc : patch_csize(w, z, z64, err);
}

/* See zip_write.h. */
int lectern_zipw_add_raw(lectern_zipw *w, const char *name, int src_fd, uint64_t src_off,
                         uint64_t csize, uint64_t usize, uint32_t crc, int deflated,
                         const char *label, lectern_error *err)
{
    /* the same zip64 choice and header as add_fd, so the bytes match a build */
    int z64 = deflated ? usize >= 0xF0000000u : usize >= MAX32;
    if (!deflated && csize != usize)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: stored entry with two sizes", label);
    zentry *z = begin(w, name, crc, usize, csize, deflated, z64, err);
    if (!z)
        return err ? err->code : LECTERN_EIO;
    return copy_fd(w, src_fd, src_off, csize, label, err);
}

/* See zip_write.h. */
int lectern_zipw_deflate_mem(const void *data, size_t len, unsigned char **out, size_t *out_len)
{
    z_stream zs;
    size_t cap = deflateBound(NULL, (uLong)len) + 64, pos = 0;
    unsigned char *buf = malloc(cap ? cap : 1);
    *out = NULL;
    *out_len = 0;
    memset(&zs, 0, sizeof zs);
    if (!buf || deflateInit2(&zs, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        free(buf);
        return -1;
    }
    /* the same input steps as deflate_into (IO_CHUNK, Z_FINISH with the
     * last one), so the bytes are those of lectern_zipw_add_fd */
    size_t left = len;
    int zr = Z_OK;
    do {
        size_t take = left > IO_CHUNK ? IO_CHUNK : left;
        zs.next_in = (unsigned char *)data + pos;
        zs.avail_in = (uInt)take;
        pos += take;
        left -= take;
        int fl = left ? Z_NO_FLUSH : Z_FINISH;
        do {
            size_t have = (size_t)zs.total_out;
            if (have == cap) {
                zr = Z_BUF_ERROR;
                break;
            }
            zs.next_out = buf + have;
            zs.avail_out = (uInt)(cap - have);
            zr = deflate(&zs, fl);
        } while (zr == Z_OK && zs.avail_out == 0);
    } while (left && zr == Z_OK);
    if (zr != Z_STREAM_END) {
        deflateEnd(&zs);
        free(buf);
        return -1;
    }
    *out_len = (size_t)zs.total_out;
    deflateEnd(&zs);
    *out = buf;
    return 0;
}

/* See zip_write.h. */
int lectern_zipw_add_placed(lectern_zipw *w, const char *name, uint64_t usize, uint64_t csize, uint32_t crc,
                            int deflated, uint64_t expect_off, lectern_error *err)
{
    if (w->off != expect_off)
        return lectern_error_set(err, LECTERN_EIO, "internal error: entry '%s' planned at %llu, header at %llu",
                                 name, (unsigned long long)expect_off, (unsigned long long)w->off);
    int z64 = deflated ? usize >= 0xF0000000u : usize >= MAX32;
    if (!deflated && csize != usize)
        return lectern_error_set(err, LECTERN_EFORMAT, "%s: stored entry with two sizes", name);
    if (!begin(w, name, crc, usize, csize, deflated, z64, err))
        return err ? err->code : LECTERN_EIO;
    if (flush(w) != 0)
        return io_error(err, "header", name);
    w->off += csize;        /* the data is already there */
    return 0;
}

/* See zip_write.h. */
uint64_t lectern_zipw_header_size(const char *name, uint64_t usize, int deflated)
{
    int z64 = deflated ? usize >= 0xF0000000u : usize >= MAX32;
    return 30 + strlen(name) + (z64 ? 20 : 0);
}

/* See zip_write.h. */
int lectern_zipw_finish(lectern_zipw *w, lectern_error *err)
{
    uint64_t cd_start = w->off;
    for (size_t i = 0; i < w->n; i++) {
        zentry *z = &w->e[i];
        unsigned char h[46], x[4 + 24];
        size_t xl = 4;
        if (z->usize >= MAX32) {
            put64(x + xl, z->usize);
            xl += 8;
        }
        if (z->csize >= MAX32) {
            put64(x + xl, z->csize);
            xl += 8;
        }
        if (z->offset >= MAX32) {
            put64(x + xl, z->offset);
            xl += 8;
        }
        if (xl > 4) {
            put16(x, 1);
            put16(x + 2, (unsigned)(xl - 4));
            z->need = 45;
        } else {
            xl = 0;
        }
        size_t nl = strlen(z->name);
        put32(h, 0x02014b50);
        put16(h + 4, MADE_BY);
        put16(h + 6, z->need);
        put16(h + 8, z->flags);
        put16(h + 10, z->method);
        put16(h + 12, DOS_TIME);
        put16(h + 14, DOS_DATE);
        put32(h + 16, z->crc);
        put32(h + 20, z->csize >= MAX32 ? MAX32 : (uint32_t)z->csize);
        put32(h + 24, z->usize >= MAX32 ? MAX32 : (uint32_t)z->usize);
        put16(h + 28, (unsigned)nl);
        put16(h + 30, (unsigned)xl);
        put16(h + 32, 0);
        put16(h + 34, 0);
        put16(h + 36, 0);
        put32(h + 38, EXT_ATTR);
        put32(h + 42, z->offset >= MAX32 ? MAX32 : (uint32_t)z->offset);
        if (emit(w, h, 46) != 0 || emit(w, z->name, nl) != 0 || (xl && emit(w, x, xl) != 0))
            return io_error(err, "central directory", z->name);
    }
    uint64_t cd_size = w->off - cd_start;
    int z64 = w->n >= 0xFFFF || cd_size >= MAX32 || cd_start >= MAX32;
    if (z64) {
        unsigned char r[56 + 20];
        uint64_t rec = w->off;
        put32(r, 0x06064b50);
        put64(r + 4, 44);
        put16(r + 12, MADE_BY);
        put16(r + 14, 45);
        put32(r + 16, 0);
        put32(r + 20, 0);
        put64(r + 24, w->n);
        put64(r + 32, w->n);
        put64(r + 40, cd_size);
        put64(r + 48, cd_start);
        put32(r + 56, 0x07064b50);
        put32(r + 60, 0);
        put64(r + 64, rec);
        put32(r + 72, 1);
        if (emit(w, r, sizeof r) != 0)
            return io_error(err, "end record", "zip64");
    }
    unsigned char e[22];
    put32(e, 0x06054b50);
    put16(e + 4, 0);
    put16(e + 6, 0);
    put16(e + 8, w->n >= 0xFFFF ? 0xFFFF : (unsigned)w->n);
    put16(e + 10, w->n >= 0xFFFF ? 0xFFFF : (unsigned)w->n);
    put32(e + 12, cd_size >= MAX32 ? MAX32 : (uint32_t)cd_size);
    put32(e + 16, cd_start >= MAX32 ? MAX32 : (uint32_t)cd_start);
    put16(e + 20, 0);
    if (emit(w, e, sizeof e) != 0 || flush(w) != 0)
        return io_error(err, "end record", "-");
    return 0;
}
