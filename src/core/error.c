/* Error records: codes plus a message that names the place (file, entry,
 * JSON path), and the process-wide hook that puts the English formats into
 * the reader's language (po/, through the program's gettext). See
 * include/lectern/error.h. */
#include "lectern/error.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static _Atomic(lectern_translate) tr_fn;
static _Atomic(void *) tr_user;

void lectern_error_set_translator(lectern_translate fn, void *user)
{
    atomic_store(&tr_user, user);
    atomic_store(&tr_fn, fn);
}

/* The next conversion of a printf format from *p: writes what it consumes
 * into sig (one letter per argument: '*' widths as 'i', then the length
 * modifier and conversion). Returns 0 at the end, -1 for a positional or
 * unknown conversion, 1 after one conversion. */
static int next_conv(const char **p, char *sig, size_t cap, size_t *n)
{
    const char *s = *p;
    for (;;) {
        s = strchr(s, '%');
        if (!s) {
            *p = s;
            return 0;
        }
        if (s[1] == '%') {
            s += 2;
            continue;
        }
        break;
    }
    s++;
#define PUT(c) do { if (*n + 1 >= cap) return -1; sig[(*n)++] = (c); } while (0)
    while (*s && strchr("-+ #0'I", *s))
        s++;
    if (*s == '*') {
        PUT('i');
        s++;
    } else {
        while (*s >= '0' && *s <= '9')
            s++;
        if (*s == '$')
            return -1;
    }
    if (*s == '.') {
        s++;
        if (*s == '*') {
            PUT('i');
            s++;
        } else {
            while (*s >= '0' && *s <= '9')
                s++;
        }
    }
    while (*s && strchr("hljztLq", *s)) {
        PUT(*s);
        s++;
    }
    if (!*s || !strchr("diouxXeEfFgGaAcsp", *s))     /* never %n */
        return -1;
    char c = *s;
    if (strchr("iouxX", c))
        c = 'd';     /* the same argument type, another way to print it */
    else if (strchr("eEfFgGaA", c))
        c = 'f';
    PUT(c);
    PUT(';');
#undef PUT
    *p = s + 1;
    return 1;
}

static int signature(const char *f, char *sig, size_t cap)
{
    size_t n = 0;
    int r;
    while ((r = next_conv(&f, sig, cap, &n)) > 0)
        ;
    sig[n] = '\0';
    return r;
}

int lectern_format_compatible(const char *a, const char *b)
{
    char sa[256], sb[256];
    if (!a || !b || signature(a, sa, sizeof sa) < 0 || signature(b, sb, sizeof sb) < 0)
        return 0;
    return strcmp(sa, sb) == 0;
}

const char *lectern_error_tr(const char *fmt)
{
    lectern_translate fn = atomic_load(&tr_fn);
    if (!fn || !fmt || !*fmt)
        return fmt;
    const char *t = fn(fmt, NULL, 0, atomic_load(&tr_user));
    if (!t || !*t || t == fmt)
        return fmt;
    return lectern_format_compatible(fmt, t) ? t : fmt;
}

int lectern_error_set(lectern_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, lectern_error_tr(fmt), ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

void lectern_error_prefix(lectern_error *err, const char *fmt, ...)
{
    if (!err)
        return;
    char pre[LECTERN_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(pre, sizeof pre, lectern_error_tr(fmt), ap);
    va_end(ap);
    size_t plen = strlen(pre);
    if (plen + 2 >= sizeof err->msg)
        plen = sizeof err->msg - 3;
    size_t olen = strnlen(err->msg, sizeof err->msg - 1);
    if (plen + 2 + olen >= sizeof err->msg)
        olen = sizeof err->msg - 1 - plen - 2;
    memmove(err->msg + plen + 2, err->msg, olen);
    memcpy(err->msg, pre, plen);
    err->msg[plen] = ':';
    err->msg[plen + 1] = ' ';
    err->msg[plen + 2 + olen] = '\0';
}

void lectern_error_clear(lectern_error *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}

const char *lectern_strerror(int code)
{
    switch (code) {
    case LECTERN_OK: return "ok";
    case LECTERN_EIO: return "input/output error";
    case LECTERN_ENOMEM: return "out of memory";
    case LECTERN_EFORMAT: return "bad format";
    case LECTERN_ENOTFOUND: return "not found";
    case LECTERN_EUNSAFE: return "unsafe entry name";
    case LECTERN_EHASH: return "hash mismatch";
    case LECTERN_ELIMIT: return "limit exceeded";
    case LECTERN_EINVAL: return "invalid argument";
    case LECTERN_EJSON: return "JSON syntax error";
    case LECTERN_ESCHEMA: return "schema error";
    case LECTERN_ESIGNATURE: return "signature error";
    case LECTERN_EMEDIA: return "media does not decode";
    case LECTERN_EUNSUPPORTED: return "unsupported";
    default: return "unknown error";
    }
}
