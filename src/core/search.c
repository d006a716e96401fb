/* Course search: an index of every human text of a loaded course (one entry
 * per string and language, folded by search_norm.c), and queries over it
 * that rank title hits first and return snippets with the match offsets.
 * Exercise texts come from the item's exercise JSON; answer keys (feedback,
 * accepted answers) are deliberately not indexed. Lesson plans and subtitle
 * cues point at items too (a segment's first item, the video). */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/search.h"
#include "lectern/subtitle.h"

#define DEFAULT_MAX_HITS 200
#define SNIPPET_BEFORE 48       /* bytes of context before the match */
#define SNIPPET_AFTER 96        /* ... and after it */

typedef struct entry {
    size_t item;
    lectern_search_field field;
    size_t sub;
    const lectern_text *text;   /* the text the string belongs to (language filter) */
    const char *lang;
    const char *s;              /* the original string */
    const char *key;            /* what lectern_text_get(text, lang) gives when this entry
                                   is the one shown: s, or a cue's track path */
    int64_t time_ms;            /* cue start, else -1 */
    const lectern_plan *plan;
    const lectern_segment *segment;
    char *norm;
    size_t *map;                /* norm byte -> s byte */
} entry;

struct lectern_search_index {
    const lectern_course *c;
    entry *v;
    size_t n, cap;
    lectern_text **owned;       /* exercise texts, built from JSON */
    size_t n_owned, cap_owned;
    size_t subs[LECTERN_SEARCH_FIELD_COUNT];  /* per-field counters of the current item */
    int oom;
};

static const char *const field_names[LECTERN_SEARCH_FIELD_COUNT] = {
    "title", "module_title", "subtitle", "text", "bullet", "heading", "caption", "alt",
    "prompt", "option", "notes", "facilitator_notes", "description", "subtitle_cue",
    "plan", "plan_notes",
};

const char *lectern_search_field_name(lectern_search_field f)
{
    return (unsigned)f < LECTERN_SEARCH_FIELD_COUNT ? field_names[f] : NULL;
}

int lectern_search_field_private(lectern_search_field f)
{
    return f == LECTERN_SEARCH_FACILITATOR || f == LECTERN_SEARCH_PLAN ||
           f == LECTERN_SEARCH_PLAN_NOTES;
}

static void add_text(lectern_search_index *ix, size_t item, lectern_search_field field,
                     const lectern_text *t)
{
    if (!t || t->n == 0 || ix->oom)
        return;
    size_t sub = ix->subs[field]++;
    for (size_t k = 0; k < t->n; k++) {
        if (!t->v[k].s || !*t->v[k].s)
            continue;
        if (ix->n == ix->cap) {
            size_t cap = ix->cap ? ix->cap * 2 : 256;
            entry *nv = realloc(ix->v, cap * sizeof *nv);
            if (!nv) {
                ix->oom = 1;
                return;
            }
            ix->v = nv;
            ix->cap = cap;
        }
        entry *e = &ix->v[ix->n];
        e->item = item;
        e->field = field;
        e->sub = sub;
        e->text = t;
        e->lang = t->v[k].lang ? t->v[k].lang : "";
        e->s = t->v[k].s;
        e->key = e->s;
        e->time_ms = -1;
        e->plan = NULL;
        e->segment = NULL;
        e->map = NULL;
        e->norm = lectern_search_normalize(e->s, &e->map);
        if (!e->norm) {
            ix->oom = 1;
            return;
        }
        ix->n++;
    }
}

static void free_text(lectern_text *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].lang);
        free(t->v[i].s);
    }
    free(t->v);
    free(t);
}

/* Hands t to ix (freed with the index); NULL (t freed) when out of memory. */
static const lectern_text *keep_text(lectern_search_index *ix, lectern_text *t)
{
    if (ix->n_owned == ix->cap_owned) {
        size_t cap = ix->cap_owned ? ix->cap_owned * 2 : 64;
        lectern_text **no = realloc(ix->owned, cap * sizeof *no);
        if (!no) {
            free_text(t);
            ix->oom = 1;
            return NULL;
        }
        ix->owned = no;
        ix->cap_owned = cap;
    }
    ix->owned[ix->n_owned++] = t;
    return t;
}

