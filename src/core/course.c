/* The course model loader: course.json (metadata, languages, theme,
 * completion rule, changelog), then modules/<id>.json in course order, then
 * plans/. Every problem is collected with its file and JSON path; load
 * fails on any error, check returns them all. Also the read accessors. */
#include "course_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lectern/log.h"

/* ---- ids and versions ---------------------------------------------------- */

int lectern_id_valid(const char *id)
{
    if (!id)
        return 0;
    size_t n = 0;
    for (const char *p = id; *p; p++, n++) {
        char ch = *p;
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (n > 0)
            ok |= ch == '.' || ch == '_' || ch == '-';
        if (!ok || n >= 64)
            return 0;
    }
    return n > 0;
}

/* MAJOR.MINOR.PATCH with an optional -suffix; fills the three numbers. */
static int version_parse(const char *s, long v[3])
{
    for (int k = 0; k < 3; k++) {
        int digits = 0;
        v[k] = 0;
        while (*s >= '0' && *s <= '9') {
            if (++digits > 9)
                return 0;
            v[k] = v[k] * 10 + (*s++ - '0');
        }
        if (!digits)
            return 0;
        if (k < 2 && *s++ != '.')
            return 0;
    }
    if (*s == '\0')
        return 1;
    if (*s++ != '-' || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              *s == '.' || *s == '-'))
            return 0;
    return 1;
}

static int version_cmp(const long a[3], const long b[3])
{
    for (int k = 0; k < 3; k++)
        if (a[k] != b[k])
            return a[k] < b[k] ? -1 : 1;
    return 0;
}

static int date_valid(const char *s)
{
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (s[i] < '0' || s[i] > '9') {
            return 0;
        }
    }
    if (s[10])
        return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

/* ---- course.json parts --------------------------------------------------- */

static void parse_languages(cm_ctx *x, const cJSON *root)
{
    lectern_course *c = x->c;
    char p[CM_PATH];
    int bad;
    const cJSON *a = cm_array(x, root, "", "languages", 1, &bad);
    if (!a)
        return;
    size_t n = (size_t)cJSON_GetArraySize(a);
    if (n == 0) {
        cm_error(x, LECTERN_ESCHEMA, "languages", "empty list; give at least one language, e.g. [\"en\"]");
        return;
    }
    if (n > LECTERN_MAX_LANGUAGES) {
        cm_error(x, LECTERN_ELIMIT, "languages", "%zu languages, more than the limit of %d",
                 n, LECTERN_MAX_LANGUAGES);
        return;
    }
    c->languages = cm_alloc(&c->arena, n * sizeof *c->languages);
    if (!c->languages) {
        x->oom = 1;
        return;
    }
    size_t i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++) {
        cm_pidx(p, sizeof p, "languages", i);
        if (!cJSON_IsString(v)) {
            cm_error(x, LECTERN_ESCHEMA, p, "expected a language code like \"en\", found %s", cm_type_name(v));
            continue;
        }
        if (!cm_lang_valid(v->valuestring)) {
            cm_error(x, LECTERN_ESCHEMA, p,
                     "\"%.40s\" is not a language code; use codes like \"en\", \"fr\", \"ar\", \"pt-BR\"",
                     v->valuestring);
            continue;
        }
        int dup = 0;
        for (size_t k = 0; k < c->n_languages; k++)
            dup |= strcmp(c->languages[k], v->valuestring) == 0;
        if (dup) {
            cm_warn(x, p, "language \"%s\" is listed twice", v->valuestring);
            continue;
        }
        if (!(c->languages[c->n_languages++] = cm_strdup(&c->arena, v->valuestring)))
            x->oom = 1;
    }
}

static void parse_authors(cm_ctx *x, const cJSON *root)
{
    lectern_course *c = x->c;
    char p[CM_PATH];
    const cJSON *a = cm_array(x, root, "", "authors", 0, NULL);
    if (!a)
        return;
    size_t n = (size_t)cJSON_GetArraySize(a);
    c->authors = cm_alloc(&c->arena, (n ? n : 1) * sizeof *c->authors);
    if (!c->authors) {
        x->oom = 1;
        return;
    }
    size_t i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++) {
        cm_pidx(p, sizeof p, "authors", i);
        if (!cJSON_IsString(v)) {
            cm_error(x, LECTERN_ESCHEMA, p, "expected a string (an author's name), found %s", cm_type_name(v));
            continue;
        }
        if (cm_string_ok(x, p, v->valuestring) &&
            !(c->authors[c->n_authors++] = cm_strdup(&c->arena, v->valuestring)))
            x->oom = 1;
    }
}

