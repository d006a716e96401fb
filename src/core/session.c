/* The player's session state machine (see lectern/session.h): screens,
 * position, number-then-Enter jumps, the quit confirmation and messages,
 * driven by command data and an injected clock. No SDL, no wall clock. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/exercise.h"
#include "lectern/log.h"
#include "lectern/session.h"
#include "session_internal.h"


void session_emit(lectern_session *s, const lectern_session_event *ev)
{
    if (s->listener)
        s->listener(ev, s->listener_user);
}

static void emit(lectern_session *s, lectern_session_event_kind kind, size_t index,
                 uint64_t dwell)
{
    lectern_session_event ev = { .kind = kind, .index = index, .now_ms = s->now,
                                 .dwell_ms = dwell };
    session_emit(s, &ev);
}

static lectern_screen top_screen(const lectern_session *s)
{
    if (s->confirm_open)
        return LECTERN_SCREEN_CONFIRM_QUIT;
    if (s->toc_open)
        return LECTERN_SCREEN_TOC;
    return s->base;
}

/* Records leaving/entering items when what is shown changes. */
static void sync_item(lectern_session *s, int was_showing, size_t was_index)
{
    int showing = s->base == LECTERN_SCREEN_SLIDE && s->n_items > 0;
    if (was_showing && (!showing || was_index != s->index))
        emit(s, LECTERN_EV_ITEM_LEAVE, was_index, s->now - s->item_entered_at);
    if (showing && (!was_showing || was_index != s->index)) {
        s->item_entered_at = s->now;
        s->visited[s->index] = 1;
        emit(s, LECTERN_EV_ITEM_ENTER, s->index, 0);
    }
    s->showing_item = showing;
}

/* N_ marks the English messages for xgettext (po/POTFILES); set_message
 * passes the format through the player's translator. */
#define N_(msgid) msgid

static void set_message(lectern_session *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void set_message(lectern_session *s, const char *fmt, ...)
{
    const char *f = fmt;
    if (s->tr) {
        f = s->tr(fmt, s->tr_user);
        if (!f)
            f = fmt;
    }
    va_list ap;
    va_start(ap, fmt);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(s->message, sizeof s->message, f, ap);
#pragma GCC diagnostic pop
    va_end(ap);
    s->message_until = s->now + LECTERN_SESSION_MESSAGE_MS;
}

void lectern_session_set_translator(lectern_session *s, lectern_session_translate fn,
                                    void *user)
{
    s->tr = fn;
    s->tr_user = user;
}

void lectern_session_notify(lectern_session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->message, sizeof s->message, fmt, ap);
    va_end(ap);
    s->message_until = s->now + LECTERN_SESSION_MESSAGE_MS;
    s->generation++;
}

int lectern_session_create(const lectern_course *course, lectern_session **out,
                           lectern_error *err)
{
    *out = NULL;
    if (!course)
        return lectern_error_set(err, LECTERN_EINVAL, "session: no course");
    lectern_session *s = calloc(1, sizeof *s);
    if (!s)
        goto nomem;
    s->c = course;
    s->n_items = lectern_course_n_items(course);
    s->n_modules = lectern_course_n_modules(course);
    s->visited = calloc(s->n_items ? s->n_items : 1, 1);
    if (!s->visited)
        goto nomem;
    s->base = LECTERN_SCREEN_START;
    s->ex = lectern_exercises_create(course);
    if (!s->ex)
        goto nomem;
    *out = s;
    return 0;
nomem:
    if (s)
        free(s->visited);
    free(s);
    return lectern_error_set(err, LECTERN_ENOMEM, "session: out of memory");
}

void lectern_session_destroy(lectern_session *s)
{
    if (!s)
        return;
    free(s->visited);
    lectern_exercises_free(s->ex);
    session_videos_free(s);
    free(s);
}

lectern_exercise *lectern_session_exercise(lectern_session *s)
{
    if (!s || s->base != LECTERN_SCREEN_SLIDE || s->n_items == 0)
        return NULL;
    return lectern_exercises_get(s->ex, s->index, s->now);
}

