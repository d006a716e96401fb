/* The presenter view (for the trainer only): the segment countdown, clocks,
 * projected end and pace, pause state, current and next item as small
 * renders, speaker / facilitator notes and answer keys, the segment list,
 * the re-planning suggestion; plus the projector's extras (a card for a
 * segment without items, the countdown shown to the room on purpose) and
 * the start screen's plan picker. Drawn from lectern_delivery_view only. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deliver.h"
#include "library_ui.h"
#include "lectern/quiz.h"

#define BG 0x0f1318
#define PANEL 0x1a2029
#define PANEL2 0x232b36
#define FG 0xf2f4f7
#define MUTED 0x9aa6b4
#define GREEN 0x3fb950
#define AMBER 0xf0a500
#define RED 0xff5a52

static float tk = 1;    /* text scale of the presenter (presenter_draw) */

static const char *T(const app *a, const lectern_text *t)
{
    return lectern_text_get(t, a->lang, a->fallback);
}

/* s shortened with an ellipsis to fit maxw on one line. The line must also lay out
 * as one line when drawn wrapped at maxw: word-by-word wrapping (and the rounding of
 * maxw to pixels) can find a line a little wider than it is shaped whole, which put an
 * Arabic segment title on two lines over the next row. */
static void fit_line(app *a, font_role role, float size, float maxw, const char *s, char *out,
                     size_t outlen)
{
    snprintf(out, outlen, "%s", s);
    float w = 0;
    float one = measure_text(a, role, size, 0, out, &w);
    size_t n = strlen(out);
    while ((w > maxw || measure_text(a, role, size, maxw, out, NULL) > one * 1.5f) && n > 1) {
        size_t cut = n - 1;
        while (cut > 0 && ((unsigned char)out[cut] & 0xC0) == 0x80)
            cut--;
        while (cut > 0 && out[cut - 1] == ' ')
            cut--;
        n = cut;
        if (n + 4 > outlen)
            n = outlen - 4;
        memcpy(out + n, "\xE2\x80\xA6", 4);
        measure_text(a, role, size, 0, out, &w);
    }
}

/* Wrapped text cut to at most `lines` lines. */
static void draw_text_lines(app *a, font_role role, float size, float x, float y, float w,
                            int lines, uint32_t rgb, const char *s)
{
    float lh = measure_text(a, role, size, 0, "Ag", NULL);
    float h = measure_text(a, role, size, w, s, NULL);
    if (h <= lh * (float)lines + 1) {
        draw_text(a, role, size, x, y, w, ALIGN_LEFT, rgb, s);
        return;
    }
    SDL_Rect clip = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, lh * (float)lines));
    SDL_RenderSetClipRect(a->ren, &clip);
    draw_text(a, role, size, x, y, w, ALIGN_LEFT, rgb, s);
    SDL_RenderSetClipRect(a->ren, NULL);
}

static void clock_text(int64_t epoch_ms, char *buf, size_t n)
{
    time_t t = (time_t)(epoch_ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, n, "%H:%M", &tm);
}

/* "20 min" in the UI language (the number's plural form; one decimal when
 * it is not whole). */
static void minutes_text(const app *a, int64_t ms, char *buf, size_t n)
{
    ui_minutes(a, (double)ms / 60000.0, buf, n);
}

/* An item drawn as on the projector, scaled into a w-wide 16:9 box. */
static void thumb(app *a, const lectern_item *it, float x, float y, float w)
{
    float h = w * 9.0f / 16.0f;
    if (!it) {
        draw_fill(a, x, y, w, h, PANEL, 255);
        return;
    }
    canvas keep = a->cv;
    int hits = a->n_hits, ov = a->slide_overflow, mirrored = draw_mirrored();
    /* the slide as the room sees it: its own direction, in the mirrored box */
    SDL_Rect r = canvas_rect(&keep, mirrored ? CANVAS_W - x - w : x, y, w, h);
    draw_set_mirror(0);
    canvas sub = keep;
    sub.scale = keep.scale * w / CANVAS_W;
    sub.ox = r.x;
    sub.oy = r.y;
    sub.cw = r.w;
    sub.ch = r.h;
    SDL_RenderSetClipRect(a->ren, &r);
    a->cv = sub;
    long idx = lectern_course_item_index(a->course, it->id);
    layout_draw_item(a, it, idx < 0 ? 0 : (size_t)idx);
    a->cv = keep;
    SDL_RenderSetClipRect(a->ren, NULL);
    draw_set_mirror(mirrored);
    a->n_hits = hits;
    a->slide_overflow = ov;
    draw_outline(a, x - 2, y - 2, w + 4, h + 4, 2, 0x3a4452, 255);
}


void presenter_hit(app *a, deliver *dl, float x, float y, float w, float h, lectern_dcmd_kind k,
                   const char *id)
{
    if (dl->n_hits >= DELIVER_MAX_HITS)
        return;
    deliver_hit *hh = &dl->hits[dl->n_hits++];
    memset(hh, 0, sizeof *hh);
    hh->r = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, h));
    hh->cmd.kind = k;
    if (id)
        snprintf(hh->cmd.id, sizeof hh->cmd.id, "%s", id);
}

/* A segment kind in the UI language. */
static const char *kind_label(const app *a, lectern_segment_kind k)
{
    const char *label = lectern_segment_kind_label(k);
    return label ? ui_tr(a, label) : "";
}