/* A text of one string, owned by ix. */
static const lectern_text *own_string(lectern_search_index *ix, const char *lang, const char *str)
{
    lectern_text *t = calloc(1, sizeof *t);
    if (!t || !(t->v = calloc(1, sizeof *t->v)) || !(t->v[0].lang = strdup(lang)) ||
        !(t->v[0].s = strdup(str))) {
        if (t)
            t->n = 1;
        free_text(t);
        ix->oom = 1;
        return NULL;
    }
    t->n = 1;
    return keep_text(ix, t);
}

/* A text from exercise JSON (a string or a language map), owned by ix. */
static const lectern_text *own_text(lectern_search_index *ix, const cJSON *j)
{
    if (!j || ix->oom || (!cJSON_IsString(j) && !cJSON_IsObject(j)))
        return NULL;
    lectern_text *t = calloc(1, sizeof *t);
    size_t n = cJSON_IsString(j) ? 1 : (size_t)cJSON_GetArraySize(j);
    if (!t || (n && !(t->v = calloc(n, sizeof *t->v))))
        goto oom;
    if (cJSON_IsString(j)) {
        t->v[0].lang = strdup("");
        t->v[0].s = strdup(j->valuestring);
        t->n = 1;
        if (!t->v[0].lang || !t->v[0].s)
            goto oom;
    } else {
        const cJSON *e;
        cJSON_ArrayForEach(e, j) {
            if (!cJSON_IsString(e) || !e->string)
                continue;
            lectern_text_entry *te = &t->v[t->n++];
            te->lang = strdup(e->string);
            te->s = strdup(e->valuestring);
            if (!te->lang || !te->s)
                goto oom;
        }
    }
    return keep_text(ix, t);
oom:
    free_text(t);
    ix->oom = 1;
    return NULL;
}

static void add_json_text(lectern_search_index *ix, size_t item, lectern_search_field f,
                          const cJSON *j)
{
    const lectern_text *t = own_text(ix, j);
    if (t)
        add_text(ix, item, f, t);
}

/* Prompts and options of one exercise object (sets recurse). */
static void add_exercise(lectern_search_index *ix, size_t item, const cJSON *ex, int depth)
{
    if (!cJSON_IsObject(ex) || depth > 4)
        return;
    add_json_text(ix, item, LECTERN_SEARCH_PROMPT, cJSON_GetObjectItemCaseSensitive(ex, "prompt"));
    add_json_text(ix, item, LECTERN_SEARCH_PROMPT, cJSON_GetObjectItemCaseSensitive(ex, "text"));
    add_json_text(ix, item, LECTERN_SEARCH_FACILITATOR,
                  cJSON_GetObjectItemCaseSensitive(ex, "discussion"));
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ex, "options"))
        add_json_text(ix, item, LECTERN_SEARCH_OPTION, cJSON_GetObjectItemCaseSensitive(e, "text"));
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ex, "pairs")) {
        add_json_text(ix, item, LECTERN_SEARCH_OPTION, cJSON_GetObjectItemCaseSensitive(e, "left"));
        add_json_text(ix, item, LECTERN_SEARCH_OPTION, cJSON_GetObjectItemCaseSensitive(e, "right"));
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ex, "sequence")) {
        const cJSON *txt = cJSON_IsObject(e) ? cJSON_GetObjectItemCaseSensitive(e, "text") : NULL;
        /* an entry is a text, or { "id", "text" } */
        add_json_text(ix, item, LECTERN_SEARCH_OPTION, txt ? txt : e);
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ex, "steps")) {
        add_json_text(ix, item, LECTERN_SEARCH_PROMPT, cJSON_GetObjectItemCaseSensitive(e, "text"));
        const cJSON *ch;
        cJSON_ArrayForEach(ch, cJSON_GetObjectItemCaseSensitive(e, "choices"))
            add_json_text(ix, item, LECTERN_SEARCH_OPTION, cJSON_GetObjectItemCaseSensitive(ch, "text"));
    }
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(ex, "questions"))
        add_exercise(ix, item, e, depth + 1);
}

