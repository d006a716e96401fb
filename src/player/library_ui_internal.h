/* Internal state of the library UI, shared by library_ui.c (opening, trust,
 * What's new, marks) and library_list.c (the library overlay). */
#ifndef LECTERN_LIBRARY_UI_INTERNAL_H
#define LECTERN_LIBRARY_UI_INTERNAL_H

#include "lectern/addendum.h"
#include "library_ui.h"

#define MAX_HITS 64

typedef struct wn_row {
    size_t change;
    const char *id;
    const char *rule;
} wn_row;

struct library_ui {
    char data_dir[1024], config_dir[1024];
    int strict;
    int from_library;            /* the package is the library's */
    char course_id[80], version[64];
    char package[1200];          /* package opened, "" for a folder */
    char **addenda;
    size_t n_addenda;
    int trust_known;
    lectern_trust trust;
    char fpr[65];
    int offer_install;
    char notice[700];            /* result of an install from the window */
    lectern_change *changes;
    size_t n_changes;
    wn_row *rows;
    size_t n_rows;
    int wn_open;
    long wn_cursor;
    SDL_Rect hit[MAX_HITS];
    long hit_row[MAX_HITS];      /* >= 0 row; -1 open what's new; -2 install; -3 close; -4 library */
    int n_hits;
    char note[1400];
    /* the library overlay (library_list.c) */
    lectern_library_course *all;
    size_t n_all;
    int list_open;
    long list_cursor;
    int listed;                  /* `all` is filled */
};

/* The trust of a course in the UI language ("trusted", "unsigned"...). */
const char *library_ui_trust_words(const app *a, lectern_trust t);
/* library_list.c: the installed courses as an overlay (L on the start screen). */
void library_list_open(app *a);
void library_list_draw(app *a);
int library_list_key(app *a, SDL_Keycode key);
int library_list_click(app *a, int x, int y);
/* The "Library (L)" button on the start screen at x,y; returns its width. */
float library_list_button(app *a, float x, float y);
/* Frees the listed courses. */
void library_list_clear(library_ui *l);

#endif
