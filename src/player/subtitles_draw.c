/* Draws the subtitle cues showing at a playback time over a video box:
 * centred lines near the bottom of the box on a translucent dark band, in
 * the player's text module (cached textures), sized to the box. */
#include <string.h>

#include "lectern/subtitle.h"
#include "player.h"

#define MAX_ACTIVE 4

/* Draws the cues of `s` showing at ms inside the box x,y,w,h (virtual
 * canvas units), above `bottom_gap` units from the box's bottom edge.
 * Returns 1 when something was drawn. s may be NULL. */
int subtitles_draw(app *a, const lectern_subtitles *s, int64_t ms, float x, float y, float w,
                   float h, float bottom_gap)
{
    const lectern_cue *act[MAX_ACTIVE];
    size_t n = lectern_subtitles_active(s, ms, act, MAX_ACTIVE);
    if (n == 0 || !a->ren)
        return 0;
    char text[LECTERN_SUBTITLE_MAX_TEXT * MAX_ACTIVE + MAX_ACTIVE];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(act[i]->text);
        if (len + k + 2 > sizeof text)
            break;
        if (len)
            text[len++] = '\n';
        memcpy(text + len, act[i]->text, k);
        len += k;
    }
    text[len] = '\0';
    /* about 1/18 of the box height, readable on a projector; larger with the
     * learner's text scale */
    float k = access_text_scale();
    float size = h / 18.0f;
    if (size < 22)
        size = 22;
    if (size > 56)
        size = 56;
    size *= k;
    float wrap = w * 0.84f, tw = 0;
    float th = measure_text(a, FONT_BODY, size, wrap, text, &tw);
    if (th <= 0)
        return 0;
    float pad = size * 0.3f;
    float by = y + h - bottom_gap - th - 2 * pad;
    if (by < y)
        by = y;
    float bx = x + (w - tw) / 2 - pad;
    draw_fill(a, bx, by, tw + 2 * pad, th + 2 * pad, 0x000000, 170);
    draw_text(a, FONT_BODY, size, x + (w - wrap) / 2, by + pad, wrap, ALIGN_CENTER, 0xFFFFFF,
              text);
    return 1;
}
