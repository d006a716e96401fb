/* The delivery log: a session with a pause, a skip, an extension, an
 * accepted re-plan and an unplanned break, written as JSON (parsed back
 * with cJSON, every field checked) and CSV (RFC 4180: quoting, one row per
 * segment and pause, a total row). */
#include <cjson/cJSON.h>
#include <math.h>

#include "delivery_test.h"

#define WALL 1764367200000LL    /* 2025-11-28T22:00:00Z */

static void deliver(lectern_delivery *d)
{
    lectern_delivery_set_wall_start(d, WALL);
    lectern_delivery_set_attendance(d, 24);
    lectern_delivery_pause(d, AT(2));
    lectern_delivery_resume(d, AT(4));
    lectern_delivery_next_segment(d, AT(12));     /* intro: 10 active */
    lectern_delivery_skip_segment(d, AT(12));     /* video skipped by the trainer */
    lectern_delivery_extend(d, 3, AT(30));        /* talk 23 */
    lectern_delivery_suggestion s;
    assert_int_equal(lectern_delivery_suggest(d, AT(40), &s, NULL), 0);
    assert_int_equal(s.behind_ms, MIN(5));
    assert_int_equal(lectern_delivery_accept(d, AT(40), &s), 1);   /* extra 10 -> 5 */
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_next_segment(d, AT(40));     /* talk: 28 active */
    lectern_delivery_break_start(d, AT(50));
    lectern_delivery_break_end(d, AT(55));
    lectern_delivery_next_segment(d, AT(60));     /* exercise: 15 active */
    lectern_delivery_end(d, AT(65));              /* break segment: 5 */
}

static double num(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsNumber(v))
        fail_msg("%s: not a number", k);
    return v->valuedouble;
}

static const char *str(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsString(v))
        fail_msg("%s: not a string", k);
    return v->valuestring;
}

static int is_true(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    if (!cJSON_IsBool(v))
        fail_msg("%s: not a boolean", k);
    return cJSON_IsTrue(v);
}

