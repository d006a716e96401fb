/* lectern-pack keygen and verify: Ed25519 author keys, and package checks
 * that include the signature (lectern.sig over lectern.json). Exit codes:
 * 0 ok, 1 refused, 2 usage. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "lectern/package.h"
#include "lectern/sign.h"

int cmd_keygen(int argc, char **argv)
{
    if (argc != 2 || argv[1][0] == '-')
        return pack_usage_hint("keygen needs a NAME (writes NAME.key and NAME.pub)");
    char fpr[65];
    lectern_error e = {0};
    if (lectern_sign_keygen(argv[1], fpr, &e) < 0)
        return pack_fail(&e);
    printf("%s.key: private key (keep it secret; mode 0600)\n%s.pub: public key (give it to trainers)\n"
           "fingerprint: %s\n", argv[1], argv[1], fpr);
    return 0;
}

int cmd_verify(int argc, char **argv)
{
    const char *pkg = NULL, *key = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--key")) {
            if (++i >= argc)
                return pack_usage_hint("verify: --key needs a public key file (NAME.pub)");
            key = argv[i];
        } else if (argv[i][0] == '-' || pkg) {
            return pack_usage_hint("verify takes PKG [--key K.pub]");
        } else {
            pkg = argv[i];
        }
    }
    if (!pkg)
        return pack_usage_hint("verify needs one package");
    lectern_error e = {0};
    lectern_verify_report rep;
    lectern_sig_info si;
    /* structure and every hash, then the signature over the manifest that lists them */
    if (lectern_package_verify(pkg, &rep, &e) < 0)
        return pack_fail(&e);
    if (lectern_sign_check_package(pkg, key, &si, &e) < 0)
        return pack_fail(&e);
    printf("%s: ok: %zu files, %llu bytes, every SHA-256 matches; ", pkg, rep.n_files,
           (unsigned long long)rep.bytes);
    if (si.signed_)
        printf("signed by %s%s\n", si.fingerprint, key ? " (the key given with --key)" : "");
    else
        printf("not signed\n");
    return 0;
}
