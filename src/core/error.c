/* Error records: codes plus a message that names the place (file, entry,
 * JSON path). See include/lectern/error.h. */
#include "lectern/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int lectern_error_set(lectern_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
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
    vsnprintf(pre, sizeof pre, fmt, ap);
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
