/* Reports from the progress store: CSV (one row per profile x item), xAPI 1.0.3
 * statements as one JSON array (streamed, statement ids derived from the event
 * uid so re-exports are identical), and the lossless events JSON that
 * lectern_progress_import reads back. */
#include "progress_internal.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define XAPI_VERB "http://adlnet.gov/expapi/verbs/"
#define XAPI_ACT "http://adlnet.gov/expapi/activities/"

static void csv_field(FILE *f, const char *s)
{
    s = s ? s : "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Opens path for writing through a temporary file renamed on success. */
static FILE *out_open(const char *path, char *tmp, size_t cap, lectern_error *err)
{
    snprintf(tmp, cap, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        lectern_error_set(err, LECTERN_EIO, "%s: cannot write: %s", path, strerror(errno));
    return f;
}

static int out_close(FILE *f, const char *tmp, const char *path, int rc, lectern_error *err)
{
    int bad = ferror(f);
    if (fflush(f) != 0 || fsync(fileno(f)) != 0)
        bad = 1;
    if (fclose(f) != 0)
        bad = 1;
    if (rc == 0 && bad)
        rc = lectern_error_set(err, LECTERN_EIO, "%s: write failed: %s", path, strerror(errno));
    if (rc == 0 && rename(tmp, path) != 0)
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot rename: %s", path,
                               strerror(errno));
    if (rc < 0)
        unlink(tmp);
    return rc;
}

int lectern_progress_export_csv(lectern_progress *p, const char *path, lectern_error *err)
{
    char tmp[4200];
    sqlite3_stmt *st = NULL;
    FILE *f = out_open(path, tmp, sizeof tmp, err);
    int rc = 0;
    if (!f)
        return LECTERN_EIO;
    if (sqlite3_prepare_v2(p->db,
                           "SELECT pr.name, pr.identifier, i.course_id, c.seen_version, i.item_id,"
                           " i.viewed, i.time_ms, i.attempts, i.best_score, i.passed,"
                           " i.duration_ms, i.watched_ms, i.bookmarked, i.review, i.removed"
                           " FROM item_state i JOIN profile pr ON pr.id = i.profile_id"
                           " LEFT JOIN course_state c ON c.profile_id = i.profile_id AND"
                           " c.course_id = i.course_id"
                           " ORDER BY pr.name COLLATE NOCASE, pr.id, i.course_id, i.item_id",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "exporting CSV");
        goto done;
    }
    fputs("profile,identifier,course_id,course_version,item_id,viewed,time_spent_s,attempts,"
          "best_score,passed,watched_percent,bookmarked,review,removed\r\n", f);
    while (sqlite3_step(st) == SQLITE_ROW) {
        for (int c = 0; c < 5; c++) {
            csv_field(f, (const char *)sqlite3_column_text(st, c));
            fputc(',', f);
        }
        int64_t dur = sqlite3_column_int64(st, 10), w = sqlite3_column_int64(st, 11);
        fprintf(f, "%d,%.1f,%d,", sqlite3_column_int(st, 5),
                (double)sqlite3_column_int64(st, 6) / 1000.0, sqlite3_column_int(st, 7));
        if (sqlite3_column_type(st, 8) != SQLITE_NULL)
            fprintf(f, "%.4g", sqlite3_column_double(st, 8));
        fprintf(f, ",%d,", sqlite3_column_int(st, 9));
        if (dur > 0)
            fprintf(f, "%.1f", 100.0 * (double)w / (double)dur);
        fprintf(f, ",%d,%d,%d\r\n", sqlite3_column_int(st, 12), sqlite3_column_int(st, 13),
                sqlite3_column_int(st, 14));
    }
done:
    sqlite3_finalize(st);
    return out_close(f, tmp, path, rc, err);
}

/* ---- xAPI ----------------------------------------------------------------- */

static void iso_time(int64_t ms, char buf[40])
{
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    int frac = (int)(ms - (int64_t)t * 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    size_t n = strftime(buf, 40, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf + n, 40 - n, ".%03dZ", frac);
}

/* ISO 8601 duration: PT12.5S, PT1H2M3S, PT0S. */
static void iso_duration(int64_t ms, char buf[48])
{
    if (ms < 0)
        ms = 0;
    int64_t h = ms / 3600000, m = ms / 60000 % 60, s = ms / 1000 % 60, f = ms % 1000;
    int o = snprintf(buf, 48, "PT");
    if (h)
        o += snprintf(buf + o, (size_t)(48 - o), "%" PRId64 "H", h);
    if (m)
        o += snprintf(buf + o, (size_t)(48 - o), "%" PRId64 "M", m);
    if (s || f || (!h && !m)) {
        o += snprintf(buf + o, (size_t)(48 - o), "%" PRId64, s);
        if (f) {
            char fr[8];
            snprintf(fr, sizeof fr, "%03" PRId64, f);
            for (int k = 2; k > 0 && fr[k] == '0'; k--)
                fr[k] = '\0';
            o += snprintf(buf + o, (size_t)(48 - o), ".%s", fr);
        }
        snprintf(buf + o, (size_t)(48 - o), "S");
    }
}

/* The display of the ADL verbs in the player's other languages. */
static const struct {
    const char *verb, *fr, *ar;
} verb_names[] = {
    {"experienced", "a consult\xC3\xA9",
     "\xD8\xA7\xD8\xB7\xD9\x91\xD9\x84\xD8\xB9 \xD8\xB9\xD9\x84\xD9\x89"},
    {"answered", "a r\xC3\xA9pondu", "\xD8\xA3\xD8\xAC\xD8\xA7\xD8\xA8"},
    {"attempted", "a commenc\xC3\xA9", "\xD8\xA8\xD8\xAF\xD8\xA3"},
    {"completed", "a termin\xC3\xA9", "\xD8\xA3\xD9\x83\xD9\x85\xD9\x84"},
    {"passed", "a r\xC3\xA9ussi", "\xD9\x86\xD8\xAC\xD8\xAD \xD9\x81\xD9\x8A"},
    {"failed", "a \xC3\xA9" "chou\xC3\xA9",
     "\xD9\x84\xD9\x85 \xD9\x8A\xD9\x86\xD8\xAC\xD8\xAD \xD9\x81\xD9\x8A"},
    {"resumed", "a repris", "\xD8\xA7\xD8\xB3\xD8\xAA\xD8\xA3\xD9\x86\xD9\x81"},
};

/* "fr" for "fr", "fr-CA", "fr_FR"; NULL for other languages. */
static const char *base_lang(const char *lang, const char *want)
{
    size_t n = strlen(want);
    if (lang && strncasecmp(lang, want, n) == 0 && (lang[n] == '\0' || lang[n] == '-'
                                                    || lang[n] == '_'))
        return want;
    return NULL;
}

/* verb {id: ADL IRI, display: {en-US, and the statement's language when known}} */
static cJSON *verb(const char *name, const char *lang)
{
    char id[96];
    snprintf(id, sizeof id, XAPI_VERB "%s", name);
    cJSON *v = cJSON_CreateObject();
    cJSON_AddStringToObject(v, "id", id);
    cJSON *d = cJSON_AddObjectToObject(v, "display");
    cJSON_AddStringToObject(d, "en-US", name);
    for (size_t i = 0; i < sizeof verb_names / sizeof verb_names[0]; i++) {
        if (strcmp(verb_names[i].verb, name) != 0)
            continue;
        if (base_lang(lang, "fr"))
            cJSON_AddStringToObject(d, lang, verb_names[i].fr);
        else if (base_lang(lang, "ar"))
            cJSON_AddStringToObject(d, lang, verb_names[i].ar);
    }
    return v;
}

/* An activity; type, interaction and name (a {lang: name} map) may be NULL. */
static cJSON *activity(const char *iri, const char *type, const char *interaction,
                       const char *name, const char *lang)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "objectType", "Activity");
    cJSON_AddStringToObject(o, "id", iri);
    if (type || name) {
        cJSON *d = cJSON_AddObjectToObject(o, "definition");
        if (name && *name) {
            cJSON *nm = cJSON_AddObjectToObject(d, "name");
            cJSON_AddStringToObject(nm, lang && *lang ? lang : "und", name);
        }
        if (type)
            cJSON_AddStringToObject(d, "type", type);
        if (interaction)
            cJSON_AddStringToObject(d, "interactionType", interaction);
    }
    return o;
}