static void theme_colour(cm_ctx *x, const cJSON *t, const char *key, uint32_t *out)
{
    char *s = NULL;
    char p[CM_PATH];
    if (cm_string(x, t, "theme", key, 0, &s) <= 0)
        return;
    cm_pkey(p, sizeof p, "theme", key);
    int ok = s[0] == '#' && strlen(s) == 7;
    for (int i = 1; ok && i < 7; i++)
        ok = strchr("0123456789abcdefABCDEF", s[i]) != NULL;
    if (!ok) {
        cm_error(x, LECTERN_ESCHEMA, p, "\"%.40s\" is not a colour; write it as \"#RRGGBB\", e.g. \"#14213d\"", s);
        return;
    }
    *out = (uint32_t)strtoul(s + 1, NULL, 16);
}

static void theme_font(cm_ctx *x, const cJSON *t, const char *key, char **out)
{
    char *s = NULL;
    char p[CM_PATH];
    if (cm_string(x, t, "theme", key, 0, &s) <= 0)
        return;
    cm_pkey(p, sizeof p, "theme", key);
    if (!*s) {
        cm_error(x, LECTERN_ESCHEMA, p, "empty font; give a fontconfig name like \"DejaVu Sans\" or a file \"fonts/...\"");
        return;
    }
    if (strncmp(s, "fonts/", 6) == 0) {
        const char *why = NULL;
        if (!lectern_path_safe(s, strlen(s), &why)) {
            cm_error(x, LECTERN_EUNSAFE, p, "\"%.200s\" is not a usable file path (%s)", s, why ? why : "unsafe");
            return;
        }
        cm_ref(x, p, s, LECTERN_MEDIA_CLASS_FONT);
    }
    *out = s;
}

static void parse_theme(cm_ctx *x, const cJSON *root)
{
    static const char *const known[] = {
        "background", "text", "heading", "accent", "muted", "heading_font", "body_font",
        "title_size", "heading_size", "body_size", "min_size", NULL};
    lectern_theme *th = &x->c->theme;
    th->background = 0x14213d;
    th->text = 0xf5f5f5;
    th->heading = 0xffffff;
    th->accent = 0xfca311;
    th->muted = 0xa0aec0;
    th->heading_font = cm_strdup(&x->c->arena, "DejaVu Sans:bold");
    th->body_font = cm_strdup(&x->c->arena, "DejaVu Sans");
    th->title_size = 88;
    th->heading_size = 60;
    th->body_size = 40;
    th->min_size = 24;
    if (!th->heading_font || !th->body_font)
        x->oom = 1;
    const cJSON *t = cm_object(x, root, "", "theme", 0, NULL);
    if (!t)
        return;
    cm_unknown_fields(x, t, "theme", known);
    theme_colour(x, t, "background", &th->background);
    theme_colour(x, t, "text", &th->text);
    theme_colour(x, t, "heading", &th->heading);
    theme_colour(x, t, "accent", &th->accent);
    theme_colour(x, t, "muted", &th->muted);
    theme_font(x, t, "heading_font", &th->heading_font);
    theme_font(x, t, "body_font", &th->body_font);
    cm_int(x, t, "theme", "title_size", 0, 8, 400, &th->title_size);
    cm_int(x, t, "theme", "heading_size", 0, 8, 400, &th->heading_size);
    cm_int(x, t, "theme", "body_size", 0, 8, 400, &th->body_size);
    cm_int(x, t, "theme", "min_size", 0, 8, 400, &th->min_size);
    if (th->min_size > th->body_size)
        cm_error(x, LECTERN_ESCHEMA, "theme.min_size",
                 "min_size %d is larger than body_size %d; make it smaller", th->min_size, th->body_size);
}

