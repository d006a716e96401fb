/* libFuzzer target: the course JSON loader (course.json, modules/ID.json,
 * plans/ID.json) through a course-folder reader. The input is a small course
 * folder in the "=== NAME" format of fuzz_common.h: the text before the
 * first marker is course.json. Every model field is read back afterwards. */
#include "fuzz_common.h"

#include "lectern/course.h"
#include "lectern/reader.h"

static char root[700];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_quiet();
    snprintf(root, sizeof root, "%s/course", fuzz_scratch_dir());
    mkdir(root, 0700);
    return 0;
}

static size_t text_len(const lectern_text *t)
{
    return strlen(lectern_text_get(t, "fr", "en")) + (size_t)lectern_text_present(t);
}

/* Touches every string of the model so ASan sees any dangling pointer. */
static size_t walk(const lectern_course *c)
{
    size_t sum = strlen(lectern_course_id(c)) + strlen(lectern_course_version(c));
    sum += text_len(lectern_course_title(c));
    for (size_t i = 0; i < lectern_course_n_languages(c); i++)
        sum += strlen(lectern_course_language(c, i));
    for (size_t i = 0; i < lectern_course_n_modules(c); i++) {
        const lectern_module *m = lectern_course_module(c, i);
        sum += strlen(m->id) + text_len(&m->title) + m->n_items;
        if (lectern_course_find_module(c, m->id) != m)
            abort();
    }
    for (size_t i = 0; i < lectern_course_n_items(c); i++) {
        const lectern_item *it = lectern_course_item(c, i);
        sum += text_len(&it->title) + text_len(&it->notes) + text_len(&it->text);
        for (size_t b = 0; b < it->n_bullets; b++)
            sum += text_len(&it->bullets[b].text) + (size_t)it->bullets[b].level;
        for (size_t b = 0; b < it->left.n_bullets; b++)
            sum += text_len(&it->left.bullets[b].text);
        for (size_t b = 0; b < it->right.n_bullets; b++)
            sum += text_len(&it->right.bullets[b].text);
        for (size_t s = 0; s < it->n_subtitles; s++)
            sum += strlen(it->subtitles[s].lang) + strlen(it->subtitles[s].path);
        if (it->exercise_json)
            sum += strlen(it->exercise_json);
        if (it->image)
            sum += strlen(it->image);
        if (it->id && lectern_course_find_item(c, it->id) == NULL)
            abort();    /* every item id must be found again */
    }
    for (size_t i = 0; i < lectern_course_n_plans(c); i++) {
        const lectern_plan *p = lectern_course_plan(c, i);
        for (size_t s = 0; s < p->n_segments; s++) {
            const lectern_segment *seg = &p->segments[s];
            sum += strlen(seg->id) + text_len(&seg->title);
            for (size_t k = 0; k < seg->n_items; k++)
                if (!lectern_course_find_item(c, seg->items[k]))
                    abort();    /* the loader promised every segment item resolves */
        }
    }
    for (size_t i = 0; i < lectern_course_n_changes(c); i++)
        sum += strlen(lectern_course_change(c, i)->version);
    for (size_t i = 0; i < lectern_course_n_diags(c); i++)
        sum += strlen(lectern_course_diag(c, i)->msg);
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    fuzz_rmtree(root, 1);
    fuzz_write_files(root, data, size, "course.json", NULL);
    lectern_reader *r = NULL;
    lectern_error err;
    if (lectern_reader_open(root, 0, &r, &err) < 0)
        return 0;
    lectern_check_result res;
    int rc = lectern_course_check(r, &res, &err);
    if (rc < 0)
        fuzz_debug("course", err.msg);
    if (rc == 0 && !res.course)
        abort();    /* success must give a model */
    if (rc < 0 && res.course)
        abort();
    for (size_t i = 0; i < res.n_diags; i++)
        if (!res.diags[i].msg || !res.diags[i].file || !res.diags[i].path)
            abort();
    for (size_t i = 0; i < res.n_refs; i++)
        if (!res.refs[i].target)
            abort();
    if (res.course)
        fuzz_sink += walk(res.course);
    lectern_check_result_free(&res);
    lectern_reader_close(r);
    return 0;
}