typedef struct xrow {
    const char *uid, *pname, *pident, *puid, *porigin, *cid, *cver, *item, *kind;
    cJSON *pl;
    int64_t t_ms;
} xrow;

/* Builds one statement for row r with the given verb; other_iri (may be NULL)
 * goes to contextActivities.other. */
static cJSON *statement(const xrow *r, const char *verb_name, const char *object_iri,
                        const char *type, const char *interaction, cJSON *result,
                        const char *course_iri, const char *other_iri)
{
    char name[600], id[37], ts[40], home[64];
    snprintf(name, sizeof name, "urn:lectern:event:%s/%s", r->uid, verb_name);
    prog_uuid5(name, id);
    cJSON *s = cJSON_CreateObject();
    cJSON_AddStringToObject(s, "id", id);
    cJSON *actor = cJSON_AddObjectToObject(s, "actor");
    cJSON_AddStringToObject(actor, "objectType", "Agent");
    cJSON_AddStringToObject(actor, "name", r->pname);
    cJSON *acc = cJSON_AddObjectToObject(actor, "account");
    if (r->pident && *r->pident) {
        cJSON_AddStringToObject(acc, "homePage", "urn:lectern:identifier");
        cJSON_AddStringToObject(acc, "name", r->pident);
    } else {
        snprintf(home, sizeof home, "urn:lectern:%s", r->porigin);
        cJSON_AddStringToObject(acc, "homePage", home);
        cJSON_AddStringToObject(acc, "name", r->puid);
    }
    const cJSON *jl = cJSON_GetObjectItemCaseSensitive(r->pl, "lang");
    const cJSON *jn = cJSON_GetObjectItemCaseSensitive(r->pl, "name");
    const char *lang = cJSON_IsString(jl) && *jl->valuestring ? jl->valuestring : NULL;
    cJSON_AddItemToObject(s, "verb", verb(verb_name, lang));
    cJSON_AddItemToObject(s, "object", activity(object_iri, type, interaction,
                                                cJSON_IsString(jn) ? jn->valuestring : NULL,
                                                lang));
    if (result)
        cJSON_AddItemToObject(s, "result", result);
    cJSON *ctx = cJSON_AddObjectToObject(s, "context");
    cJSON_AddStringToObject(ctx, "revision", r->cver);
    if (lang)
        cJSON_AddStringToObject(ctx, "language", lang);
    if (strcmp(object_iri, course_iri) != 0 || other_iri) {
        cJSON *ca = cJSON_AddObjectToObject(ctx, "contextActivities");
        if (strcmp(object_iri, course_iri) != 0) {
            cJSON *par = cJSON_AddArrayToObject(ca, "parent");
            cJSON_AddItemToArray(par, activity(course_iri, XAPI_ACT "course", NULL, NULL, NULL));
        }
        if (other_iri) {
            cJSON *oth = cJSON_AddArrayToObject(ca, "other");
            cJSON_AddItemToArray(oth, activity(other_iri, NULL, NULL, NULL, NULL));
        }
    }
    iso_time(r->t_ms, ts);
    cJSON_AddStringToObject(s, "timestamp", ts);
    return s;
}