static void json_has_the_fields(void **state)
{
    dfix *f = *state;
    deliver(f->d);
    char *text = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_delivery_log_json(f->d, AT(90), &text, &e), 0);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_true(num(root, "format") == 1);
    assert_string_equal(str(root, "record"), "delivery");
    assert_string_equal(str(root, "mode"), "live");
    const cJSON *course = cJSON_GetObjectItem(root, "course");
    assert_string_equal(str(course, "id"), "org.lectern.test.delivery");
    assert_string_equal(str(course, "version"), "2.1.0");
    const cJSON *plan = cJSON_GetObjectItem(root, "plan");
    assert_string_equal(str(plan, "id"), "fixture");
    assert_string_equal(str(plan, "title"), "Fixture plan");
    assert_true(num(plan, "planned_minutes") == 75);
    assert_true(num(plan, "final_minutes") == 10 + 23 + 15 + 10 + 5 + 5);
    assert_string_equal(str(root, "start"), "2025-11-28T22:00:00Z");
    assert_string_equal(str(root, "end"), "2025-11-28T23:05:00Z");
    assert_true(num(root, "start_epoch_ms") == (double)WALL);
    assert_true(is_true(root, "finished"));
    assert_true(num(root, "elapsed_minutes") == 65);
    assert_true(num(root, "paused_minutes") == 7);
    assert_true(num(root, "active_minutes") == 58);
    assert_true(num(root, "pace_minutes") == -10);
    assert_true(num(root, "attendance") == 24);

    const cJSON *segs = cJSON_GetObjectItem(root, "segments");
    assert_int_equal(cJSON_GetArraySize(segs), F_N);
    static const struct {
        const char *id, *state, *kind;
        double planned, final, actual, extended, start;
        int skipped, shortened;
        const char *skipped_by;
    } want[F_N] = {
        {"intro", "done", "presentation", 10, 10, 10, 0, 0, 0, 0, NULL},
        {"video", "skipped", "video", 5, 0, 0, 0, 12, 1, 0, "trainer"},
        {"talk", "done", "discussion", 20, 23, 28, 3, 12, 0, 0, NULL},
        {"exercise", "done", "exercise", 15, 15, 15, 0, 40, 0, 0, NULL},
        {"break", "done", "break", 10, 10, 5, 0, 60, 0, 0, NULL},
        {"extra", "pending", "qa", 10, 5, 0, 0, -1, 0, 1, NULL},
        {"close", "pending", "presentation", 5, 5, 0, 0, -1, 0, 0, NULL},
    };
    for (int i = 0; i < F_N; i++) {
        const cJSON *s = cJSON_GetArrayItem(segs, i);
        assert_string_equal(str(s, "id"), want[i].id);
        assert_string_equal(str(s, "state"), want[i].state);
        assert_string_equal(str(s, "kind"), want[i].kind);
        assert_true(num(s, "planned_minutes") == want[i].planned);
        assert_true(num(s, "final_minutes") == want[i].final);
        assert_true(num(s, "actual_minutes") == want[i].actual);
        assert_true(num(s, "extended_minutes") == want[i].extended);
        assert_int_equal(is_true(s, "skipped"), want[i].skipped);
        assert_int_equal(is_true(s, "shortened"), want[i].shortened);
        const cJSON *sb = cJSON_GetObjectItem(s, "skipped_by");
        if (want[i].skipped_by)
            assert_string_equal(sb->valuestring, want[i].skipped_by);
        else
            assert_true(cJSON_IsNull(sb));
        const cJSON *st = cJSON_GetObjectItem(s, "start_minutes");
        if (want[i].start < 0)
            assert_true(cJSON_IsNull(st));
        else
            assert_true(st->valuedouble == want[i].start);
        assert_non_null(cJSON_GetObjectItem(s, "title"));
        assert_non_null(cJSON_GetObjectItem(s, "priority"));
        assert_non_null(cJSON_GetObjectItem(s, "optional"));
    }
    const cJSON *pauses = cJSON_GetObjectItem(root, "pauses");
    assert_int_equal(cJSON_GetArraySize(pauses), 2);
    const cJSON *p0 = cJSON_GetArrayItem(pauses, 0), *p1 = cJSON_GetArrayItem(pauses, 1);
    assert_string_equal(str(p0, "reason"), "pause");
    assert_string_equal(str(p0, "segment"), "intro");
    assert_true(num(p0, "start_minutes") == 2);
    assert_true(num(p0, "minutes") == 2);
    assert_false(is_true(p0, "in_progress"));
    assert_string_equal(str(p1, "reason"), "break");
    assert_string_equal(str(p1, "segment"), "exercise");
    assert_true(num(p1, "start_minutes") == 50);
    assert_true(num(p1, "minutes") == 5);
    const cJSON *replans = cJSON_GetObjectItem(root, "replans");
    assert_int_equal(cJSON_GetArraySize(replans), 1);
    const cJSON *r0 = cJSON_GetArrayItem(replans, 0);
    assert_true(num(r0, "at_minutes") == 40);
    assert_true(num(r0, "behind_minutes") == 5);
    assert_true(num(r0, "saves_minutes") == 5);
    assert_true(num(r0, "skipped") == 0);
    assert_true(num(r0, "shortened") == 1);
    assert_true(is_true(r0, "feasible"));
    cJSON_Delete(root);
    free(text);
}

