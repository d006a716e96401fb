/* libFuzzer target: the budget planner (lectern-pack plan --budget, the
 * player's --deliver PLAN --budget). The course around the plans is the
 * sample course (course.json and modules, copied once into the scratch
 * folder). The input's text before the first "=== NAME" line holds the
 * arguments, one a line: the budget ("45m", "1h30", "3d" ...), the day
 * length (--day), the start time as HH:MM (--start) and the language; the
 * files after it are plans/<id>.json (fuzz_common.h format). Every budget
 * is planned from the chosen plan and from each plan of the course, and
 * each result is turned into JSON, a Markdown agenda and a delivery of the
 * budgeted plan whose log is restored. */
#include "fuzz_common.h"

#include "lectern/budget.h"
#include "lectern/course.h"
#include "lectern/delivery.h"
#include "lectern/reader.h"

static char root[700], plans[800];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    fuzz_copy_course("courses/trafficking-basics", root, sizeof root);
    snprintf(plans, sizeof plans, "%s/plans", root);
    return 0;
}

/* Line k (0-based) of the arguments part into buf ("" when absent). */
static void arg_line(const char *args, size_t len, int k, char *buf, size_t n)
{
    const char *p = args, *end = args + len;
    for (int i = 0; i < k && p < end; i++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        p = nl ? nl + 1 : end;
    }
    const char *nl = memchr(p, '\n', (size_t)(end - p));
    size_t l = (size_t)((nl ? nl : end) - p);
    if (l >= n)
        l = n - 1;
    memcpy(buf, p, l);
    buf[l] = '\0';
}

static void use_plan(const lectern_course *c, const lectern_plan *from, double minutes, int days, double day,
                     const char *lang, int start)
{
    lectern_budget_plan bp;
    lectern_error err;
    memset(&bp, 0, sizeof bp);
    int rc = lectern_budget_make(c, from, minutes, days, day, lang, &bp, &err);
    if (rc < 0 && rc != LECTERN_ELIMIT) {
        fuzz_debug("budget", err.msg);
        lectern_budget_free(&bp);
        return;
    }
    char *text = NULL;
    if (lectern_budget_json(&bp, c, lang, &text, &err) == 0)
        fuzz_sink += strlen(text);
    free(text);
    text = NULL;
    for (size_t i = 0; i < bp.n_segments; i++)
        fuzz_sink += strlen(bp.segments[i].reason);
    fuzz_sink += strlen(bp.summary);
    if (rc == 0) {
        if (lectern_budget_agenda_md(&bp, c, lang, start, &text, &err) == 0)
            fuzz_sink += strlen(text);
        free(text);
        text = NULL;
        /* deliver the budgeted plan a little way, then restore its log */
        lectern_delivery *d = NULL;
        uint64_t now = 1000;
        if (bp.from && lectern_delivery_create(c, bp.from->id, now, &d, &err) == 0) {
            if (lectern_delivery_apply_budget(d, &bp) == 0) {
                for (int i = 0; i < 3; i++) {
                    now += 9 * 60000;
                    lectern_delivery_next_item(d, now);
                }
                lectern_delivery_view v;
                lectern_delivery_get_view(d, now, &v);
                fuzz_sink += v.n_segments;
                if (lectern_delivery_log_json(d, now, &text, &err) == 0) {
                    lectern_delivery *d2 = NULL;
                    if (lectern_delivery_restore(c, text, now + 1000, &d2, &err) == 0) {
                        lectern_delivery_get_view(d2, now + 2000, &v);
                        fuzz_sink += v.n_segments;
                        lectern_delivery_destroy(d2);
                    } else {
                        fuzz_debug("restore", err.msg);
                    }
                }
                free(text);
            }
            lectern_delivery_destroy(d);
        }
    }
    lectern_budget_free(&bp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    /* the arguments: everything before the first "=== " line */
    size_t args_len = size;
    for (size_t i = 0; i + 4 <= size; i++)
        if ((i == 0 || data[i - 1] == '\n') && memcmp(data + i, "=== ", 4) == 0) {
            args_len = i;
            break;
        }
    char budget_s[128], day_s[64], start_s[32], lang[32];
    const char *args = (const char *)data;
    arg_line(args, args_len, 0, budget_s, sizeof budget_s);
    arg_line(args, args_len, 1, day_s, sizeof day_s);
    arg_line(args, args_len, 2, start_s, sizeof start_s);
    arg_line(args, args_len, 3, lang, sizeof lang);
    lectern_error err;
    double day = LECTERN_BUDGET_DAY_MINUTES, minutes;
    int days, dd;
    if (day_s[0] && (lectern_budget_parse(day_s, 1440, &day, &dd, &err) < 0 || day > 1440))
        day = LECTERN_BUDGET_DAY_MINUTES;
    if (lectern_budget_parse(budget_s, day, &minutes, &days, &err) < 0) {
        fuzz_debug("budget", err.msg);
        return 0;
    }
    char fmt[64];
    fuzz_sink += strlen(lectern_budget_format(minutes, fmt, sizeof fmt));
    int hh = 9, mm = 0;
    if (sscanf(start_s, "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
        hh = 9, mm = 0;

    fuzz_rmtree(plans, 0);
    static const char *const allow[] = {"plans/", NULL};
    fuzz_write_files(root, data + args_len, size - args_len, NULL, allow);
    lectern_reader *r = NULL;
    if (lectern_reader_open(root, 0, &r, &err) < 0)
        return 0;
    lectern_course *c = NULL;
    if (lectern_course_load(r, &c, &err) < 0)
        fuzz_debug("course", err.msg);
    if (c) {
        const char *l = lang[0] ? lang : NULL;
        const lectern_plan *chosen = lectern_budget_choose_plan(c, minutes, days, day);
        use_plan(c, NULL, minutes, days, day, l, hh * 60 + mm);
        for (size_t i = 0; i < lectern_course_n_plans(c) && i < 4; i++)
            if (lectern_course_plan(c, i) != chosen)
                use_plan(c, lectern_course_plan(c, i), minutes, days, day, l, hh * 60 + mm);
    }
    lectern_course_close(c);
    lectern_reader_close(r);
    return 0;
}