/* ---------------------------------------------------------------- answer key */

static size_t cat(char *buf, size_t n, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static size_t cat(char *buf, size_t n, size_t at, const char *fmt, ...)
{
    if (at >= n)
        return at;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + at, n - at, fmt, ap);
    va_end(ap);
    return k < 0 ? at : (at + (size_t)k < n ? at + (size_t)k : n - 1);
}

/* The first sentence of s (up to max characters, cut after a word) into
 * out: what names a scenario step or choice in the key. */
static void first_words(const char *s, size_t max, char *out, size_t n)
{
    size_t end = 0, chars = 0;
    int sentence = 0;
    for (size_t i = 0; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) == 0x80)
            continue;
        /* . ! ? or the Arabic question mark, then a space or the end */
        size_t cl = strncmp(s + i, "\xD8\x9F", 2) == 0 ? 2 : 1;
        int stop = cl == 2 || s[i] == '.' || s[i] == '!' || s[i] == '?';
        if (stop && chars > 0 && (s[i + cl] == ' ' || !s[i + cl])) {
            end = i + cl;
            sentence = 1;
            break;
        }
        if (++chars > max) {
            end = i;
            break;
        }
    }
    if (!end || !s[end] || sentence) {
        snprintf(out, n, "%.*s", end ? (int)end : (int)strlen(s), s);
        return;
    }
    size_t cut = end;
    while (cut > 0 && s[cut] != ' ')
        cut--;
    if (cut > end / 2)
        end = cut;
    while (end > 0 && (s[end - 1] == ',' || s[end - 1] == ';' || s[end - 1] == ':' ||
                       s[end - 1] == ' '))
        end--;
    snprintf(out, n, "%.*s\xE2\x80\xA6", (int)end, s);
}

/* A scenario's key in words: the shortest path to its best ending (the
 * choice taken at each step), then its endings grouped by score, best
 * first, each by its first sentence. Never the step ids (authors' names). */
static size_t scenario_key(app *a, const lectern_quiz *q, char *buf, size_t n, size_t at)
{
    size_t ns = lectern_quiz_n_steps(q);
    double best = 0;
    int any = 0;
    for (size_t i = 0; i < ns; i++) {
        const lectern_quiz_step *s = lectern_quiz_get_step(q, i);
        if (s->ending && (!any || s->score > best)) {
            best = s->score;
            any = 1;
        }
    }
    /* breadth first from the start: from[i] is the step before step i on
     * a shortest path, via[i] the choice taken there */
    long start = lectern_quiz_start_step(q), goal = -1;
    long *from = malloc(ns * sizeof *from), *via = malloc(ns * sizeof *via);
    size_t *queue = malloc(ns * sizeof *queue);
    if (any && start >= 0 && (size_t)start < ns && from && via && queue) {
        for (size_t i = 0; i < ns; i++)
            from[i] = -2;
        size_t head = 0, tail = 0;
        from[start] = -1;
        queue[tail++] = (size_t)start;
        while (head < tail && goal < 0) {
            size_t i = queue[head++];
            const lectern_quiz_step *s = lectern_quiz_get_step(q, i);
            if (s->ending && s->score == best) {
                goal = (long)i;
                break;
            }
            for (size_t c = 0; c < s->n_choices; c++) {
                long nx = s->choices[c].next_index;
                if (nx >= 0 && (size_t)nx < ns && from[nx] == -2) {
                    from[nx] = (long)i;
                    via[nx] = (long)c;
                    queue[tail++] = (size_t)nx;
                }
            }
        }
    }
    if (goal >= 0) {
        /* the choices, start first: walk back, then print in order */
        size_t len = 0;
        for (long i = goal; from[i] >= 0; i = from[i])
            queue[len++] = (size_t)i;
        at = cat(buf, n, at, "%s", TR(a, "Best path:"));
        for (size_t k = len; k-- > 0;) {
            size_t i = queue[k];
            const lectern_quiz_step *s = lectern_quiz_get_step(q, (size_t)from[i]);
            char w[200];
            first_words(T(a, &s->choices[via[i]].text), 38, w, sizeof w);
            at = cat(buf, n, at, "\n%zu. %s", len - k, w);
        }
        at = cat(buf, n, at, "\n");
    }
    free(from);
    free(via);
    free(queue);
    /* the endings grouped by score, best first (ticked):
     * "Score 0: This puts her at risk. · A chance was missed." */
    int first = 1;
    double hi = best;
    while (any) {
        int found = 0;
        double sc = 0;
        for (size_t i = 0; i < ns; i++) {
            const lectern_quiz_step *s = lectern_quiz_get_step(q, i);
            if (s->ending && (first || s->score < hi) && (!found || s->score > sc)) {
                sc = s->score;
                found = 1;
            }
        }
        if (!found)
            break;
        at = cat(buf, n, at, "%s", first ? "\xE2\x9C\x93 " : "");
        at = cat(buf, n, at, TR(a, "Score %g:"), sc);
        const char *sep = " ";
        for (size_t i = 0; i < ns; i++) {
            const lectern_quiz_step *s = lectern_quiz_get_step(q, i);
            if (!s->ending || s->score != sc)
                continue;
            char w[200];
            first_words(T(a, &s->text), 36, w, sizeof w);
            at = cat(buf, n, at, "%s%s", sep, w);
            sep = " \xC2\xB7 ";      /* middle dot */
        }
        at = cat(buf, n, at, "\n");
        first = 0;
        hi = sc;
    }
    return at;
}

