/* Items of a module file: slides (every layout, nested bullets flattened
 * with their level, two columns), videos (poster, subtitles) and exercises
 * (kept as compact JSON for the exercise module). Fields that belong to
 * another layout or to nothing at all are warnings, so typos show. */
#include "course_priv.h"
#include "lectern/package.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const layout_names[LECTERN_LAYOUT_COUNT] = {
    "title", "bullets", "image", "image_text", "two_columns", "quote", "section",
};

const char *lectern_layout_name(lectern_layout l)
{
    if ((int)l < 0 || l >= LECTERN_LAYOUT_COUNT)
        return NULL;
    return layout_names[l];
}

#define LAYOUT_LIST "title, bullets, image, image_text, two_columns, quote, section"

/* Fields every slide may have, and the extra ones of each layout. */
static const char *const slide_all[] = {
    "id", "type", "layout", "title", "notes", "facilitator_notes", "subtitle", "text",
    "bullets", "image", "alt", "fit", "caption", "image_side", "left", "right",
    "attribution", NULL};
static const char *const layout_fields[LECTERN_LAYOUT_COUNT][7] = {
    [LECTERN_LAYOUT_TITLE] = {"subtitle", NULL},
    [LECTERN_LAYOUT_BULLETS] = {"text", "bullets", NULL},
    [LECTERN_LAYOUT_IMAGE] = {"image", "alt", "fit", "caption", NULL},
    [LECTERN_LAYOUT_IMAGE_TEXT] = {"image", "alt", "text", "bullets", "image_side", NULL},
    [LECTERN_LAYOUT_TWO_COLUMNS] = {"left", "right", NULL},
    [LECTERN_LAYOUT_QUOTE] = {"text", "attribution", NULL},
    [LECTERN_LAYOUT_SECTION] = {"subtitle", NULL},
};
static const char *const common_fields[] = {"id", "type", "layout", "title", "notes",
                                            "facilitator_notes", NULL};

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if ((*list)[0] == s[0] && strcmp(*list, s) == 0)
            return 1;
    return 0;
}

/* ---- bullets ------------------------------------------------------------- */

static int is_bullet_object(const cJSON *v)
{
    return cJSON_IsObject(v) && (cJSON_GetObjectItemCaseSensitive(v, "text") ||
                                 cJSON_GetObjectItemCaseSensitive(v, "sub"));
}

static size_t count_bullets(const cJSON *a)
{
    size_t n = 0;
    for (const cJSON *v = a->child; v; v = v->next) {
        n++;
        const cJSON *sub = is_bullet_object(v) ? cJSON_GetObjectItemCaseSensitive(v, "sub") : NULL;
        if (cJSON_IsArray(sub))
            n += count_bullets(sub);
    }
    return n;
}

static void parse_bullet_list(cm_ctx *x, const cJSON *a, const char *path, int level,
                              lectern_bullet *out, size_t *n)
{
    static const char *const known[] = {"text", "sub", NULL};
    char p[CM_PATH], q[CM_PATH];
    size_t i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++) {
        cm_pidx(p, sizeof p, path, i);
        lectern_bullet *b = &out[*n];
        b->level = level;
        if (!is_bullet_object(v)) {
            if (cm_text_value(x, v, p, &b->text) > 0)
                (*n)++;
            continue;
        }
        cm_unknown_fields(x, v, p, known);
        if (cm_text(x, v, p, "text", 1, &b->text) > 0)
            (*n)++;
        const cJSON *sub = cm_array(x, v, p, "sub", 0, NULL);
        if (!sub || !sub->child)
            continue;
        cm_pkey(q, sizeof q, p, "sub");
        if (level >= LECTERN_BULLET_LEVELS) {
            char deep[CM_PATH];
            cm_pidx(deep, sizeof deep, q, 0);
            cm_error(x, LECTERN_ESCHEMA, deep,
                     "bullets nest at most %d levels and this is level %d; move it up a level or split the slide",
                     LECTERN_BULLET_LEVELS, level + 1);
            continue;
        }
        parse_bullet_list(x, sub, q, level + 1, out, n);
    }
}