static int emit(FILE *f, cJSON *s, int *first)
{
    char *txt = cJSON_PrintUnformatted(s);
    cJSON_Delete(s);
    if (!txt)
        return LECTERN_ENOMEM;
    fputs(*first ? "\n" : ",\n", f);
    fputs(txt, f);
    free(txt);
    *first = 0;
    return 0;
}

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* The statements for one event (0, 1 or 2). */
static int event_statements(FILE *f, const xrow *r, int *first)
{
    char course_iri[300], iri[600], dur[48];
    snprintf(course_iri, sizeof course_iri, "urn:lectern:course:%s", r->cid);
    int rc = 0;
    if (strcmp(r->kind, "viewed") == 0) {
        snprintf(iri, sizeof iri, "%s/item/%s", course_iri, r->item);
        rc = emit(f, statement(r, "experienced", iri, NULL, NULL, NULL, course_iri, NULL), first);
    } else if (strcmp(r->kind, "attempt") == 0) {
        snprintf(iri, sizeof iri, "%s/item/%s", course_iri, r->item);
        cJSON *res = cJSON_CreateObject();
        cJSON *sc = cJSON_AddObjectToObject(res, "score");
        cJSON_AddNumberToObject(sc, "scaled", jnum(r->pl, "score"));
        cJSON_AddBoolToObject(res, "success",
                              cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->pl, "success")));
        cJSON_AddBoolToObject(res, "completion", 1);
        const cJSON *resp = cJSON_GetObjectItemCaseSensitive(r->pl, "response");
        cJSON_AddStringToObject(res, "response", cJSON_IsString(resp) ? resp->valuestring : "");
        iso_duration((int64_t)jnum(r->pl, "duration_ms"), dur);
        cJSON_AddStringToObject(res, "duration", dur);
        const cJSON *it = cJSON_GetObjectItemCaseSensitive(r->pl, "interaction");
        rc = emit(f, statement(r, "answered", iri, XAPI_ACT "cmi.interaction",
                               cJSON_IsString(it) ? it->valuestring : "other", res, course_iri,
                               NULL),
                  first);
    } else if (strcmp(r->kind, "completed") == 0
               && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->pl, "completed"))) {
        const cJSON *scope = cJSON_GetObjectItemCaseSensitive(r->pl, "scope");
        int module = cJSON_IsString(scope) && strcmp(scope->valuestring, "module") == 0;
        if (module)
            snprintf(iri, sizeof iri, "%s/module/%s", course_iri, r->item);
        else
            snprintf(iri, sizeof iri, "%s", course_iri);
        const char *type = module ? XAPI_ACT "module" : XAPI_ACT "course";
        int ok = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r->pl, "success"));
        cJSON *res = cJSON_CreateObject();
        cJSON_AddBoolToObject(res, "completion", 1);
        rc = emit(f, statement(r, "completed", iri, type, NULL, res, course_iri, NULL),
                  first);
        if (rc == 0) {
            res = cJSON_CreateObject();
            cJSON_AddBoolToObject(res, "success", ok);
            cJSON_AddBoolToObject(res, "completion", 1);
            rc = emit(f, statement(r, ok ? "passed" : "failed", iri, type, NULL, res,
                                   course_iri, NULL), first);
        }
    } else if (strcmp(r->kind, "attempted") == 0) {
        /* a new attempt at an exercise, or the first opening of the course */
        if (*r->item) {
            snprintf(iri, sizeof iri, "%s/item/%s", course_iri, r->item);
            rc = emit(f, statement(r, "attempted", iri, NULL, NULL, NULL, course_iri, NULL),
                      first);
        } else {
            rc = emit(f, statement(r, "attempted", course_iri, XAPI_ACT "course", NULL, NULL,
                                   course_iri, NULL), first);
        }
    } else if (strcmp(r->kind, "resumed") == 0) {
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(r->pl, "at");
        if (cJSON_IsString(at) && *at->valuestring)
            snprintf(iri, sizeof iri, "%s/item/%s", course_iri, at->valuestring);
        rc = emit(f, statement(r, "resumed", course_iri, XAPI_ACT "course", NULL, NULL,
                               course_iri, cJSON_IsString(at) && *at->valuestring ? iri : NULL),
                  first);
    }
    return rc;
}