static void add_bullets(lectern_search_index *ix, size_t item, const lectern_bullet *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        add_text(ix, item, LECTERN_SEARCH_BULLET, &b[i].text);
}

static void add_column(lectern_search_index *ix, size_t item, const lectern_column *col)
{
    add_text(ix, item, LECTERN_SEARCH_HEADING, &col->heading);
    add_text(ix, item, LECTERN_SEARCH_TEXT, &col->text);
    add_bullets(ix, item, col->bullets, col->n_bullets);
}

/* The cues of every subtitle track of video item i. Each cue is an entry of
 * its own; its language filter is the map language -> track path, so a
 * query in one language finds the cues of the track the player would show. */
static void add_cues(lectern_search_index *ix, size_t i, const lectern_item *it)
{
    if (!it->n_subtitles || !lectern_course_reader(ix->c))
        return;
    lectern_text *tracks = calloc(1, sizeof *tracks);
    if (!tracks || !(tracks->v = calloc(it->n_subtitles, sizeof *tracks->v))) {
        free(tracks);
        ix->oom = 1;
        return;
    }
    for (size_t k = 0; k < it->n_subtitles; k++) {
        lectern_text_entry *te = &tracks->v[tracks->n++];
        te->lang = strdup(it->subtitles[k].lang);
        te->s = strdup(it->subtitles[k].path);
        if (!te->lang || !te->s) {
            free_text(tracks);
            ix->oom = 1;
            return;
        }
    }
    if (!keep_text(ix, tracks))
        return;
    for (size_t k = 0; k < tracks->n && !ix->oom; k++) {
        lectern_subtitles *subs = NULL;
        lectern_error e = {0};
        if (lectern_subtitles_load(lectern_course_reader(ix->c), tracks->v[k].s, &subs, &e) < 0) {
            if (e.code == LECTERN_ENOMEM)
                ix->oom = 1;
            continue;
        }
        ix->subs[LECTERN_SEARCH_CUE] = 0;     /* sub = the cue's number in its track */
        for (size_t q = 0; q < lectern_subtitles_count(subs) && !ix->oom; q++) {
            const lectern_cue *cue = lectern_subtitles_cue(subs, q);
            const lectern_text *t = own_string(ix, tracks->v[k].lang, cue->text);
            size_t before = ix->n;
            add_text(ix, i, LECTERN_SEARCH_CUE, t);
            if (ix->n > before) {
                entry *en = &ix->v[ix->n - 1];
                en->text = tracks;
                en->key = tracks->v[k].s;
                en->time_ms = cue->start_ms;
            }
        }
        lectern_subtitles_free(subs);
    }
}

/* The item a segment's texts lead to: its first item, else the first of the
 * next segment that has items, else of the previous one; -1: none. */
static long segment_item(const lectern_course *c, const lectern_plan *p, size_t s)
{
    for (size_t k = s; k < p->n_segments; k++)
        for (size_t j = 0; j < p->segments[k].n_items; j++) {
            long i = lectern_course_item_index(c, p->segments[k].items[j]);
            if (i >= 0)
                return i;
        }
    for (size_t k = s; k-- > 0;)
        for (size_t j = p->segments[k].n_items; j-- > 0;) {
            long i = lectern_course_item_index(c, p->segments[k].items[j]);
            if (i >= 0)
                return i;
        }
    return -1;
}

static void add_plan_text(lectern_search_index *ix, long item, lectern_search_field f,
                          const lectern_text *t, const lectern_plan *p, const lectern_segment *sg)
{
    size_t before = ix->n;
    add_text(ix, (size_t)item, f, t);
    for (size_t k = before; k < ix->n; k++) {
        ix->v[k].plan = p;
        ix->v[k].segment = sg;
    }
}