/* In progress, no wall clock, a rehearsal, French titles. */
static void json_in_progress(void **state)
{
    dfix *f = *state;
    lectern_delivery_set_rehearsal(f->d, 1);
    lectern_delivery_set_lang(f->d, "fr");
    lectern_delivery_set_lang(f->d, "fr");
    lectern_delivery_pause(f->d, AT(3));
    char *text = NULL;
    assert_int_equal(lectern_delivery_log_json(f->d, AT(4.5), &text, NULL), 0);
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_string_equal(str(root, "mode"), "rehearsal");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(root, "start")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(root, "end")));
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(root, "attendance")));
    assert_false(is_true(root, "finished"));
    assert_string_equal(str(cJSON_GetObjectItem(root, "plan"), "title"), "Plan de test");
    assert_true(num(root, "elapsed_minutes") == 4.5);
    assert_true(num(root, "paused_minutes") == 1.5);
    const cJSON *p0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "pauses"), 0);
    assert_true(is_true(p0, "in_progress"));
    assert_true(num(p0, "minutes") == 1.5);
    const cJSON *s0 = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "segments"), 0);
    assert_string_equal(str(s0, "state"), "current");
    assert_true(num(s0, "actual_minutes") == 3);
    cJSON_Delete(root);
    free(text);
    lectern_delivery_set_lang(f->d, NULL);
}

/* Splits one CSV record (RFC 4180) starting at *p; returns the field
 * count and moves *p past the CRLF. Fields go to out (up to max). */
static int csv_record(const char **p, char out[][128], int max)
{
    int n = 0;
    size_t len = 0;
    int quoted = 0;
    const char *s = *p;
    char field[128];
    for (;;) {
        char ch = *s;
        if (quoted) {
            assert_true(ch != '\0');
            if (ch == '"' && s[1] == '"') {
                field[len++] = '"';
                s += 2;
            } else if (ch == '"') {
                quoted = 0;
                s++;
            } else {
                field[len++] = ch;
                s++;
            }
            continue;
        }
        if (ch == '"' && len == 0) {
            quoted = 1;
            s++;
            continue;
        }
        if (ch == ',' || ch == '\r' || ch == '\0') {
            field[len] = '\0';
            if (n < max)
                snprintf(out[n], 128, "%s", field);
            n++;
            len = 0;
            if (ch == ',') {
                s++;
                continue;
            }
            if (ch == '\r') {
                assert_true(s[1] == '\n');
                s += 2;
            }
            break;
        }
        assert_true(ch != '\n');
        field[len++] = ch;
        s++;
    }
    *p = s;
    return n;
}

static void csv_rows(void **state)
{
    dfix *f = *state;
    deliver(f->d);
    char *text = NULL;
    lectern_error e = {0};
    assert_int_equal(lectern_delivery_log_csv(f->d, AT(90), &text, &e), 0);
    const char *p = text;
    char fld[20][128];
    assert_int_equal(csv_record(&p, fld, 20), 17);
    assert_string_equal(fld[0], "record");
    assert_string_equal(fld[13], "actual_min");
    int rows = 0, segments = 0, pauses = 0, totals = 0;
    while (*p) {
        assert_int_equal(csv_record(&p, fld, 20), 17);
        rows++;
        assert_string_equal(fld[1], "org.lectern.test.delivery");
        assert_string_equal(fld[2], "2.1.0");
        assert_string_equal(fld[3], "fixture");
        assert_string_equal(fld[4], "live");
        assert_string_equal(fld[5], "2025-11-28T22:00:00Z");
        if (strcmp(fld[0], "segment") == 0) {
            segments++;
            if (strcmp(fld[7], "talk") == 0) {
                assert_string_equal(fld[6], "3");
                assert_string_equal(fld[8], "Group discussion, \"open floor\"");
                assert_string_equal(fld[9], "discussion");
                assert_string_equal(fld[10], "done");
                assert_string_equal(fld[11], "20.00");
                assert_string_equal(fld[12], "23.00");
                assert_string_equal(fld[13], "28.00");
                assert_string_equal(fld[14], "12.00");
            }
            if (strcmp(fld[7], "video") == 0) {
                assert_string_equal(fld[10], "skipped");
                assert_string_equal(fld[12], "0.00");
            }
            if (strcmp(fld[7], "close") == 0)
                assert_string_equal(fld[14], "");
        } else if (strcmp(fld[0], "pause") == 0) {
            pauses++;
            if (strcmp(fld[15], "break") == 0) {
                assert_string_equal(fld[7], "exercise");
                assert_string_equal(fld[14], "50.00");
                assert_string_equal(fld[16], "5.00");
            }
        } else {
            assert_string_equal(fld[0], "total");
            totals++;
            assert_string_equal(fld[8], "Fixture plan");
            assert_string_equal(fld[10], "finished");
            assert_string_equal(fld[11], "75.00");
            assert_string_equal(fld[13], "58.00");
            assert_string_equal(fld[14], "65.00");
            assert_string_equal(fld[16], "7.00");
        }
    }
    assert_int_equal(rows, F_N + 2 + 1);
    assert_int_equal(segments, F_N);
    assert_int_equal(pauses, 2);
    assert_int_equal(totals, 1);
    assert_non_null(strstr(text, "\"Group discussion, \"\"open floor\"\"\""));
    free(text);
}

