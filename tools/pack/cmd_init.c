/* lectern-pack init DIR: writes a new course source an author can start
 * from: course.json, one module with a slide of every layout, a video and
 * an exercise, a 30-minute plan, and small media (PNG, SVG, WebM, WebVTT).
 * It passes `check` as written. Files go to a temporary sibling folder that
 * is renamed into place, so an interrupted init leaves nothing half-made. */
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "init_media.h"
#include "lectern/course.h"

static const char course_tmpl[] =
    "{\n"
    "  \"format\": 1,\n"
    "  \"id\": \"@ID@\",\n"
    "  \"version\": \"0.1.0\",\n"
    "  \"title\": { \"en\": \"@TITLE@\" },\n"
    "  \"subtitle\": \"A new Lectern course\",\n"
    "  \"description\": \"Say in one or two sentences what trainees will be able to do after this course.\",\n"
    "  \"authors\": [\"Your name\"],\n"
    "  \"languages\": [\"en\"],\n"
    "  \"theme\": {\n"
    "    \"background\": \"#14213d\",\n"
    "    \"text\": \"#f5f5f5\",\n"
    "    \"heading\": \"#ffffff\",\n"
    "    \"accent\": \"#fca311\",\n"
    "    \"muted\": \"#a0aec0\",\n"
    "    \"heading_font\": \"DejaVu Sans:bold\",\n"
    "    \"body_font\": \"DejaVu Sans\",\n"
    "    \"title_size\": 88,\n"
    "    \"heading_size\": 60,\n"
    "    \"body_size\": 40,\n"
    "    \"min_size\": 24\n"
    "  },\n"
    "  \"modules\": [\"m1-welcome\"],\n"
    "  \"completion\": { \"require_viewed\": true, \"require_passed\": true, \"video_percent\": 90 },\n"
    "  \"changelog\": [\n"
    "    { \"version\": \"0.1.0\", \"date\": \"@DATE@\", \"summary\": \"First draft\", \"items\": [] }\n"
    "  ]\n"
    "}\n";

