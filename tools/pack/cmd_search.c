/* lectern-pack search COURSE QUERY: the player's `/` search from the command
 * line (include/lectern/search.h), for authors checking where a term is used:
 * one line per hit with the item, the field, the language and a snippet; a
 * subtitle hit gives the cue's time, a lesson-plan hit its plan and segment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "lectern/search.h"

static int search_usage(const char *msg)
{
    fprintf(stderr, "lectern-pack: search: %s\n"
            "usage: lectern-pack search DIR|PKG QUERY... [--lang CODE] [--audience] [--all]\n"
            "  --lang CODE   only the texts (and subtitle track) shown in that language\n"
            "  --audience    leave out what only the trainer sees (facilitator notes, plans)\n"
            "  --all         every matching field, not only each item's best\n", msg);
    return 2;
}

static void print_hit(const lectern_course *c, const lectern_search_hit *h)
{
    const lectern_item *it = lectern_course_item(c, h->item);
    printf("%zu %s  %s", h->item + 1, it->id, lectern_search_field_name(h->field));
    if (h->lang && *h->lang)
        printf(" [%s]", h->lang);
    if (h->time_ms >= 0)
        printf(" at %lld:%02lld.%03lld", (long long)(h->time_ms / 60000),
               (long long)(h->time_ms / 1000 % 60), (long long)(h->time_ms % 1000));
    if (h->plan)
        printf(" in plan %s%s%s", h->plan->id, h->segment ? ", segment " : "",
               h->segment ? h->segment->id : "");
    printf(": %s\n", h->snippet);
}

int cmd_search(int argc, char **argv)
{
    lectern_search_opts o = {0};
    const char *path = NULL;
    char query[1024] = "";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--lang")) {
            if (++i >= argc)
                return search_usage("--lang needs a language code");
            o.lang = argv[i];
        } else if (!strcmp(argv[i], "--audience")) {
            o.audience = 1;
        } else if (!strcmp(argv[i], "--all")) {
            o.all_fields = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return search_usage("unknown option");
        } else if (!path) {
            path = argv[i];
        } else if (strlen(query) + strlen(argv[i]) + 2 < sizeof query) {
            if (*query)
                strcat(query, " ");
            strcat(query, argv[i]);
        } else {
            return search_usage("the query is too long");
        }
    }
    if (!path || !*query)
        return search_usage("needs a course and words to find");
    lectern_error e = {0};
    lectern_reader *r = NULL;
    lectern_course *c = NULL;
    lectern_search_index *ix = NULL;
    lectern_search_results *res = NULL;
    int rc = 1;
    if (lectern_reader_open(path, 0, &r, &e) < 0 || lectern_course_load(r, &c, &e) < 0 ||
        lectern_search_index_build(c, &ix, &e) < 0 ||
        lectern_search_query(ix, query, &o, &res, &e) < 0) {
        fprintf(stderr, "lectern-pack: search %s: %s\n", path, e.msg);
        goto out;
    }
    for (size_t i = 0; i < res->n; i++)
        print_hit(c, &res->hits[i]);
    if (res->total > res->n)
        printf("... %zu more\n", res->total - res->n);
    rc = res->n ? 0 : 1;     /* like grep: 1 when nothing is found */
    if (!res->n)
        fprintf(stderr, "lectern-pack: search: no hits for \"%s\"\n", query);
out:
    lectern_search_results_free(res);
    lectern_search_index_free(ix);
    lectern_course_close(c);
    lectern_reader_close(r);
    return rc;
}