#define EVENT_SELECT \
    "SELECT e.uid, pr.name, pr.identifier, pr.uid, pr.origin_device, e.course_id," \
    " e.course_version, e.item_id, e.kind, e.payload, e.t_ms" \
    " FROM event e JOIN profile pr ON pr.id = e.profile_id ORDER BY e.t_ms, e.id"

static void row_read(sqlite3_stmt *st, xrow *r)
{
    r->uid = (const char *)sqlite3_column_text(st, 0);
    r->pname = (const char *)sqlite3_column_text(st, 1);
    r->pident = (const char *)sqlite3_column_text(st, 2);
    r->puid = (const char *)sqlite3_column_text(st, 3);
    r->porigin = (const char *)sqlite3_column_text(st, 4);
    r->cid = (const char *)sqlite3_column_text(st, 5);
    r->cver = (const char *)sqlite3_column_text(st, 6);
    r->item = (const char *)sqlite3_column_text(st, 7);
    r->kind = (const char *)sqlite3_column_text(st, 8);
    r->pl = cJSON_Parse((const char *)sqlite3_column_text(st, 9));
    r->t_ms = sqlite3_column_int64(st, 10);
}

int lectern_progress_export_xapi(lectern_progress *p, const char *path, lectern_error *err)
{
    char tmp[4200];
    sqlite3_stmt *st = NULL;
    FILE *f = out_open(path, tmp, sizeof tmp, err);
    int rc = 0, first = 1;
    if (!f)
        return LECTERN_EIO;
    if (sqlite3_prepare_v2(p->db, EVENT_SELECT, -1, &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "exporting xAPI");
        goto done;
    }
    fputc('[', f);
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        xrow r;
        row_read(st, &r);
        rc = event_statements(f, &r, &first);
        cJSON_Delete(r.pl);
    }
    if (rc < 0)
        lectern_error_set(err, rc, "%s: out of memory while exporting", path);
    fputs(first ? "]\n" : "\n]\n", f);
