/* Commands as text (cmdtext.h): the small pieces the session and delivery
 * command parsers share. Each parser keeps its own names, arguments and
 * messages. */
#include "cmdtext.h"

#include <ctype.h>
#include <string.h>

const char *lectern_cmdtext_name(const char *const *names, int count, int k)
{
    if (k < 0 || k >= count)
        return NULL;
    return names[k];
}

int lectern_cmdtext_find(const char *const *names, int count, const char *name)
{
    for (int k = 1; k < count; k++)
        if (names[k] && strcmp(name, names[k]) == 0)
            return k;
    return -1;
}

const char *lectern_cmdtext_word(const char *text, char *name, size_t cap)
{
    const char *p = text ? text : "";
    size_t i = 0;
    while (isspace((unsigned char)*p))
        p++;
    while (*p && !isspace((unsigned char)*p) && i < cap - 1)
        name[i++] = *p++;
    name[i] = '\0';
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

size_t lectern_cmdtext_trimmed_len(const char *s)
{
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    return n;
}
