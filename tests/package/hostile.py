#!/usr/bin/env python3
"""Randomly damaged packages against `lectern-pack verify` and `extract`:
byte flips, cuts and splices of a valid package may be accepted or refused,
but never crash or write outside the target. The named hostile archives
(hostile_archives.py) run through every tool in tests/hostile/corpus.py.

usage: hostile.py LECTERN_PACK
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile_archives import package  # noqa: E402

PACK = sys.argv[1]
failures = []
count = 0


def run(*args):
    r = subprocess.run([PACK, *args], capture_output=True, text=True, errors="replace", timeout=120)
    if "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
        failures.append(f"sanitizer report for {args}: {r.stderr[:2000]}")
    return r


def random_damage(rounds=100):
    """Random byte flips, cuts and splices of a valid package (fixed seed):
    verify and extract may accept or refuse, but never crash or write
    outside the target."""
    global count
    rnd = random.Random(20261128)
    work = tempfile.mkdtemp(prefix="lectern-fuzz-")
    try:
        good = os.path.join(work, "good.lectern")
        package(good)
        base = open(good, "rb").read()
        bad = []
        for k in range(rounds):
            data = bytearray(base)
            how = rnd.randrange(3)
            if how == 0:
                for _ in range(rnd.randint(1, 8)):
                    data[rnd.randrange(len(data))] = rnd.randrange(256)
            elif how == 1:
                data = data[: rnd.randrange(len(data))]
            else:
                a = rnd.randrange(len(data))
                b = rnd.randrange(a, len(data))
                data = data[:a] + data[b:] + data[a:b]
            p = os.path.join(work, "x.lectern")
            open(p, "wb").write(bytes(data))
            r = run("verify", p)
            target = os.path.join(work, "parent", "t")
            r2 = run("extract", p, target)
            stray = [n for n in os.listdir(work) if n not in ("good.lectern", "x.lectern", "parent")]
            if r.returncode not in (0, 1) or r2.returncode not in (0, 1) or stray:
                bad.append(f"round {k}: verify {r.returncode}, extract {r2.returncode}, stray {stray}")
            shutil.rmtree(os.path.join(work, "parent"), ignore_errors=True)
        count += 1
        if bad:
            failures.append("random damage: " + "; ".join(bad[:5]))
            print(f"not ok {count} - random damage")
        else:
            print(f"ok {count} - random damage: {rounds} damaged packages, no crash")
    finally:
        shutil.rmtree(work, ignore_errors=True)


random_damage()

print(f"1..{count}")
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print(f"{count} damaged-package rounds passed")
