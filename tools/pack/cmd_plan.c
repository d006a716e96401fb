/* lectern-pack plan: fits one of a course's lesson plans to a time budget
 * (include/lectern/budget.h) and prints what it kept, shortened and dropped,
 * the plan as JSON, or a facilitator's agenda in Markdown or PNG (the PNG
 * through lectern-pack-media.so, the player's text system; built without the
 * player, only Markdown).
 * Exit: 0 fits, 1 error, 2 usage, 3 the budget is too short. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lectern/budget.h"
#include "lectern/log.h"
#include "pack_media.h"

static int plan_usage(const char *msg)
{
    fprintf(stderr, "lectern-pack plan: %s\n"
            "usage: lectern-pack plan COURSE --budget LENGTH [--from PLAN] [--json]\n"
            "                         [--agenda md|png --output FILE] [--day LENGTH] [--lang LANG] [--start HH:MM]\n"
            "LENGTH: 20m, 45min, 90, 1h30, 2.5h, 3d (a day is 7 h 30: 6 h of teaching, lunch and two breaks)\n",
            msg);
    return 2;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        perror(path);
    return ok ? 0 : -1;
}

/* N_ marks English formats for xgettext (po/POTFILES), NN_ a counted one
 * with its English plural (keyword NN_:1,2). */
#define N_(s) s
#define NN_(s, p) s, p

/* A translation hook (--lang with a catalogue, through lectern-pack-media.so). */
typedef struct words {
    lectern_translate tr;
    const lectern_course *c;
    const char *lang;
} words;

static const char *W(const words *w, const char *msgid)
{
    return lectern_translate_say(w->tr, NULL, msgid, NULL, 0);
}

/* A segment's minutes for the plan's column: "20 min" in --lang with the
 * number's plural form, "7.5 min" when not whole. */
static const char *minutes_cell(const words *w, double m, char *buf, size_t n)
{
    double r = floor(m + 0.5);
    if (fabs(m - r) > 1e-6)
        snprintf(buf, n, W(w, N_("%.1f min")), m);
    else
        snprintf(buf, n, lectern_translate_say(w->tr, NULL, NN_("%.0f min", "%.0f min"), (unsigned long)r), r);
    return buf;
}

/* s right-aligned in a column w characters wide (UTF-8: one per letter,
 * so Arabic lengths line up like English ones). */
static void put_cell(const char *s, int w)
{
    int chars = 0;
    for (const char *p = s; *p; p++)
        chars += ((unsigned char)*p & 0xC0) != 0x80;
    for (; chars < w; chars++)
        putchar(' ');
    fputs(s, stdout);
}

/* What the plan keeps, shortens and drops; in English, or in --lang's
 * language when the player's catalogue has it (the summary and reasons are
 * core's sentences through the same hook). */
static void print_text(const lectern_budget_plan *bp, const words *w)
{
    char a[48], b[48], c[48], line[LECTERN_BUDGET_REASON_MAX];
    printf("%s\n", w->tr ? lectern_budget_summary_text(bp, w->c, w->lang, w->tr, NULL, line, sizeof line) :
           bp->summary);
    for (int d = 1; d <= bp->n_days; d++) {
        if (bp->n_days > 1) {
            printf(W(w, N_("day %d: %s")), d, lectern_budget_format_tr(bp->day_totals[d - 1], w->tr, NULL, a,
                                                                        sizeof a));
            printf("\n");
        }
        for (size_t i = 0; i < bp->n_segments; i++) {
            const lectern_budget_segment *s = &bp->segments[i];
            if (s->day != d)
                continue;
            const char *why = s->action != LECTERN_BUDGET_SHORTEN ? "" : w->tr ?
                lectern_budget_reason_text(bp, w->c, i, w->lang, w->tr, NULL, line, sizeof line) : s->reason;
            char mc[64];
            printf("  ");
            put_cell(lectern_budget_format_tr(s->start_minutes, w->tr, NULL, a, sizeof a), 9);
            printf("  ");
            put_cell(minutes_cell(w, s->minutes, mc, sizeof mc), 11);
            printf("  %-26s %s\n", s->seg->id, why);
        }
    }
    int any = 0;
    for (size_t i = 0; i < bp->n_segments; i++)
        if (bp->segments[i].action == LECTERN_BUDGET_DROP) {
            if (!any++)
                printf("%s\n", W(w, N_("dropped:")));
            printf("  %s\n", w->tr ? lectern_budget_reason_text(bp, w->c, i, w->lang, w->tr, NULL, line, sizeof line) :
                   bp->segments[i].reason);
        }
    char t[48];
    printf(W(w, N_("total %s (plan as written %s, shortest %s)")),
           lectern_budget_format_tr(bp->total_minutes, w->tr, NULL, t, sizeof t),
           lectern_budget_format_tr(bp->longest_minutes, w->tr, NULL, b, sizeof b),
           lectern_budget_format_tr(bp->shortest_minutes, w->tr, NULL, c, sizeof c));
    printf("\n");
}

/* The translation hook for --lang: the player's catalogue through the
 * media module; none (English) for English, a language without a
 * catalogue, or a lectern-pack without the module. */
