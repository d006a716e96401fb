/* Media kinds recognised from their first bytes (never from the file name):
 * images, video containers, subtitles and fonts. lectern-pack check uses it
 * to tell an author that "media/intro.webm" is not a video at all; the
 * player uses it to pick a decoder. Pure functions, no allocation.
 *
 *   lectern_media_type t = lectern_media_sniff(buf, n);
 *   if (lectern_media_class_of(t) != LECTERN_MEDIA_CLASS_VIDEO) ...
 */
#ifndef LECTERN_MEDIA_H
#define LECTERN_MEDIA_H

#include <stddef.h>
#include <stdint.h>
#include "lectern/error.h"

typedef enum {
    LECTERN_MEDIA_UNKNOWN = 0,
    /* images */
    LECTERN_MEDIA_PNG,
    LECTERN_MEDIA_JPEG,
    LECTERN_MEDIA_WEBP,
    LECTERN_MEDIA_GIF,
    LECTERN_MEDIA_SVG,
    /* video containers */
    LECTERN_MEDIA_WEBM,
    LECTERN_MEDIA_MATROSKA,
    LECTERN_MEDIA_MP4,          /* ISO base media: MP4, M4V, QuickTime MOV */
    LECTERN_MEDIA_OGG,
    /* subtitles */
    LECTERN_MEDIA_SRT,
    LECTERN_MEDIA_VTT,
    /* fonts */
    LECTERN_MEDIA_TTF,
    LECTERN_MEDIA_OTF,
    LECTERN_MEDIA_TYPE_COUNT
} lectern_media_type;

typedef enum {
    LECTERN_MEDIA_CLASS_NONE = 0,
    LECTERN_MEDIA_CLASS_IMAGE,
    LECTERN_MEDIA_CLASS_VIDEO,
    LECTERN_MEDIA_CLASS_SUBTITLE,
    LECTERN_MEDIA_CLASS_FONT
} lectern_media_class;

/* How many leading bytes lectern_media_sniff wants to see for a sure answer
 * (it works on fewer: a short file is judged on what there is). */
#define LECTERN_MEDIA_SNIFF_BYTES 4096

/* The media type of a file from its first `len` bytes (pass the whole file
 * or at least LECTERN_MEDIA_SNIFF_BYTES of it). A UTF-8 byte order mark is
 * skipped for the text formats (SVG, SRT, WebVTT). UNKNOWN when nothing
 * matches; data may be NULL when len is 0. */
lectern_media_type lectern_media_sniff(const void *data, size_t len);

/* The class of a type (IMAGE for PNG...SVG, VIDEO for WebM...Ogg, ...). */
lectern_media_class lectern_media_class_of(lectern_media_type t);

/* Short display name: "PNG", "WebM", "WebVTT"...; "unknown" for UNKNOWN or
 * an out-of-range value. Never NULL. */
const char *lectern_media_type_name(lectern_media_type t);

/* "image", "video", "subtitle", "font", or "none". Never NULL. */
const char *lectern_media_class_name(lectern_media_class c);

/* The class a file name's extension promises (".png" -> IMAGE, ".webm" ->
 * VIDEO, ".vtt" -> SUBTITLE, ".ttf" -> FONT), case-insensitive; NONE for
 * an extension Lectern does not know. */
lectern_media_class lectern_media_class_from_name(const char *name);

/* The pixel size an image file declares in its header (PNG IHDR, JPEG
 * start of frame, WebP VP8/VP8L/VP8X, GIF screen, SVG width/height or
 * viewBox at 96 dpi), without decoding. 0, or -1 when the type is not an
 * image or the header is cut short or malformed. */
int lectern_media_image_size(const void *data, size_t len, uint32_t *width, uint32_t *height);

/* Refuses an image whose header declares more than LECTERN_MAX_IMAGE_SIDE
 * pixels a side or LECTERN_MAX_IMAGE_PIXELS in all (lectern/limits.h):
 * LECTERN_ELIMIT with "NAME: WxH pixels, over the image limit ...", or
 * LECTERN_EMEDIA for a zero size. Call it before decoding. 0 when within the
 * limits or when the header gives no size (the decoder then decides). */
int lectern_media_image_check(const void *data, size_t len, const char *name, lectern_error *err);

#endif