/* Parses obj[key] as a bullet list. Returns 1 when present and valid. */
static int parse_bullets(cm_ctx *x, const cJSON *obj, const char *path, int required,
                         lectern_bullet **out, size_t *n_out)
{
    char p[CM_PATH];
    int bad;
    const cJSON *a = cm_array(x, obj, path, "bullets", required, &bad);
    if (!a)
        return bad ? -1 : 0;
    cm_pkey(p, sizeof p, path, "bullets");
    size_t total = count_bullets(a);
    if (total == 0) {
        cm_error(x, LECTERN_ESCHEMA, p, "empty list; add at least one bullet or remove \"bullets\"");
        return -1;
    }
    if (total > LECTERN_MAX_BULLETS) {
        cm_error(x, LECTERN_ELIMIT, p, "%zu bullets, more than the limit of %d in one list; split the slide",
                 total, LECTERN_MAX_BULLETS);
        return -1;
    }
    lectern_bullet *b = cm_alloc(&x->c->arena, total * sizeof *b);
    if (!b) {
        x->oom = 1;
        return -1;
    }
    size_t n = 0;
    size_t errors = x->n_errors;
    parse_bullet_list(x, a, p, 1, b, &n);
    *out = b;
    *n_out = n;
    return x->n_errors == errors ? 1 : -1;
}

/* ---- slides -------------------------------------------------------------- */

static void parse_column(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                         lectern_column *col)
{
    static const char *const known[] = {"heading", "text", "bullets", NULL};
    char p[CM_PATH];
    const cJSON *o = cm_object(x, obj, path, key, 1, NULL);
    if (!o)
        return;
    cm_pkey(p, sizeof p, path, key);
    cm_unknown_fields(x, o, p, known);
    int a = cm_text(x, o, p, "heading", 0, &col->heading);
    int b = cm_text(x, o, p, "text", 0, &col->text);
    int c = parse_bullets(x, o, p, 0, &col->bullets, &col->n_bullets);
    if (a == 0 && b == 0 && c == 0)
        cm_error(x, LECTERN_ESCHEMA, p, "empty column; give it a \"heading\", a \"text\" or \"bullets\"");
}

static int choice(cm_ctx *x, const cJSON *obj, const char *path, const char *key,
                  const char *a, const char *b, int *out)
{
    char *s = NULL;
    char p[CM_PATH];
    if (cm_string(x, obj, path, key, 0, &s) <= 0)
        return 0;
    cm_pkey(p, sizeof p, path, key);
    if (strcmp(s, a) == 0)
        *out = 0;
    else if (strcmp(s, b) == 0)
        *out = 1;
    else
        cm_error(x, LECTERN_ESCHEMA, p, "unknown value \"%.40s\"; use \"%s\" or \"%s\"", s, a, b);
    return 1;
}

/* "image": a path, or a language map of paths (a picture per language, e.g.
 * a diagram with its words translated); it->image is then the course's
 * first language's, or the first listed. */
static void parse_image_field(cm_ctx *x, const cJSON *obj, const char *path, lectern_item *it)
{
    char p[CM_PATH], pl[CM_PATH];
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "image");
    if (!cJSON_IsObject(v)) {
        cm_media(x, obj, path, "image", 1, LECTERN_MEDIA_CLASS_IMAGE, &it->image);
        return;
    }
    cm_pkey(p, sizeof p, path, "image");
    if (cm_text_value(x, v, p, &it->images) <= 0)
        return;
    for (size_t i = 0; i < it->images.n; i++) {
        const lectern_text_entry *e = &it->images.v[i];
        const char *why = NULL;
        cm_pkey(pl, sizeof pl, p, e->lang);
        if (!lectern_path_safe(e->s, strlen(e->s), &why)) {
            cm_error(x, LECTERN_EUNSAFE, pl,
                     "\"%.200s\" is not a usable file path (%s); use a path inside the course with '/' like \"media/picture.fr.png\"",
                     e->s, why ? why : "unsafe");
            continue;
        }
        cm_ref(x, pl, e->s, LECTERN_MEDIA_CLASS_IMAGE);
    }
    const lectern_course *c = x->c;
    it->image = (char *)lectern_text_get(&it->images, c->n_languages ? c->languages[0] : NULL,
                                         NULL);
}

const char *lectern_item_image(const lectern_item *it, const char *lang, const char *fallback)
{
    if (!it)
        return NULL;
    if (it->images.n)
        return lectern_text_get(&it->images, lang, fallback);
    return it->image;
}

static void parse_image(cm_ctx *x, const cJSON *obj, const char *path, lectern_item *it)
{
    char p[CM_PATH];
    parse_image_field(x, obj, path, it);
    cm_pkey(p, sizeof p, path, "alt");
    const cJSON *alt = cJSON_GetObjectItemCaseSensitive(obj, "alt");
    if (!alt || cJSON_IsNull(alt))
        cm_error(x, LECTERN_ESCHEMA, path,
                 "missing \"alt\": describe the image for people who cannot see it, e.g. \"alt\": \"Map of the routes\"");
    else if (cm_text(x, obj, path, "alt", 1, &it->alt) > 0 && !lectern_text_present(&it->alt))
        cm_error(x, LECTERN_ESCHEMA, p, "empty alt text; describe the image for people who cannot see it");
}