/* Both views agree on everything the presenter shows (times relative to now). */
static void same_view(const lectern_delivery_view *a, const lectern_delivery_view *b)
{
    assert_int_equal(a->current, b->current);
    assert_int_equal(a->item_pos, b->item_pos);
    assert_ptr_equal(a->item, b->item);
    assert_int_equal(a->paused, b->paused);
    assert_int_equal(a->pause_reason, b->pause_reason);
    assert_int_equal(a->pause_ms, b->pause_ms);
    assert_int_equal(a->paused_total_ms, b->paused_total_ms);
    assert_int_equal(a->elapsed_ms, b->elapsed_ms);
    assert_int_equal(a->active_ms, b->active_ms);
    assert_int_equal(a->remaining_ms, b->remaining_ms);
    assert_int_equal(a->pace_ms, b->pace_ms);
    assert_int_equal(a->rehearsal, b->rehearsal);
    assert_int_equal(a->projected_end_ms - (int64_t)a->now_ms, b->projected_end_ms - (int64_t)b->now_ms);
    for (size_t i = 0; i < a->n_segments; i++) {
        assert_int_equal(a->segments[i].state, b->segments[i].state);
        assert_int_equal(a->segments[i].planned_ms, b->segments[i].planned_ms);
        assert_int_equal(a->segments[i].actual_ms, b->segments[i].actual_ms);
        assert_int_equal(a->segments[i].replanned, b->segments[i].replanned);
        if (a->segments[i].start_ms == LECTERN_DELIVERY_NO_TIME)
            assert_true(b->segments[i].start_ms == LECTERN_DELIVERY_NO_TIME);
        else
            assert_int_equal(a->segments[i].start_ms - (int64_t)a->now_ms, b->segments[i].start_ms - (int64_t)b->now_ms);
    }
}

/* Closed mid-session (during a break), restored the next morning on a new
 * session clock: everything comes back, the gap is not counted, and the
 * two deliveries go on identically. */
