/* Course model on real fixture folders: tests/data/courses/minimal and
 * tests/data/courses/rich (every layout, video, exercise, two plans,
 * changelog, three languages). Asserts what the player and trainer mode read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lectern/course.h"
#include "lectern/reader.h"

typedef struct fixture {
    lectern_reader *r;
    lectern_course *c;
} fixture;

static int open_course(void **state, const char *name)
{
    const char *root = getenv("LECTERN_SOURCE_ROOT");
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/data/courses/%s", root ? root : ".", name);
    fixture *f = calloc(1, sizeof *f);
    lectern_error e = {0};
    if (lectern_reader_open(path, 0, &f->r, &e) < 0) {
        fprintf(stderr, "open %s: %s\n", path, e.msg);
        free(f);
        return -1;
    }
    if (lectern_course_load(f->r, &f->c, &e) < 0) {
        fprintf(stderr, "load %s: %s\n", path, e.msg);
        lectern_reader_close(f->r);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int setup_minimal(void **state) { return open_course(state, "minimal"); }
static int setup_rich(void **state) { return open_course(state, "rich"); }

static int teardown(void **state)
{
    fixture *f = *state;
    lectern_course_close(f->c);
    lectern_reader_close(f->r);
    free(f);
    return 0;
}

static void minimal_course(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    assert_string_equal(lectern_course_id(c), "org.lectern.test.minimal");
    assert_string_equal(lectern_course_version(c), "1.0.0");
    assert_int_equal(lectern_course_format(c), 1);
    assert_string_equal(lectern_course_default_lang(c), "en");
    assert_string_equal(lectern_text_get(lectern_course_title(c), "fr", "en"), "Cours de test minimal");
    assert_string_equal(lectern_text_get(lectern_course_title(c), "de", "en"), "Minimal test course");
    assert_int_equal(lectern_course_n_modules(c), 1);
    assert_int_equal(lectern_course_n_items(c), 3);
    const lectern_item *b = lectern_course_find_item(c, "intro-bullets");
    assert_non_null(b);
    assert_int_equal(b->layout, LECTERN_LAYOUT_BULLETS);
    assert_int_equal(b->n_bullets, 5);
    assert_int_equal(b->bullets[2].level, 2);
    assert_string_equal(lectern_text_get(&b->bullets[2].text, "en", "en"), "threat");
    assert_int_equal(lectern_course_n_plans(c), 1);
    assert_int_equal(lectern_course_plan(c, 0)->segments[0].n_items, 3);
    assert_int_equal(lectern_course_n_diags(c), 0);
}

static void rich_metadata(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    assert_string_equal(lectern_course_id(c), "org.lectern.test.rich");
    assert_int_equal(lectern_course_n_languages(c), 3);
    assert_string_equal(lectern_course_language(c, 2), "ar");
    assert_null(lectern_course_language(c, 3));
    assert_string_equal(lectern_text_get(lectern_course_title(c), "ar", "en"), "دورة اختبار كاملة");
    /* pt-BR falls back to the default language */
    assert_string_equal(lectern_text_get(lectern_course_title(c), "pt-BR", "en"), "Rich test course");
    /* a plain string answers every language */
    assert_string_equal(lectern_text_get(lectern_course_subtitle(c), "fr", "en"),
                        "Every layout, a video, an exercise, two plans");
    /* fr-CA finds fr by its base language */
    assert_string_equal(lectern_text_get(lectern_course_description(c), "fr-CA", "en"),
                        "Utilisé par les tests du chargeur.");
    assert_int_equal(lectern_course_n_authors(c), 2);
    assert_string_equal(lectern_course_author(c, 1), "Second Author");

    const lectern_theme *t = lectern_course_theme(c);
    assert_int_equal(t->background, 0x000000);
    assert_int_equal(t->accent, 0xff0000);
    assert_int_equal(t->text, 0xf5f5f5);          /* default */
    assert_string_equal(t->body_font, "Noto Sans");
    assert_string_equal(t->heading_font, "DejaVu Sans:bold");
    assert_int_equal(t->title_size, 80);
    assert_int_equal(t->body_size, 40);
    assert_int_equal(t->min_size, 20);

    const lectern_completion *cp = lectern_course_completion(c);
    assert_int_equal(cp->set, 1);
    assert_int_equal(cp->require_viewed, 1);
    assert_int_equal(cp->require_passed, 0);
    assert_int_equal(cp->video_percent, 80);
    assert_int_equal(cp->mastery_correct, 2);
    assert_int_equal(cp->mastery_of, 3);
    /* module rule overrides one field and inherits the rest */
    const lectern_module *m1 = lectern_course_find_module(c, "m1-basics");
    assert_non_null(m1);
    assert_int_equal(m1->completion.set, 1);
    assert_int_equal(m1->completion.video_percent, 50);
    assert_int_equal(m1->completion.require_passed, 0);
    const lectern_module *m2 = lectern_course_module(c, 1);
    assert_string_equal(m2->id, "m2-media");
    assert_string_equal(m2->file, "modules/m2-media.json");
    assert_int_equal(m2->completion.set, 0);
    assert_int_equal(m2->completion.video_percent, 80);
    assert_int_equal(m1->first_item, 0);
    assert_int_equal(m1->n_items, 7);
    assert_int_equal(m2->first_item, 7);
    assert_int_equal(m2->n_items, 2);
    assert_null(lectern_course_find_module(c, "nope"));
}

