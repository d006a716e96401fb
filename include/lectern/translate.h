/* A message catalogue hook for the sentences core says (budget reasons,
 * re-planning suggestions): core passes each English printf format (its
 * msgid, marked N_ in a file of po/POTFILES) through the hook and formats
 * what it returns, which must take the same arguments in the same order.
 * The player and lectern-pack answer with gettext; NULL (or a hook that
 * returns NULL) keeps the English. Core itself never calls gettext.
 *
 *   static const char *fr(const char *msgid, void *user) { return dgettext("lectern", msgid); }
 *   lectern_budget_reason_text(&bp, c, i, "fr", fr, NULL, buf, sizeof buf);
 */
#ifndef LECTERN_TRANSLATE_H
#define LECTERN_TRANSLATE_H

typedef const char *(*lectern_translate)(const char *msgid, void *user);

#endif