static void restore_round_trip(void **state)
{
    dfix *f = *state;
    lectern_delivery *d = f->d;
    lectern_delivery_set_wall_start(d, WALL);
    lectern_delivery_set_attendance(d, 12);
    lectern_delivery_pause(d, AT(2));
    lectern_delivery_resume(d, AT(4));
    lectern_delivery_next_item(d, AT(6));             /* intro, s2 */
    lectern_delivery_next_segment(d, AT(12));
    lectern_delivery_skip_segment(d, AT(13));         /* video */
    lectern_delivery_extend(d, 3, AT(30));
    lectern_delivery_suggestion s;
    lectern_delivery_suggest(d, AT(40), &s, NULL);
    assert_int_equal(lectern_delivery_accept(d, AT(40), &s), 1);
    lectern_delivery_suggestion_free(&s);
    lectern_delivery_next_segment(d, AT(40));         /* exercise */
    lectern_delivery_next_item(d, AT(41));            /* s5 */
    lectern_delivery_break_start(d, AT(50));
    char *text = NULL;
    assert_int_equal(lectern_delivery_log_json(d, AT(53), &text, NULL), 0);

    const uint64_t t2 = 777000;                       /* a new session clock */
    lectern_delivery *r = NULL;
    lectern_error e = {0};
    if (lectern_delivery_restore(f->c, text, t2, &r, &e) != 0)
        fail_msg("restore: %s", e.msg);
    free(text);
    lectern_delivery_view a = V(d, AT(53)), b = V(r, t2);
    assert_int_equal(b.current, F_EXERCISE);
    assert_int_equal(b.item_pos, 1);
    assert_true(b.paused);
    assert_int_equal(b.pause_reason, LECTERN_PAUSE_BREAK);
    assert_int_equal(b.pause_ms, MIN(3));
    assert_int_equal(b.elapsed_ms, MIN(53));
    assert_false(b.has_wall);                         /* until the wall clock is given */
    same_view(&a, &b);
    /* both go on the same way */
    lectern_delivery_break_end(d, AT(55));
    lectern_delivery_break_end(r, t2 + (uint64_t)MIN(2));
    lectern_delivery_next_segment(d, AT(60));
    lectern_delivery_next_segment(r, t2 + (uint64_t)MIN(7));
    a = V(d, AT(66));
    b = V(r, t2 + (uint64_t)MIN(13));
    same_view(&a, &b);
    assert_int_equal(a.events, b.events);
    /* the wall clock of the view, and the log keeps the first start */
    lectern_delivery_set_wall_now(r, t2 + (uint64_t)MIN(13), WALL + MIN(24 * 60));
    b = V(r, t2 + (uint64_t)MIN(13));
    assert_true(b.has_wall);
    assert_int_equal(b.now_epoch_ms, WALL + MIN(24 * 60));
    assert_int_equal(b.start_epoch_ms, WALL);
    assert_int_equal(b.projected_end_epoch_ms, WALL + MIN(24 * 60) + (b.projected_end_ms - (int64_t)b.now_ms));
    assert_int_equal(lectern_delivery_log_json(r, t2 + (uint64_t)MIN(13), &text, NULL), 0);
    cJSON *root = cJSON_Parse(text);
    assert_string_equal(str(root, "start"), "2025-11-28T22:00:00Z");
    assert_true(num(root, "attendance") == 12);
    assert_true(num(root, "elapsed_minutes") == 66);
    const cJSON *res = cJSON_GetObjectItem(root, "resumes");
    assert_int_equal(cJSON_GetArraySize(res), 1);
    assert_true(num(cJSON_GetArrayItem(res, 0), "at_minutes") == 53);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "replans")), 1);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "pauses")), 2);
    assert_string_equal(str(cJSON_GetObjectItem(root, "current"), "segment"), "break");
    cJSON_Delete(root);
    /* restored twice: two resumes */
    lectern_delivery *r2 = NULL;
    assert_int_equal(lectern_delivery_restore(f->c, text, 5, &r2, &e), 0);
    free(text);
    assert_int_equal(lectern_delivery_log_json(r2, 5, &text, NULL), 0);
    root = cJSON_Parse(text);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(root, "resumes")), 2);
    cJSON_Delete(root);
    free(text);
    lectern_delivery_destroy(r2);
    lectern_delivery_destroy(r);
}

