#!/usr/bin/env python3
"""Valgrind memcheck of the headless player over the whole sample course.

A `lectern --script` walks every item of courses/trafficking-basics in
order (start screen, then each slide rendered and read back, each exercise
answered with keys 1, 2 and submitted, each video played through libvlc for
12 s of real time, then the progress summary), then quits. How much of each
video libvlc decoded under memcheck (slow, and slower on a loaded machine) is
read back from the progress store and printed, not asserted. Under memcheck it must
report no invalid access, no use of uninitialised values and no definitely
lost block (suppressions: tests/hostile/valgrind.supp, library noise only).

Skipped (exit 77) in a sanitizer build (ASan and valgrind do not mix) and
when valgrind is not installed.

usage: valgrind.py LECTERN SOURCE_ROOT
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

PLAYER, SRC = (os.path.abspath(a) for a in sys.argv[1:3])
COURSE = os.path.join(SRC, "courses", "trafficking-basics")
SUPP = os.path.join(SRC, "tests", "hostile", "valgrind.supp")


def main():
    with open(PLAYER, "rb") as f:
        if b"__asan_init" in f.read():
            print("skip: sanitizer build (valgrind runs in the normal build)")
            sys.exit(77)
    valgrind = shutil.which("valgrind")
    if not valgrind:
        print("skip: valgrind is not installed (tools/packages.txt lists it)")
        sys.exit(77)
    course = json.load(open(os.path.join(COURSE, "course.json")))
    lines = ["cmd start"]
    items = videos = exercises = 0
    for m in course["modules"]:
        for it in json.load(open(os.path.join(COURSE, "modules", m + ".json")))["items"]:
            items += 1
            # `expect pixel` with full tolerance: renders the frame and reads it back
            lines += [f"goto {it['id']}", "expect item " + it["id"], "expect pixel 0 0 #000000 255"]
            if it["type"] == "exercise":
                exercises += 1
                lines += ["key 1", "key 2", "key Return", "expect pixel 0 0 #000000 255"]
            elif it["type"] == "video":
                # real time: under memcheck libvlc needs seconds for its first frames
                videos += 1
                lines += ["key Space", "play-wait 12000", "key Space", "expect pixel 0 0 #000000 255"]
    lines += ["summary", "expect progress-screen summary", "expect pixel 0 0 #000000 255", "key Escape",
              f"echo walked {items} items"]
    work = tempfile.mkdtemp(prefix="lectern-valgrind-")
    try:
        script = os.path.join(work, "walk.txt")
        open(script, "w").write("\n".join(lines) + "\n")
        log = os.path.join(work, "memcheck.log")
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work, XDG_CACHE_HOME=work)
        argv = [valgrind, "--error-exitcode=99", "--leak-check=full", "--show-leak-kinds=definite",
                "--errors-for-leak-kinds=definite", "--num-callers=30", f"--suppressions={SUPP}",
                f"--log-file={log}", PLAYER, "--data-dir", os.path.join(work, "data"),
                "--profile", "Memcheck", "--size", "640x360", "--script", script, COURSE]
        r = subprocess.run(argv, capture_output=True, text=True, errors="replace", env=env, timeout=1200)
        report = open(log, errors="replace").read()
        summary = re.search(r"ERROR SUMMARY: (\d+) errors", report)
        lost = re.search(r"definitely lost: ([\d,]+) bytes", report)
        problems = []
        if r.returncode != 0:
            problems.append(f"exit {r.returncode}")
        if f"walked {items} items" not in r.stdout:
            problems.append("the script did not reach its end")
        if not summary or summary.group(1) != "0":
            problems.append(f"memcheck: {summary.group(0) if summary else 'no summary'}")
        if lost and lost.group(1) != "0":
            problems.append(f"definitely lost: {lost.group(1)} bytes")
        if problems:
            print("FAIL " + "; ".join(problems))
            print(r.stderr[-3000:])
            print(report[-20000:])
            sys.exit(1)
        print(f"ok - memcheck over {items} items ({exercises} exercises answered, {videos} videos "
              f"played): 0 errors, 0 bytes definitely lost")
        db = sqlite3.connect(os.path.join(work, "data", "progress.sqlite"))
        for item, payload in db.execute("SELECT item_id, payload FROM event WHERE kind = 'video_range'"):
            r = json.loads(payload)
            print(f"  {item}: played {r['from_ms']}-{r['to_ms']} ms of {r['duration_ms']} ms under memcheck")
        db.close()
        print("\n".join(l for l in report.splitlines() if "suppressed" in l or "in use at exit" in l))
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
