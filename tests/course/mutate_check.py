#!/usr/bin/env python3
"""Robustness: lectern-pack check on hundreds of randomly damaged copies of
the rich fixture (values of the wrong type, fields removed or added, huge,
empty, unsafe or NUL-bearing strings). Every run must end with exit 0 or 1
and a summary line: never a crash, a hang or a sanitizer report. The seed
is fixed, so failures reproduce. Usage: mutate_check.py LECTERN_PACK SOURCE_ROOT [N]"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

PACK, ROOT = sys.argv[1], sys.argv[2]
N = int(sys.argv[3]) if len(sys.argv) > 3 else 150
SRC = os.path.join(ROOT, "tests", "data", "courses", "rich")
FILES = ["course.json", "modules/m1-basics.json", "modules/m2-media.json",
         "plans/talk-1h.json", "plans/day.json"]
VALUES = [None, 0, -1, 1e300, 2.5, "", "x", [], {}, [1], {"a": 1}, True, False,
          "media/../x", "/etc/passwd", "#zzz", "\u0000", "a\\b", {"text": {}}, [[[]]],
          {"sub": [1]}, {"en": 5}, {"xx-Latn-ZZ": "t"}, "m1-title", "a" * 70000]

rng = random.Random(20261128)


def mutate(o):
    if isinstance(o, dict) and o:
        k = rng.choice(list(o))
        r = rng.random()
        if r < 0.3:
            o[k] = rng.choice(VALUES)
        elif r < 0.4:
            del o[k]
        elif r < 0.5:
            o[k + "x"] = rng.choice(VALUES)
        else:
            mutate(o[k])
    elif isinstance(o, list) and o:
        i = rng.randrange(len(o))
        r = rng.random()
        if r < 0.3:
            o[i] = rng.choice(VALUES)
        elif r < 0.4:
            o.append(rng.choice(VALUES))
        elif r < 0.45:
            o.insert(0, o[i])      # duplicates (ids, segments)
        else:
            mutate(o[i])


tmp = tempfile.mkdtemp(prefix="lectern-mutate-")
bad = 0
try:
    for it in range(N):
        d = os.path.join(tmp, "c")
        shutil.rmtree(d, ignore_errors=True)
        shutil.copytree(SRC, d)
        for _ in range(rng.randint(1, 4)):
            f = os.path.join(d, rng.choice(FILES))
            with open(f, encoding="utf-8") as fh:
                o = json.load(fh)
            mutate(o)
            with open(f, "w", encoding="utf-8") as fh:
                json.dump(o, fh)
        if rng.random() < 0.1:       # and sometimes a cut-off file
            f = os.path.join(d, rng.choice(FILES))
            with open(f, "rb") as fh:
                data = fh.read()
            with open(f, "wb") as fh:
                fh.write(data[: rng.randrange(len(data))])
        p = subprocess.run([PACK, "check", d], capture_output=True, text=True, timeout=60)
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
        if p.returncode not in (0, 1) or "Sanitizer" in p.stderr or "runtime error" in p.stderr \
                or not last.endswith(("warning", "warnings")):
            bad += 1
            keep = os.path.join(tempfile.gettempdir(), f"lectern-mutate-fail-{it}")
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(d, keep)
            print(f"not ok {it}: exit {p.returncode}, kept in {keep}\n{p.stderr[:2000]}")
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(f"{N - bad} of {N} damaged courses handled")
sys.exit(1 if bad else 0)