static size_t key_of(app *a, const lectern_quiz *q, char *buf, size_t n, size_t at)
{
    switch (lectern_quiz_get_kind(q)) {
    case LECTERN_QUIZ_SINGLE_CHOICE:
    case LECTERN_QUIZ_MULTIPLE_RESPONSE:
        for (size_t i = 0; i < lectern_quiz_n_options(q); i++) {
            const lectern_quiz_option *o = lectern_quiz_get_option(q, i);
            if (o->correct)
                at = cat(buf, n, at, "\xE2\x9C\x93 %s\n", T(a, &o->text));
        }
        break;
    case LECTERN_QUIZ_TRUE_FALSE: {
        int ans = lectern_quiz_answer(q);
        at = cat(buf, n, at, TR(a, "Answer: %s\n"), ans == 1 ? ui_str(a, UI_TRUE) :
                 ans == 0 ? ui_str(a, UI_FALSE) : TR(a, "(not given)"));
        break;
    }
    case LECTERN_QUIZ_MATCHING:
        for (size_t i = 0; i < lectern_quiz_n_pairs(q); i++) {
            const lectern_quiz_pair *p = lectern_quiz_get_pair(q, i);
            at = cat(buf, n, at, "%s \xE2\x86\x92 %s\n", T(a, &p->left), T(a, &p->right));
        }
        break;
    case LECTERN_QUIZ_ORDERING:
        for (size_t i = 0; i < lectern_quiz_n_entries(q); i++)
            at = cat(buf, n, at, "%zu. %s\n", i + 1, T(a, &lectern_quiz_get_entry(q, i)->text));
        break;
    case LECTERN_QUIZ_FILL_BLANK:
        for (size_t i = 0; i < lectern_quiz_n_blanks(q); i++)
            at = cat(buf, n, at, "%zu: %s\n", i + 1, lectern_quiz_blank_solution(q, i, a->lang));
        break;
    case LECTERN_QUIZ_SCENARIO:
        at = scenario_key(a, q, buf, n, at);
        break;
    case LECTERN_QUIZ_REFLECTION:
        at = cat(buf, n, at, "%s", TR(a, "No answer key: a reflection.\n"));
        break;
    case LECTERN_QUIZ_SET:
        for (size_t i = 0; i < lectern_quiz_n_questions(q); i++) {
            at = cat(buf, n, at, "Q%zu: ", i + 1);
            at = key_of(a, lectern_quiz_question(q, i), buf, n, at);
        }
        break;
    default:
        break;
    }
    return at;
}

void presenter_answer_key(app *a, const lectern_item *it, char *buf, size_t n, char *disc,
                          size_t dn)
{
    buf[0] = disc[0] = '\0';
    if (!it || it->kind != LECTERN_ITEM_EXERCISE || !it->exercise_json)
        return;
    lectern_quiz *q = NULL;
    lectern_error err = {0};
    if (lectern_quiz_parse(it->exercise_json, it->id, &q, &err) < 0) {
        snprintf(buf, n, TR(a, "(exercise cannot be read: %s)"), err.msg);
        return;
    }
    size_t at = key_of(a, q, buf, n, 0);
    while (at > 0 && buf[at - 1] == '\n')
        buf[--at] = '\0';
    snprintf(disc, dn, "%s", T(a, lectern_quiz_discussion(q)));
    lectern_quiz_free(q);
}

/* ---------------------------------------------------------------- parts */

static float section(app *a, float x, float y, float w, float bottom, const char *title,
                     const char *body, uint32_t colour)
{
    if (!body || !*body || y > bottom - 60)
        return y;
    draw_text(a, FONT_BOLD, 22 * tk, x, y, w, ALIGN_LEFT, colour, title);
    y += 32 * tk;
    /* a paragraph keeps its own direction: English notes stay left-aligned in
     * a mirrored (right-to-left) presenter, Arabic ones right-aligned */
    text_align al = draw_mirrored() && !text_is_rtl(body) ? ALIGN_RIGHT : ALIGN_LEFT;
    float h = measure_text(a, FONT_BODY, 29 * tk, w, body, NULL);
    if (y + h > bottom) {   /* cut to what fits: the notes go on in the author's file */
        SDL_Rect clip = draw_mirror_rect(a, canvas_rect(&a->cv, x, y, w, bottom - y - 4));
        SDL_RenderSetClipRect(a->ren, &clip);
        draw_text(a, FONT_BODY, 29 * tk, x, y, w, al, FG, body);
        SDL_RenderSetClipRect(a->ren, NULL);
        draw_text(a, FONT_BOLD, 22, x, bottom - 4, w, ALIGN_RIGHT, MUTED, TR(a, "\xE2\x80\xA6 more"));
        return bottom + 30;
    }
    draw_text(a, FONT_BODY, 29 * tk, x, y, w, al, FG, body);
    return y + h + 22 * tk;
}