static void rich_layouts(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    assert_int_equal(lectern_course_n_items(c), 9);
    const lectern_item *it = lectern_course_item(c, 0);
    assert_string_equal(it->id, "m1-title");
    assert_int_equal(it->kind, LECTERN_ITEM_SLIDE);
    assert_int_equal(it->layout, LECTERN_LAYOUT_TITLE);
    assert_string_equal(lectern_text_get(&it->title, "ar", "en"), "مرحبا");
    assert_string_equal(lectern_text_get(&it->subtitle, "en", "en"), "Subtitle");
    assert_string_equal(lectern_text_get(&it->notes, "en", "en"), "Speaker note");
    assert_string_equal(lectern_text_get(&it->facilitator_notes, "en", "en"), "Facilitator only");

    it = lectern_course_find_item(c, "m1-section");
    assert_int_equal(it->layout, LECTERN_LAYOUT_SECTION);
    assert_int_equal(it->index_in_module, 1);

    /* bullets: three levels flattened in reading order */
    it = lectern_course_find_item(c, "m1-bullets");
    assert_int_equal(it->layout, LECTERN_LAYOUT_BULLETS);
    assert_string_equal(lectern_text_get(&it->text, "en", "en"), "Lead-in");
    static const int levels[] = {1, 1, 2, 2, 3, 3, 1};
    static const char *const texts[] = {"The act", "The means", "threat", "tromperie",
                                        "false job offers", "false marriage", "The purpose"};
    assert_int_equal(it->n_bullets, 7);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(it->bullets[i].level, levels[i]);
        assert_string_equal(lectern_text_get(&it->bullets[i].text, "fr", "en"), texts[i]);
    }

    it = lectern_course_find_item(c, "m1-image");
    assert_int_equal(it->layout, LECTERN_LAYOUT_IMAGE);
    assert_string_equal(it->image, "media/photo.png");
    assert_string_equal(lectern_text_get(&it->alt, "fr", "en"), "Deux formes");
    assert_int_equal(it->image_fill, 1);
    assert_string_equal(lectern_text_get(&it->caption, "en", "en"), "A caption");
    assert_false(lectern_text_present(&it->title));

    it = lectern_course_find_item(c, "m1-image-text");
    assert_int_equal(it->layout, LECTERN_LAYOUT_IMAGE_TEXT);
    assert_int_equal(it->image_right, 1);
    assert_int_equal(it->n_bullets, 2);
    assert_string_equal(it->image, "media/diagram.svg");

    it = lectern_course_find_item(c, "m1-columns");
    assert_int_equal(it->layout, LECTERN_LAYOUT_TWO_COLUMNS);
    assert_string_equal(lectern_text_get(&it->left.heading, "en", "en"), "Trafficking");
    assert_string_equal(lectern_text_get(&it->left.text, "en", "en"), "Exploitation");
    assert_int_equal(it->left.n_bullets, 1);
    assert_string_equal(lectern_text_get(&it->right.heading, "en", "en"), "Smuggling");
    assert_false(lectern_text_present(&it->right.text));
    assert_int_equal(it->right.n_bullets, 3);
    assert_int_equal(it->right.bullets[2].level, 2);

    it = lectern_course_find_item(c, "m1-quote");
    assert_int_equal(it->layout, LECTERN_LAYOUT_QUOTE);
    assert_string_equal(lectern_text_get(&it->attribution, "en", "en"), "UDHR, art. 3");
    assert_string_equal(lectern_layout_name(it->layout), "quote");
    assert_null(lectern_layout_name(LECTERN_LAYOUT_COUNT));
}

static void rich_video_exercise(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    const lectern_item *v = lectern_course_find_item(c, "m2-video");
    assert_non_null(v);
    assert_int_equal(v->kind, LECTERN_ITEM_VIDEO);
    assert_int_equal(v->module_index, 1);
    assert_string_equal(v->video, "media/clip.webm");
    assert_string_equal(v->poster, "media/poster.jpg");
    assert_true(v->poster_time > 0.49 && v->poster_time < 0.51);
    assert_int_equal(v->autoplay, 1);
    assert_int_equal(v->n_subtitles, 2);
    assert_string_equal(v->subtitles[1].lang, "fr");
    assert_string_equal(v->subtitles[1].path, "media/clip.fr.srt");

    const lectern_item *q = lectern_course_find_item(c, "m2-quiz");
    assert_int_equal(q->kind, LECTERN_ITEM_EXERCISE);
    assert_string_equal(q->exercise_kind, "single_choice");
    assert_non_null(strstr(q->exercise_json, "\"prompt\":\"Which is an element?\""));
    assert_null(strchr(q->exercise_json, '\n'));
    assert_int_equal(lectern_course_item_index(c, "m2-quiz"), 8);
    assert_int_equal(lectern_course_item_index(c, "ghost"), -1);
    assert_null(lectern_course_find_item(c, "ghost"));
    assert_null(lectern_course_item(c, 9));

    /* media references, in file order, with their JSON paths */
    size_t n = lectern_course_n_media_refs(c);
    assert_int_equal(n, 6);
    const lectern_media_ref *r = lectern_course_media_ref(c, 0);
    assert_string_equal(r->file, "modules/m1-basics.json");
    assert_string_equal(r->path, "items[3].image");
    assert_string_equal(r->target, "media/photo.png");
    assert_int_equal(r->want, LECTERN_MEDIA_CLASS_IMAGE);
    r = lectern_course_media_ref(c, 5);
    assert_string_equal(r->path, "items[0].subtitles.fr");
    assert_int_equal(r->want, LECTERN_MEDIA_CLASS_SUBTITLE);
}

