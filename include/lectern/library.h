/* The library of installed courses and the store of trusted author keys
 * (courses/README.md, "Addenda and signatures").
 *
 *   <data_dir>/library/<course id>/state.json        what is installed (commit point)
 *   <data_dir>/library/<course id>/<version>.lectern the package to open: the
 *                      installed course, or the base with every addendum applied
 *   <data_dir>/library/<course id>/addenda/<version>.lectern  each installed addendum,
 *                      kept for the "What's new" list (lectern_addendum_read)
 *   <config_dir>/trusted-keys/<name>.pub             trusted author keys (PEM)
 *
 * Installing an addendum applies it at once (lectern_addendum_apply), so
 * opening a course is opening one package. Every install writes new files
 * under temporary names, then renames state.json: a refused or interrupted
 * install leaves the library as it was. One install at a time per library:
 * a second one (another process) waits (flock on <data_dir>).
 *
 *   lectern_install_policy pol = {.config_dir = cfg, .strict = 0};
 *   lectern_install_result res;
 *   if (lectern_library_install(data, "update.lectern", &pol, &res, &e) < 0) puts(e.msg);
 *   else if (res.trust != LECTERN_TRUST_TRUSTED) warn(lectern_trust_name(res.trust));
 */
#ifndef LECTERN_LIBRARY_H
#define LECTERN_LIBRARY_H

#include <stddef.h>

#include "lectern/error.h"

/* How far a package (or a layered course) can be trusted; higher is weaker. */
typedef enum {
    LECTERN_TRUST_TRUSTED = 0,      /* signed by a key in trusted-keys/ */
    LECTERN_TRUST_UNTRUSTED = 1,    /* signed (signature valid) by a key not trusted here */
    LECTERN_TRUST_UNSIGNED = 2      /* no lectern.sig */
} lectern_trust;

/* "trusted", "signed by an unknown key", "unsigned". Never NULL. */
const char *lectern_trust_name(lectern_trust t);

/* ---- trusted keys --------------------------------------------------- */

typedef struct lectern_trusted_key {
    char *name;                     /* file name without .pub */
    char *path;                     /* full path of the .pub file */
    char fingerprint[65];
} lectern_trusted_key;

/* Copies a PEM Ed25519 public key into <config_dir>/trusted-keys/<name>.pub
 * (name: the file's base name without .pub). Adding a key already trusted
 * is a no-op; a different key under the same name, or a private key, is
 * refused. out (may be NULL) describes the stored key; free with
 * lectern_trusted_key_clear. */
int lectern_trust_add(const char *config_dir, const char *pub_path, lectern_trusted_key *out,
                      lectern_error *err);
/* Every trusted key, sorted by name (files that are not keys are skipped
 * with a log warning). Caller frees with lectern_trusted_keys_free. */
int lectern_trust_list(const char *config_dir, lectern_trusted_key **keys, size_t *n,
                       lectern_error *err);
/* Removes a key by name or by fingerprint (at least 8 leading hex digits).
 * LECTERN_ENOTFOUND when nothing matches, LECTERN_EINVAL when a prefix
 * matches several keys. */
int lectern_trust_remove(const char *config_dir, const char *name_or_fpr, lectern_error *err);
void lectern_trusted_key_clear(lectern_trusted_key *k);
void lectern_trusted_keys_free(lectern_trusted_key *k, size_t n);

/* Checks a package's signature and classifies it against the trust store
 * (config_dir may be NULL: nothing is trusted). A signature that does not
 * verify is an error (LECTERN_ESIGNATURE), never a status. fpr (65 bytes,
 * may be NULL) gets the signer's fingerprint or "". */
int lectern_trust_check(const char *config_dir, const char *pkg_path, lectern_trust *status,
                        char fpr[65], lectern_error *err);

/* ---- library -------------------------------------------------------- */

typedef struct lectern_install_policy {
    const char *config_dir;         /* where trusted-keys/ lives; NULL: no trusted keys */
    int strict;                     /* 1: refuse anything not LECTERN_TRUST_TRUSTED */
} lectern_install_policy;

typedef struct lectern_install_result {
    int addendum;                   /* 1 when the file was an addendum */
    int already;                    /* 1 when exactly this package was installed already */
    lectern_trust trust;            /* of the file installed */
    char fingerprint[65];           /* its signer, or "" */
    char id[72];
    char version[64];               /* the course's version after the install */
} lectern_install_result;

/* Installs a course package or an addendum. The file is verified first
 * (structure, every SHA-256, the signature): a tampered file is refused
 * naming the entry. In strict mode an unsigned or untrusted file is
 * refused (LECTERN_ESIGNATURE); otherwise res->trust says what to warn
 * about. A course replaces an older installed version of the same id (an
 * older or different same-version package is refused). An addendum must
 * continue the installed chain: its base id, version and manifest SHA-256
 * must be the installed course's, else LECTERN_EINVAL / LECTERN_EHASH with
 * "expected X, found Y". On any refusal the library is unchanged.
 * policy and res may be NULL. */
int lectern_library_install(const char *data_dir, const char *file,
                            const lectern_install_policy *policy,
                            lectern_install_result *res, lectern_error *err);

/* One installed course, resolved to what the player opens. */
typedef struct lectern_library_course {
    char *id;
    char *version;                  /* current version */
    char *title;                    /* may be NULL */
    char *package;                  /* full path of the package to open */
    char *manifest_sha256;          /* of that package's lectern.json */
    char *base_version;             /* version of the course package installed first */
    char **addenda;                 /* full paths of the installed addenda, oldest first */
    size_t n_addenda;
    lectern_trust trust;            /* the weakest over the base and every addendum,
                                       against the trust store as it is now */
    char base_fingerprint[65];      /* signer of the base, or "" */
} lectern_library_course;

/* Resolves course_id: ENOTFOUND when it is not installed. config_dir as in
 * lectern_trust_check. Free with lectern_library_course_clear. */
int lectern_library_resolve(const char *data_dir, const char *config_dir, const char *course_id,
                            lectern_library_course *out, lectern_error *err);
/* Every installed course, sorted by id. Free with lectern_library_courses_free. */
int lectern_library_list(const char *data_dir, const char *config_dir,
                         lectern_library_course **out, size_t *n, lectern_error *err);
void lectern_library_course_clear(lectern_library_course *c);
void lectern_library_courses_free(lectern_library_course *c, size_t n);

#endif