static void top_bar(app *a, deliver *dl, const lectern_delivery_view *v)
{
    char buf[256], t1[32], t2[32];
    int flash = a->clock_ms < dl->flash_until && !v->finished;
    uint32_t bar = PANEL;
    if (flash && !access_reduced_motion() && ((dl->flash_until - a->clock_ms) / 500) % 2 == 0)
        bar = color_mix(PANEL, RED, 0.18f);
    draw_fill(a, 0, 0, CANVAS_W, 200, bar, 255);

    /* the countdown */
    uint32_t cc = v->overtime ? RED : v->ending_soon ? AMBER : FG;
    snprintf(buf, sizeof buf, v->overtime ? TR(a, "SEGMENT %zu / %zu  \xC2\xB7  OVERTIME") :
             v->ending_soon ? TR(a, "SEGMENT %zu / %zu  \xC2\xB7  ENDING SOON") : TR(a, "SEGMENT %zu / %zu"),
             v->current + 1, v->n_segments);
    draw_text(a, FONT_BOLD, 24, 40, 18, 600, ALIGN_LEFT, v->overtime ? RED : MUTED, buf);
    if (v->finished) {
        draw_text(a, FONT_BOLD, 96, 40, 54, 600, ALIGN_LEFT, FG, TR(a, "Ended"));
    } else {
        int64_t r = v->remaining_ms;
        lectern_delivery_format_ms(r < 0 ? -r : r, t1, sizeof t1);
        snprintf(buf, sizeof buf, "%s%s", r < 0 ? "+" : "", t1);
        draw_text(a, FONT_BOLD, 120, 40, 44, 600, ALIGN_LEFT, cc, buf);
    }
    if (flash)
        draw_outline(a, 20, 10, 600, 180, 6, RED, 255);

    /* the segment */
    const lectern_segment *s = v->segment;
    char title[300];
    fit_line(a, FONT_BOLD, 44, 640, T(a, &s->title), title, sizeof title);
    draw_text(a, FONT_BOLD, 44, 660, 24, 660, ALIGN_LEFT, FG, title);
    char pl[48], sp[32];
    minutes_text(a, v->segment_planned_ms, pl, sizeof pl);
    lectern_delivery_format_ms(v->segment_elapsed_ms, sp, sizeof sp);
    snprintf(buf, sizeof buf, TR(a, "%s  \xC2\xB7  planned %s  \xC2\xB7  spent %s"),
             kind_label(a, s->kind), pl, sp);
    draw_text(a, FONT_BODY, 28, 660, 88, 660, ALIGN_LEFT, MUTED, buf);
    if (v->paused) {
        lectern_delivery_format_ms(v->pause_ms, t1, sizeof t1);
        snprintf(buf, sizeof buf, TR(a, "PAUSED  %s  (P to resume)"), t1);
        if (v->pause_reason == LECTERN_PAUSE_BREAK)
            snprintf(buf, sizeof buf, TR(a, "BREAK  %s  (B to end)"), t1);
        draw_fill(a, 660, 136, 560, 50, AMBER, 255);
        draw_text(a, FONT_BOLD, 30, 676, 142, 530, ALIGN_LEFT, 0x111111, buf);
    }

    /* clocks, projected end, pace */
    float rx = 1340, rw = 540;
    if (v->has_wall) {
        clock_text(v->now_epoch_ms, t1, sizeof t1);
        draw_text(a, FONT_BOLD, 56, rx, 14, rw, ALIGN_RIGHT, FG, t1);
    }
    lectern_delivery_format_ms(v->elapsed_ms, t1, sizeof t1);
    lectern_delivery_format_ms(v->active_ms, t2, sizeof t2);
    snprintf(buf, sizeof buf, TR(a, "session %s  \xC2\xB7  active %s"), t1, t2);
    draw_text(a, FONT_BODY, 24, rx, 86, rw, ALIGN_RIGHT, MUTED, buf);
    if (v->has_wall) {
        clock_text(v->projected_end_epoch_ms, t1, sizeof t1);
        clock_text(v->planned_end_epoch_ms, t2, sizeof t2);
        snprintf(buf, sizeof buf, v->finished ? TR(a, "ended %s  (plan %s)") : TR(a, "ends %s  (plan %s)"), t1, t2);
    } else {
        lectern_delivery_format_ms(v->projected_end_ms, t1, sizeof t1);
        snprintf(buf, sizeof buf, TR(a, "ends at %s"), t1);
    }
    draw_text(a, FONT_BODY, 30, rx - 100, 122, rw + 100, ALIGN_RIGHT, FG, buf);
    uint32_t pc = v->pace == LECTERN_PACE_BEHIND ? RED : v->pace == LECTERN_PACE_AHEAD ? GREEN :
                  0x4a5565;
    int64_t pm = (v->pace_ms < 0 ? -v->pace_ms : v->pace_ms) + 30000;
    if (v->pace == LECTERN_PACE_ON_TIME)
        snprintf(buf, sizeof buf, "%s", TR(a, "On time"));
    else
        snprintf(buf, sizeof buf, v->pace == LECTERN_PACE_BEHIND ?
                 TRN(a, "Behind %lld min", "Behind %lld min", pm / 60000) :
                 TRN(a, "Ahead %lld min", "Ahead %lld min", pm / 60000), (long long)(pm / 60000));
    draw_fill(a, rx, 22, 250, 56, pc, 255);
    draw_text(a, FONT_BOLD, 30, rx, 30, 250, ALIGN_CENTER,
              v->pace == LECTERN_PACE_ON_TIME ? FG : 0x111111, buf);
}

