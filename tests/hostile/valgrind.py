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
Then `lectern --export-slides` of the same course runs under memcheck: one
PNG per item (videos from their poster frame), with the same three checks.

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
    failed = False
    try:
        script = os.path.join(work, "walk.txt")
        open(script, "w").write("\n".join(lines) + "\n")
        env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
                   HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work, XDG_CACHE_HOME=work)
        r, report, problems = memcheck(valgrind, work, "walk", env,
                                       ["--data-dir", os.path.join(work, "data"), "--profile", "Memcheck",
                                        "--size", "640x360", "--script", script, COURSE])
        if f"walked {items} items" not in r.stdout:
            problems.append("the script did not reach its end")
        if problems:
            failed = True
            report_failure("script walk", r, report, problems)
        else:
            print(f"ok - memcheck over {items} items ({exercises} exercises answered, {videos} videos "
                  f"played): 0 errors, 0 bytes definitely lost")
            db = sqlite3.connect(os.path.join(work, "data", "progress.sqlite"))
            for item, payload in db.execute("SELECT item_id, payload FROM event WHERE kind = 'video_range'"):
                rg = json.loads(payload)
                print(f"  {item}: played {rg['from_ms']}-{rg['to_ms']} ms of {rg['duration_ms']} ms under memcheck")
            db.close()
            print("\n".join(l for l in report.splitlines() if "suppressed" in l or "in use at exit" in l))

        # --export-slides: every item rendered to a PNG, videos as their poster
        # frame (libvlc seeks and decodes one frame; under memcheck that takes
        # far longer than the player's 10 s, hence the longer wait)
        out = os.path.join(work, "slides")
        xenv = dict(env, LECTERN_EXPORT_FRAME_TIMEOUT_MS="180000")
        r, report, problems = memcheck(valgrind, work, "export", xenv,
                                       ["--data-dir", os.path.join(work, "xdata"), "--export-slides", out,
                                        "--size", "640x360", COURSE])
        pngs = sorted(n for n in os.listdir(out) if n.endswith(".png")) if os.path.isdir(out) else []
        if len(pngs) != items or f"exported {items} items" not in r.stdout + r.stderr:
            problems.append(f"{len(pngs)} PNGs for {items} items")
        if problems:
            failed = True
            report_failure("export-slides", r, report, problems)
        else:
            posters = videos - (r.stdout + r.stderr).count("no poster frame")
            print(f"ok - memcheck over --export-slides of {items} items ({len(pngs)} PNGs; "
                  f"{posters} of {videos} videos drawn from their poster frame): 0 errors, "
                  "0 bytes definitely lost")
            print("\n".join(l for l in report.splitlines() if "suppressed" in l or "in use at exit" in l))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failed:
        sys.exit(1)


def memcheck(valgrind, work, name, env, args):
    """Runs the player under memcheck; returns (completed process, report,
    problems: exit status, errors, definitely lost bytes)."""
    log = os.path.join(work, f"memcheck-{name}.log")
    argv = [valgrind, "--error-exitcode=99", "--leak-check=full", "--show-leak-kinds=definite",
            "--errors-for-leak-kinds=definite", "--num-callers=30", f"--suppressions={SUPP}",
            f"--log-file={log}", PLAYER] + args
    r = subprocess.run(argv, capture_output=True, text=True, errors="replace", env=env, timeout=1200)
    report = open(log, errors="replace").read()
    summary = re.search(r"ERROR SUMMARY: (\d+) errors", report)
    lost = re.search(r"definitely lost: ([\d,]+) bytes", report)
    problems = []
    if r.returncode != 0:
        problems.append(f"exit {r.returncode}")
    if not summary or summary.group(1) != "0":
        problems.append(f"memcheck: {summary.group(0) if summary else 'no summary'}")
    if lost and lost.group(1) != "0":
        problems.append(f"definitely lost: {lost.group(1)} bytes")
    return r, report, problems


def report_failure(name, r, report, problems):
    print(f"FAIL {name}: " + "; ".join(problems))
    print(r.stderr[-3000:])
    print(report[-20000:])


main()
