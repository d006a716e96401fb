/* Every limit Lectern enforces on what it reads, in one place: packages and
 * course folders (entries, sizes, compression ratio), JSON (size, nesting,
 * strings), the course model, subtitles and images (decompression bombs).
 * Passing one is LECTERN_ELIMIT with a message naming the file or entry, the
 * field and the limit. Users: README.md "Limits"; authors: courses/README.md. */
#ifndef LECTERN_LIMITS_H
#define LECTERN_LIMITS_H

/* Packages and plain zips (reader_zip.c, manifest.c) and course folders (reader.c). */
#define LECTERN_MAX_ENTRIES 100000                 /* entries in a package, files in a folder */
#define LECTERN_MAX_ENTRY_BYTES (8ULL << 30)       /* one entry, uncompressed */
#define LECTERN_MAX_TOTAL_BYTES (64ULL << 30)      /* all entries, uncompressed */
#define LECTERN_MAX_RATIO 200                      /* uncompressed / compressed, deflated entries over 1 MiB */
#define LECTERN_RATIO_MIN_BYTES (1ULL << 20)       /* the ratio is checked above this size */
#define LECTERN_MAX_READ_BYTES (256ULL << 20)      /* one entry read into memory (JSON, images, subtitles) */
#define LECTERN_MAX_NAME 1024                      /* entry name, bytes with the final NUL */
#define LECTERN_MAX_DIR_DEPTH 64                   /* folders inside a course folder */

/* JSON files: course.json, modules, plans, lectern.json, settings (json.c). */
#define LECTERN_JSON_MAX_DEPTH 64
#define LECTERN_JSON_MAX_BYTES (16u << 20)

/* The course model (course.c, course_fields.c, course_items.c). */
#define LECTERN_MAX_STRING_BYTES (64 * 1024) /* any one string */
#define LECTERN_MAX_ITEMS 10000              /* items in the whole course */
#define LECTERN_MAX_MODULES 200
#define LECTERN_MAX_PLANS 100
#define LECTERN_MAX_SEGMENTS 1000            /* segments in one plan */
#define LECTERN_MAX_BULLETS 200              /* bullets in one list, all levels */
#define LECTERN_MAX_LANGUAGES 64

/* Subtitles (subtitle.c). */
#define LECTERN_SUBTITLE_MAX_BYTES (4u << 20)   /* whole file */
#define LECTERN_SUBTITLE_MAX_CUES 20000
#define LECTERN_SUBTITLE_MAX_TEXT 2048          /* bytes of one cue's text */
#define LECTERN_SUBTITLE_MAX_MS (100LL * 3600 * 1000)  /* times beyond 100 h are malformed */

/* Progress exports read by `lectern progress import` (progress_merge.c; the
 * JSON nesting limit above applies to them too). */
#define LECTERN_IMPORT_MAX_BYTES (1ULL << 30)

/* Images: checked on the dimensions in the file's header before any decoding
 * (media_image.c), by lectern-pack check and by the player's image loader, so
 * a small file that claims 30000x30000 pixels never allocates gigabytes. */
#define LECTERN_MAX_IMAGE_SIDE 16384            /* pixels, width or height */
#define LECTERN_MAX_IMAGE_PIXELS (50u * 1000 * 1000)  /* width x height (200 MB decoded) */

#endif