void cm_parse_completion(cm_ctx *x, const cJSON *obj, const char *path, lectern_completion *out)
{
    static const char *const known[] = {"require_viewed", "require_passed", "video_percent",
                                        "mastery", NULL};
    char p[CM_PATH];
    out->set = 1;
    cm_unknown_fields(x, obj, path, known);
    cm_bool(x, obj, path, "require_viewed", 0, &out->require_viewed);
    cm_bool(x, obj, path, "require_passed", 0, &out->require_passed);
    cm_int(x, obj, path, "video_percent", 0, 1, 100, &out->video_percent);
    cm_pkey(p, sizeof p, path, "mastery");
    const cJSON *m = cm_object(x, obj, path, "mastery", 0, NULL);
    if (m) {
        static const char *const mk[] = {"correct", "of", NULL};
        int correct = 0, of = 0;
        cm_unknown_fields(x, m, p, mk);
        int a = cm_int(x, m, p, "correct", 1, 1, 100000, &correct);
        int b = cm_int(x, m, p, "of", 1, 1, 100000, &of);
        if (a > 0 && b > 0) {
            if (correct > of)
                cm_error(x, LECTERN_ESCHEMA, p, "correct (%d) is more than of (%d); it can never be met",
                         correct, of);
            out->mastery_correct = correct;
            out->mastery_of = of;
        }
    }
}

static void parse_changelog(cm_ctx *x, const cJSON *root)
{
    static const char *const known[] = {"version", "date", "summary", "items", NULL};
    static const char *const item_known[] = {"id", "rule", NULL};
    lectern_course *c = x->c;
    char p[CM_PATH], q[CM_PATH], r[CM_PATH];
    const cJSON *a = cm_array(x, root, "", "changelog", 0, NULL);
    if (!a)
        return;
    size_t n = (size_t)cJSON_GetArraySize(a);
    c->changes = cm_alloc(&c->arena, (n ? n : 1) * sizeof *c->changes);
    if (!c->changes) {
        x->oom = 1;
        return;
    }
    long course_v[3], v[3];
    int have_cv = c->version && version_parse(c->version, course_v);
    size_t i = 0;
    for (const cJSON *e = a->child; e; e = e->next, i++) {
        cm_pidx(p, sizeof p, "changelog", i);
        lectern_change *ch = &c->changes[c->n_changes++];
        if (!cJSON_IsObject(e)) {
            cm_error(x, LECTERN_ESCHEMA, p, "expected an object {\"version\", \"date\", \"summary\", \"items\"}, found %s",
                     cm_type_name(e));
            continue;
        }
        cm_unknown_fields(x, e, p, known);
        cm_pkey(q, sizeof q, p, "version");
        if (cm_string(x, e, p, "version", 1, &ch->version) > 0) {
            if (!version_parse(ch->version, v))
                cm_error(x, LECTERN_ESCHEMA, q, "\"%.40s\" is not a version; write MAJOR.MINOR.PATCH, e.g. \"1.1.0\"",
                         ch->version);
            else if (have_cv && version_cmp(v, course_v) > 0)
                cm_warn(x, q, "version %s is newer than the course version %s", ch->version, c->version);
        }
        cm_pkey(q, sizeof q, p, "date");
        if (cm_string(x, e, p, "date", 1, &ch->date) > 0 && !date_valid(ch->date))
            cm_error(x, LECTERN_ESCHEMA, q, "\"%.40s\" is not a date; write YYYY-MM-DD, e.g. \"2027-03-01\"", ch->date);
        cm_text(x, e, p, "summary", 1, &ch->summary);
        const cJSON *items = cm_array(x, e, p, "items", 0, NULL);
        if (!items)
            continue;
        size_t m = (size_t)cJSON_GetArraySize(items);
        ch->items = cm_alloc(&c->arena, (m ? m : 1) * sizeof *ch->items);
        if (!ch->items) {
            x->oom = 1;
            return;
        }
        cm_pkey(q, sizeof q, p, "items");
        size_t j = 0;
        for (const cJSON *it = items->child; it; it = it->next, j++) {
            cm_pidx(r, sizeof r, q, j);
            lectern_change_item *ci = &ch->items[ch->n_items++];
            if (!cJSON_IsObject(it)) {
                cm_error(x, LECTERN_ESCHEMA, r, "expected an object {\"id\": \"...\", \"rule\": \"review\"}, found %s",
                         cm_type_name(it));
                continue;
            }
            cm_unknown_fields(x, it, r, item_known);
            cm_id(x, it, r, "id", 1, &ci->id);
            char rp[CM_PATH];
            cm_pkey(rp, sizeof rp, r, "rule");
            if (cm_string(x, it, r, "rule", 1, &ci->rule) > 0 && strcmp(ci->rule, "keep") &&
                strcmp(ci->rule, "review") && strcmp(ci->rule, "reset"))
                cm_error(x, LECTERN_ESCHEMA, rp, "unknown rule \"%.40s\"; use \"keep\", \"review\" or \"reset\"",
                         ci->rule);
        }
    }
}