done:
    sqlite3_finalize(st);
    return out_close(f, tmp, path, rc, err);
}

int lectern_progress_export_events(lectern_progress *p, const char *path, lectern_error *err)
{
    char tmp[4200];
    sqlite3_stmt *st = NULL;
    FILE *f = out_open(path, tmp, sizeof tmp, err);
    int rc = 0, first = 1;
    if (!f)
        return LECTERN_EIO;
    fprintf(f, "{\"format\":\"lectern-progress-events\",\"version\":1,\"device_id\":\"%s\","
               "\"schema\":%d,\n\"profiles\":[", p->device_id, LECTERN_PROGRESS_SCHEMA);
    if (sqlite3_prepare_v2(p->db, "SELECT uid, name, identifier, origin_device, created_ms"
                                  " FROM profile ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "exporting profiles");
        goto done;
    }
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "uid", (const char *)sqlite3_column_text(st, 0));
        cJSON_AddStringToObject(o, "name", (const char *)sqlite3_column_text(st, 1));
        if (sqlite3_column_type(st, 2) != SQLITE_NULL)
            cJSON_AddStringToObject(o, "identifier", (const char *)sqlite3_column_text(st, 2));
        cJSON_AddStringToObject(o, "origin_device", (const char *)sqlite3_column_text(st, 3));
        cJSON_AddNumberToObject(o, "created_ms", (double)sqlite3_column_int64(st, 4));
        rc = emit(f, o, &first);
    }
    sqlite3_finalize(st);
    st = NULL;
    fputs("],\n\"events\":[", f);
    first = 1;
    if (rc == 0 && sqlite3_prepare_v2(p->db,
                                      "SELECT e.uid, pr.uid, e.course_id, e.course_version,"
                                      " e.item_id, e.kind, e.payload, e.t_ms FROM event e JOIN"
                                      " profile pr ON pr.id = e.profile_id ORDER BY e.id", -1,
                                      &st, NULL) != SQLITE_OK) {
        rc = prog_db_err(p, err, LECTERN_EIO, "exporting events");
        goto done;
    }
    while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
        cJSON *o = cJSON_CreateObject();
        static const char *const k[] = {"uid", "profile", "course_id", "course_version",
                                         "item_id", "kind"};
        for (int c = 0; c < 6; c++)
            cJSON_AddStringToObject(o, k[c], (const char *)sqlite3_column_text(st, c));
        cJSON *pl = cJSON_Parse((const char *)sqlite3_column_text(st, 6));
        cJSON_AddItemToObject(o, "payload", pl ? pl : cJSON_CreateObject());
        cJSON_AddNumberToObject(o, "t_ms", (double)sqlite3_column_int64(st, 7));
        rc = emit(f, o, &first);
    }
    if (rc < 0 && err && err->code != rc)
        lectern_error_set(err, rc, "%s: out of memory while exporting", path);
    fputs("]}\n", f);
done:
    sqlite3_finalize(st);
    return out_close(f, tmp, path, rc, err);
}
