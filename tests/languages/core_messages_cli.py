#!/usr/bin/env python3
"""Broken and tampered courses in the user's language, through the real
catalogues: the player with --ui-lang fr / ar (and the UI language from
LANGUAGE) says why a package does not open in French / Arabic; lectern-pack
check follows LANGUAGE (fr, ar) and stays English under the C locale and
with --json.

usage: core_messages_cli.py LECTERN LECTERN_PACK SOURCE_ROOT"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

LECTERN, PACK, ROOT = sys.argv[1:4]
failures = []


def ok(cond, what, detail=''):
    print('%s - %s' % ('ok' if cond else 'not ok', what))
    if not cond:
        failures.append(what)
        if detail:
            print('  ' + detail.replace('\n', '\n  '))


def env(**kw):
    e = dict(os.environ)
    for k in ('LANGUAGE', 'LC_ALL', 'LC_MESSAGES', 'LANG'):
        e.pop(k, None)
    e['LANG'] = 'C.UTF-8'
    e['SDL_VIDEODRIVER'] = 'dummy'
    e.update(kw)
    return e


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, env=env(**kw), timeout=120)


def player(path, data, *opts, **kw):
    return run([LECTERN, '--data-dir', data, '--script', os.devnull] + list(opts) + [path], **kw)


def main():
    tmp = tempfile.mkdtemp(prefix='lectern-coremsg-')
    try:
        data = os.path.join(tmp, 'data')
        src = os.path.join(tmp, 'course')
        shutil.copytree(os.path.join(ROOT, 'courses', 'trafficking-basics'), src,
                        ignore=shutil.ignore_patterns('media-src'))
        pkg = os.path.join(tmp, 'good.lectern')
        r = run([PACK, 'build', src, '-o', pkg])
        ok(r.returncode == 0, 'the sample course builds', r.stderr)

        # a package whose manifest lost a bit on the way: CRC check fails
        b = bytearray(open(pkg, 'rb').read())
        i = b.find(b'"sha256"', 0, 20000)
        b[i + 14] ^= 1
        bad = os.path.join(tmp, 'Module 1 (copie).lectern')
        open(bad, 'wb').write(bytes(b))
        r = player(bad, data, '--ui-lang', 'fr')
        # French puts a no-break space inside « » and before : ;
        ok(r.returncode == 1 and "entrée «\u00a0lectern.json\u00a0»\u00a0: échec du contrôle CRC (le paquet "
           "est endommagé\u00a0; procurez-vous une nouvelle copie)" in r.stderr,
           'player --ui-lang fr: a damaged package in French', r.stderr)
        r = player(bad, data, '--ui-lang', 'ar')
        ok(r.returncode == 1 and 'المدخل «\u200electern.json\u200e»: فشل فحص CRC (الحزمة تالفة؛ احصل على '
           'نسخة جديدة)' in r.stderr, 'player --ui-lang ar: a damaged package in Arabic', r.stderr)
        r = player(bad, data, LANGUAGE='fr')
        ok(r.returncode == 1 and 'échec du contrôle CRC' in r.stderr,
           'player with LANGUAGE=fr: the UI language from the locale', r.stderr)
        r = player(bad, data)
        ok(r.returncode == 1 and "entry 'lectern.json': CRC check failed (the package is damaged; "
           "get a new copy)" in r.stderr, 'player under the C locale: English', r.stderr)

        # a course folder whose course.json says a version that is not one
        cj = os.path.join(src, 'course.json')
        c = json.load(open(cj, encoding='utf-8'))
        c['version'] = '1.x'
        c['colour'] = 'red'
        json.dump(c, open(cj, 'w', encoding='utf-8'), ensure_ascii=False)
        r = player(src, data, '--ui-lang', 'ar')
        ok(r.returncode == 1 and 'course.json: version: \u200f"\u200e1.x\u200e" ليس رقم إصدار؛' in r.stderr,
           'player --ui-lang ar: a broken course folder in Arabic', r.stderr)

        r = run([PACK, 'check', src], LANGUAGE='fr')
        want = ['erreur: course.json: version: "1.x" n\'est pas une version\u00a0; écrivez',
                'avertissement: course.json: colour: champ inconnu "colour"\u00a0; il est ignoré',
                '1 erreur, 1 avertissement']
        ok(r.returncode == 1 and all(w in r.stdout for w in want),
           'lectern-pack check under LANGUAGE=fr: French', r.stdout + r.stderr)
        r = run([PACK, 'check', src], LANGUAGE='ar', LANG='ar_EG.UTF-8')
        want = ['خطأ: course.json: version: \u200f"\u200e1.x\u200e" ليس رقم إصدار؛', 'خطأ واحد، تحذير واحد']
        ok(r.returncode == 1 and all(w in r.stdout for w in want),
           'lectern-pack check under LANGUAGE=ar: Arabic', r.stdout + r.stderr)
        r = run([PACK, 'check', src])
        want = ['error: course.json: version: "1.x" is not a version; write MAJOR.MINOR.PATCH',
                'warning: course.json: colour: unknown field "colour"', '1 error, 1 warning']
        ok(r.returncode == 1 and all(w in r.stdout for w in want),
           'lectern-pack check under the C locale: English', r.stdout + r.stderr)
        r = run([PACK, 'check', '--json', src], LANGUAGE='fr')
        msgs = [p['message'] for p in json.loads(r.stdout)['problems']]
        ok(any(m.startswith('"1.x" is not a version; write MAJOR.MINOR.PATCH') for m in msgs),
           'lectern-pack check --json stays English under LANGUAGE=fr', r.stdout)
        r = run([PACK, 'check', bad], LANGUAGE='fr')
        ok(r.returncode == 1 and 'échec du contrôle CRC' in r.stdout and '1 erreur, 0 avertissement'
           in r.stdout, 'lectern-pack check of a damaged package in French', r.stdout + r.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print('%d failed' % len(failures))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