static const char module_tmpl[] =
    "{\n"
    "  \"id\": \"m1-welcome\",\n"
    "  \"title\": \"Welcome\",\n"
    "  \"description\": \"One slide of every layout, a video and an exercise: edit or copy them.\",\n"
    "  \"items\": [\n"
    "    { \"id\": \"m1-title\", \"type\": \"slide\", \"layout\": \"title\",\n"
    "      \"title\": { \"en\": \"@TITLE@\" },\n"
    "      \"subtitle\": \"Replace with the name of the session\",\n"
    "      \"notes\": \"Speaker notes: trainers and trainees studying alone see them.\",\n"
    "      \"facilitator_notes\": \"Facilitator notes: only on the trainer's screen, never on the projector.\" },\n"
    "\n"
    "    { \"id\": \"m1-section\", \"type\": \"slide\", \"layout\": \"section\",\n"
    "      \"title\": \"Part one\", \"subtitle\": \"A section header inside a module\" },\n"
    "\n"
    "    { \"id\": \"m1-bullets\", \"type\": \"slide\", \"layout\": \"bullets\",\n"
    "      \"title\": \"Bullets nest up to three levels\",\n"
    "      \"text\": \"An optional lead-in paragraph.\",\n"
    "      \"bullets\": [\n"
    "        \"A first-level bullet is a text\",\n"
    "        { \"text\": \"A bullet with sub-bullets is an object\",\n"
    "          \"sub\": [ \"second level\", { \"text\": \"second level again\", \"sub\": [\"third level\"] } ] },\n"
    "        \"Keep slides short: long text shrinks, then check warns\"\n"
    "      ] },\n"
    "\n"
    "    { \"id\": \"m1-image\", \"type\": \"slide\", \"layout\": \"image\",\n"
    "      \"title\": \"An image\", \"image\": \"media/picture.png\",\n"
    "      \"alt\": \"An orange square and a white rectangle on a dark blue background\",\n"
    "      \"fit\": \"fit\", \"caption\": \"Every image needs alt text\" },\n"
    "\n"
    "    { \"id\": \"m1-image-text\", \"type\": \"slide\", \"layout\": \"image_text\",\n"
    "      \"title\": \"Image and text\", \"image\": \"media/diagram.svg\",\n"
    "      \"alt\": \"A diagram: a circle joined to a box\", \"image_side\": \"left\",\n"
    "      \"text\": \"SVG, PNG, JPEG and WebP images work.\",\n"
    "      \"bullets\": [\"Text and bullets sit beside the image\"] },\n"
    "\n"
    "    { \"id\": \"m1-columns\", \"type\": \"slide\", \"layout\": \"two_columns\",\n"
    "      \"title\": \"Two columns\",\n"
    "      \"left\": { \"heading\": \"Before\", \"bullets\": [\"one point\", \"another point\"] },\n"
    "      \"right\": { \"heading\": \"After\", \"text\": \"A column takes a heading, a text, bullets, or all three.\" } },\n"
    "\n"
    "    { \"id\": \"m1-quote\", \"type\": \"slide\", \"layout\": \"quote\",\n"
    "      \"text\": \"A quotation, shown large.\", \"attribution\": \"Who said it, where\" },\n"
    "\n"
    "    { \"id\": \"m1-video\", \"type\": \"video\", \"title\": \"A video\",\n"
    "      \"video\": \"media/clip.webm\", \"poster\": \"media/picture.png\", \"poster_time\": 0,\n"
    "      \"autoplay\": false, \"subtitles\": { \"en\": \"media/clip.en.vtt\" } },\n"
    "\n"
    "    { \"id\": \"m1-check\", \"type\": \"exercise\", \"title\": \"Check your understanding\",\n"
    "      \"facilitator_notes\": \"Ask the room before revealing the answer.\",\n"
    "      \"exercise\": {\n"
    "        \"kind\": \"single_choice\",\n"
    "        \"prompt\": \"Which file lists the modules of a course?\",\n"
    "        \"options\": [\n"
    "          { \"text\": \"course.json\", \"correct\": true, \"feedback\": \"Yes: its \\\"modules\\\" list sets the order.\" },\n"
    "          { \"text\": \"plans/intro-30min.json\", \"feedback\": \"No: a plan times a session over the items.\" },\n"
    "          { \"text\": \"media/clip.en.vtt\", \"feedback\": \"No: that is a subtitle file.\" }\n"
    "        ]\n"
    "      } }\n"
    "  ]\n"
    "}\n";

static const char plan_tmpl[] =
    "{\n"
    "  \"id\": \"intro-30min\",\n"
    "  \"title\": \"Thirty-minute introduction\",\n"
    "  \"audience\": \"Who this session is for\",\n"
    "  \"total_minutes\": 30,\n"
    "  \"segments\": [\n"
    "    { \"id\": \"opening\", \"title\": \"Opening\", \"kind\": \"presentation\", \"minutes\": 10, \"min_minutes\": 5,\n"
    "      \"items\": [\"m1-title\", \"m1-section\", \"m1-bullets\", \"m1-image\", \"m1-image-text\"],\n"
    "      \"notes\": \"What to do and say in this segment.\", \"materials\": \"Projector\" },\n"
    "    { \"id\": \"clip\", \"title\": \"Video\", \"kind\": \"video\", \"minutes\": 5,\n"
    "      \"optional\": true, \"priority\": 2, \"items\": [\"m1-video\"] },\n"
    "    { \"id\": \"compare\", \"title\": \"Compare\", \"kind\": \"discussion\", \"minutes\": 5,\n"
    "      \"items\": [\"m1-columns\", \"m1-quote\"], \"instructions\": \"Pairs discuss for three minutes.\" },\n"
    "    { \"id\": \"check\", \"title\": \"Check\", \"kind\": \"exercise\", \"minutes\": 10, \"min_minutes\": 5,\n"
    "      \"items\": [\"m1-check\"] }\n"
    "  ]\n"
    "}\n";

