/* Ed25519 author keys and package signatures (OpenSSL EVP). A package's
 * signature is the entry `lectern.sig` (the last entry), a small JSON text:
 *
 *   {"algorithm": "ed25519", "key": "<fingerprint>",
 *    "public_key": "<base64 of the 32-byte key>", "signature": "<base64 of 64 bytes>"}
 *
 * over the exact bytes of the package's lectern.json entry. The fingerprint
 * is the SHA-256 of the raw 32-byte public key in lowercase hex. Content is
 * covered because the signed lectern.json lists every file's SHA-256.
 *
 *   char fpr[65];
 *   lectern_sign_keygen("author", fpr, &e);      -> author.key, author.pub
 *   lectern_sign_check_package("c.lectern", "author.pub", &info, &e);
 */
#ifndef LECTERN_SIGN_H
#define LECTERN_SIGN_H

#include <stddef.h>
#include "lectern/error.h"

#define LECTERN_FPR_LEN 64      /* hex digits in a fingerprint */

/* Creates NAME.key (PEM PKCS#8 Ed25519 private key, mode 0600) and NAME.pub
 * (PEM SubjectPublicKeyInfo). Refuses (LECTERN_EINVAL) to overwrite either
 * file. fpr (65 bytes, may be NULL) receives the fingerprint. */
int lectern_sign_keygen(const char *name, char fpr[65], lectern_error *err);

/* Fingerprint of a PEM Ed25519 public (or private) key file. Fails with
 * LECTERN_ESIGNATURE when the file is not an Ed25519 key. */
int lectern_sign_key_fingerprint(const char *key_path, char fpr[65], lectern_error *err);

/* Signs `len` bytes with the private key in key_path and returns the text
 * of lectern.sig in *sig_text (caller frees). Deterministic (Ed25519). */
int lectern_sign_make(const char *key_path, const void *data, size_t len, char **sig_text,
                      lectern_error *err);

/* Checks sig_text (the content of lectern.sig) over data. When pub_path is
 * not NULL the signature must also come from that key. fpr (may be NULL)
 * receives the signer's fingerprint. LECTERN_ESIGNATURE on any mismatch. */
int lectern_sign_check(const char *sig_text, size_t sig_len, const void *data, size_t len,
                       const char *pub_path, char fpr[65], lectern_error *err);

typedef struct lectern_sig_info {
    int signed_;                /* 1 when the package holds lectern.sig */
    char fingerprint[65];       /* signer, "" when unsigned */
} lectern_sig_info;

/* Reads lectern.json and lectern.sig from a package and checks the
 * signature. An unsigned package returns 0 with info->signed_ = 0, unless
 * pub_path is given (then LECTERN_ESIGNATURE: "not signed"). A signature
 * that does not match lectern.json, or another key than pub_path, is
 * LECTERN_ESIGNATURE with a message naming lectern.sig. This does not hash
 * the content: lectern_package_verify does. */
int lectern_sign_check_package(const char *pkg_path, const char *pub_path,
                               lectern_sig_info *info, lectern_error *err);

#endif
