#!/usr/bin/env python3
"""The sample course's packages that meson builds (courses/meson.build):
1.0 and 1.1 pass check with no errors and no warnings, all three verify, the
addendum applied to 1.0 gives the 1.1 package byte for byte, and
tools/make-addendum run again from the sources gives the same bytes
(reproducible builds).
usage: sample_packages.py LECTERN_PACK SOURCE_ROOT PKG_1.0 PKG_1.1 PKG_ADDENDUM"""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

PACK, ROOT, BASE, NEW, ADD = sys.argv[1:6]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def main():
    for pkg in (BASE, NEW):
        p = run(PACK, "check", pkg)
        check(p.returncode == 0 and p.stdout.strip().endswith("0 errors, 0 warnings"),
              f"{os.path.basename(pkg)}: check reports 0 errors, 0 warnings", p.stdout + p.stderr)
    for pkg in (BASE, NEW, ADD):
        p = run(PACK, "verify", pkg)
        check(p.returncode == 0, f"{os.path.basename(pkg)}: verifies", p.stdout + p.stderr)
    t = tempfile.mkdtemp(prefix="lectern-sample-")
    try:
        out = os.path.join(t, "applied.lectern")
        p = run(PACK, "apply", BASE, ADD, "-o", out)
        check(p.returncode == 0 and open(out, "rb").read() == open(NEW, "rb").read(),
              "1.0 + the addendum gives the 1.1 package byte for byte", p.stdout + p.stderr)
        again = os.path.join(t, "again")
        p = run(sys.executable, os.path.join(ROOT, "tools", "make-addendum"), "-o", again,
                "--pack", PACK)
        check(p.returncode == 0, "tools/make-addendum runs", p.stdout + p.stderr)
        for pkg in (BASE, NEW, ADD):
            mine = os.path.join(again, os.path.basename(pkg))
            same = os.path.exists(mine) and open(mine, "rb").read() == open(pkg, "rb").read()
            check(same, f"{os.path.basename(pkg)}: the same bytes when built again")
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
