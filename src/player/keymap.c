/* The keymap: keys to named session commands, per screen. The session in
 * core never sees a key; later issues add rows (video, exercises, trainer). */
#include <stdio.h>

#include "player.h"

#define S_START (1u << LECTERN_SCREEN_START)
#define S_SLIDE (1u << LECTERN_SCREEN_SLIDE)
#define S_TOC (1u << LECTERN_SCREEN_TOC)
#define S_CONFIRM (1u << LECTERN_SCREEN_CONFIRM_QUIT)
#define S_ANY (S_START | S_SLIDE | S_TOC | S_CONFIRM)
#define S_MENU (S_START | S_TOC)

typedef struct binding {
    SDL_Keycode key;
    unsigned screens;
    lectern_cmd_kind cmd;
    long n;
    const char *help;   /* NULL: not listed separately */
} binding;

static const binding keymap[] = {
    /* slides */
    { SDLK_RIGHT, S_SLIDE, LECTERN_CMD_NEXT, 0, "Right, Space, PgDn, Down: next" },
    { SDLK_SPACE, S_SLIDE, LECTERN_CMD_NEXT, 0, NULL },
    { SDLK_PAGEDOWN, S_SLIDE, LECTERN_CMD_NEXT, 0, NULL },
    { SDLK_DOWN, S_SLIDE, LECTERN_CMD_NEXT, 0, NULL },
    { SDLK_LEFT, S_SLIDE, LECTERN_CMD_PREV, 0, "Left, PgUp, Up: previous" },
    { SDLK_PAGEUP, S_SLIDE, LECTERN_CMD_PREV, 0, NULL },
    { SDLK_UP, S_SLIDE, LECTERN_CMD_PREV, 0, NULL },
    { SDLK_HOME, S_SLIDE, LECTERN_CMD_FIRST, 0, "Home / End: first / last item" },
    { SDLK_END, S_SLIDE, LECTERN_CMD_LAST, 0, NULL },
    { SDLK_RETURN, S_SLIDE | S_MENU | S_CONFIRM, LECTERN_CMD_ENTER, 0,
      "a number then Enter: go to that item" },
    { SDLK_KP_ENTER, S_SLIDE | S_MENU | S_CONFIRM, LECTERN_CMD_ENTER, 0, NULL },
    { SDLK_BACKSPACE, S_SLIDE, LECTERN_CMD_BACKSPACE, 0, NULL },
    /* start screen */
    { SDLK_RIGHT, S_START, LECTERN_CMD_START, 0, NULL },
    { SDLK_SPACE, S_START, LECTERN_CMD_START, 0, NULL },
    { SDLK_PAGEDOWN, S_START, LECTERN_CMD_START, 0, NULL },
    { SDLK_UP, S_START, LECTERN_CMD_MOVE, -1, NULL },
    { SDLK_DOWN, S_START, LECTERN_CMD_MOVE, 1, NULL },
    { SDLK_HOME, S_START, LECTERN_CMD_MOVE_TO, 0, NULL },
    { SDLK_END, S_START, LECTERN_CMD_MOVE_TO, 1L << 30, NULL },
    /* table of contents */
    { SDLK_UP, S_TOC, LECTERN_CMD_MOVE, -1, NULL },
    { SDLK_DOWN, S_TOC, LECTERN_CMD_MOVE, 1, NULL },
    { SDLK_PAGEUP, S_TOC, LECTERN_CMD_MOVE, -LECTERN_SESSION_PAGE_ROWS, NULL },
    { SDLK_PAGEDOWN, S_TOC, LECTERN_CMD_MOVE, LECTERN_SESSION_PAGE_ROWS, NULL },
    { SDLK_HOME, S_TOC, LECTERN_CMD_MOVE_TO, 0, NULL },
    { SDLK_END, S_TOC, LECTERN_CMD_MOVE_TO, 1L << 30, NULL },
    { SDLK_SPACE, S_TOC, LECTERN_CMD_SELECT, 0, NULL },
    { SDLK_RIGHT, S_TOC, LECTERN_CMD_SELECT, 0, NULL },
    { SDLK_LEFT, S_TOC, LECTERN_CMD_TOC_CLOSE, 0, NULL },
    /* everywhere */
    { SDLK_m, S_SLIDE | S_MENU, LECTERN_CMD_TOC, 0, "M: table of contents" },
    { SDLK_f, S_ANY, LECTERN_CMD_FULLSCREEN, 0, "F: fullscreen" },
    { SDLK_F11, S_ANY, LECTERN_CMD_FULLSCREEN, 0, NULL },
    { SDLK_F12, S_ANY, LECTERN_CMD_SCREENSHOT, 0, "F12: screenshot" },
    { SDLK_ESCAPE, S_ANY, LECTERN_CMD_BACK, 0, "Esc: back (asks before quitting)" },
    { SDLK_q, S_SLIDE | S_MENU, LECTERN_CMD_QUIT, 0, "Q: quit" },
    /* quit confirmation */
    { SDLK_y, S_CONFIRM, LECTERN_CMD_CONFIRM, 0, NULL },
    { SDLK_q, S_CONFIRM, LECTERN_CMD_CONFIRM, 0, NULL },
    { SDLK_n, S_CONFIRM, LECTERN_CMD_CANCEL, 0, NULL },
};

lectern_cmd keymap_lookup(lectern_screen screen, SDL_Keycode key, uint16_t mod)
{
    if (mod & (KMOD_CTRL | KMOD_ALT | KMOD_GUI))
        return lectern_cmd_make(LECTERN_CMD_NONE, 0);
    unsigned bit = 1u << screen;
    if (key == SDLK_TAB && (bit & (S_MENU | S_CONFIRM)))     /* focus: Tab, Shift+Tab */
        return lectern_cmd_make(LECTERN_CMD_FOCUS_MOVE, (mod & KMOD_SHIFT) ? -1 : 1);
    if (screen == LECTERN_SCREEN_SLIDE) {
        if (key >= SDLK_0 && key <= SDLK_9)
            return lectern_cmd_make(LECTERN_CMD_DIGIT, key - SDLK_0);
        if (key >= SDLK_KP_1 && key <= SDLK_KP_9)
            return lectern_cmd_make(LECTERN_CMD_DIGIT, key - SDLK_KP_1 + 1);
        if (key == SDLK_KP_0)
            return lectern_cmd_make(LECTERN_CMD_DIGIT, 0);
    }
    for (size_t i = 0; i < sizeof keymap / sizeof *keymap; i++)
        if (keymap[i].key == key && (keymap[i].screens & bit))
            return lectern_cmd_make(keymap[i].cmd, keymap[i].n);
    return lectern_cmd_make(LECTERN_CMD_NONE, 0);
}

void keymap_print(FILE *f)
{
    for (size_t i = 0; i < sizeof keymap / sizeof *keymap; i++)
        if (keymap[i].help)
            fprintf(f, "  %s\n", keymap[i].help);
    fprintf(f, "  Tab / Shift+Tab: move the focus in menus and dialogs, Enter: activate it\n");
    fprintf(f, "  mouse: click right half = next, left half = previous; wheel scrolls\n");
}
