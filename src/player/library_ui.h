/* The player's side of the library (issue 8): `lectern install|trust|library`
 * on the command line (cmd_library.c), and in the app (library_ui.c) opening
 * installed courses by id, the trust banner, the offer to install a package
 * that is not in the library, the "What's new" screen and the "updated"
 * marks. Only src/player includes this. */
#ifndef LECTERN_LIBRARY_UI_H
#define LECTERN_LIBRARY_UI_H

#include <stddef.h>

#include "lectern/error.h"
#include "lectern/library.h"
#include "player.h"

typedef struct library_ui library_ui;

/* `lectern install FILE`, `lectern trust add|list|remove`, `lectern library`:
 * runs the command when argv[1] names one and returns its exit status
 * (0 ok, 1 refused or failed, 2 usage); -1 when argv[1] is not a library
 * command (the player runs as usual). */
int library_cli_main(int argc, char **argv);
/* Lines for `lectern --help`. */
void library_cli_usage(FILE *f);

/* Config folder: given, else $XDG_CONFIG_HOME/lectern, else ~/.config/lectern. */
void library_config_dir(const char *given, char *out, size_t len);
/* Data folder: given, else $XDG_DATA_HOME/lectern, else ~/.local/share/lectern. */
void library_data_dir(const char *given, char *out, size_t len);

/* Decides what the player opens, before the course loads. `course` is the
 * command-line argument (NULL: none). A course id that is installed (and is
 * not a path) resolves to the library's package; no argument with a
 * non-empty library opens the first installed course (by id); a .lectern
 * file is verified (a tampered one is refused naming the entry) and its
 * trust checked. In strict mode an unsigned or untrusted package is
 * refused. Returns 1 with path filled when the library chose the path, 0
 * when the caller opens `course` (or its default) itself, or a negative
 * code with err filled (refused). *out is always created (free with
 * library_ui_destroy), even on refusal. */
int library_ui_open(library_ui **out, const char *data_dir, const char *config_dir, int strict,
                    const char *course, char *path, size_t path_len, lectern_error *err);
void library_ui_destroy(library_ui *l);
/* After the session exists: loads the installed addenda's changes and opens
 * "What's new" once after an update (remembered in DATA_DIR/whatsnew/). */
void library_ui_attach(app *a);

/* Drawing (app_render): the trust / install banner on the start screen,
 * the "updated" mark on a changed slide, the "What's new" overlay. */
void library_ui_draw(app *a, const lectern_session_view *v);
/* The TOC's "updated" mark for an item row (screens.c), right-aligned at x. */
void library_ui_toc_mark(app *a, const lectern_item *it, float x, float y);
/* Keys and clicks: 1 when used ("What's new" open, U, I on the offer). */
int library_ui_key(app *a, SDL_Keycode key, uint16_t mod);
int library_ui_click(app *a, int x, int y, int button);

/* For the trainer's notes (presenter view): what changed about item_id in
 * the installed addenda, in the course language, e.g. "Updated in 1.1.0
 * (effective 2027-03-01): New national referral procedure. Trainees:
 * review this item." NULL when the item did not change. The text stays
 * valid until the next call. */
const char *library_ui_change_note(app *a, const char *item_id);
/* 1 when an installed addendum changed item_id. */
int library_ui_item_updated(const app *a, const char *item_id);
/* 1 when the start screen shows the What's new / Library buttons (from
 * canvas y LIBRARY_UI_BUTTONS_Y): the Start button stays above them. */
#define LIBRARY_UI_BUTTONS_Y 892
int library_ui_start_buttons(const app *a);

/* --script commands and expectations (script.c): `install [FILE]`,
 * `whatsnew [close]`, `expect trust ...`, `expect updated ITEM yes|no`, `expect install-offer`,
 * `expect whatsnew open|closed`. Returns 0 ok, 1 failed expectation, 2
 * malformed, -1 not a library command; msg gets the failure. */
int library_ui_script(app *a, int argc, char **argv, char *msg, size_t msg_len);

#endif