/* ---- modules ------------------------------------------------------------- */

static void parse_module(cm_ctx *x, size_t mi)
{
    static const char *const known[] = {"id", "title", "description", "completion", "items", NULL};
    lectern_course *c = x->c;
    lectern_module *m = &c->modules[mi];
    lectern_json_arena *arena;
    cJSON *root = cm_read_json(x, m->file, &arena);
    const char *saved = x->file;
    if (!root) {
        x->module_unread = 1;
        return;
    }
    x->file = m->file;
    cm_unknown_fields(x, root, "", known);
    char *id = NULL;
    if (cm_id(x, root, "", "id", 1, &id) > 0 && strcmp(id, m->id) != 0)
        cm_error(x, LECTERN_ESCHEMA, "id",
                 "module id \"%s\" does not match its file name %s; make them the same", id, m->file);
    cm_text(x, root, "", "title", 1, &m->title);
    cm_text(x, root, "", "description", 0, &m->description);
    m->completion = c->completion;
    m->completion.set = 0;
    const cJSON *comp = cm_object(x, root, "", "completion", 0, NULL);
    if (comp)
        cm_parse_completion(x, comp, "completion", &m->completion);
    const cJSON *items = cm_array(x, root, "", "items", 1, NULL);
    m->first_item = c->n_items;
    if (items) {
        if (cJSON_GetArraySize(items) == 0)
            cm_warn(x, "items", "the module has no items; add slides, videos or exercises");
        cm_parse_items(x, mi, items);
    }
    m->n_items = c->n_items - m->first_item;
    x->file = saved;
    lectern_json_arena_free(arena);
}

static void parse_modules(cm_ctx *x, const cJSON *root)
{
    lectern_course *c = x->c;
    char p[CM_PATH], name[CM_PATH];
    const cJSON *a = cm_array(x, root, "", "modules", 1, NULL);
    if (!a)
        return;
    size_t n = (size_t)cJSON_GetArraySize(a);
    if (n == 0) {
        cm_error(x, LECTERN_ESCHEMA, "modules", "empty list; list at least one module id, e.g. [\"m1-intro\"]");
        return;
    }
    if (n > LECTERN_MAX_MODULES) {
        cm_error(x, LECTERN_ELIMIT, "modules", "%zu modules, more than the limit of %d", n, LECTERN_MAX_MODULES);
        return;
    }
    c->modules = cm_alloc(&c->arena, n * sizeof *c->modules);
    if (!c->modules) {
        x->oom = 1;
        return;
    }
    size_t i = 0;
    for (const cJSON *v = a->child; v; v = v->next, i++) {
        cm_pidx(p, sizeof p, "modules", i);
        if (!cJSON_IsString(v)) {
            cm_error(x, LECTERN_ESCHEMA, p, "expected a module id (a string like \"m1-intro\"), found %s",
                     cm_type_name(v));
            continue;
        }
        if (!lectern_id_valid(v->valuestring)) {
            cm_error(x, LECTERN_ESCHEMA, p,
                     "\"%.80s\" is not a valid id; use 1 to 64 characters from a-z 0-9 . _ -, starting with a letter or digit",
                     v->valuestring);
            continue;
        }
        int dup = 0;
        for (size_t k = 0; k < c->n_modules; k++)
            dup |= strcmp(c->modules[k].id, v->valuestring) == 0;
        if (dup) {
            cm_error(x, LECTERN_ESCHEMA, p, "module \"%s\" is listed twice; list each module once",
                     v->valuestring);
            continue;
        }
        lectern_module *m = &c->modules[c->n_modules++];
        snprintf(name, sizeof name, "modules/%s.json", v->valuestring);
        m->id = cm_strdup(&c->arena, v->valuestring);
        m->file = cm_strdup(&c->arena, name);
        if (!m->id || !m->file) {
            x->oom = 1;
            return;
        }
        if (!lectern_reader_find(x->r, name)) {
            cm_error(x, LECTERN_ENOTFOUND, p, "%s not found; create it or remove \"%s\" from the list",
                     name, v->valuestring);
            x->module_unread = 1;
            c->n_modules--;
            continue;
        }
    }
    for (size_t k = 0; k < c->n_modules && !x->oom; k++)
        parse_module(x, k);
    /* module files nobody lists */
    for (size_t e = 0; e < lectern_reader_count(x->r); e++) {
        const char *en = lectern_reader_entry(x->r, e)->name;
        size_t len = strlen(en);
        if (strncmp(en, "modules/", 8) || len < 14 || strcmp(en + len - 5, ".json") || strchr(en + 8, '/'))
            continue;
        int listed = 0;
        for (size_t k = 0; k < c->n_modules && !listed; k++)
            listed = strcmp(c->modules[k].file, en) == 0;
        if (!listed) {
            const char *saved = x->file;
            x->file = en;
            cm_warn(x, "", "not listed in course.json \"modules\"; it is ignored (add its id there to use it)");
            x->file = saved;
        }
    }
}