static void parse_slide(cm_ctx *x, const cJSON *obj, const char *path, lectern_item *it)
{
    char p[CM_PATH];
    char *name = NULL;
    cm_pkey(p, sizeof p, path, "layout");
    if (cm_string(x, obj, path, "layout", 1, &name) <= 0)
        return;
    int l = -1;
    for (int k = 0; k < LECTERN_LAYOUT_COUNT; k++)
        if (strcmp(name, layout_names[k]) == 0)
            l = k;
    if (l < 0) {
        cm_error(x, LECTERN_ESCHEMA, p, "unknown layout \"%.40s\" in item \"%s\"; use one of %s",
                 name, it->id ? it->id : "?", LAYOUT_LIST);
        return;
    }
    it->layout = (lectern_layout)l;
    for (const cJSON *f = obj->child; f; f = f->next) {
        if (!in_list(common_fields, f->string) && in_list(slide_all, f->string) &&
            !in_list(layout_fields[l], f->string)) {
            cm_pkey(p, sizeof p, path, f->string);
            cm_warn(x, p, "\"%s\" is not used by the %s layout; it is ignored", f->string, name);
        }
    }
    cm_unknown_fields(x, obj, path, slide_all);
    switch (it->layout) {
    case LECTERN_LAYOUT_TITLE:
    case LECTERN_LAYOUT_SECTION:
        if (!it->title.n && !cJSON_GetObjectItemCaseSensitive(obj, "title"))
            cm_error(x, LECTERN_ESCHEMA, path, "missing required field \"title\" for the %s layout; add \"title\": %s",
                     name, CM_TEXT_EXPECTED);
        cm_text(x, obj, path, "subtitle", 0, &it->subtitle);
        break;
    case LECTERN_LAYOUT_BULLETS:
        cm_text(x, obj, path, "text", 0, &it->text);
        parse_bullets(x, obj, path, 1, &it->bullets, &it->n_bullets);
        break;
    case LECTERN_LAYOUT_IMAGE:
        parse_image(x, obj, path, it);
        choice(x, obj, path, "fit", "fit", "fill", &it->image_fill);
        cm_text(x, obj, path, "caption", 0, &it->caption);
        break;
    case LECTERN_LAYOUT_IMAGE_TEXT: {
        parse_image(x, obj, path, it);
        int a = cm_text(x, obj, path, "text", 0, &it->text);
        int b = parse_bullets(x, obj, path, 0, &it->bullets, &it->n_bullets);
        if (a == 0 && b == 0)
            cm_error(x, LECTERN_ESCHEMA, path, "the image_text layout needs \"text\" or \"bullets\" (or both); add one");
        choice(x, obj, path, "image_side", "left", "right", &it->image_right);
        break;
    }
    case LECTERN_LAYOUT_TWO_COLUMNS:
        parse_column(x, obj, path, "left", &it->left);
        parse_column(x, obj, path, "right", &it->right);
        break;
    case LECTERN_LAYOUT_QUOTE:
        cm_text(x, obj, path, "text", 1, &it->text);
        cm_text(x, obj, path, "attribution", 0, &it->attribution);
        break;
    default:
        break;
    }
}

/* ---- videos and exercises ------------------------------------------------ */

static void parse_video(cm_ctx *x, const cJSON *obj, const char *path, lectern_item *it)
{
    static const char *const known[] = {"id", "type", "title", "notes", "facilitator_notes",
                                        "video", "poster", "poster_time", "autoplay",
                                        "subtitles", NULL};
    char p[CM_PATH], q[CM_PATH];
    cm_unknown_fields(x, obj, path, known);
    cm_media(x, obj, path, "video", 1, LECTERN_MEDIA_CLASS_VIDEO, &it->video);
    cm_media(x, obj, path, "poster", 0, LECTERN_MEDIA_CLASS_IMAGE, &it->poster);
    cm_number(x, obj, path, "poster_time", 0, 0, 0, 0, &it->poster_time);
    cm_bool(x, obj, path, "autoplay", 0, &it->autoplay);
    const cJSON *subs = cm_object(x, obj, path, "subtitles", 0, NULL);
    if (!subs)
        return;
    cm_pkey(p, sizeof p, path, "subtitles");
    size_t n = (size_t)cJSON_GetArraySize(subs);
    it->subtitles = cm_alloc(&x->c->arena, (n ? n : 1) * sizeof *it->subtitles);
    if (!it->subtitles) {
        x->oom = 1;
        return;
    }
    for (const cJSON *f = subs->child; f; f = f->next) {
        cm_pkey(q, sizeof q, p, f->string);
        if (!cm_lang_valid(f->string)) {
            cm_error(x, LECTERN_ESCHEMA, q,
                     "\"%.40s\" is not a language code; key each subtitle file by language, e.g. \"en\": \"media/clip.en.vtt\"",
                     f->string);
            continue;
        }
        int declared = 0;
        for (size_t k = 0; k < x->c->n_languages; k++)
            declared |= strcmp(x->c->languages[k], f->string) == 0;
        if (!declared && x->c->n_languages)
            cm_warn(x, q, "language \"%s\" is not in course.json \"languages\"", f->string);
        lectern_subtitle_track *t = &it->subtitles[it->n_subtitles];
        if (cm_media(x, subs, p, f->string, 1, LECTERN_MEDIA_CLASS_SUBTITLE, &t->path) > 0) {
            if (!(t->lang = cm_strdup(&x->c->arena, f->string))) {
                x->oom = 1;
                return;
            }
            it->n_subtitles++;
        }
    }
}

