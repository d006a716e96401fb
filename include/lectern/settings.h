/* Learner settings kept between runs: UI language, high contrast, text
 * scale, captions, reduced motion. Stored as <data_dir>/settings.json.
 *
 *   lectern_settings s;
 *   lectern_settings_load(data_dir, &s, &err);   // defaults when absent
 *   s.text_scale = 150;
 *   lectern_settings_save(data_dir, &s, &err);
 */
#ifndef LECTERN_SETTINGS_H
#define LECTERN_SETTINGS_H

#include "lectern/error.h"

#define LECTERN_TEXT_SCALE_MIN 100
#define LECTERN_TEXT_SCALE_MAX 200

typedef struct lectern_settings {
    char ui_lang[16];        /* "" = follow the course, then the system */
    int high_contrast;       /* 0/1: override course colours with an AAA palette */
    int text_scale;          /* percent, 100..200 */
    int captions;            /* 0/1: subtitles shown when a video has them (default 1) */
    int reduced_motion;      /* 0/1: no animated transitions or flashes */
} lectern_settings;

/* Fills s with the defaults (captions on, scale 100, everything else off). */
void lectern_settings_defaults(lectern_settings *s);
/* Reads <data_dir>/settings.json into s (defaults first; missing file: the
 * defaults, return 0). Unknown keys are ignored, out-of-range values are
 * clamped. Fails with LECTERN_EJSON / LECTERN_EIO (s keeps the defaults). */
int lectern_settings_load(const char *data_dir, lectern_settings *s, lectern_error *err);
/* Writes s to <data_dir>/settings.json atomically (temporary file, fsync,
 * rename), creating data_dir. LECTERN_EIO when it cannot. */
int lectern_settings_save(const char *data_dir, const lectern_settings *s, lectern_error *err);
/* Clamps a text scale to 100..200. */
int lectern_settings_clamp_scale(int percent);

#endif