const lectern_exercise *lectern_session_exercise_at(const lectern_session *s, size_t index)
{
    return s ? lectern_exercises_peek(s->ex, index) : NULL;
}

void lectern_session_set_classroom(lectern_session *s, int on)
{
    s->classroom = on != 0;
    s->generation++;
}

int lectern_session_classroom(const lectern_session *s)
{
    return s->classroom;
}

static int go_to(lectern_session *s, size_t i);

/* An exercise command on the current item; the attempt event when a try
 * was submitted. */
static int exercise_cmd(lectern_session *s, const lectern_cmd *cmd)
{
    if (s->toc_open || s->confirm_open)
        return 0;
    lectern_exercise *e = lectern_session_exercise(s);
    if (!e) {
        set_message(s, N_("This item is not an exercise"));
        return 1;
    }
    lectern_exercise_out out;
    memset(&out, 0, sizeof out);
    int rc = lectern_exercise_handle(e, cmd, s->now, s->classroom, &out);
    if (out.message[0])
        set_message(s, "%s", out.message);
    if (out.attempt && s->listener) {
        const lectern_quiz_result *r = lectern_exercise_result(e);
        lectern_attempt at = { r->response, r->scaled, r->success, r->duration_ms,
                               r->interaction };
        lectern_session_event ev = { .kind = LECTERN_EV_ATTEMPT, .index = s->index,
                                     .now_ms = s->now, .attempt = &at,
                                     .item_id = lectern_course_item(s->c, s->index)->id,
                                     .result = r };
        s->listener(&ev, s->listener_user);
    }
    if (out.go_next && s->index + 1 < s->n_items)
        go_to(s, s->index + 1);
    return rc < 0 ? rc : (rc || out.message[0] || out.go_next);
}

void lectern_session_set_listener(lectern_session *s, lectern_session_listener fn,
                                  void *user)
{
    s->listener = fn;
    s->listener_user = user;
}

void lectern_session_set_resume(lectern_session *s, size_t index)
{
    if (index >= s->n_items)
        return;
    s->resume_index = index;
    s->can_continue = 1;
    s->generation++;
}

int lectern_session_visited(const lectern_session *s, size_t index)
{
    return index < s->n_items && s->visited[index];
}

size_t lectern_session_toc_rows(const lectern_session *s)
{
    return s->n_modules + s->n_items;
}

int lectern_session_toc_row(const lectern_session *s, size_t row, lectern_toc_row *out)
{
    size_t r = 0;
    for (size_t m = 0; m < s->n_modules; m++) {
        const lectern_module *mod = lectern_course_module(s->c, m);
        if (row == r) {
            out->is_module = 1;
            out->module_index = m;
            out->item_index = mod->first_item;
            return 0;
        }
        r++;
        if (row < r + mod->n_items) {
            out->is_module = 0;
            out->module_index = m;
            out->item_index = mod->first_item + (row - r);
            return 0;
        }
        r += mod->n_items;
    }
    return LECTERN_ENOTFOUND;
}

size_t lectern_session_toc_row_of_item(const lectern_session *s, size_t index)
{
    if (index >= s->n_items)
        return 0;
    const lectern_item *it = lectern_course_item(s->c, index);
    return it->module_index + 1 + index;
}

static long clamp_row(long v, size_t n)
{
    if (n == 0 || v < 0)
        return 0;
    if ((size_t)v >= n)
        return (long)n - 1;
    return v;
}

static size_t menu_rows(const lectern_session *s)
{
    if (s->toc_open)
        return lectern_session_toc_rows(s);
    return 1 + s->n_modules;
}

/* Shows item i (clamped) on the slide screen, closing menus. */
static int go_to(lectern_session *s, size_t i)
{
    if (s->n_items == 0)
        return 0;
    if (i >= s->n_items)
        i = s->n_items - 1;
    int changed = s->base != LECTERN_SCREEN_SLIDE || s->index != i || s->toc_open;
    s->base = LECTERN_SCREEN_SLIDE;
    s->toc_open = 0;
    s->index = i;
    s->digits[0] = '\0';
    return changed;
}

static void open_toc(lectern_session *s)
{
    s->toc_open = 1;
    s->toc_cursor = (long)lectern_session_toc_row_of_item(s, s->index);
}

