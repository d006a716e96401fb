#!/usr/bin/env python3
"""lectern-pack search on the sample course: hits in slides, subtitle cues
(with the cue's time, the track of --lang, accents folded), lesson plans
(trainer only: not with --audience), module descriptions; exit 1 when
nothing is found, 2 for a usage mistake.
usage: search_cli.py LECTERN_PACK SOURCE_ROOT"""
import os, subprocess, sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

PACK, ROOT = sys.argv[1:3]
SAMPLE = os.path.join(ROOT, "courses", "trafficking-basics")


def search(*args):
    return subprocess.run([PACK, "search", SAMPLE, *args], capture_output=True, text=True)


p = search("someone", "recruits")
check(p.returncode == 0 and "m1-video-elements  subtitle_cue [en] at 0:03.307: The act: someone recruits"
      in p.stdout, "a subtitle cue: the video item and the cue's time", p.stdout + p.stderr)
p = search("HEBERGE", "ou", "accueille", "--lang", "fr")
check(p.returncode == 0 and "subtitle_cue [fr] at 0:03.307" in p.stdout and "héberge" in p.stdout,
      "--lang fr: the French track, accents folded", p.stdout + p.stderr)
p = search("someone recruits", "--lang", "fr")
check(p.returncode == 1 and not p.stdout, "--lang fr: not the English cues (exit 1: no hits)",
      p.stdout + p.stderr)
p = search("welcome and ground rules")
check(p.returncode == 0 and "m1-title  plan [en] in plan awareness-1h, segment welcome: Welcome and ground rules" in p.stdout,
      "a lesson-plan segment title: its first item, plan and segment", p.stdout + p.stderr)
p = search("welcome and ground rules", "--audience")
check("plan" not in p.stdout, "--audience: no lesson-plan hits", p.stdout + p.stderr)
p = search("compared with smuggling", "--all")
check(p.returncode == 0 and "description [en]" in p.stdout, "--all: a module description",
      p.stdout + p.stderr)
p = search()
check(p.returncode == 2 and "usage" in p.stderr, "no query: usage error", p.stderr)
p = subprocess.run([PACK, "search", os.path.join(ROOT, "no-such-course"), "x"],
                   capture_output=True, text=True)
check(p.returncode == 1 and "no-such-course" in p.stderr, "a missing course: error naming it",
      p.stderr)
sys.exit(tap.done())