static void now_next(app *a, deliver *dl, const lectern_delivery_view *v)
{
    float x = 40, w = 600;
    char buf[400];
    draw_text(a, FONT_BOLD, 22, x, 226, w, ALIGN_LEFT, MUTED, TR(a, "NOW"));
    thumb(a, v->item, x, 260, w);
    if (!v->item) {
        draw_text(a, FONT_BOLD, 40, x + 30, 260 + 150, w - 60, ALIGN_CENTER, FG,
                  T(a, &v->segment->title));
        draw_text(a, FONT_BODY, 26, x + 30, 260 + 210, w - 60, ALIGN_CENTER, MUTED,
                  TR(a, "no slides in this segment: the projector shows its title"));
    }
    float y = 260 + w * 9 / 16 + 34;
    draw_text(a, FONT_BOLD, 22, x, y, w, ALIGN_LEFT, MUTED, TR(a, "NEXT"));
    y += 34;
    if (!v->next_item && !v->next_segment) {
        draw_text(a, FONT_BODY, 30, x, y, w, ALIGN_LEFT, FG, TR(a, "End of the plan"));
        return;
    }
    if (v->next_item) {
        thumb(a, v->next_item, x, y, 300);
        presenter_hit(a, dl, x, y, w, 300 * 9.0f / 16.0f, LECTERN_DCMD_NEXT, NULL);   /* click: next */
    }
    float tx = x + 320, tw = w - 320;
    if (v->next_item)   /* up to three lines */
        draw_text_lines(a, FONT_BOLD, 28 * tk, tx, y, tw, tk > 1.4f ? 2 : 3, FG, T(a, &v->next_item->title));
    if (v->next_segment && (v->next_item_segment != v->current || !v->next_item)) {
        float sy = v->next_item ? y + 124 : y;
        draw_text(a, FONT_BOLD, 22, x, sy + 190 - (v->next_item ? 124 : 0), w, ALIGN_LEFT, AMBER,
                  TR(a, "NEXT SEGMENT"));
        fit_line(a, FONT_BODY, 28 * tk, w, T(a, &v->next_segment->title), buf, sizeof buf);
        draw_text(a, FONT_BODY, 28 * tk, x, sy + 222 - (v->next_item ? 124 : 0), w, ALIGN_LEFT, FG, buf);
    }
}

static void notes(app *a, deliver *dl, const lectern_delivery_view *v)
{
    float x = 680, w = 640, y = 226, bottom = 940;
    draw_fill(a, x - 20, 214, w + 40, bottom - 214 + 16, PANEL, 255);
    if (v->finished) {
        char buf[1600];
        size_t at = 0;
        char t1[48], t2[32], t3[48];
        minutes_text(a, v->planned_total_ms, t1, sizeof t1);
        lectern_delivery_format_ms(v->active_ms, t2, sizeof t2);
        minutes_text(a, (v->paused_total_ms + 30000) / 60000 * 60000, t3, sizeof t3);
        at = 0;
        at = cat(buf, sizeof buf, at, TR(a, "Planned %s; active %s; paused %s.\n"), t1, t2, t3);
        if (dl->log_base[0] && dl->saved_final)
            at = cat(buf, sizeof buf, at, TR(a, "Log: %s.json / .csv\n"), dl->log_base);
        y = section(a, x, y, w, bottom, TR(a, "DELIVERY ENDED"), buf, MUTED);
        if (dl->prop_valid) {
            at = 0;
            for (size_t i = 0; i < dl->prop.n_segments; i++) {
                const lectern_rehearsal_segment *rs = &dl->prop.segments[i];
                at = cat(buf, sizeof buf, at, "%s: %g \xE2\x86\x92 %g min%s\n", rs->seg->id,
                         rs->planned_minutes, rs->proposed_minutes,
                         rs->rehearsed ? "" : TR(a, " (not rehearsed)"));
            }
            at = cat(buf, sizeof buf, at, TR(a, "Total %g \xE2\x86\x92 %g min\n"),
                     dl->prop.planned_total_minutes, dl->prop.proposed_total_minutes);
            if (dl->rehearsal_path[0])
                cat(buf, sizeof buf, at, TR(a, "Plan saved: %s"), dl->rehearsal_path);
            section(a, x, y, w, bottom, TR(a, "REHEARSAL: PROPOSED MINUTES"), buf, AMBER);
        }
        return;
    }
    const lectern_item *it = v->item;
    if (it) {
        /* an installed update changed this item: say what (library_ui.c) */
        y = section(a, x, y, w, bottom, TR(a, "WHAT CHANGED"), library_ui_change_note(a, it->id),
                    GREEN);
        y = section(a, x, y, w, bottom, TR(a, "SPEAKER NOTES"), T(a, &it->notes), MUTED);
        y = section(a, x, y, w, bottom, TR(a, "FACILITATOR NOTES"), T(a, &it->facilitator_notes), AMBER);
        char key[2000], disc[1000];
        presenter_answer_key(a, it, key, sizeof key, disc, sizeof disc);
        y = section(a, x, y, w, bottom, TR(a, "ANSWER KEY"), key, GREEN);
        y = section(a, x, y, w, bottom, TR(a, "DISCUSSION"), disc, MUTED);
    }
    const lectern_segment *s = v->segment;
    y = section(a, x, y, w, bottom, TR(a, "SEGMENT NOTES"), T(a, &s->notes), MUTED);
    y = section(a, x, y, w, bottom, TR(a, "INSTRUCTIONS"), T(a, &s->instructions), MUTED);
    section(a, x, y, w, bottom, TR(a, "MATERIALS"), T(a, &s->materials), MUTED);
}