static void add_plans(lectern_search_index *ix)
{
    for (size_t pi = 0; pi < lectern_course_n_plans(ix->c) && !ix->oom; pi++) {
        const lectern_plan *p = lectern_course_plan(ix->c, pi);
        long first = segment_item(ix->c, p, 0);
        if (first < 0)
            continue;     /* a plan without items has nowhere to go */
        memset(ix->subs, 0, sizeof ix->subs);
        add_plan_text(ix, first, LECTERN_SEARCH_PLAN, &p->title, p, NULL);
        for (size_t s = 0; s < p->n_segments; s++) {
            const lectern_segment *sg = &p->segments[s];
            long it = segment_item(ix->c, p, s);
            add_plan_text(ix, it, LECTERN_SEARCH_PLAN, &sg->title, p, sg);
            add_plan_text(ix, it, LECTERN_SEARCH_PLAN_NOTES, &sg->notes, p, sg);
            add_plan_text(ix, it, LECTERN_SEARCH_PLAN_NOTES, &sg->instructions, p, sg);
            add_plan_text(ix, it, LECTERN_SEARCH_PLAN_NOTES, &sg->materials, p, sg);
        }
    }
}

int lectern_search_index_build(const lectern_course *c, lectern_search_index **out,
                               lectern_error *err)
{
    if (!out || !c)
        return lectern_error_set(err, LECTERN_EINVAL, "search: no course to index");
    *out = NULL;
    lectern_search_index *ix = calloc(1, sizeof *ix);
    if (!ix)
        return lectern_error_set(err, LECTERN_ENOMEM, "search: out of memory");
    ix->c = c;
    size_t n_mod = lectern_course_n_modules(c);
    for (size_t m = 0; m < n_mod; m++) {
        const lectern_module *mod = lectern_course_module(c, m);
        if (mod->n_items == 0)
            continue;
        memset(ix->subs, 0, sizeof ix->subs);
        add_text(ix, mod->first_item, LECTERN_SEARCH_MODULE_TITLE, &mod->title);
        add_text(ix, mod->first_item, LECTERN_SEARCH_DESCRIPTION, &mod->description);
    }
    size_t n = lectern_course_n_items(c);
    for (size_t i = 0; i < n && !ix->oom; i++) {
        const lectern_item *it = lectern_course_item(c, i);
        memset(ix->subs, 0, sizeof ix->subs);
        add_text(ix, i, LECTERN_SEARCH_TITLE, &it->title);
        add_text(ix, i, LECTERN_SEARCH_SUBTITLE, &it->subtitle);
        add_text(ix, i, LECTERN_SEARCH_TEXT, &it->text);
        add_text(ix, i, LECTERN_SEARCH_TEXT, &it->attribution);
        add_bullets(ix, i, it->bullets, it->n_bullets);
        add_column(ix, i, &it->left);
        add_column(ix, i, &it->right);
        add_text(ix, i, LECTERN_SEARCH_CAPTION, &it->caption);
        add_text(ix, i, LECTERN_SEARCH_ALT, &it->alt);
        add_text(ix, i, LECTERN_SEARCH_NOTES, &it->notes);
        add_text(ix, i, LECTERN_SEARCH_FACILITATOR, &it->facilitator_notes);
        if (it->exercise_json) {
            cJSON *ex = cJSON_Parse(it->exercise_json);
            add_exercise(ix, i, ex, 0);
            cJSON_Delete(ex);
        }
        add_cues(ix, i, it);
    }
    add_plans(ix);
    if (ix->oom) {
        lectern_search_index_free(ix);
        return lectern_error_set(err, LECTERN_ENOMEM, "search: out of memory building the index");
    }
    *out = ix;
    return 0;
}

void lectern_search_index_free(lectern_search_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n; i++) {
        free(ix->v[i].norm);
        free(ix->v[i].map);
    }
    free(ix->v);
    for (size_t i = 0; i < ix->n_owned; i++)
        free_text(ix->owned[i]);
    free(ix->owned);
    free(ix);
}

size_t lectern_search_index_size(const lectern_search_index *ix)
{
    return ix ? ix->n : 0;
}

