/* The logging module: one level filter, a subsystem tag per message, and a
 * replaceable sink (stderr by default). */
#include "lectern/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lectern_log_level g_level = LECTERN_LOG_WARN;
static int g_level_init;
static lectern_log_sink g_sink;
static void *g_sink_user;

static void init_level(void)
{
    if (g_level_init)
        return;
    g_level_init = 1;
    const char *e = getenv("LECTERN_LOG");
    if (!e)
        return;
    if (!strcmp(e, "debug")) g_level = LECTERN_LOG_DEBUG;
    else if (!strcmp(e, "info")) g_level = LECTERN_LOG_INFO;
    else if (!strcmp(e, "warn")) g_level = LECTERN_LOG_WARN;
    else if (!strcmp(e, "error")) g_level = LECTERN_LOG_ERROR;
    else if (!strcmp(e, "quiet")) g_level = LECTERN_LOG_QUIET;
}

void lectern_log_set_level(lectern_log_level level)
{
    g_level_init = 1;
    g_level = level;
}

lectern_log_level lectern_log_get_level(void)
{
    init_level();
    return g_level;
}

void lectern_log_set_sink(lectern_log_sink sink, void *user)
{
    g_sink = sink;
    g_sink_user = user;
}

void lectern_log(lectern_log_level level, const char *tag, const char *fmt, ...)
{
    init_level();
    if (level < g_level || level >= LECTERN_LOG_QUIET)
        return;
    char msg[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (g_sink) {
        g_sink(level, tag, msg, g_sink_user);
        return;
    }
    static const char *names[] = {"debug", "info", "warning", "error"};
    fprintf(stderr, "lectern[%s] %s: %s\n", tag ? tag : "-", names[level], msg);
}