static void segment_list(app *a, deliver *dl, const lectern_delivery_view *v)
{
    float x = 1380, w = 500, top = 226, row = 50 * tk, bottom = 940;
    draw_text(a, FONT_BOLD, 22, x, top, w, ALIGN_LEFT, MUTED, TR(a, "PLAN  \xC2\xB7  actual / planned"));
    top += 40;
    size_t fits = (size_t)((bottom - top) / row);
    size_t first = 0;
    if (v->n_segments > fits && v->current + 3 > fits)
        first = v->current + 3 - fits;
    if (first + fits > v->n_segments)
        first = v->n_segments > fits ? v->n_segments - fits : 0;
    for (size_t i = first; i < v->n_segments && i < first + fits; i++) {
        const lectern_delivery_segment_view *sv = &v->segments[i];
        float y = top + (float)(i - first) * row;
        int cur = sv->state == LECTERN_SEGSTATE_CURRENT;
        if (cur)
            draw_fill(a, x - 10, y - 4, w + 20, row - 4, PANEL2, 255);
        const char *mark = sv->state == LECTERN_SEGSTATE_DONE ? "\xE2\x9C\x93" :
                           sv->state == LECTERN_SEGSTATE_CURRENT ? "\xE2\x96\xB6" :
                           sv->state == LECTERN_SEGSTATE_SKIPPED ? "\xE2\x80\x93" : "";
        uint32_t col = sv->state == LECTERN_SEGSTATE_SKIPPED ? 0x5c6673 :
                       sv->state == LECTERN_SEGSTATE_DONE ? MUTED : FG;
        draw_text(a, FONT_BOLD, 24 * tk, x, y + 4, 30 * tk, ALIGN_LEFT, cur ? AMBER : col, mark);
        char title[300], times[96], pl[32], act[32];
        lectern_delivery_format_ms(sv->planned_ms, pl, sizeof pl);
        if (sv->state == LECTERN_SEGSTATE_SKIPPED) {
            snprintf(times, sizeof times, "%s", TR(a, "skipped"));
        } else if (sv->actual_ms > 0 || cur || sv->state == LECTERN_SEGSTATE_DONE) {
            lectern_delivery_format_ms(sv->actual_ms, act, sizeof act);
            snprintf(times, sizeof times, "%s / %s", act, pl);
        } else if (sv->replanned) {
            char orig[32];
            lectern_delivery_format_ms(sv->original_ms, orig, sizeof orig);
            snprintf(times, sizeof times, "%s\xE2\x86\x92%s", orig, pl);
        } else {
            snprintf(times, sizeof times, "%s", pl);
        }
        /* the times column is as wide as its text (at least 150), so
         * "1:05:40 / 1:00:00" never wraps; the title gets what is left */
        float tiw = 0;
        measure_text(a, FONT_BODY, 22 * tk, 0, times, &tiw);
        float cw = tiw + 6 * tk > 150 * tk ? tiw + 6 * tk : 150 * tk;
        float tw = w - 34 * tk - cw;
        fit_line(a, cur ? FONT_BOLD : FONT_BODY, 24 * tk, tw, T(a, &sv->seg->title), title,
                 sizeof title);
        draw_text(a, cur ? FONT_BOLD : FONT_BODY, 24 * tk, x + 34 * tk, y + 4, tw, ALIGN_LEFT, col,
                  title);
        uint32_t tc = sv->overtime ? RED : sv->replanned ? AMBER : col;
        draw_text(a, FONT_BODY, 22 * tk, x + w - cw, y + 6, cw, ALIGN_RIGHT, tc, times);
        if (!cur && !v->finished)   /* click: go to that segment */
            presenter_hit(a, dl, x - 10, y - 4, w + 20, row - 4, LECTERN_DCMD_GOTO_SEGMENT, sv->seg->id);
    }
}

