/* Access settings in the player: high-contrast theme (WCAG AAA palette over
 * the course colours), text scale 100-200 %, captions default, reduced
 * motion, UI language. Loaded from <data_dir>/settings.json, overridden by
 * command-line flags for one run, changed by keys (saved when changed). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/log.h"
#include "lectern/settings.h"
#include "player.h"

static lectern_settings cur;
static int loaded;
/* command-line overrides: -1 none */
static int cli_hc = -1, cli_scale = -1, cli_captions = -1, cli_motion = -1;
static const char *cli_ui_lang;
static lectern_theme hc_theme;
static const lectern_theme *course_theme;   /* what high contrast replaced */

/* The high-contrast palette: white and yellow on black, every pair at
 * least 7:1 (WCAG 2 AAA for body text). */
#define HC_BACKGROUND 0x000000u
#define HC_TEXT 0xFFFFFFu
#define HC_ACCENT 0xFFFF00u
#define HC_MUTED 0xE0E0E0u

int access_option(int argc, char **argv, int *i)
{
    const char *o = argv[*i];
    const char *next = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (strcmp(o, "--high-contrast") == 0) {
        cli_hc = 1;
    } else if (strcmp(o, "--reduced-motion") == 0) {
        cli_motion = 1;
    } else if (strcmp(o, "--no-captions") == 0) {
        cli_captions = 0;
    } else if (strcmp(o, "--text-scale") == 0 || strcmp(o, "--ui-lang") == 0) {
        if (!next) {
            fprintf(stderr, "lectern: %s needs a value\n", o);
            return -1;
        }
        (*i)++;
        if (o[2] == 'u') {
            cli_ui_lang = next;
            return 1;
        }
        char *end = NULL;
        long v = strtol(next, &end, 10);
        if (!end || (*end && strcmp(end, "%") != 0) || v < LECTERN_TEXT_SCALE_MIN ||
            v > LECTERN_TEXT_SCALE_MAX) {
            fprintf(stderr, "lectern: --text-scale takes a percentage from 100 to 200, "
                    "not '%s'\n", next);
            return -1;
        }
        cli_scale = (int)v;
    } else {
        return 0;
    }
    return 1;
}

void access_print_options(FILE *f)
{
    fputs("  --ui-lang CODE        language of the player's own words (en, fr, ar; default:\n"
          "                        the course language, else the system's)\n"
          "  --high-contrast       white and yellow on black instead of the course colours\n"
          "  --text-scale PCT      slide text at 100..200 % (shrinks to fit where it must)\n"
          "  --no-captions         video subtitles off at start (default: on)\n"
          "  --reduced-motion      no blinking or animated effects\n", f);
}

void access_init(app *a)
{
    lectern_error err = {0};
    if (lectern_settings_load(a->data_dir, &cur, &err) < 0)
        LOG_WARN("access", "%s", err.msg);
    loaded = 1;
    if (cli_hc >= 0)
        cur.high_contrast = cli_hc;
    if (cli_scale >= 0)
        cur.text_scale = cli_scale;
    if (cli_captions >= 0)
        cur.captions = cli_captions;
    if (cli_motion >= 0)
        cur.reduced_motion = cli_motion;
    const char *ul = cli_ui_lang ? cli_ui_lang : cur.ui_lang;
    if (ul && *ul && ui_set_lang(ul) < 0)
        LOG_WARN("access", "no translation of the player for '%s': using %s", ul,
                 ui_lang(a));
}

const lectern_settings *access_settings(void)
{
    if (!loaded) {
        lectern_settings_defaults(&cur);
        loaded = 1;
    }
    return &cur;
}

float access_text_scale(void)
{
    return (float)access_settings()->text_scale / 100.0f;
}

int access_captions(void)
{
    return access_settings()->captions;
}

int access_reduced_motion(void)
{
    return access_settings()->reduced_motion;
}

void access_frame(app *a)
{
    int on = access_settings()->high_contrast;
    if (on && a->theme != &hc_theme && a->theme) {
        course_theme = a->theme;
        hc_theme = *a->theme;          /* fonts and sizes stay the course's */
        hc_theme.background = HC_BACKGROUND;
        hc_theme.text = HC_TEXT;
        hc_theme.heading = HC_TEXT;
        hc_theme.accent = HC_ACCENT;
        hc_theme.muted = HC_MUTED;
        a->theme = &hc_theme;
    } else if (!on && a->theme == &hc_theme) {
        a->theme = course_theme;
    }
}

static void save(app *a)
{
    lectern_error err = {0};
    if (lectern_settings_save(a->data_dir, &cur, &err) < 0)
        LOG_WARN("access", "settings not saved: %s", err.msg);
    a->dirty = 1;
}

int access_key(app *a, SDL_Keycode key, uint16_t mod)
{
    if (!(mod & KMOD_CTRL))
        return 0;
    access_settings();
    int s = cur.text_scale;
    switch (key) {
    case SDLK_EQUALS:
    case SDLK_PLUS:
    case SDLK_KP_PLUS:
        cur.text_scale = lectern_settings_clamp_scale(s + 25);
        break;
    case SDLK_MINUS:
    case SDLK_KP_MINUS:
        cur.text_scale = lectern_settings_clamp_scale(s - 25);
        break;
    case SDLK_0:
        cur.text_scale = 100;
        break;
    case SDLK_h:
        cur.high_contrast = !cur.high_contrast;
        break;
    default:
        return 0;
    }
    LOG_INFO("access", "text %d %%, high contrast %s", cur.text_scale,
             cur.high_contrast ? "on" : "off");
    save(a);
    return 1;
}
