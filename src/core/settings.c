/* Learner settings (settings.json in the data dir): read with defaults and
 * clamping, written atomically. The player applies them (languages and
 * access, issue 10); nothing here knows about SDL. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lectern/settings.h"
#include "tmpfile.h"

void lectern_settings_defaults(lectern_settings *s)
{
    memset(s, 0, sizeof *s);
    s->text_scale = 100;
    s->captions = 1;
}

int lectern_settings_clamp_scale(int percent)
{
    return percent < LECTERN_TEXT_SCALE_MIN ? LECTERN_TEXT_SCALE_MIN :
           percent > LECTERN_TEXT_SCALE_MAX ? LECTERN_TEXT_SCALE_MAX : percent;
}

static int get_bool(const cJSON *o, const char *k, int dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsBool(v) ? cJSON_IsTrue(v) : dflt;
}

int lectern_settings_load(const char *data_dir, lectern_settings *s, lectern_error *err)
{
    lectern_settings_defaults(s);
    char path[4096];
    snprintf(path, sizeof path, "%s/settings.json", data_dir);
    FILE *f = fopen(path, "rb");
    if (!f)
        return errno == ENOENT ? 0 : lectern_error_set(err, LECTERN_EIO,
                                                        "%s: %s", path, strerror(errno));
    int rc = 0;
    char *buf = NULL;
    cJSON *j = NULL;
    if (fseek(f, 0, SEEK_END) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read", path);
        goto done;
    }
    long n = ftell(f);
    if (n < 0 || n > (1 << 20) || fseek(f, 0, SEEK_SET) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read (or larger than 1 MiB)", path);
        goto done;
    }
    buf = malloc((size_t)n + 1);
    if (!buf) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "%s: out of memory", path);
        goto done;
    }
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot read", path);
        goto done;
    }
    buf[n] = '\0';
    j = cJSON_Parse(buf);
    if (!cJSON_IsObject(j)) {
        rc = lectern_error_set(err, LECTERN_EJSON, "%s: not a JSON object; delete it to go "
                               "back to the default settings", path);
        goto done;
    }
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "ui_lang");
    if (cJSON_IsString(v) && strlen(v->valuestring) < sizeof s->ui_lang)
        snprintf(s->ui_lang, sizeof s->ui_lang, "%s", v->valuestring);
    v = cJSON_GetObjectItemCaseSensitive(j, "text_scale");
    if (cJSON_IsNumber(v))
        s->text_scale = lectern_settings_clamp_scale(   /* no (int) cast of 1e300: UB */
            v->valuedouble > 1e6 ? 1000000 : v->valuedouble < -1e6 ? -1000000 : (int)v->valuedouble);
    s->high_contrast = get_bool(j, "high_contrast", s->high_contrast);
    s->captions = get_bool(j, "captions", s->captions);
    s->reduced_motion = get_bool(j, "reduced_motion", s->reduced_motion);
done:
    if (rc < 0)
        lectern_settings_defaults(s);
    cJSON_Delete(j);
    free(buf);
    fclose(f);
    return rc;
}

int lectern_settings_save(const char *data_dir, const lectern_settings *s, lectern_error *err)
{
    char path[4096], tmp[4200];
    int rc = 0, fd = -1;
    char *text = NULL;
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return lectern_error_set(err, LECTERN_ENOMEM, "settings: out of memory");
    cJSON_AddStringToObject(j, "ui_lang", s->ui_lang);
    cJSON_AddBoolToObject(j, "high_contrast", s->high_contrast != 0);
    cJSON_AddNumberToObject(j, "text_scale", lectern_settings_clamp_scale(s->text_scale));
    cJSON_AddBoolToObject(j, "captions", s->captions != 0);
    cJSON_AddBoolToObject(j, "reduced_motion", s->reduced_motion != 0);
    text = cJSON_Print(j);
    if (!text) {
        rc = lectern_error_set(err, LECTERN_ENOMEM, "settings: out of memory");
        goto done;
    }
    if (mkdir(data_dir, 0700) < 0 && errno != EEXIST) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot create: %s", data_dir,
                               strerror(errno));
        goto done;
    }
    snprintf(path, sizeof path, "%s/settings.json", data_dir);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    if (fd < 0 || lectern_write_all(fd, text, len) < 0 || lectern_write_all(fd, "\n", 1) < 0 ||
        fsync(fd) != 0) {
        int e = errno;
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot write: %s%s", tmp, strerror(e), lectern_disk_hint(e));
        goto done;
    }
    close(fd);
    fd = -1;
    if (rename(tmp, path) != 0) {
        rc = lectern_error_set(err, LECTERN_EIO, "%s: cannot rename to %s: %s", tmp, path,
                               strerror(errno));
        goto done;
    }
done:
    if (fd >= 0) {
        close(fd);
        unlink(tmp);
    }
    cJSON_free(text);
    cJSON_Delete(j);
    return rc;
}
