#!/usr/bin/env python3
"""Every message format core writes (lectern_error_set, check reports: the
keywords of po/meson.build but N_ and TR, which mark the player's words,
extracted with xgettext from po/POTFILES) has a
French and an Arabic translation that takes the same arguments in the same
order, or is knowingly left English (counted and printed). The formats of
what a trainee or trainer meets first (opening packages and folders, course
files, progress, library, settings, subtitles, signatures) and the
lectern-pack check words must all be translated. A translation keeps the
"FILE: " / "FILE:LINE:COL: " place at its start (the player strips it), and
French puts a no-break space before ; : ? ! (not a plain one).

usage: po_core.py SOURCE_ROOT"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = sys.argv[1]

# a trainee or trainer meets these first (the brief of the translation work)
MUST = re.compile(r'^(src/core/(reader|reader_zip|package_verify|course|course_fields|course_items'
                  r'|course_priv|text|json|plan|quiz_parse|progress_\w+|session\w*|library\w*'
                  r'|settings|subtitle|sign|manifest)\.[ch]|tools/pack/cmd_check\.c)$')


def parse_po(path):
    """[{id, plural, strs: [..], refs: [..], flags}] (obsolete entries skipped)"""
    out, cur, key = [], None, None

    def flush():
        nonlocal cur
        if cur and cur.get('id') is not None:
            out.append(cur)
        cur = None

    with open(path, encoding='utf-8') as f:
        for ln in f.read().split('\n') + ['']:
            s = ln.strip()
            if not s:
                flush()
                key = None
                continue
            if s.startswith('#~'):
                continue
            if cur is None or (s.startswith('#') and cur.get('id') is not None):
                flush()
                cur = {'id': None, 'plural': None, 'strs': {}, 'refs': [], 'flags': ''}
            if s.startswith('#:'):
                cur['refs'] += [r.rsplit(':', 1)[0] for r in s[2:].split()]
            elif s.startswith('#,'):
                cur['flags'] += s[2:]
            elif s.startswith('#'):
                pass
            elif s.startswith('msgid_plural '):
                cur['plural'] = eval(s[13:])
                key = ('plural',)
            elif s.startswith('msgid '):
                cur['id'] = eval(s[6:])
                key = ('id',)
            elif s.startswith('msgstr['):
                n = int(s[7:s.index(']')])
                cur['strs'][n] = eval(s[s.index(']') + 2:])
                key = ('strs', n)
            elif s.startswith('msgstr '):
                cur['strs'][0] = eval(s[7:])
                key = ('strs', 0)
            elif s.startswith('"') and key:
                if key[0] == 'strs':
                    cur['strs'][key[1]] += eval(s)
                else:
                    cur[key[0]] += eval(s)
    return out


CONV = re.compile(r'%(?:%|([-+ #0\'I]*)(\*|\d+\$|\d*)(?:\.(\*|\d*))?([hljztLq]*)([diouxXeEfFgGaAcspn]))')


def signature(f):
    """What a printf format consumes, or None for positional or %n."""
    sig = []
    for m in CONV.finditer(f):
        if m.group(0) == '%%':
            continue
        flags, width, prec, length, conv = m.groups()
        if width.endswith('$') or conv == 'n':
            return None
        if width == '*':
            sig.append('i')
        if prec == '*':
            sig.append('i')
        c = 'd' if conv in 'iouxX' else 'f' if conv in 'eEfFgGaA' else conv
        sig.append(length + c)
    return sig


PLACE = re.compile(r'^(%s(:%d:%d)?: )')


def main():
    with open(os.path.join(ROOT, 'po', 'meson.build')) as f:
        mb = f.read()
    # core's keywords only (not the player's N_ and TR words)
    args = ['-k'] + [a for a in re.findall(r"'(--(?:keyword|flag)=[^']+)'", mb)
                     if not a.startswith(('--keyword=N_', '--keyword=TR'))]
    for name, arg in re.findall(r"\['(\w+)', '(\d)'\]", mb):
        args += ['--keyword=%s:%s' % (name, arg), '--flag=%s:%s:c-format' % (name, arg)]
    assert any(a.startswith('--keyword=lectern_error_set:3') for a in args), args
    with open(os.path.join(ROOT, 'po', 'POTFILES')) as f:
        files = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    tmp = tempfile.mkdtemp(prefix='lectern-po-core-')
    pot = os.path.join(tmp, 'lectern.pot')
    try:
        subprocess.run(['xgettext', '--from-code=UTF-8', '-o', pot, '-D', ROOT] + args + files,
                       check=True)
        entries = parse_po(pot)
    finally:
        if os.path.exists(pot):
            os.unlink(pot)
        os.rmdir(tmp)
    core = [e for e in entries if e['id']]
    wordy = [e for e in core if re.search('[A-Za-z]{2}', e['id'])]
    print('core formats extracted: %d (%d with words, %d only places and punctuation such as "%%s: %%s")'
          % (len(core), len(wordy), len(core) - len(wordy)))
    failures = []
    for lang in ('fr', 'ar'):
        po = os.path.join(ROOT, 'po', lang + '.po')
        r = subprocess.run(['msgfmt', '-c', '-o', '/dev/null', po], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append('%s: msgfmt -c: %s' % (lang, r.stderr))
        tr = {e['id']: e for e in parse_po(po) if e['id']}
        done, english, must_missing = 0, [], []
        for e in wordy:
            t = tr.get(e['id'])
            strs = [s for _, s in sorted(t['strs'].items())] if t else []
            if not strs or not all(strs):
                english.append(e)
                if any(MUST.match(r) for r in e['refs']):
                    must_missing.append(e['id'])
                continue
            done += 1
            want = signature(e['id'])
            for s in strs:
                got = signature(s)
                ok = got == want or (e['plural'] and got == [])
                if not ok:
                    failures.append('%s: %r -> %r takes other arguments (%s, not %s)' %
                                    (lang, e['id'], s, got, want))
                m = PLACE.match(e['id'])
                if m and not s.startswith(m.group(1)):
                    failures.append('%s: %r -> %r: keep the place %r at the start' %
                                    (lang, e['id'], s, m.group(1)))
                if lang == 'fr' and not e['plural'] and re.search(r' [;:?!]', s):
                    failures.append('fr: %r: a no-break space (U+00A0) goes before ; : ? !' % s)
        print('%s: %d of %d core formats translated, %d knowingly left English'
              % (lang, done, len(wordy), len(english)))
        for e in english:
            print('  %s English: %s  (%s)' % (lang, e['id'], e['refs'][0] if e['refs'] else '?'))
        for m in must_missing:
            failures.append('%s: not translated, but a trainee or author meets it: %r' % (lang, m))
    for f in failures:
        print('FAIL', f)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
