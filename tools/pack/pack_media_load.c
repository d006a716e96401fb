/* lectern-pack side of lectern-pack-media.so: finds and loads the module on
 * first use (dlopen), so only check and build pay for SDL, SDL_image,
 * SDL_ttf and the player's layout code; ls, info, verify start without them. */
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pack_media.h"

#ifndef PACK_MEDIA_LIBDIR_REL
#define PACK_MEDIA_LIBDIR_REL "../lib/lectern"
#endif
#ifndef PACK_MEDIA_LIBDIR
#define PACK_MEDIA_LIBDIR "/usr/local/lib/lectern"
#endif

static const pack_media_api *loaded;

static const pack_media_api *try_load(const char *path, char *why, size_t why_size)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *e = dlerror();
        size_t used = strlen(why);
        snprintf(why + used, why_size - used, "%s%s", used ? "; " : "", e ? e : path);
        return NULL;
    }
    const pack_media_api *(*get)(void);
    *(void **)&get = dlsym(h, PACK_MEDIA_SYMBOL);
    const pack_media_api *api = get ? get() : NULL;
    if (!api || api->abi != PACK_MEDIA_ABI) {
        size_t used = strlen(why);
        snprintf(why + used, why_size - used, "%s%s: not a lectern-pack module of this version",
                 used ? "; " : "", path);
        dlclose(h);
        return NULL;
    }
    return api;   /* stays loaded until exit */
}

/* See pack_media.h. */
const pack_media_api *pack_media_get(lectern_error *err)
{
    if (loaded)
        return loaded;
    char exe[PATH_MAX], path[PATH_MAX + 64], why[LECTERN_ERROR_MSG_MAX / 2] = "";
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            /* the build tree: next to the executable */
            snprintf(path, sizeof path, "%s/%s", exe, PACK_MEDIA_MODULE);
            if (access(path, F_OK) == 0 && (loaded = try_load(path, why, sizeof why)))
                return loaded;
            /* installed, also under a DESTDIR or a moved prefix */
            snprintf(path, sizeof path, "%s/%s/%s", exe, PACK_MEDIA_LIBDIR_REL, PACK_MEDIA_MODULE);
            if (access(path, F_OK) == 0 && (loaded = try_load(path, why, sizeof why)))
                return loaded;
        }
    }
    snprintf(path, sizeof path, "%s/%s", PACK_MEDIA_LIBDIR, PACK_MEDIA_MODULE);
    if ((loaded = try_load(path, why, sizeof why)))
        return loaded;
    lectern_error_set(err, LECTERN_EIO,
                      "cannot load %s, which check needs to decode images and measure text (%s); "
                      "reinstall Lectern or rebuild it with tools/build", PACK_MEDIA_MODULE, why);
    return NULL;
}