static void rich_plans(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    assert_int_equal(lectern_course_n_plans(c), 2);
    /* plans come in entry-name order */
    assert_string_equal(lectern_course_plan(c, 0)->id, "day");
    const lectern_plan *p = lectern_course_find_plan(c, "talk-1h");
    assert_non_null(p);
    assert_string_equal(p->file, "plans/talk-1h.json");
    assert_string_equal(lectern_text_get(&p->title, "fr", "en"), "Exposé d'une heure");
    assert_string_equal(lectern_text_get(&p->audience, "en", "en"), "Front-line staff");
    assert_true(p->total_minutes == 60);
    assert_int_equal(p->n_segments, 5);
    const lectern_segment *s = &p->segments[0];
    assert_string_equal(s->id, "intro");
    assert_int_equal(s->kind, LECTERN_SEG_PRESENTATION);
    assert_true(s->minutes == 15 && s->min_minutes == 10);
    assert_int_equal(s->optional, 0);
    assert_int_equal(s->priority, 1);
    assert_int_equal(s->n_items, 3);
    assert_string_equal(s->items[2], "m1-bullets");
    assert_string_equal(lectern_text_get(&s->notes, "en", "en"), "Open with a question");
    assert_string_equal(lectern_text_get(&s->materials, "en", "en"), "Projector");
    assert_string_equal(lectern_text_get(&s->instructions, "en", "en"), "Keep it short");
    s = &p->segments[1];
    assert_int_equal(s->kind, LECTERN_SEG_VIDEO);
    assert_true(s->min_minutes == 10);      /* defaults to minutes */
    assert_int_equal(s->optional, 1);
    assert_int_equal(s->priority, 3);
    assert_int_equal(p->segments[2].kind, LECTERN_SEG_BREAK);
    assert_int_equal(p->segments[2].n_items, 0);
    assert_int_equal(p->segments[4].kind, LECTERN_SEG_QA);
    assert_string_equal(lectern_segment_kind_name(LECTERN_SEG_GROUP_ACTIVITY), "group_activity");
    assert_null(lectern_segment_kind_name(LECTERN_SEG_COUNT));
    assert_null(lectern_course_find_plan(c, "nope"));
    /* day.json's segments add up to 390.5, not 400: a warning only */
    assert_int_equal(lectern_course_n_diags(c), 1);
    const lectern_diag *d = lectern_course_diag(c, 0);
    assert_int_equal(d->error, 0);
    assert_string_equal(d->file, "plans/day.json");
    assert_string_equal(d->path, "total_minutes");
    assert_non_null(strstr(d->msg, "390.5"));
}

static void rich_changelog(void **state)
{
    fixture *f = *state;
    const lectern_course *c = f->c;
    assert_int_equal(lectern_course_n_changes(c), 2);
    const lectern_change *ch = lectern_course_change(c, 0);
    assert_string_equal(ch->version, "1.1.0");
    assert_string_equal(ch->date, "2026-03-01");
    assert_string_equal(lectern_text_get(&ch->summary, "fr", "en"), "Nouvelle diapositive de définition");
    assert_int_equal(ch->n_items, 1);
    assert_string_equal(ch->items[0].id, "m1-bullets");
    assert_string_equal(ch->items[0].rule, "review");
    ch = lectern_course_change(c, 1);
    assert_int_equal(ch->n_items, 2);
    assert_string_equal(ch->items[0].rule, "reset");
    assert_string_equal(ch->items[1].rule, "keep");
    assert_null(lectern_course_change(c, 2));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(minimal_course, setup_minimal, teardown),
        cmocka_unit_test_setup_teardown(rich_metadata, setup_rich, teardown),
        cmocka_unit_test_setup_teardown(rich_layouts, setup_rich, teardown),
        cmocka_unit_test_setup_teardown(rich_video_exercise, setup_rich, teardown),
        cmocka_unit_test_setup_teardown(rich_plans, setup_rich, teardown),
        cmocka_unit_test_setup_teardown(rich_changelog, setup_rich, teardown),
    };
    return cmocka_run_group_tests_name("course-load", tests, NULL, NULL);
}
