/* libFuzzer target: lesson plans (plans/<id>.json) and delivering them.
 * The course around the plan is the fixed test course tests/data/courses/
 * rich (copied once into the scratch folder); the input is the plan file
 * plans/talk-1h.json, in the "=== NAME" format of fuzz_common.h so it may
 * add more plans, a "cmds.txt" (one delivery command a line, a minute
 * apart) and a "log.json" (a delivery log to restore). Each plan that loads
 * is delivered: the commands, a re-plan suggestion accepted, the rehearsal
 * proposal, the log as JSON and CSV, and a restore from that log. */
#include "fuzz_common.h"

#include "lectern/course.h"
#include "lectern/delivery.h"
#include "lectern/reader.h"

static char root[700], plans[800];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    fuzz_copy_course("tests/data/courses/rich", root, sizeof root);
    snprintf(plans, sizeof plans, "%s/plans", root);
    return 0;
}

static char *read_part(lectern_reader *r, const char *name)
{
    void *buf = NULL;
    size_t n;
    lectern_error err;
    if (!lectern_reader_find(r, name) || lectern_reader_read(r, name, &buf, &n, &err) < 0)
        return NULL;
    return buf;
}

static void deliver(const lectern_course *c, const lectern_plan *p, const char *cmds,
                    const char *log)
{
    lectern_delivery *d = NULL;
    lectern_error err;
    uint64_t now = 1000;
    if (lectern_delivery_create(c, p->id, now, &d, &err) < 0)
        return;
    lectern_delivery_view v;
    for (const char *line = cmds; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char text[256];
        snprintf(text, sizeof text, "%.*s", (int)(n < 255 ? n : 255), line);
        lectern_dcmd cmd;
        if (lectern_dcmd_parse(text, &cmd, &err) == 0)
            lectern_delivery_handle(d, &cmd, now);
        now += 60000;
        lectern_delivery_get_view(d, now, &v);
        fuzz_sink += v.n_segments;
        line = nl ? nl + 1 : NULL;
    }
    for (int i = 0; i < 3; i++) {
        lectern_delivery_next_item(d, now);
        now += 7 * 60000;
    }
    lectern_delivery_suggestion s;
    memset(&s, 0, sizeof s);
    if (lectern_delivery_suggest(d, now, &s, &err) == 0) {
        for (size_t i = 0; i < s.n_changes; i++)
            fuzz_sink += strlen(s.changes[i].reason);
        lectern_delivery_accept(d, now, &s);
    }
    lectern_delivery_suggestion_free(&s);
    lectern_rehearsal_proposal rp;
    memset(&rp, 0, sizeof rp);
    if (lectern_delivery_rehearsal_proposal(d, now, &rp, &err) == 0) {
        char *json = NULL;
        if (lectern_delivery_rehearsal_plan_json(d, &rp, &json, &err) == 0)
            fuzz_sink += strlen(json);
        free(json);
    }
    lectern_rehearsal_proposal_free(&rp);
    lectern_delivery_get_view(d, now, &v);
    char *json = NULL, *csv = NULL;
    if (lectern_delivery_log_json(d, now, &json, &err) == 0) {
        lectern_delivery *d2 = NULL;
        if (lectern_delivery_restore(c, json, now + 5000, &d2, &err) == 0) {
            lectern_delivery_next_item(d2, now + 6000);
            lectern_delivery_destroy(d2);
        }
    }
    if (lectern_delivery_log_csv(d, now, &csv, &err) == 0)
        fuzz_sink += strlen(csv);
    free(json);
    free(csv);
    lectern_delivery_destroy(d);
    if (log) {
        lectern_delivery *d3 = NULL;
        if (lectern_delivery_restore(c, log, now, &d3, &err) == 0) {
            lectern_delivery_get_view(d3, now + 1000, &v);
            lectern_delivery_skip_segment(d3, now + 2000);
            lectern_delivery_destroy(d3);
        } else {
            fuzz_debug("restore", err.msg);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    fuzz_rmtree(plans, 0);
    char extra[800];
    snprintf(extra, sizeof extra, "%s/cmds.txt", root);
    unlink(extra);
    snprintf(extra, sizeof extra, "%s/log.json", root);
    unlink(extra);
    static const char *const allow[] = {"plans/", "cmds.txt", "log.json", NULL};
    fuzz_write_files(root, data, size, "plans/talk-1h.json", allow);
    lectern_reader *r = NULL;
    lectern_error err;
    if (lectern_reader_open(root, 0, &r, &err) < 0)
        return 0;
    lectern_course *c = NULL;
    if (lectern_course_load(r, &c, &err) < 0)
        fuzz_debug("course", err.msg);
    if (c) {
        char *cmds = read_part(r, "cmds.txt");
        char *log = read_part(r, "log.json");
        for (size_t i = 0; i < lectern_course_n_plans(c); i++)
            deliver(c, lectern_course_plan(c, i), cmds, log);
        free(cmds);
        free(log);
    }
    lectern_course_close(c);
    lectern_reader_close(r);
    return 0;
}
