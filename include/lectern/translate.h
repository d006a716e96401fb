/* A message catalogue hook for the sentences core says (budget reasons,
 * re-planning suggestions): core passes each English printf format (its
 * msgid, marked N_ or NN_ in a file of po/POTFILES) through the hook and
 * formats what it returns, which must take the same arguments in the same
 * order. A counted phrase ("%lld min", "%zu segments kept") comes with its
 * English plural and the count n (msgid_plural not NULL): the hook answers
 * with the form of n in its language (gettext's ngettext; Arabic has six).
 * For a plain word msgid_plural is NULL and n is 0. The player and
 * lectern-pack answer with gettext; NULL (or a hook that returns NULL)
 * keeps the English (msgid when n is 1, else msgid_plural). Core itself
 * never calls gettext.
 *
 *   static const char *fr(const char *id, const char *plural, unsigned long n, void *user)
 *   { return plural ? dngettext("lectern", id, plural, n) : dgettext("lectern", id); }
 *   lectern_budget_reason_text(&bp, c, i, "fr", fr, NULL, buf, sizeof buf);
 */
#ifndef LECTERN_TRANSLATE_H
#define LECTERN_TRANSLATE_H

typedef const char *(*lectern_translate)(const char *msgid, const char *msgid_plural, unsigned long n,
                                         void *user);

/* The translation of msgid (msgid_plural NULL) or of the counted phrase
 * msgid / msgid_plural for n through tr; the English when tr is NULL or
 * answers NULL or "". Never NULL. */
static inline const char *lectern_translate_say(lectern_translate tr, void *user, const char *msgid,
                                                const char *msgid_plural, unsigned long n)
{
    const char *t = tr ? tr(msgid, msgid_plural, n, user) : 0;
    if (t && *t)
        return t;
    return msgid_plural && n != 1 ? msgid_plural : msgid;
}

#endif