static void bottom_bar(app *a, deliver *dl, const lectern_delivery_view *v)
{
    float y = 968;
    if (a->clock_ms < dl->status_until && dl->status[0]) {
        draw_fill(a, 40, y, 1840, 90, PANEL2, 255);
        char line[600];
        fit_line(a, FONT_BOLD, 30 * tk, 1800, dl->status, line, sizeof line);
        draw_text(a, FONT_BOLD, 30 * tk, 64, y + 24, 1800, ALIGN_LEFT, FG, line);
        return;
    }
    if (!v->finished && v->pace == LECTERN_PACE_BEHIND && v->can_replan) {
        lectern_delivery_suggestion s;
        lectern_error err = {0};
        if (lectern_delivery_suggest(dl->d, a->clock_ms, &s, &err) == 0) {
            draw_fill(a, 40, y, 1840, 96, 0x3a2a00, 255);
            draw_fill(a, 40, y, 10, 96, AMBER, 255);
            presenter_hit(a, dl, 40, y, 1840, 96, LECTERN_DCMD_ACCEPT, NULL);   /* click: accept */
            /* core's sentences in the UI language (lectern_delivery_*_text) */
            char buf[600], sum[LECTERN_DELIVERY_REASON_MAX], why[LECTERN_DELIVERY_REASON_MAX];
            lectern_delivery_suggestion_text(&s, ui_core_translate, a, sum, sizeof sum);
            snprintf(buf, sizeof buf, TR(a, "%s  \xE2\x80\x94  A: accept"), sum);
            draw_text(a, FONT_BOLD, 30, 70, y + 8, 1790, ALIGN_LEFT, AMBER, buf);
            size_t at = 0;
            buf[0] = '\0';
            for (size_t i = 0; i < s.n_changes && i < 3; i++)
                at = cat(buf, sizeof buf, at, "%s%s", i ? TR(a, ";  ") : "",
                         lectern_delivery_change_text(dl->d, &s.changes[i], ui_core_translate, a, why,
                                                      sizeof why));
            if (s.n_changes > 3)
                cat(buf, sizeof buf, at, TRN(a, ";  +%zu more", ";  +%zu more", s.n_changes - 3), s.n_changes - 3);
            char line[600];
            fit_line(a, FONT_BODY, 24, 1790, buf, line, sizeof line);
            draw_text(a, FONT_BODY, 24, 70, y + 54, 1790, ALIGN_LEFT, FG, line);
            lectern_delivery_suggestion_free(&s);
            return;
        }
    }
    draw_text(a, FONT_BODY, 22, 40, y + 40, 1840, ALIGN_LEFT, 0x6b7685,
              TR(a, "\xE2\x86\x92 next   \xE2\x86\x90 back   \xE2\x86\x93/\xE2\x86\x91 segment   "
              "P pause   B break   S skip   E +5 min   A accept re-plan   T timer to room   "
              "Tab switch view   X X end"));
}

static void offer_box(app *a, deliver *dl)
{
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, 0x000000, 170);
    draw_fill(a, 360, 300, 1200, 420, PANEL2, 255);
    draw_fill(a, 360, 300, 12, 420, AMBER, 255);
    draw_text(a, FONT_BOLD, 44, 420, 340, 1100, ALIGN_LEFT, FG,
              TR(a, "An interrupted delivery of this plan was found"));
    lectern_delivery_view ov;
    lectern_delivery_get_view(dl->offer, a->clock_ms, &ov);
    char buf[1600], t1[32], st[32] = "";
    lectern_delivery_format_ms(ov.active_ms, t1, sizeof t1);
    if (ov.has_wall)
        clock_text(ov.start_epoch_ms, st, sizeof st);
    if (st[0])
        snprintf(buf, sizeof buf, TR(a, "Started at %s, stopped in '%s' after %s of active time.\n%s"),
                 st, T(a, &ov.segment->title), t1, dl->offer_path);
    else
        snprintf(buf, sizeof buf, TR(a, "Started earlier, stopped in '%s' after %s of active time.\n%s"),
                 T(a, &ov.segment->title), t1, dl->offer_path);
    draw_text(a, FONT_BODY, 30, 420, 420, 1100, ALIGN_LEFT, MUTED, buf);
    draw_text(a, FONT_BOLD, 36, 420, 610, 1100, ALIGN_LEFT, AMBER,
              TR(a, "C: continue it      N: start anew"));
}

void presenter_draw(app *a, deliver *dl, const lectern_delivery_view *v)
{
    if (a->images) {   /* ask for what it shows (the presenter window has its own cache) */
        const char *paths[2];
        size_t k = 0;
        if (app_item_image(a, v->item))
            paths[k++] = app_item_image(a, v->item);
        if (app_item_image(a, v->next_item))
            paths[k++] = app_item_image(a, v->next_item);
        images_want(a->images, paths, k);
    }
    /* a right-to-left UI language mirrors the presenter; the learner's text
     * scale (Ctrl+=, --text-scale) grows the notes, the plan list and notices */
    draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));
    tk = access_text_scale();
    tk = tk < 1 ? 1 : tk > 2 ? 2 : tk;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, BG, 255);
    dl->n_hits = 0;
    top_bar(a, dl, v);
    now_next(a, dl, v);
    notes(a, dl, v);
    segment_list(a, dl, v);
    bottom_bar(a, dl, v);
    if (dl->rehearsal)
        draw_text(a, FONT_BOLD, 22, 40, 180, 600, ALIGN_LEFT, AMBER, TR(a, "REHEARSAL"));
    if (dl->show_timer)
        draw_text(a, FONT_BOLD, 22, 300, 180, 400, ALIGN_LEFT, GREEN, TR(a, "TIMER SHOWN TO THE ROOM"));
    if (dl->offer)
        offer_box(a, dl);
    draw_set_mirror(0);
    /* the quit dialog is the trainer's: here, never on the projector */
    lectern_session_view sv;
    lectern_session_get_view(a->session, &sv);
    if (sv.screen == LECTERN_SCREEN_CONFIRM_QUIT) {
        a->n_hits = 0;
        draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));
        screen_confirm_quit(a, &sv);
        draw_set_mirror(0);
    }
}

/* ---------------------------------------------------------------- projector */

void projector_draw_card(app *a, const lectern_delivery_view *v)
{
    const lectern_theme *th = a->theme;
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, th->background, 255);
    draw_fill(a, 0, 0, 18, CANVAS_H, th->accent, 255);
    draw_text(a, FONT_HEADING, th->title_size * 0.9f, 160, 400, 1600, ALIGN_LEFT, th->heading,
              T(a, &v->segment->title));
    draw_fill(a, 160, 380, 140, 8, th->accent, 255);
}