/* ---- item index ------------------------------------------------------------ */

static int cmp_by_id(const void *a, const void *b)
{
    const lectern_item *ia = *(lectern_item *const *)a, *ib = *(lectern_item *const *)b;
    int d = strcmp(ia->id, ib->id);
    if (d)
        return d;
    return ia < ib ? -1 : ia > ib;   /* same array: course order */
}

static void index_items(cm_ctx *x)
{
    lectern_course *c = x->c;
    size_t n = 0;
    c->by_id = malloc((c->n_items ? c->n_items : 1) * sizeof *c->by_id);
    if (!c->by_id) {
        x->oom = 1;
        return;
    }
    for (size_t i = 0; i < c->n_items; i++)
        if (c->items[i].id)
            c->by_id[n++] = &c->items[i];
    qsort(c->by_id, n, sizeof *c->by_id, cmp_by_id);
    c->n_by_id = n;
    char p[CM_PATH];
    const char *saved = x->file;
    for (size_t k = 1; k < n; k++) {
        const lectern_item *a = c->by_id[k - 1], *b = c->by_id[k];
        if (strcmp(a->id, b->id) != 0)
            continue;
        x->file = c->modules[b->module_index].file;
        snprintf(p, sizeof p, "items[%zu].id", b->index_in_module);
        cm_error(x, LECTERN_ESCHEMA, p,
                 "duplicate item id \"%s\": also used by %s items[%zu]; item ids must be unique across the course",
                 b->id, c->modules[a->module_index].file, a->index_in_module);
    }
    x->file = saved;
}

