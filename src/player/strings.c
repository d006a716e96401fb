/* The player's own words (buttons, menus, hints), in the languages we have
 * translations for; anything else falls back to English. Course texts come
 * from the course, in the language chosen by --lang / $LANG. */
#include <string.h>

#include "player.h"

typedef struct ui_lang {
    const char *code;
    const char *s[UI_COUNT];
} ui_lang;

static const ui_lang langs[] = {
    { "en", {
        [UI_START] = "Start",
        [UI_CONTINUE] = "Continue",
        [UI_MODULES] = "MODULES",
        [UI_MORE] = "\xE2\x96\xBC more",
        [UI_HINT_START] = "Enter: open  \xC2\xB7  \xE2\x86\x91\xE2\x86\x93: choose  \xC2\xB7  "
                          "M: contents  \xC2\xB7  F: fullscreen  \xC2\xB7  Esc: quit",
        [UI_CONTENTS] = "Contents",
        [UI_HINT_TOC] = "\xE2\x86\x91\xE2\x86\x93 choose  \xC2\xB7  Enter: open  \xC2\xB7  "
                        "Esc: close",
        [UI_QUIT_TITLE] = "Quit Lectern?",
        [UI_QUIT_TEXT] = "Enter quits, Esc goes back to the course.",
        [UI_QUIT] = "Quit",
        [UI_STAY] = "Stay",
        [UI_ERROR_TITLE] = "Lectern could not open this course",
        [UI_HINT_ERROR] = "Esc or Enter: quit",
        [UI_GOTO] = "Go to",
        [UI_IMAGE_MISSING] = "Image not available",
        [UI_TEXT_OVERFLOW] = "\xE2\x96\xBC text does not fit",
        [UI_VIDEO] = "Video",
        [UI_TAG_VIDEO] = "video",
        [UI_TAG_EXERCISE] = "exercise",
        [UI_TAG_QUOTE] = "quote",
        [UI_TRUE] = "True",
        [UI_FALSE] = "False",
        [UI_EXERCISE] = "Exercise",
        [UI_EX_SINGLE] = "Single choice: choose one answer",
        [UI_EX_MULTIPLE] = "Multiple response: choose every answer that applies",
        [UI_EX_TRUE_FALSE] = "True or false?",
        [UI_EX_MATCHING] = "Matching: pair each item with its match",
        [UI_EX_ORDERING] = "Ordering: put these in the right order",
        [UI_EX_FILL] = "Fill in the blanks",
        [UI_EX_SCENARIO] = "Case study: choose what you would do",
        [UI_EX_REFLECTION] = "Reflection: write your thoughts",
        [UI_EX_SET] = "Question set",
        [UI_EX_BROKEN] = "This exercise cannot be shown",
    } },
    { "fr", {
        [UI_START] = "Commencer",
        [UI_CONTINUE] = "Reprendre",
        [UI_MODULES] = "MODULES",
        [UI_MORE] = "\xE2\x96\xBC suite",
        [UI_HINT_START] = "Entr\xC3\xA9" "e : ouvrir  \xC2\xB7  \xE2\x86\x91\xE2\x86\x93 : choisir  "
                          "\xC2\xB7  M : sommaire  \xC2\xB7  F : plein \xC3\xA9" "cran  \xC2\xB7  "
                          "\xC3\x89" "chap : quitter",
        [UI_CONTENTS] = "Sommaire",
        [UI_HINT_TOC] = "\xE2\x86\x91\xE2\x86\x93 choisir  \xC2\xB7  Entr\xC3\xA9" "e : ouvrir  "
                        "\xC2\xB7  \xC3\x89" "chap : fermer",
        [UI_QUIT_TITLE] = "Quitter Lectern ?",
        [UI_QUIT_TEXT] = "Entr\xC3\xA9" "e pour quitter, \xC3\x89" "chap pour revenir au cours.",
        [UI_QUIT] = "Quitter",
        [UI_STAY] = "Rester",
        [UI_ERROR_TITLE] = "Lectern n'a pas pu ouvrir ce cours",
        [UI_HINT_ERROR] = "\xC3\x89" "chap ou Entr\xC3\xA9" "e : quitter",
        [UI_GOTO] = "Aller \xC3\xA0",
        [UI_IMAGE_MISSING] = "Image indisponible",
        [UI_TEXT_OVERFLOW] = "\xE2\x96\xBC le texte d\xC3\xA9" "borde",
        [UI_VIDEO] = "Vid\xC3\xA9" "o",
        [UI_TAG_VIDEO] = "vid\xC3\xA9" "o",
        [UI_TAG_EXERCISE] = "exercice",
        [UI_TAG_QUOTE] = "citation",
        [UI_TRUE] = "Vrai",
        [UI_FALSE] = "Faux",
        [UI_EXERCISE] = "Exercice",
        [UI_EX_SINGLE] = "Choix unique : choisissez une r\xC3\xA9" "ponse",
        [UI_EX_MULTIPLE] = "Choix multiple : choisissez toutes les bonnes r\xC3\xA9" "ponses",
        [UI_EX_TRUE_FALSE] = "Vrai ou faux ?",
        [UI_EX_MATCHING] = "Association : reliez chaque \xC3\xA9" "l\xC3\xA9" "ment \xC3\xA0 "
                           "son correspondant",
        [UI_EX_ORDERING] = "Classement : remettez ces \xC3\xA9" "l\xC3\xA9" "ments dans l'ordre",
        [UI_EX_FILL] = "Compl\xC3\xA9" "tez les blancs",
        [UI_EX_SCENARIO] = "\xC3\x89" "tude de cas : que feriez-vous ?",
        [UI_EX_REFLECTION] = "R\xC3\xA9" "flexion : notez vos id\xC3\xA9" "es",
        [UI_EX_SET] = "S\xC3\xA9" "rie de questions",
        [UI_EX_BROKEN] = "Cet exercice ne peut pas \xC3\xAA" "tre affich\xC3\xA9",
    } },
};

const char *ui_str(const app *a, ui_string k)
{
    if ((int)k < 0 || k >= UI_COUNT)
        return "";
    const char *lang = a && a->lang ? a->lang : "en";
    for (size_t i = 0; i < sizeof langs / sizeof *langs; i++) {
        size_t n = strlen(langs[i].code);
        if (strncmp(lang, langs[i].code, n) == 0 && (lang[n] == '\0' || lang[n] == '-') &&
            langs[i].s[k])
            return langs[i].s[k];
    }
    return langs[0].s[k] ? langs[0].s[k] : "";
}