/* A candidate before snippets are made. */
typedef struct cand {
    const entry *e;
    size_t pos, len;            /* match in e->norm */
    int score;
} cand;

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

/* Score of a match at pos..pos+len in e->norm. */
static int score_of(const entry *e, size_t pos, size_t len, int phrase)
{
    const unsigned char *s = (const unsigned char *)e->norm;
    int sc = (LECTERN_SEARCH_FIELD_COUNT - (int)e->field) * 10;
    if (e->field == LECTERN_SEARCH_TITLE || e->field == LECTERN_SEARCH_MODULE_TITLE)
        sc += 10000;
    if (phrase)
        sc += 1000;
    if (pos == 0 || !word_byte(s[pos - 1]))
        sc += 300;
    if (!word_byte(s[pos + len]))
        sc += 100;
    return sc;
}

static int cmp_cand(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->e->item != y->e->item)
        return x->e->item < y->e->item ? -1 : 1;
    if (x->e->field != y->e->field)
        return x->e->field < y->e->field ? -1 : 1;
    if (x->e->sub != y->e->sub)
        return x->e->sub < y->e->sub ? -1 : 1;
    return x->e < y->e ? -1 : x->e > y->e;
}

/* One-line excerpt of e->s around s[from, to). */
static char *make_snippet(const entry *e, size_t from, size_t to, size_t *off, size_t *len)
{
    const char *s = e->s;
    size_t n = strlen(s);
    size_t a = from > SNIPPET_BEFORE ? from - SNIPPET_BEFORE : 0;
    size_t b = to + SNIPPET_AFTER < n ? to + SNIPPET_AFTER : n;
    /* whole words at the cuts, and whole UTF-8 characters */
    if (a > 0) {
        size_t k = a;
        while (k < from && s[k - 1] != ' ' && s[k - 1] != '\n')
            k++;
        a = k < from ? k : a;
        while (a < from && ((unsigned char)s[a] & 0xC0) == 0x80)
            a++;
    }
    if (b < n) {
        size_t k = b;
        while (k > to && s[k] != ' ' && s[k] != '\n')
            k--;
        b = k > to ? k : b;
        while (b > to && ((unsigned char)s[b] & 0xC0) == 0x80)
            b--;
    }
    int pre = a > 0, post = b < n;
    char *out = malloc(b - a + 7);
    if (!out)
        return NULL;
    size_t o = 0;
    if (pre) {
        memcpy(out, "\xE2\x80\xA6", 3);
        o = 3;
    }
    for (size_t i = a; i < b; i++) {
        unsigned char ch = (unsigned char)s[i];
        out[o++] = ch < 0x20 ? ' ' : (char)ch;
    }
    if (post) {
        memcpy(out + o, "\xE2\x80\xA6", 3);
        o += 3;
    }
    out[o] = '\0';
    *off = (pre ? 3 : 0) + (from - a);
    *len = to - from;
    return out;
}

void lectern_search_results_free(lectern_search_results *res)
{
    if (!res)
        return;
    for (size_t i = 0; i < res->n; i++)
        free(res->hits[i].snippet);
    free(res->hits);
    free(res);
}

/* Splits the normalised query at spaces, in place; returns the count. */
static size_t split_words(char *q, char **words, size_t max)
{
    size_t n = 0;
    char *save = NULL;
    for (char *p = strtok_r(q, " ", &save); p && n < max; p = strtok_r(NULL, " ", &save))
        words[n++] = p;
    return n;
}

