/* Entry-name safety and SHA-256 helpers shared by the reader, the package
 * builder and the extractor. libzip does not check names, so every name
 * that comes from a zip or a folder passes through lectern_path_safe. */
#include "lectern/package.h"
#include "lectern/reader.h"

#include <openssl/evp.h>
#include <string.h>

/* Length of the UTF-8 sequence at s (max n bytes), or 0 when invalid
 * (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t need;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

/* See package.h. `why` (may be NULL) receives a static reason string. */
int lectern_path_safe(const char *name, size_t len, const char **why)
{
    const char *dummy;
    if (!why)
        why = &dummy;
    *why = "";
    if (!name || len == 0) {
        *why = "empty name";
        return 0;
    }
    if (len >= LECTERN_MAX_NAME) {
        *why = "name longer than the limit";
        return 0;
    }
    if (memchr(name, '\0', len)) {
        *why = "NUL byte in name";
        return 0;
    }
    if (name[0] == '/') {
        *why = "absolute path";
        return 0;
    }
    if (len >= 2 && name[1] == ':' &&
        ((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z'))) {
        *why = "drive letter";
        return 0;
    }
    const unsigned char *s = (const unsigned char *)name;
    size_t comp_start = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = s[i];
        if (c == '\\') {
            *why = "backslash in name";
            return 0;
        }
        if (c < 0x20 || c == 0x7F) {
            *why = "control character in name";
            return 0;
        }
        if (c == '/') {
            size_t cl = i - comp_start;
            if (cl == 0) {
                *why = "empty path component (//)";
                return 0;
            }
            if ((cl == 1 && s[comp_start] == '.') ||
                (cl == 2 && s[comp_start] == '.' && s[comp_start + 1] == '.')) {
                *why = cl == 1 ? "'.' path component" : "'..' path component";
                return 0;
            }
            comp_start = i + 1;
            i++;
            continue;
        }
        size_t u = utf8_len(s + i, len - i);
        if (u == 0) {
            *why = "name is not valid UTF-8";
            return 0;
        }
        i += u;
    }
    size_t cl = len - comp_start;
    if (cl == 0) {
        *why = "name ends with '/'";
        return 0;
    }
    if ((cl == 1 && s[comp_start] == '.') ||
        (cl == 2 && s[comp_start] == '.' && s[comp_start + 1] == '.')) {
        *why = cl == 1 ? "'.' path component" : "'..' path component";
        return 0;
    }
    return 1;
}

/* See package.h. */
void lectern_sha256_hex(const void *data, size_t len, char out[65])
{
    unsigned char md[32];
    unsigned int mdlen = 0;
    static const char hex[] = "0123456789abcdef";
    if (!EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL) || mdlen != 32) {
        memset(out, '0', 64);
        out[64] = '\0';
        return;
    }
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
}