static lectern_translate words_for(const char *lang)
{
    if (!lang || !*lang || !strncmp(lang, "en", 2))
        return NULL;
    lectern_error e = {0};
    const pack_media_api *api = pack_media_get(&e);
    if (!api || !api->set_lang || !api->translate || api->set_lang(lang) < 0)
        return NULL;
    return api->translate;
}

int cmd_plan(int argc, char **argv)
{
    const char *course_path = NULL, *budget_s = NULL, *from_id = NULL, *agenda = NULL, *output = NULL;
    const char *lang = NULL, *day_s = NULL, *start_s = "09:00";
    int json = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        const char **val = !strcmp(o, "--budget") ? &budget_s : !strcmp(o, "--from") ? &from_id :
                           !strcmp(o, "--agenda") ? &agenda : !strcmp(o, "--output") || !strcmp(o, "-o") ? &output :
                           !strcmp(o, "--lang") ? &lang : !strcmp(o, "--day") ? &day_s :
                           !strcmp(o, "--start") ? &start_s : NULL;
        if (val) {
            if (++i >= argc) {
                char m[80];
                snprintf(m, sizeof m, "%s needs a value", o);
                return plan_usage(m);
            }
            *val = argv[i];
        } else if (!strcmp(o, "--json")) {
            json = 1;
        } else if (o[0] == '-') {
            return plan_usage("unknown option");
        } else if (!course_path) {
            course_path = o;
        } else {
            return plan_usage("one course only");
        }
    }
    if (!course_path || !budget_s)
        return plan_usage("needs COURSE and --budget LENGTH");
    if (agenda && strcmp(agenda, "md") && strcmp(agenda, "png"))
        return plan_usage("--agenda is md or png");
    if (agenda && !output)
        return plan_usage("--agenda needs --output FILE");
    int hh = 0, mm = 0;
    if (sscanf(start_s, "%d:%d", &hh, &mm) != 2 || hh < 0 || hh > 23 || mm < 0 || mm > 59)
        return plan_usage("--start is HH:MM, e.g. 09:00");
    lectern_error e = {0};
    double day = LECTERN_BUDGET_DAY_MINUTES, minutes;
    int days, dd;
    if (day_s && (lectern_budget_parse(day_s, 1440, &day, &dd, &e) < 0 || day > 1440)) {
        fprintf(stderr, "lectern-pack plan: --day: %s\n", e.msg[0] ? e.msg : "at most 24 h");
        return 2;
    }
    if (lectern_budget_parse(budget_s, day, &minutes, &days, &e) < 0) {
        fprintf(stderr, "lectern-pack plan: --budget: %s\n", e.msg);
        return 2;
    }
    lectern_log_set_level(LECTERN_LOG_ERROR);
    lectern_reader *r = NULL;
    lectern_course *c = NULL;
    int rc = 1;
    char *text = NULL;
    lectern_budget_plan bp;
    memset(&bp, 0, sizeof bp);
    if (lectern_reader_open(course_path, 0, &r, &e) < 0 || lectern_course_load(r, &c, &e) < 0) {
        fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
        goto done;
    }
    const lectern_plan *from = NULL;
    if (from_id && !(from = lectern_course_find_plan(c, from_id))) {
        fprintf(stderr, "lectern-pack plan: %s: no plan \"%s\"; plans:", course_path, from_id);
        for (size_t i = 0; i < lectern_course_n_plans(c); i++)
            fprintf(stderr, " %s", lectern_course_plan(c, i)->id);
        fprintf(stderr, "\n");
        goto done;
    }
    int mk = lectern_budget_make(c, from, minutes, days, day, lang, &bp, &e);
    if (mk == LECTERN_ELIMIT) {
        fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
        if (json && lectern_budget_json(&bp, c, lang, &text, &e) == 0)
            puts(text);
        rc = 3;
        goto done;
    }
    if (mk < 0) {
        fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
        goto done;
    }
    /* the agenda and the text below speak --lang (JSON stays English) */
    words w = { json ? NULL : words_for(lang), c, lang };
    if (agenda && !strcmp(agenda, "md")) {
        if (lectern_budget_agenda_md_tr(&bp, c, lang, hh * 60 + mm, words_for(lang), NULL, &text, &e) < 0 ||
            write_text(output, text) < 0) {
            if (e.msg[0])
                fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
            goto done;
        }
    } else if (agenda) {
        /* drawn by lectern-pack-media.so (the player's text system) */
        const pack_media_api *api = pack_media_get(&e);
        if (!api) {
            fprintf(stderr, "lectern-pack plan: no PNG agenda: %s\n", e.msg);
            goto done;
        }
        if (!api->agenda_png) {
            fprintf(stderr, "lectern-pack plan: this lectern-pack was built without the player: no PNG agenda (use md)\n");
            goto done;
        }
        if (api->agenda_png(r, c, &bp, lang, hh * 60 + mm, output, &e) < 0) {
            fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
            goto done;
        }
    }
    if (json) {
        free(text);
        text = NULL;
        if (lectern_budget_json(&bp, c, lang, &text, &e) < 0) {
            fprintf(stderr, "lectern-pack plan: %s\n", e.msg);
            goto done;
        }
        puts(text);
    } else {
        print_text(&bp, &w);
        if (agenda)
            printf("agenda written to %s\n", output);
    }
    rc = 0;
done:
    free(text);
    lectern_budget_free(&bp);
    lectern_course_close(c);
    lectern_reader_close(r);
    return rc;
}