int lectern_search_query(const lectern_search_index *ix, const char *query,
                         const lectern_search_opts *opts, lectern_search_results **out,
                         lectern_error *err)
{
    if (!ix || !query || !out)
        return lectern_error_set(err, LECTERN_EINVAL, "search: missing index, query or result");
    *out = NULL;
    lectern_search_opts o = opts ? *opts : (lectern_search_opts){0};
    size_t max = o.max_hits ? o.max_hits : DEFAULT_MAX_HITS;
    const char *fallback = lectern_course_default_lang(ix->c);
    char *phrase = lectern_search_normalize(query, NULL);
    char *words_buf = phrase ? strdup(phrase) : NULL;
    lectern_search_results *res = calloc(1, sizeof *res);
    cand *cands = NULL;
    unsigned char *seen = NULL;
    size_t n_c = 0;
    int rc = LECTERN_ENOMEM;
    if (!phrase || !words_buf || !res)
        goto out;
    /* trim: the normaliser collapses spaces but keeps one at either end */
    char *ph = phrase;
    while (*ph == ' ')
        ph++;
    size_t phl = strlen(ph);
    while (phl && ph[phl - 1] == ' ')
        ph[--phl] = '\0';
    char *words[32];
    size_t n_words = split_words(words_buf, words, 32);
    if (n_words == 0) {
        rc = 0;
        goto out;
    }
    cands = malloc((ix->n ? ix->n : 1) * sizeof *cands);
    if (!cands)
        goto out;
    for (size_t i = 0; i < ix->n; i++) {
        const entry *e = &ix->v[i];
        if (o.audience && lectern_search_field_private(e->field))
            continue;
        if (o.lang && lectern_text_get(e->text, o.lang, fallback) != e->key)
            continue;
        const char *hit = strstr(e->norm, ph);
        size_t len = phl;
        int is_phrase = hit != NULL;
        if (!hit) {
            size_t w;
            for (w = 0; w < n_words; w++)
                if (!strstr(e->norm, words[w]))
                    break;
            if (w < n_words)
                continue;
            hit = strstr(e->norm, words[0]);
            len = strlen(words[0]);
        }
        /* prefer an occurrence at a word start */
        for (const char *h = hit; h; h = strstr(h + 1, is_phrase ? ph : words[0]))
            if (h == e->norm || !word_byte((unsigned char)h[-1])) {
                hit = h;
                break;
            }
        size_t pos = (size_t)(hit - e->norm);
        cands[n_c++] = (cand){e, pos, len, score_of(e, pos, len, is_phrase)};
    }
    qsort(cands, n_c, sizeof *cands, cmp_cand);
    if (!o.all_fields && n_c) {
        size_t n_items = lectern_course_n_items(ix->c);
        seen = calloc(n_items ? n_items : 1, 1);
        if (!seen)
            goto out;
        size_t k = 0;
        for (size_t i = 0; i < n_c; i++) {
            size_t it = cands[i].e->item;
            if (it < n_items && seen[it])
                continue;
            if (it < n_items)
                seen[it] = 1;
            cands[k++] = cands[i];
        }
        n_c = k;
    }
    res->total = n_c;
    size_t keep = n_c < max ? n_c : max;
    res->hits = calloc(keep ? keep : 1, sizeof *res->hits);
    if (!res->hits)
        goto out;
    for (size_t i = 0; i < keep; i++) {
        const cand *cd = &cands[i];
        lectern_search_hit *h = &res->hits[i];
        size_t from = cd->e->map[cd->pos], to = cd->e->map[cd->pos + cd->len];
        /* the match ends where the next folded byte starts: not at trailing spaces */
        while (to > from && (cd->e->s[to - 1] == ' ' || cd->e->s[to - 1] == '\n'))
            to--;
        h->snippet = make_snippet(cd->e, from, to, &h->match_off, &h->match_len);
        if (!h->snippet)
            goto out;
        res->n++;
        h->item = cd->e->item;
        h->field = cd->e->field;
        h->is_private = lectern_search_field_private(cd->e->field);
        h->lang = cd->e->lang;
        h->sub = cd->e->sub;
        h->score = cd->score;
        h->time_ms = cd->e->time_ms;
        h->plan = cd->e->plan;
        h->segment = cd->e->segment;
    }
    rc = 0;
out:
    free(phrase);
    free(words_buf);
    free(cands);
    free(seen);
    if (rc < 0) {
        lectern_search_results_free(res);
        return lectern_error_set(err, rc, "search: out of memory");
    }
    *out = res;
    return 0;
}