static void restore_refuses(void **state)
{
    dfix *f = *state;
    lectern_delivery *r = (lectern_delivery *)0x1;
    lectern_error e = {0};
    char *text = NULL;
    assert_int_equal(lectern_delivery_restore(f->c, "{ \"format\": 1,\n  oops }", 0, &r, &e), LECTERN_EJSON);
    assert_null(r);
    assert_non_null(strstr(e.msg, ":2:"));
    assert_int_equal(lectern_delivery_restore(f->c, "[]", 0, &r, &e), LECTERN_ESCHEMA);
    assert_int_equal(lectern_delivery_log_json(f->d, AT(5), &text, NULL), 0);
    static const struct { const char *from, *to; int code; const char *msg; } bad[] = {
        {"\"org.lectern.test.delivery\"", "\"org.other\"", LECTERN_ESCHEMA, "not \"org.lectern.test.delivery\""},
        {"\"id\":\t\"fixture\"", "\"id\":\t\"nope\"", LECTERN_ENOTFOUND, "no plan \"nope\""},
        {"\"id\":\t\"talk\"", "\"id\":\t\"gone\"", LECTERN_ESCHEMA, "segments[2].id: plan \"fixture\" has no segment \"gone\""},
        {"\"finished\":\tfalse", "\"finished\":\ttrue", LECTERN_EINVAL, "has ended"},
        {"\"format\":\t1", "\"format\":\t2", LECTERN_EUNSUPPORTED, "newer"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *at = strstr(text, bad[i].from);
        if (!at)
            fail_msg("'%s' not in the log", bad[i].from);
        char *m = malloc(strlen(text) + 64);
        assert_non_null(m);
        size_t pre = (size_t)(at - text);
        memcpy(m, text, pre);
        strcpy(m + pre, bad[i].to);
        strcat(m, at + strlen(bad[i].from));
        e.msg[0] = '\0';
        assert_int_equal(lectern_delivery_restore(f->c, m, 0, &r, &e), bad[i].code);
        if (!strstr(e.msg, bad[i].msg))
            fail_msg("%s: message \"%s\"", bad[i].to, e.msg);
        free(m);
    }
    free(text);
}

/* 500 damaged logs (fixed seed: bytes changed, cut short, numbers made
 * huge) either restore or fail with a code; never crash (ASan in CI). */
static void restore_damaged_logs(void **state)
{
    dfix *f = *state;
    deliver(f->d);
    lectern_delivery_destroy(f->d);
    assert_int_equal(lectern_delivery_create(f->c, "fixture", T0, &f->d, NULL), 0);
    lectern_delivery_pause(f->d, AT(2));
    lectern_delivery_next_segment(f->d, AT(3));
    char *text = NULL;
    assert_int_equal(lectern_delivery_log_json(f->d, AT(4), &text, NULL), 0);
    size_t len = strlen(text);
    unsigned seed = 99;
    int ok = 0, failed = 0;
    static const char junk[] = "{}[]\",:-9e99 0.5truenull\\x";
    for (int k = 0; k < 500; k++) {
        char *m = strdup(text);
        assert_non_null(m);
        int edits = 1 + k % 4;
        for (int j = 0; j < edits; j++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            m[at] = junk[(seed >> 4) % (sizeof junk - 1)];
        }
        if (k % 50 == 0)
            m[(seed >> 3) % len] = '\0';
        lectern_delivery *r = NULL;
        lectern_error e = {0};
        int rc = lectern_delivery_restore(f->c, m, 1000, &r, &e);
        if (rc == 0) {
            ok++;
            lectern_delivery_view v = V(r, 1000);
            assert_true(v.current < v.n_segments);
            lectern_delivery_next_item(r, 2000);
            char *again = NULL;
            assert_int_equal(lectern_delivery_log_json(r, 3000, &again, NULL), 0);
            free(again);
            lectern_delivery_destroy(r);
        } else {
            failed++;
            assert_null(r);
            assert_true(e.msg[0] != '\0');
        }
        free(m);
    }
    assert_true(ok > 0);
    assert_true(failed > 0);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(json_has_the_fields, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(json_in_progress, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(csv_rows, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(restore_round_trip, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(restore_refuses, setup_fixture, teardown_fix),
        cmocka_unit_test_setup_teardown(restore_damaged_logs, setup_fixture, teardown_fix),
    };
    return cmocka_run_group_tests_name("delivery-log", tests, NULL, NULL);
}
