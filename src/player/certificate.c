/* The certificate of completion: trainee, course title, version and date on
 * a printable page (light paper, dark ink, a framed border), drawn with the
 * canvas primitives into any box, and saved as a 2400x1350 PNG through a
 * software renderer of its own (the text cache is flushed around it, since
 * its textures belong to one renderer). */
#include <SDL_image.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "progress_ui.h"

#define PAPER 0xfdfbf4
#define INK 0x1f2a44
#define SOFT 0x5a6275
#define GOLD 0xb8892b
#define CERT_W 2400
#define CERT_H 1350

void certificate_date(const app *a, int64_t ms, char *buf, size_t n)
{
    static const char *const months[12] = { N_("January"), N_("February"), N_("March"),
        N_("April"), N_("May"), N_("June"), N_("July"), N_("August"), N_("September"),
        N_("October"), N_("November"), N_("December") };
    time_t t = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&t, &tm);
    snprintf(buf, n, "%d %s %d", tm.tm_mday, ui_tr(a, months[tm.tm_mon]),
             tm.tm_year + 1900);
}

void certificate_draw(app *a, float x, float y, float w, float h, const char *date)
{
    progress_ui *p = a->pui;
    float k = w / 1920.0f;
    (void)h;
#define X(v) (x + (v) * k)
#define Y(v) (y + (v) * k)
#define S(v) ((v) * k)
    const char *title = lectern_text_get(lectern_course_title(a->course), a->lang, a->fallback);
    /* a right-to-left UI language reads the page from the right: the date
     * (first) on the right, the version on the left (the box is centred) */
    int was_mirrored = draw_mirrored();
    draw_set_mirror(bidi_lang_is_rtl(ui_lang(a)));
    draw_fill(a, X(0), Y(0), S(1920), S(1080), PAPER, 255);
    /* a double frame with corner squares */
    draw_outline(a, X(40), Y(40), S(1840), S(1000), S(10), INK, 255);
    draw_outline(a, X(70), Y(70), S(1780), S(940), S(3), GOLD, 255);
    float cs = 34;
    float cx[2] = { 53, 1920 - 53 - cs }, cy[2] = { 53, 1080 - 53 - cs };
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            draw_fill(a, X(cx[i]), Y(cy[j]), S(cs), S(cs), GOLD, 255);
    draw_text(a, FONT_BOLD, S(30), X(160), Y(150), S(1600), ALIGN_CENTER, GOLD,
              TR(a, "C E R T I F I C A T E"));
    draw_text(a, FONT_HEADING, S(84), X(160), Y(200), S(1600), ALIGN_CENTER, INK,
              TR(a, "of Completion"));
    draw_fill(a, X(860), Y(325), S(200), S(4), GOLD, 255);
    draw_text(a, FONT_ITALIC, S(36), X(160), Y(370), S(1600), ALIGN_CENTER, SOFT,
              TR(a, "This certifies that"));
    const char *name = p && p->profile_name ? p->profile_name : "";
    float nsize = 96, nw = 0;
    measure_text(a, FONT_BOLD, S(nsize), 0, name, &nw);
    if (nw > S(1500))
        nsize = nsize * S(1500) / nw < 48 ? 48 : nsize * S(1500) / nw;
    draw_text(a, FONT_BOLD, S(nsize), X(160), Y(430 + (96 - nsize) / 2), S(1600),
              ALIGN_CENTER, INK, name);
    draw_fill(a, X(460), Y(560), S(1000), S(2), SOFT, 255);
    draw_text(a, FONT_ITALIC, S(36), X(160), Y(590), S(1600), ALIGN_CENTER, SOFT,
              TR(a, "has completed the course"));
    float th = draw_text(a, FONT_HEADING, S(60), X(210), Y(650), S(1500), ALIGN_CENTER, INK,
                         title);
    (void)th;
    /* date and version, left and right above the bottom line */
    char ver[80];
    snprintf(ver, sizeof ver, "%s %s", TR(a, "Version"),
             lectern_course_version(a->course));
    draw_fill(a, X(260), Y(900), S(520), S(2), INK, 255);
    draw_fill(a, X(1140), Y(900), S(520), S(2), INK, 255);
    draw_text(a, FONT_BOLD, S(34), X(260), Y(850), S(520), ALIGN_CENTER, INK, date);
    draw_text(a, FONT_BODY, S(24), X(260), Y(915), S(520), ALIGN_CENTER, SOFT,
              TR(a, "Date"));
    draw_text(a, FONT_BOLD, S(34), X(1140), Y(850), S(520), ALIGN_CENTER, INK, ver);
    draw_text(a, FONT_BODY, S(24), X(1140), Y(915), S(520), ALIGN_CENTER, SOFT,
              lectern_course_id(a->course));
    /* a seal between them */
    draw_disc(a, X(960), Y(880), S(70), GOLD, 255);
    draw_disc(a, X(960), Y(880), S(58), PAPER, 255);
    draw_disc(a, X(960), Y(880), S(50), GOLD, 255);
    draw_text(a, FONT_BOLD, S(44), X(910), Y(852), S(100), ALIGN_CENTER, PAPER,
              "\xE2\x9C\x93");
    int n_ex = 0;
    for (size_t i = 0; p && p->cp && i < p->cp->n_modules; i++)
        n_ex += p->cp->modules[i].n_exercises;
    if (n_ex > 0 && p->cp->success)
        draw_text(a, FONT_BOLD, S(24), X(760), Y(965), S(400), ALIGN_CENTER, GOLD,
                  TR(a, "with the exercises passed"));
    draw_set_mirror(was_mirrored);
#undef X
#undef Y
#undef S
}