static void parse_exercise(cm_ctx *x, const cJSON *obj, const char *path, lectern_item *it)
{
    static const char *const known[] = {"id", "type", "title", "notes", "facilitator_notes",
                                        "exercise", NULL};
    char p[CM_PATH];
    cm_unknown_fields(x, obj, path, known);
    const cJSON *ex = cm_object(x, obj, path, "exercise", 1, NULL);
    if (!ex)
        return;
    cm_pkey(p, sizeof p, path, "exercise");
    if (cm_string(x, ex, p, "kind", 1, &it->exercise_kind) > 0 && !*it->exercise_kind)
        cm_error(x, LECTERN_ESCHEMA, p, "empty \"kind\"; name the kind of exercise, e.g. \"single_choice\"");
    char *json = cJSON_PrintUnformatted(ex);
    if (!json) {
        x->oom = 1;
        return;
    }
    it->exercise_json = cm_strdup(&x->c->arena, json);
    cJSON_free(json);
    if (!it->exercise_json)
        x->oom = 1;
}

/* ---- items ----------------------------------------------------------------- */

void cm_parse_items(cm_ctx *x, size_t mi, const cJSON *items)
{
    lectern_course *c = x->c;
    char p[CM_PATH];
    size_t i = 0;
    for (const cJSON *v = items->child; v && !x->oom; v = v->next, i++) {
        cm_pidx(p, sizeof p, "items", i);
        if (!cJSON_IsObject(v)) {
            cm_error(x, LECTERN_ESCHEMA, p,
                     "expected an item object {\"id\": ..., \"type\": ...}, found %s", cm_type_name(v));
            continue;
        }
        if (c->n_items >= LECTERN_MAX_ITEMS) {
            cm_error(x, LECTERN_ELIMIT, p, "the course has more than %d items, the limit; split it into several courses",
                     LECTERN_MAX_ITEMS);
            return;
        }
        if (c->n_items == c->cap_items) {
            size_t cap = c->cap_items ? c->cap_items * 2 : 64;
            lectern_item *ni = realloc(c->items, cap * sizeof *ni);
            if (!ni) {
                x->oom = 1;
                return;
            }
            c->items = ni;
            c->cap_items = cap;
        }
        lectern_item *it = &c->items[c->n_items++];
        memset(it, 0, sizeof *it);
        it->module_index = mi;
        it->index_in_module = i;
        cm_id(x, v, p, "id", 1, &it->id);
        cm_text(x, v, p, "title", 0, &it->title);
        cm_text(x, v, p, "notes", 0, &it->notes);
        cm_text(x, v, p, "facilitator_notes", 0, &it->facilitator_notes);
        char *type = NULL;
        char tp[CM_PATH];
        cm_pkey(tp, sizeof tp, p, "type");
        if (cm_string(x, v, p, "type", 1, &type) <= 0)
            continue;
        if (strcmp(type, "slide") == 0) {
            it->kind = LECTERN_ITEM_SLIDE;
            parse_slide(x, v, p, it);
        } else if (strcmp(type, "video") == 0) {
            it->kind = LECTERN_ITEM_VIDEO;
            parse_video(x, v, p, it);
        } else if (strcmp(type, "exercise") == 0) {
            it->kind = LECTERN_ITEM_EXERCISE;
            parse_exercise(x, v, p, it);
        } else {
            cm_error(x, LECTERN_ESCHEMA, tp, "unknown type \"%.40s\" in item \"%s\"; use \"slide\", \"video\" or \"exercise\"",
                     type, it->id ? it->id : "?");
        }
    }
}