void projector_draw_timer(app *a, const lectern_delivery_view *v)
{
    char buf[80], t[32];
    int64_t r = v->remaining_ms;
    lectern_delivery_format_ms(r < 0 ? -r : r, t, sizeof t);
    snprintf(buf, sizeof buf, "%s%s", r < 0 ? "+" : "", t);
    if (v->paused && v->pause_reason == LECTERN_PAUSE_BREAK) {
        lectern_delivery_format_ms(v->pause_ms, t, sizeof t);
        snprintf(buf, sizeof buf, TR(a, "Break %s"), t);
    }
    draw_fill(a, 1560, 40, 320, 110, 0x000000, 190);
    draw_text(a, FONT_BOLD, 72, 1560, 52, 320, ALIGN_CENTER, r < 0 ? RED : 0xffffff, buf);
}

void deliver_draw_picker(app *a, int open, long row)
{
    const lectern_theme *th = a->theme;
    size_t n = lectern_course_n_plans(a->course);
    if (!n)
        return;
    char buf[300];
    int mirrored = draw_mirrored();
    draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));   /* right-to-left UI: the picker mirrored */
    snprintf(buf, sizeof buf, TR(a, "D  \xC2\xB7  Deliver a plan (%zu)"), n);
    draw_text(a, FONT_BOLD, 28, 110, 950, 800, ALIGN_LEFT, th->accent, buf);
    if (!open) {
        draw_set_mirror(mirrored);
        return;
    }
    draw_fill(a, 0, 0, CANVAS_W, CANVAS_H, 0x000000, 160);
    float x = 300, w = 1320, y = 150, rh = 110;
    draw_fill(a, x, y, w, 120 + rh * (float)n + 130, color_mix(th->background, th->text, 0.08f), 255);
    draw_text(a, FONT_HEADING, 48, x + 50, y + 36, w - 100, ALIGN_LEFT, th->heading,
              TR(a, "Deliver a plan"));
    y += 120;
    for (size_t i = 0; i < n; i++) {
        const lectern_plan *p = lectern_course_plan(a->course, i);
        float ry = y + rh * (float)i;
        if ((long)i == row)
            draw_fill(a, x + 24, ry, w - 48, rh - 10, color_mix(th->background, th->accent, 0.3f),
                      255);
        double mins = 0;
        for (size_t k = 0; k < p->n_segments; k++)
            mins += p->segments[k].minutes;
        char t[300];
        snprintf(t, sizeof t, "%zu. %s", i + 1, T(a, &p->title));
        fit_line(a, FONT_BOLD, 34, w - 320, t, buf, sizeof buf);
        draw_text(a, FONT_BOLD, 34, x + 50, ry + 10, w - 320, ALIGN_LEFT, th->heading, buf);
        ui_minutes(a, mins, t, sizeof t);
        draw_text(a, FONT_BOLD, 30, x + w - 260, ry + 12, 210, ALIGN_RIGHT, th->accent, t);
        fit_line(a, FONT_BODY, 24, w - 120, T(a, &p->audience), buf, sizeof buf);
        draw_text(a, FONT_BODY, 24, x + 50, ry + 58, w - 100, ALIGN_LEFT, th->muted, buf);
    }
    /* the time budget (+/-): what the chosen plan becomes */
    double budget = deliver_picker_budget();
    char t[48];
    if (budget > 0 && row >= 0 && (size_t)row < n) {
        lectern_budget_plan bp;
        lectern_error err = {0};
        int rc = lectern_budget_make(a->course, lectern_course_plan(a->course, (size_t)row), budget, 0,
                                     LECTERN_BUDGET_DAY_MINUTES, a->lang, &bp, &err);
        ui_minutes(a, budget, t, sizeof t);
        char t2[48], counts[200];
        ui_minutes(a, bp.shortest_minutes, t2, sizeof t2);
        if (rc == 0)
            snprintf(buf, sizeof buf, TR(a, "Fit to %s: %s"), t,
                     lectern_budget_counts_text(&bp, ui_core_translate, a, counts, sizeof counts));
        else if (rc == LECTERN_ELIMIT)
            snprintf(buf, sizeof buf, TR(a, "%s is too short: at least %s"), t, t2);
        else
            snprintf(buf, sizeof buf, "%.290s", err.msg);
        lectern_budget_free(&bp);
        draw_text(a, FONT_BOLD, 26, x + 50, y + rh * (float)n + 16, w - 100, ALIGN_LEFT,
                  rc == 0 ? th->accent : 0xd04040, buf);
    } else {
        draw_text(a, FONT_BODY, 26, x + 50, y + rh * (float)n + 16, w - 100, ALIGN_LEFT, th->muted,
                  TR(a, "+/- time budget: the plan as written"));
    }
    draw_text(a, FONT_BODY, 24, x + 50, y + rh * (float)n + 66, w - 100, ALIGN_LEFT, th->muted,
              TR(a, "Up/Down choose  \xC2\xB7  +/- fit to a time  \xC2\xB7  Enter deliver  \xC2\xB7  R rehearse  \xC2\xB7  Esc close"));
    draw_set_mirror(mirrored);
}