static int start_or_continue(lectern_session *s)
{
    return go_to(s, s->can_continue ? s->resume_index : 0);
}

static int select_row(lectern_session *s)
{
    if (s->toc_open) {
        lectern_toc_row row;
        if (lectern_session_toc_row(s, (size_t)s->toc_cursor, &row) < 0)
            return 0;
        if (row.is_module) {
            const lectern_module *m = lectern_course_module(s->c, row.module_index);
            if (m->n_items == 0) {
                set_message(s, N_("This module has no items yet"));
                return 1;
            }
        }
        go_to(s, row.item_index);
        return 1;
    }
    if (s->base == LECTERN_SCREEN_START) {
        if (s->start_cursor == 0)
            return start_or_continue(s);
        const lectern_module *m = lectern_course_module(s->c, (size_t)s->start_cursor - 1);
        if (!m || m->n_items == 0) {
            set_message(s, N_("This module has no items yet"));
            return 1;
        }
        return go_to(s, m->first_item);
    }
    return 0;
}

static int jump_number(lectern_session *s, long number)
{
    if (number < 1 || (size_t)number > s->n_items) {
        if (s->n_items)
            set_message(s, N_("No item %ld: the course has items 1 to %zu"), number, s->n_items);
        else
            set_message(s, N_("This course has no items"));
        s->digits[0] = '\0';
        return LECTERN_ENOTFOUND;
    }
    go_to(s, (size_t)number - 1);
    return 1;
}

static int goto_id(lectern_session *s, const char *id)
{
    long i = lectern_course_item_index(s->c, id);
    if (i >= 0) {
        go_to(s, (size_t)i);
        return 1;
    }
    char *end;
    long v = strtol(id, &end, 10);
    if (id[0] && *end == '\0')
        return jump_number(s, v);
    set_message(s, N_("No item with id '%s'"), id);
    return LECTERN_ENOTFOUND;
}

static int enter(lectern_session *s)
{
    if (s->confirm_open) {
        if (s->confirm_focus == 1)      /* Stay has the focus */
            s->confirm_open = 0;
        else
            s->quit = 1;
        return 1;
    }
    if (s->toc_open || s->base == LECTERN_SCREEN_START)
        return select_row(s);
    if (s->digits[0]) {
        long v = strtol(s->digits, NULL, 10);
        return jump_number(s, v);
    }
    if (s->index + 1 < s->n_items)
        return go_to(s, s->index + 1);
    return 0;
}

static int back(lectern_session *s)
{
    if (s->confirm_open) {
        s->confirm_open = 0;
        return 1;
    }
    if (s->toc_open) {
        s->toc_open = 0;
        return 1;
    }
    if (s->digits[0]) {
        s->digits[0] = '\0';
        return 1;
    }
    if (s->base == LECTERN_SCREEN_SLIDE) {
        s->base = LECTERN_SCREEN_START;
        s->start_cursor = 0;
        return 1;
    }
    s->confirm_open = 1;
    s->confirm_focus = 0;
    return 1;
}

/* Tab / Shift+Tab (FOCUS_MOVE), FOCUS and ACTIVATE in the quit confirmation
 * (Quit, Stay) and the menus (start screen, contents: the cursor, wrapping);
 * -1 when the command is not for them (an exercise's). */
static int dialog_focus(lectern_session *s, const lectern_cmd *cmd)
{
    if (cmd->kind == LECTERN_CMD_ACTIVATE)
        return s->confirm_open || s->toc_open || s->base == LECTERN_SCREEN_START ?
               enter(s) : -1;
    if (cmd->kind != LECTERN_CMD_FOCUS_MOVE && cmd->kind != LECTERN_CMD_FOCUS)
        return -1;
    long n = s->confirm_open ? 2 : s->toc_open || s->base == LECTERN_SCREEN_START ?
             (long)menu_rows(s) : 0;
    if (n <= 0)
        return -1;
    long *cur = s->confirm_open ? &s->confirm_focus : s->toc_open ? &s->toc_cursor :
                &s->start_cursor;
    long v = cmd->kind == LECTERN_CMD_FOCUS ? cmd->n : *cur + cmd->n;
    v = ((v % n) + n) % n;
    if (v == *cur)
        return 0;
    *cur = v;
    return 1;
}