int certificate_save(app *a, const char *path, char *saved, size_t saved_len,
                     lectern_error *err)
{
    const lectern_course_progress *cp = progress_ui_refresh(a);
    if (!cp)
        return lectern_error_set(err, LECTERN_EINVAL, "%s", TR(a, "No profile chosen: no certificate"));
    if (!cp->completed)
        return lectern_error_set(err, LECTERN_EINVAL, "%s", TR(a, "The certificate is available once every module is done"));
    char auto_path[1400];
    if (!path) {
        char dir[1100];
        snprintf(dir, sizeof dir, "%s/certificates", a->data_dir);
        app_mkdirs(dir);
        char who[64];
        size_t k = 0;
        for (const char *s = a->pui->profile_name; s && *s && k + 1 < sizeof who; s++)
            who[k++] = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                       (*s >= '0' && *s <= '9') || *s == '-' ? *s : '_';
        who[k] = '\0';
        snprintf(auto_path, sizeof auto_path, "%s/%s-%s-%s.png", dir,
                 lectern_course_id(a->course), lectern_course_version(a->course), who);
        path = auto_path;
    }
    char date[64];
    certificate_date(a, cp->completed_ms ? cp->completed_ms : pui_wall_ms(), date, sizeof date);

    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, CERT_W, CERT_H, 32,
                                                       SDL_PIXELFORMAT_ARGB8888);
    if (!surf)
        return lectern_error_set(err, LECTERN_ENOMEM, "certificate: %s", SDL_GetError());
    SDL_Renderer *ren = SDL_CreateSoftwareRenderer(surf);
    if (!ren) {
        SDL_FreeSurface(surf);
        return lectern_error_set(err, LECTERN_EIO, "certificate: %s", SDL_GetError());
    }
    /* draw with the app's primitives on our renderer */
    SDL_Renderer *old = a->ren;
    canvas old_cv = a->cv;
    int old_hits = a->n_hits;
    textsys_flush_textures(a->text);
    a->ren = ren;
    canvas_fit(&a->cv, CERT_W, CERT_H);
    SDL_SetRenderDrawColor(ren, 255, 255, 255, 255);
    SDL_RenderClear(ren);
    certificate_draw(a, 0, 0, CANVAS_W, CANVAS_H, date);
    SDL_RenderPresent(ren);
    textsys_flush_textures(a->text);
    a->ren = old;
    a->cv = old_cv;
    a->n_hits = old_hits;
    a->dirty = 1;
    int rc = 0;
    if (IMG_SavePNG(surf, path) < 0)
        rc = lectern_error_set(err, LECTERN_EIO, "certificate: cannot write %s: %s", path,
                               IMG_GetError());
    else if (saved)
        snprintf(saved, saved_len, "%s", path);
    SDL_DestroyRenderer(ren);
    SDL_FreeSurface(surf);
    return rc;
}
