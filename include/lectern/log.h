/* The one logging module: levels and a subsystem tag, written to stderr
 * (or a sink a program installs). Core code never calls printf. */
#ifndef LECTERN_LOG_H
#define LECTERN_LOG_H

typedef enum {
    LECTERN_LOG_DEBUG = 0,
    LECTERN_LOG_INFO = 1,
    LECTERN_LOG_WARN = 2,
    LECTERN_LOG_ERROR = 3,
    LECTERN_LOG_QUIET = 4
} lectern_log_level;

typedef void (*lectern_log_sink)(lectern_log_level level, const char *tag,
                                 const char *msg, void *user);

/* Messages below `level` are dropped. Default: WARN, or the value of the
 * environment variable LECTERN_LOG (debug|info|warn|error|quiet). */
void lectern_log_set_level(lectern_log_level level);
lectern_log_level lectern_log_get_level(void);

/* Replaces the stderr sink (NULL restores it). */
void lectern_log_set_sink(lectern_log_sink sink, void *user);

void lectern_log(lectern_log_level level, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define LOG_DEBUG(tag, ...) lectern_log(LECTERN_LOG_DEBUG, tag, __VA_ARGS__)
#define LOG_INFO(tag, ...) lectern_log(LECTERN_LOG_INFO, tag, __VA_ARGS__)
#define LOG_WARN(tag, ...) lectern_log(LECTERN_LOG_WARN, tag, __VA_ARGS__)
#define LOG_ERROR(tag, ...) lectern_log(LECTERN_LOG_ERROR, tag, __VA_ARGS__)

#endif