const lectern_item *lectern_course_find_item(const lectern_course *c, const char *id)
{
    if (!c || !id || !c->n_by_id)
        return NULL;
    size_t lo = 0, hi = c->n_by_id;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int d = strcmp(c->by_id[mid]->id, id);
        if (d == 0)
            return c->by_id[mid];
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

long lectern_course_item_index(const lectern_course *c, const char *id)
{
    const lectern_item *it = lectern_course_find_item(c, id);
    return it ? (long)(it - c->items) : -1;
}

static void resolve_changelog(cm_ctx *x)
{
    lectern_course *c = x->c;
    char p[CM_PATH];
    for (size_t i = 0; i < c->n_changes; i++) {
        const lectern_change *ch = &c->changes[i];
        for (size_t j = 0; j < ch->n_items; j++) {
            const char *id = ch->items[j].id;
            if (!id || lectern_course_find_item(c, id) || x->module_unread)
                continue;
            /* history may name items a later version removed, and an entry
             * may list the items its version removed: allowed, but said, in
             * case the id is a typo */
            snprintf(p, sizeof p, "changelog[%zu].items[%zu].id", i, j);
            cm_warn(x, p, "no item \"%s\" in this version of the course (fine for an item a version "
                    "removed; otherwise fix the id)", id);
        }
    }
}

/* ---- loading ----------------------------------------------------------------- */

static void load_all(cm_ctx *x)
{
    static const char *const known[] = {
        "format", "id", "version", "title", "subtitle", "description", "authors",
        "languages", "theme", "modules", "completion", "changelog", NULL};
    lectern_course *c = x->c;
    x->file = "course.json";
    lectern_json_arena *arena;
    cJSON *root = cm_read_json(x, "course.json", &arena);
    if (!root)
        return;
    parse_languages(x, root);       /* first: texts check their languages */
    cm_unknown_fields(x, root, "", known);
    if (cm_int(x, root, "", "format", 1, 1, 1000000, &c->format) > 0 && c->format > 1)
        cm_error(x, LECTERN_EUNSUPPORTED, "format",
                 "format %d is newer than this Lectern understands (1); update Lectern", c->format);
    cm_id(x, root, "", "id", 1, &c->id);
    long v[3];
    if (cm_string(x, root, "", "version", 1, &c->version) > 0 && !version_parse(c->version, v))
        cm_error(x, LECTERN_ESCHEMA, "version",
                 "\"%.40s\" is not a version; write MAJOR.MINOR.PATCH, e.g. \"1.0.0\"", c->version);
    cm_text(x, root, "", "title", 1, &c->title);
    cm_text(x, root, "", "subtitle", 0, &c->subtitle);
    cm_text(x, root, "", "description", 0, &c->description);
    parse_authors(x, root);
    parse_theme(x, root);
    c->completion.require_viewed = 1;
    c->completion.require_passed = 1;
    c->completion.video_percent = 90;
    const cJSON *comp = cm_object(x, root, "", "completion", 0, NULL);
    if (comp)
        cm_parse_completion(x, comp, "completion", &c->completion);
    parse_changelog(x, root);
    if (x->on_theme && !x->n_errors && !x->oom)
        x->on_theme(&c->theme, x->on_theme_user);
    if (!x->oom)
        parse_modules(x, root);
    lectern_json_arena_free(arena);
    if (x->oom)
        return;
    index_items(x);
    x->file = "course.json";
    resolve_changelog(x);
    if (!x->oom)
        cm_parse_plans(x);
}

static void ctx_free(cm_ctx *x)
{
    lectern_diags_free(x->diags, x->n_diags);
    cm_refs_free(x->refs, x->n_refs);
    x->diags = NULL;
    x->refs = NULL;
    x->n_diags = x->n_refs = 0;
}

static int course_check(lectern_reader *r, lectern_check_result *res,
                        lectern_course_theme_fn on_theme, void *user, lectern_error *err)
{
    memset(res, 0, sizeof *res);
    if (!r)
        return lectern_error_set(err, LECTERN_EINVAL, "lectern_course_check: no reader");
    cm_ctx x;
    memset(&x, 0, sizeof x);
    x.r = r;
    x.c = calloc(1, sizeof *x.c);
    if (!x.c)
        return lectern_error_set(err, LECTERN_ENOMEM, "out of memory loading the course");
    x.c->reader = r;
    x.on_theme = on_theme;
    x.on_theme_user = user;
    load_all(&x);
    if (x.oom)
        goto oom;
    res->diags = x.diags;
    res->n_diags = x.n_diags;
    res->n_errors = x.n_errors;
    res->n_warnings = x.n_warnings;
    res->refs = x.refs;
    res->n_refs = x.n_refs;
    if (x.n_errors) {
        lectern_course_close(x.c);
        if (err)
            *err = x.first;
        return x.first.code;
    }
    x.c->diags = cm_diags_copy(x.diags, x.n_diags, 1, &x.c->n_diags);
    x.c->refs = cm_refs_copy(x.refs, x.n_refs);
    if ((x.n_diags && !x.c->diags) || (x.n_refs && !x.c->refs)) {
        memset(res, 0, sizeof *res);
        goto oom;
    }
    x.c->n_refs = x.n_refs;
    res->course = x.c;
    return 0;
oom:
    ctx_free(&x);
    lectern_course_close(x.c);
    return lectern_error_set(err, LECTERN_ENOMEM, "out of memory loading the course");
}

int lectern_course_check(lectern_reader *r, lectern_check_result *res, lectern_error *err)
{
    return course_check(r, res, NULL, NULL, err);
}

void lectern_check_result_free(lectern_check_result *res)
{
    if (!res)
        return;
    lectern_course_close(res->course);
    lectern_diags_free(res->diags, res->n_diags);
    cm_refs_free(res->refs, res->n_refs);
    memset(res, 0, sizeof *res);
}

int lectern_course_check_load(lectern_reader *r, lectern_course **out,
                              lectern_diag **diags_out, size_t *n_out,
                              lectern_error *err)
{
    lectern_check_result res;
    int rc = lectern_course_check(r, &res, err);
    *out = res.course;
    *diags_out = res.diags;
    *n_out = res.n_diags;
    cm_refs_free(res.refs, res.n_refs);
    return rc;
}

int lectern_course_load(lectern_reader *r, lectern_course **out, lectern_error *err)
{
    return lectern_course_load_notify(r, out, NULL, NULL, err);
}

int lectern_course_load_notify(lectern_reader *r, lectern_course **out,
                               lectern_course_theme_fn on_theme, void *user,
                               lectern_error *err)
{
    lectern_check_result res;
    int rc = course_check(r, &res, on_theme, user, err);
    *out = res.course;
    size_t shown = 0;
    for (size_t i = 0; i < res.n_diags && rc == 0; i++) {
        const lectern_diag *d = &res.diags[i];
        if (++shown <= 20)
            LOG_WARN("course", "%s: %s%s%s", d->file, d->path, *d->path ? ": " : "", d->msg);
    }
    if (shown > 20)
        LOG_WARN("course", "... and %zu more warnings (run lectern-pack check)", shown - 20);
    lectern_diags_free(res.diags, res.n_diags);
    cm_refs_free(res.refs, res.n_refs);
    return rc;
}

void lectern_course_close(lectern_course *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->by_id);
    lectern_diags_free(c->diags, c->n_diags);
    cm_refs_free(c->refs, c->n_refs);
    cm_arena_free(&c->arena);
    free(c);
}