static int handle(lectern_session *s, const lectern_cmd *cmd)
{
    int on_slide = !s->toc_open && !s->confirm_open && s->base == LECTERN_SCREEN_SLIDE;
    int fr = dialog_focus(s, cmd);
    if (fr >= 0)
        return fr;

    switch (cmd->kind) {
    case LECTERN_CMD_NONE:
        return 0;
    case LECTERN_CMD_NEXT:
        if (s->confirm_open)
            return 0;
        if (s->base == LECTERN_SCREEN_START && !s->toc_open)
            return start_or_continue(s);
        if (s->index + 1 < s->n_items)
            return go_to(s, s->index + 1);
        return s->toc_open ? go_to(s, s->index) : 0;
    case LECTERN_CMD_PREV:
        if (s->confirm_open || s->base == LECTERN_SCREEN_START)
            return 0;
        if (s->index > 0)
            return go_to(s, s->index - 1);
        return s->toc_open ? go_to(s, s->index) : 0;
    case LECTERN_CMD_FIRST:
        if (s->confirm_open)
            return 0;
        return go_to(s, 0);
    case LECTERN_CMD_LAST:
        if (s->confirm_open || s->n_items == 0)
            return 0;
        return go_to(s, s->n_items - 1);
    case LECTERN_CMD_GOTO:
        s->confirm_open = 0;
        return goto_id(s, cmd->id);
    case LECTERN_CMD_GOTO_NUMBER:
        s->confirm_open = 0;
        return jump_number(s, cmd->n);
    case LECTERN_CMD_START:
        s->confirm_open = 0;
        return start_or_continue(s);
    case LECTERN_CMD_HOME:
        if (s->base == LECTERN_SCREEN_START && !s->toc_open && !s->confirm_open)
            return 0;
        s->base = LECTERN_SCREEN_START;
        s->toc_open = s->confirm_open = 0;
        s->start_cursor = 0;
        return 1;
    case LECTERN_CMD_TOC:
        if (s->confirm_open)
            return 0;
        if (s->toc_open)
            s->toc_open = 0;
        else
            open_toc(s);
        return 1;
    case LECTERN_CMD_TOC_OPEN:
        if (s->toc_open || s->confirm_open)
            return 0;
        open_toc(s);
        return 1;
    case LECTERN_CMD_TOC_CLOSE:
        if (!s->toc_open || s->confirm_open)
            return 0;
        s->toc_open = 0;
        return 1;
    case LECTERN_CMD_MOVE:
    case LECTERN_CMD_MOVE_TO: {
        if (s->confirm_open || on_slide)
            return 0;
        long *cur = s->toc_open ? &s->toc_cursor : &s->start_cursor;
        long v = cmd->kind == LECTERN_CMD_MOVE ? *cur + cmd->n : cmd->n;
        v = clamp_row(v, menu_rows(s));
        if (v == *cur)
            return 0;
        *cur = v;
        return 1;
    }
    case LECTERN_CMD_SELECT:
        if (s->confirm_open || on_slide)
            return 0;
        return select_row(s);
    case LECTERN_CMD_SELECT_ROW: {
        if (s->confirm_open || on_slide)
            return 0;
        if (cmd->n < 0 || (size_t)cmd->n >= menu_rows(s))
            return LECTERN_EINVAL;
        long *cur = s->toc_open ? &s->toc_cursor : &s->start_cursor;
        *cur = cmd->n;
        select_row(s);
        return 1;
    }
    case LECTERN_CMD_ENTER:
        return enter(s);
    case LECTERN_CMD_BACK:
        return back(s);
    case LECTERN_CMD_QUIT:
        if (s->confirm_open)
            return 0;
        s->confirm_open = 1;
        s->confirm_focus = 0;
        return 1;
    case LECTERN_CMD_QUIT_NOW:
        s->quit = 1;
        return 1;
    case LECTERN_CMD_CONFIRM:
        if (!s->confirm_open)
            return 0;
        s->quit = 1;
        return 1;
    case LECTERN_CMD_CANCEL:
        if (!s->confirm_open)
            return 0;
        s->confirm_open = 0;
        return 1;
    case LECTERN_CMD_DIGIT: {
        if (cmd->n < 0 || cmd->n > 9)
            return LECTERN_EINVAL;
        if (!on_slide)
            return 0;
        size_t len = strlen(s->digits);
        if (len >= LECTERN_SESSION_MAX_DIGITS)
            return 0;
        if (len == 0 && cmd->n == 0)
            return 0;           /* a leading zero means nothing */
        s->digits[len] = (char)('0' + cmd->n);
        s->digits[len + 1] = '\0';
        s->digits_at = s->now;
        return 1;
    }
    case LECTERN_CMD_BACKSPACE: {
        size_t len = strlen(s->digits);
        if (len == 0)
            return 0;
        s->digits[len - 1] = '\0';
        s->digits_at = s->now;
        return 1;
    }
    case LECTERN_CMD_FULLSCREEN:
        s->requests |= LECTERN_REQ_FULLSCREEN;
        return 1;
    case LECTERN_CMD_SCREENSHOT:
        s->requests |= LECTERN_REQ_SCREENSHOT;
        return 1;
    case LECTERN_CMD_COUNT:
        break;
    default:
        if (lectern_exercise_is_cmd(cmd->kind))
            return exercise_cmd(s, cmd);
        break;
    }
    return LECTERN_EINVAL;
}