static const char svg_text[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"360\" viewBox=\"0 0 640 360\">\n"
    "  <rect width=\"640\" height=\"360\" fill=\"#14213d\"/>\n"
    "  <line x1=\"200\" y1=\"180\" x2=\"400\" y2=\"180\" stroke=\"#a0aec0\" stroke-width=\"8\"/>\n"
    "  <circle cx=\"160\" cy=\"180\" r=\"90\" fill=\"#fca311\"/>\n"
    "  <rect x=\"400\" y=\"110\" width=\"180\" height=\"140\" rx=\"12\" fill=\"#f5f5f5\"/>\n"
    "</svg>\n";

static const char vtt_text[] =
    "WEBVTT\n"
    "\n"
    "00:00:00.000 --> 00:00:01.000\n"
    "A one-second test pattern: replace media/clip.webm with your video.\n";

/* Appends s to buf with JSON string escaping. */
static void json_escape(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    for (; *s && k + 7 < cap; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\') {
            out[k++] = '\\';
            out[k++] = (char)ch;
        } else if (ch < 0x20) {
            k += (size_t)snprintf(out + k, cap - k, "\\u%04x", ch);
        } else {
            out[k++] = (char)ch;
        }
    }
    out[k] = '\0';
}

/* Copies tmpl replacing @ID@, @TITLE@, @DATE@. Caller frees. */
static char *fill(const char *tmpl, const char *id, const char *title, const char *date)
{
    size_t cap = strlen(tmpl) + 4 * (strlen(id) + strlen(title) + strlen(date)) + 1;
    char *out = malloc(cap), *o = out;
    if (!out)
        return NULL;
    for (const char *p = tmpl; *p;) {
        const char *v = NULL;
        size_t skip = 0;
        if (!strncmp(p, "@ID@", 4)) { v = id; skip = 4; }
        else if (!strncmp(p, "@TITLE@", 7)) { v = title; skip = 7; }
        else if (!strncmp(p, "@DATE@", 6)) { v = date; skip = 6; }
        if (v) {
            size_t n = strlen(v);
            memcpy(o, v, n);
            o += n;
            p += skip;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

static int write_file(const char *dir, const char *rel, const void *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    if (slash > path + strlen(dir)) {
        *slash = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) {
            fprintf(stderr, "lectern-pack: init: cannot create %s: %s\n", path, strerror(errno));
            return -1;
        }
        *slash = '/';
    }
    FILE *f = fopen(path, "wbx");
    if (!f || fwrite(data, 1, len, f) != len || fflush(f) != 0 || fsync(fileno(f)) != 0) {
        fprintf(stderr, "lectern-pack: init: cannot write %s: %s\n", path, strerror(errno));
        if (f)
            fclose(f);
        return -1;
    }
    return fclose(f) == 0 ? 0 : -1;
}

/* 1 when the folder exists and has entries, 0 when empty, -1 when absent. */
static int dir_state(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n > 0;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(p);
}

/* A course id from the folder name: org.example.<name, lowercased, a-z0-9->. */
static void id_from_dir(const char *dir, char *out, size_t cap)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    size_t n = strlen(buf);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    const char *base = strrchr(buf, '/');
    base = base ? base + 1 : buf;
    char name[48];
    size_t k = 0;
    for (const char *p = base; *p && k + 1 < sizeof name; p++) {
        char ch = *p;
        if (ch >= 'A' && ch <= 'Z')
            ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
            name[k++] = ch;
        else if (k > 0 && name[k - 1] != '-')
            name[k++] = '-';
    }
    while (k > 0 && name[k - 1] == '-')
        k--;
    name[k] = '\0';
    snprintf(out, cap, "org.example.%s", k ? name : "my-course");
}

static int usage(const char *msg)
{
    if (msg)
        fprintf(stderr, "lectern-pack: init: %s\n", msg);
    fprintf(stderr, "usage: lectern-pack init [--id ID] [--title TITLE] DIR\n");
    return 2;
}

int cmd_init(int argc, char **argv)
{
    const char *dir = NULL, *id_arg = NULL, *title = "My new course";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--id")) {
            if (++i >= argc)
                return usage("--id needs a value");
            id_arg = argv[i];
        } else if (!strcmp(argv[i], "--title")) {
            if (++i >= argc)
                return usage("--title needs a value");
            title = argv[i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: lectern-pack init [--id ID] [--title TITLE] DIR\n"
                   "Creates a new course source folder DIR (absent or empty) with one module\n"
                   "showing every slide layout, a video, an exercise, a plan and sample media.\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return usage("unknown option");
        } else if (!dir) {
            dir = argv[i];
        } else {
            return usage("one folder only");
        }
    }
    if (!dir)
        return usage("needs the folder to create");
    char id[128];
    if (id_arg) {
        if (!lectern_id_valid(id_arg)) {
            fprintf(stderr, "lectern-pack: init: \"%s\" is not a valid id; use 1 to 64 characters from "
                            "a-z 0-9 . _ -, starting with a letter or digit\n", id_arg);
            return 2;
        }
        snprintf(id, sizeof id, "%s", id_arg);
    } else {
        id_from_dir(dir, id, sizeof id);
    }
    int st = dir_state(dir);
    struct stat sb;
    if (st < 0 && stat(dir, &sb) == 0) {
        fprintf(stderr, "lectern-pack: init: %s exists and is not a folder; choose another name\n", dir);
        return 1;
    }
    if (st > 0) {
        fprintf(stderr, "lectern-pack: init: %s is not empty; init only creates new courses (choose a new folder)\n", dir);
        return 1;
    }
    char etitle[1024], date[16];
    json_escape(etitle, sizeof etitle, title);
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(date, sizeof date, "%Y-%m-%d", &tmv);

    /* build in a sibling temp folder, then rename into place */
    char tmp[4096];
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    snprintf(tmp, sizeof tmp, "%.*s.init-XXXXXX", (int)dl, dir);
    if (!mkdtemp(tmp)) {
        fprintf(stderr, "lectern-pack: init: cannot create a folder next to %s: %s\n", dir, strerror(errno));
        return 1;
    }
    int rc = 1;
    char *course = fill(course_tmpl, id, etitle, date);
    char *module = fill(module_tmpl, id, etitle, date);
    if (!course || !module) {
        fprintf(stderr, "lectern-pack: init: out of memory\n");
        goto out;
    }
    if (chmod(tmp, 0755) != 0 ||
        write_file(tmp, "course.json", course, strlen(course)) < 0 ||
        write_file(tmp, "modules/m1-welcome.json", module, strlen(module)) < 0 ||
        write_file(tmp, "plans/intro-30min.json", plan_tmpl, strlen(plan_tmpl)) < 0 ||
        write_file(tmp, "media/picture.png", init_picture_png, init_picture_png_len) < 0 ||
        write_file(tmp, "media/diagram.svg", svg_text, strlen(svg_text)) < 0 ||
        write_file(tmp, "media/clip.webm", init_clip_webm, init_clip_webm_len) < 0 ||
        write_file(tmp, "media/clip.en.vtt", vtt_text, strlen(vtt_text)) < 0)
        goto out;
    /* rename(2) replaces an empty folder atomically */
    if (rename(tmp, dir) != 0) {
        fprintf(stderr, "lectern-pack: init: cannot create %s: %s\n", dir, strerror(errno));
        goto out;
    }
    rc = 0;
    const char *q = strpbrk(dir, " \t'\"$&;|<>()*?") ? "'" : "";   /* for copy and paste */
    printf("created %s (course %s)\n"
           "next: edit %s/course.json and %s/modules/m1-welcome.json, then\n"
           "  lectern-pack check %s%s%s\n"
           "  lectern-pack build %s%s%s -o %s.lectern\n",
           dir, id, dir, dir, q, dir, q, q, dir, q, id);
out:
    free(course);
    free(module);
    if (rc != 0)
        nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