/* ---- accessors ----------------------------------------------------------------- */

const char *lectern_course_id(const lectern_course *c) { return c->id; }
const char *lectern_course_version(const lectern_course *c) { return c->version; }
int lectern_course_format(const lectern_course *c) { return c->format; }
const lectern_text *lectern_course_title(const lectern_course *c) { return &c->title; }
const lectern_text *lectern_course_subtitle(const lectern_course *c) { return &c->subtitle; }
const lectern_text *lectern_course_description(const lectern_course *c) { return &c->description; }
size_t lectern_course_n_languages(const lectern_course *c) { return c->n_languages; }

const char *lectern_course_language(const lectern_course *c, size_t i)
{
    return i < c->n_languages ? c->languages[i] : NULL;
}

const char *lectern_course_default_lang(const lectern_course *c)
{
    return c->n_languages ? c->languages[0] : "";
}

const lectern_theme *lectern_course_theme(const lectern_course *c) { return &c->theme; }
const lectern_completion *lectern_course_completion(const lectern_course *c) { return &c->completion; }
lectern_reader *lectern_course_reader(const lectern_course *c) { return c->reader; }
size_t lectern_course_n_authors(const lectern_course *c) { return c->n_authors; }

const char *lectern_course_author(const lectern_course *c, size_t i)
{
    return i < c->n_authors ? c->authors[i] : NULL;
}

size_t lectern_course_n_media_refs(const lectern_course *c) { return c->n_refs; }

const lectern_media_ref *lectern_course_media_ref(const lectern_course *c, size_t i)
{
    return i < c->n_refs ? &c->refs[i] : NULL;
}

size_t lectern_course_n_modules(const lectern_course *c) { return c->n_modules; }

const lectern_module *lectern_course_module(const lectern_course *c, size_t i)
{
    return i < c->n_modules ? &c->modules[i] : NULL;
}

const lectern_module *lectern_course_find_module(const lectern_course *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_modules; i++)
        if (strcmp(c->modules[i].id, id) == 0)
            return &c->modules[i];
    return NULL;
}

size_t lectern_course_n_items(const lectern_course *c) { return c->n_items; }

const lectern_item *lectern_course_item(const lectern_course *c, size_t i)
{
    return i < c->n_items ? &c->items[i] : NULL;
}

size_t lectern_course_n_plans(const lectern_course *c) { return c->n_plans; }

const lectern_plan *lectern_course_plan(const lectern_course *c, size_t i)
{
    return i < c->n_plans ? &c->plans[i] : NULL;
}

const lectern_plan *lectern_course_find_plan(const lectern_course *c, const char *id)
{
    for (size_t i = 0; id && i < c->n_plans; i++)
        if (c->plans[i].id && strcmp(c->plans[i].id, id) == 0)
            return &c->plans[i];
    return NULL;
}

size_t lectern_course_n_changes(const lectern_course *c) { return c->n_changes; }

const lectern_change *lectern_course_change(const lectern_course *c, size_t i)
{
    return i < c->n_changes ? &c->changes[i] : NULL;
}

size_t lectern_course_n_diags(const lectern_course *c) { return c->n_diags; }

const lectern_diag *lectern_course_diag(const lectern_course *c, size_t i)
{
    return i < c->n_diags ? &c->diags[i] : NULL;
}