int lectern_session_handle(lectern_session *s, const lectern_cmd *cmd)
{
    if (!s || !cmd)
        return LECTERN_EINVAL;
    lectern_screen before = top_screen(s);
    int was_showing = s->showing_item;
    size_t was_index = s->index;
    int was_quit = s->quit;

    int rc = handle(s, cmd);

    sync_item(s, was_showing, was_index);
    if (s->base == LECTERN_SCREEN_SLIDE && s->n_items) {
        s->resume_index = s->index;   /* Continue returns here */
        s->can_continue = 1;
    }
    if (top_screen(s) != before)
        emit(s, LECTERN_EV_SCREEN, s->index, 0);
    if (s->quit && !was_quit)
        emit(s, LECTERN_EV_QUIT, s->index, 0);
    if (rc != 0)
        s->generation++;
    if (rc < 0)
        LOG_DEBUG("session", "command %s: %s", lectern_cmd_name(cmd->kind) ?
                  lectern_cmd_name(cmd->kind) : "?", s->message);
    return rc;
}

void lectern_session_tick(lectern_session *s, uint64_t now_ms)
{
    if (now_ms <= s->now)
        return;
    s->now = now_ms;
    if (s->digits[0] && now_ms - s->digits_at >= LECTERN_SESSION_DIGIT_TIMEOUT_MS) {
        s->digits[0] = '\0';
        s->generation++;
    }
    if (s->message[0] && now_ms >= s->message_until) {
        s->message[0] = '\0';
        s->generation++;
    }
}

unsigned lectern_session_take_requests(lectern_session *s)
{
    unsigned r = s->requests;
    s->requests = 0;
    return r;
}

void lectern_session_get_view(const lectern_session *s, lectern_session_view *v)
{
    memset(v, 0, sizeof *v);
    v->screen = top_screen(s);
    v->base = s->base;
    v->toc_open = s->toc_open;
    v->index = s->index;
    v->n_items = s->n_items;
    v->item = s->n_items ? lectern_course_item(s->c, s->index) : NULL;
    v->module_index = v->item ? v->item->module_index : 0;
    v->module = s->n_modules ? lectern_course_module(s->c, v->module_index) : NULL;
    if (s->toc_open) {
        v->cursor = s->toc_cursor;
        v->n_rows = lectern_session_toc_rows(s);
    } else {
        v->cursor = s->start_cursor;
        v->n_rows = 1 + s->n_modules;
    }
    v->digits = s->digits;
    v->confirm_focus = (int)s->confirm_focus;
    v->message = s->message;
    v->can_continue = s->can_continue;
    v->resume_index = s->resume_index;
    v->quit = s->quit;
    v->now_ms = s->now;
    v->generation = s->generation;
}
