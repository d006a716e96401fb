/* lectern-pack in the locale's language (pack_i18n.c). */
#ifndef LECTERN_PACK_I18N_H
#define LECTERN_PACK_I18N_H

/* Binds the "lectern" catalogues (the build tree's when run from there),
 * follows the locale's LC_MESSAGES and installs core's message hook. */
void pack_i18n_init(void);
/* Removes the hook again: English from here on (--json output). */
void pack_i18n_english(void);
/* msgid (an English printf format of lectern-pack, keyword pack_tr) in the
 * locale's language when the hook is on; never NULL. */
const char *pack_tr(const char *msgid) __attribute__((format_arg(1)));
/* The plural form of one/many for n in the locale's language (keyword
 * pack_ntr:1,2). */
const char *pack_ntr(const char *one, const char *many, unsigned long n)
    __attribute__((format_arg(1))) __attribute__((format_arg(2)));

#endif
