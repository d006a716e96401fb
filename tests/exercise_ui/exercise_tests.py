#!/usr/bin/env python3
"""Exercises in the player, run as a user would (SDL dummy driver): the
scripts in scripts/ answer the sample course's exercises right and wrong by
command, keyboard and mouse; pixel checks read the PNGs the player writes:
the focus ring is visible and moves, the classroom audience view has no key
until it is revealed while the trainer's view has it.

usage: exercise_tests.py LECTERN SOURCE_ROOT TEST"""
import os
import shutil
import sys
import tempfile

LECTERN, ROOT, NAME = sys.argv[1], sys.argv[2], sys.argv[3]
COURSE = os.path.join(ROOT, "courses", "trafficking-basics")
SCRIPTS = os.path.join(ROOT, "tests", "exercise_ui", "scripts")
FOCUS = (0x4F, 0xD1, 0xFF)     # focus ring on the default (dark) theme
GOOD = (0x38, 0xA1, 0x69)      # right / key marks
BAD = (0xE5, 0x3E, 0x3E)


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402  (tests/pnglib.py)
from harness import headless_env, near, run_checked, run_test  # noqa: E402  (tests/harness.py)
from fallback_course import copy_with_untranslated  # noqa: E402


def count(rows, box, colour, tol=12):
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if near(rows[y][x], colour, tol))


def run(args, tmp, expect_rc=0):
    return run_checked([LECTERN] + args + ["--data-dir", os.path.join(tmp, "data")], headless_env(),
                       expect_rc, timeout=240)


def script(tmp, text, extra=()):
    path = os.path.join(tmp, "s.txt")
    with open(path, "w") as f:
        f.write(text)
    return run(["--script", path] + list(extra) + [COURSE], tmp)


def test_scripts(tmp):
    """right.txt, wrong.txt, keyboard.txt, mouse.txt all hold."""
    for name in sorted(os.listdir(SCRIPTS)):
        if name.endswith(".txt"):
            run(["--script", os.path.join(SCRIPTS, name), COURSE], tmp)
    # a failing expectation names the line
    p = run(["--script", "-", COURSE], tmp, expect_rc=None) if False else None
    bad = os.path.join(tmp, "bad.txt")
    with open(bad, "w") as f:
        f.write("goto m1-q-classify\nanswer 1\nsubmit\nexpect passed yes\n")
    p = run(["--script", bad, COURSE], tmp, expect_rc=1)
    assert "bad.txt:4: expected passed yes" in p.stderr, p.stderr
    with open(bad, "w") as f:
        f.write("goto m1-q-classify\nanswer x\n")
    p = run(["--script", bad, COURSE], tmp, expect_rc=2)
    assert "bad.txt:2:" in p.stderr and "answer" in p.stderr, p.stderr


def test_focus_ring(tmp):
    """The focused option has a ring in the focus colour; Tab moves it."""
    a, b, c = (os.path.join(tmp, n + ".png") for n in "abc")
    script(tmp, "goto m1-q-classify\nscreenshot %s\nkey Tab\nscreenshot %s\n"
                "key 4\nkey Tab\nscreenshot %s\n" % (a, b, c))
    _, _, ra = read_png(a)
    _, _, rb = read_png(b)
    _, _, rc = read_png(c)
    # the ring's left and right sides beside the middle of each option row
    row1 = [(60, 240, 80, 280), (1200, 240, 1220, 280)]
    row2 = [(60, 305, 80, 345), (1200, 305, 1220, 345)]
    ring = lambda rows, boxes: min(count(rows, bx, FOCUS) for bx in boxes)
    assert ring(ra, row1) > 80, ring(ra, row1)
    assert ring(ra, row2) == 0, ring(ra, row2)
    assert ring(rb, row2) > 80 and ring(rb, row1) == 0, (ring(rb, row2), ring(rb, row1))
    assert count(ra, (60, 215, 1220, 300), FOCUS) > 1500      # all the way round
    # option 4 chosen, Tab: the Submit button has the ring
    assert count(rc, (60, 222, 1220, 490), FOCUS) < 50
    assert count(rc, (60, 490, 400, 560), FOCUS) > 300, count(rc, (60, 490, 400, 560), FOCUS)
    # the ring is also visible on a light theme (a course with a white background)
    light = os.path.join(tmp, "light")
    shutil.copytree(COURSE, light, ignore=shutil.ignore_patterns("media-src"))
    import json
    cj = os.path.join(light, "course.json")
    course = json.load(open(cj))
    course.setdefault("theme", {}).update({"background": "#ffffff", "text": "#1a202c",
                                            "heading": "#000000", "muted": "#4a5568"})
    json.dump(course, open(cj, "w"))
    d = os.path.join(tmp, "d.png")
    path = os.path.join(tmp, "l.txt")
    open(path, "w").write("goto m1-q-classify\nscreenshot %s\n" % d)
    run(["--script", path, light], tmp)
    _, _, rd = read_png(d)
    assert count(rd, (40, 150, 1240, 400), (0x1A, 0x56, 0xDB)) > 1500


def test_classroom_views(tmp):
    """Audience: no key even after an answer is submitted; R reveals it.
    Trainer: the key (green marks) and the discussion prompt."""
    shots = {n: os.path.join(tmp, n + ".png") for n in
             ("aud", "aud_sub", "trainer", "revealed", "trainee_sub")}
    script(tmp, "\n".join([
        "classroom on",
        "goto m1-q-classify",
        "screenshot " + shots["aud"],
        "exercise-view trainer",
        "screenshot " + shots["trainer"],
        "exercise-view auto",
        "answer 1",
        "submit",
        "screenshot " + shots["aud_sub"],
        "expect revealed no",
        "key R",
        "expect revealed yes",
        "screenshot " + shots["revealed"],
        "classroom off",
        "screenshot " + shots["trainee_sub"],
    ]) + "\n")
    body = (40, 200, 1240, 640)
    _, _, aud = read_png(shots["aud"])
    _, _, aud_sub = read_png(shots["aud_sub"])
    _, _, tr = read_png(shots["trainer"])
    _, _, rev = read_png(shots["revealed"])
    _, _, tsub = read_png(shots["trainee_sub"])
    assert count(aud, body, GOOD) == 0, count(aud, body, GOOD)
    assert count(aud_sub, body, GOOD) == 0 and count(aud_sub, body, BAD) == 0
    assert count(tr, body, GOOD) > 400, count(tr, body, GOOD)
    assert count(rev, body, GOOD) > 400, count(rev, body, GOOD)
    # the trainee sees their own wrong answer marked
    assert count(tsub, body, BAD) > 100, count(tsub, body, BAD)
    # the trainer's view has more text (the discussion prompt) below the options
    low = (40, 520, 1240, 640)
    ink = lambda rows: sum(1 for y in range(low[1], low[3]) for x in range(low[0], low[2])
                           if sum(rows[y][x]) > 450)
    assert ink(tr) > ink(aud) + 300, (ink(tr), ink(aud))


def test_keyboard_and_mouse(tmp):
    """A countdown in classroom mode runs on the script clock; G starts it."""
    script(tmp, "\n".join([
        "classroom on",
        "goto m3-case-study",
        "expect countdown 300",
        "key G",
        "tick 61000",
        "expect countdown 239",
        "tick 300000",
        "expect countdown 0",
        "classroom off",
        "key 1",
        "expect submitted no",
    ]) + "\n")


ACCENT = (0xF5, 0x9E, 0x0B)    # the sample course's accent (badges, primary buttons)
GOLDEN = os.path.join(ROOT, "tests", "exercise_ui", "golden")
RTL_SHOTS = ["choice", "choice-feedback", "blank-caret", "set-question", "set-summary"]


def rtl_script(tmp, shots):
    """The exercise view in Arabic: a single choice before and after
    submitting, a blank with the caret inside Arabic text and an IME
    composition, a question set's question and its summary with the answers."""
    return "\n".join([
        "goto m1-q-classify",
        "key Tab",
        "screenshot " + shots["choice"],
        "answer 2",
        "submit",
        "screenshot " + shots["choice-feedback"],
        "goto m1-q-elements",
        "type \u0627\u0644\u0648\u0633\u064a\u0644\u0629",      # the means
        "key Right",                            # right to left: back towards the start
        "key Right",
        "compose \u0645",
        "screenshot " + shots["blank-caret"],
        "compose",
        "goto m1-check",
        "answer false",
        "next-question",
        "screenshot " + shots["set-question"],
        "answer 1",
        "next-question",
        "answer 2,3,4",
        "next-question",
        "answer 1",
        "next-question",
        "type \u0645\u0648\u0627\u0641\u0642\u0629",                # consent
        "submit",
        "expect score 4/5",
        "expect passed yes",
        "reveal",
        "screenshot " + shots["set-summary"],
    ]) + "\n"


def test_rtl_golden(tmp):
    """Arabic (--lang ar): the exercise view is mirrored (badges and option
    lists start on the right, buttons run right to left) and matches the
    goldens in tests/exercise_ui/golden (LECTERN_UPDATE_GOLDEN=1 rewrites
    them; look at them after)."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "languages"))
    from rtl_golden import compare  # noqa: E402  (same tolerances as the slide goldens)
    shots = {n: os.path.join(tmp, n + ".png") for n in RTL_SHOTS}
    path = os.path.join(tmp, "ar.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(rtl_script(tmp, shots))
    run(["--lang", "ar", "--script", path, COURSE], tmp)
    # mirrored: the number badges sit at the right end of the option rows
    _, _, rows = read_png(shots["choice"])
    right = count(rows, (1100, 260, 1215, 480), ACCENT, 20)
    left = count(rows, (65, 260, 180, 480), ACCENT, 20)
    assert right > 150 and left < 20, (right, left)
    # the primary button (Next question) is at the right, Back to its left
    _, _, rows = read_png(shots["set-question"])
    assert count(rows, (1000, 440, 1215, 560), ACCENT, 20) > 3000
    failures = []
    for n in RTL_SHOTS:
        want = os.path.join(GOLDEN, "ex-" + n + ".ar.png")
        if os.environ.get("LECTERN_UPDATE_GOLDEN"):
            os.makedirs(GOLDEN, exist_ok=True)
            shutil.copy(shots[n], want)
            continue
        why = compare(shots[n], want)
        if why:
            keep = os.path.join(tempfile.gettempdir(), "lectern-ex-" + n + ".ar.png")
            shutil.copy(shots[n], keep)
            failures.append("%s: %s (got %s)" % (n, why, keep))
    assert not failures, "\n".join(failures)


def test_rtl_fallback(tmp):
    """The exercise takes its direction from its text as resolved, the
    buttons from the UI language: an exercise without Arabic (m2-q-forced-labour,
    made untranslated in a copy of the course) falls back to English in the
    Arabic course and reads left to right (badges on the left) while the Arabic
    UI puts Submit on the right; an Arabic exercise under a French UI is
    mirrored with Submit on the left."""
    shot = {k: os.path.join(tmp, k + ".png") for k in ("en-in-ar", "ar-in-fr")}
    fallback = copy_with_untranslated(COURSE, os.path.join(tmp, "course"), ["m2-q-forced-labour"])
    for lang, ui, item, key, course in (("ar", "ar", "m2-q-forced-labour", "en-in-ar", fallback),
                                        ("ar", "fr", "m1-q-classify", "ar-in-fr", COURSE)):
        path = os.path.join(tmp, key + ".txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write("goto %s\nscreenshot %s\n" % (item, shot[key]))
        run(["--lang", lang, "--ui-lang", ui, "--script", path, course], tmp)
    # badges: the number squares at either end of the option rows
    badges = lambda rows: (count(rows, (65, 200, 180, 520), ACCENT, 20),
                           count(rows, (1100, 200, 1215, 520), ACCENT, 20))
    # the Submit button (primary: filled with the accent) below the options
    submit = lambda rows: (count(rows, (60, 520, 400, 640), ACCENT, 20),
                           count(rows, (880, 520, 1220, 640), ACCENT, 20))
    _, _, rows = read_png(shot["en-in-ar"])
    left, right = badges(rows)
    assert left > 150 and right < 20, ("English exercise, Arabic course: badges", left, right)
    sl, sr = submit(rows)
    assert sr > 1500 and sl < 100, ("Arabic UI: Submit on the right", sl, sr)
    _, _, rows = read_png(shot["ar-in-fr"])
    left, right = badges(rows)
    assert right > 150 and left < 20, ("Arabic exercise, French UI: badges", left, right)
    sl, sr = submit(rows)
    assert sl > 1500 and sr < 100, ("French UI: Submit on the left", sl, sr)


def test_set_intro(tmp):
    """A question set's own prompt (its introduction: what it covers, how it
    is passed) shows above its first question, under "Question set", in the
    course language; in Arabic it is right-aligned like the questions. The
    later questions go without it (it would shrink them at a large text
    scale); the summary repeats it."""
    shots = {k: os.path.join(tmp, k + ".png") for k in ("en", "ar", "en2")}
    for lang, q, shot in (("en", 1, "en"), ("ar", 1, "ar"), ("en", 2, "en2")):
        path = os.path.join(tmp, shot + ".txt")
        with open(path, "w") as f:
            f.write("goto m1-check\n" + "answer false\nnext-question\n" * (q - 1) +
                    "expect question %d/5\nscreenshot %s\n" % (q, shots[shot]))
        run(["--lang", lang, "--script", path, COURSE], tmp)
    ink = lambda rows, box: sum(1 for y in range(box[1], box[3]) for x in range(box[0], box[2])
                                if sum(rows[y][x]) > 250)
    # English: a long line between the "Question set" label (y ~144) and
    # "Question 1 of 5" (left) with its segments (right); without the
    # introduction that band's middle is empty
    band = (300, 160, 980, 190)
    _, _, rows = read_png(shots["en"])
    assert ink(rows, band) > 1000, ink(rows, band)
    # the question itself still has the room: its options and Next button
    # stay above the key hint line
    assert count(rows, (60, 420, 400, 600), ACCENT, 20) > 3000
    _, _, rows = read_png(shots["en2"])
    assert ink(rows, band) == 0, ink(rows, band)
    # Arabic: the introduction starts at the right margin and ends well
    # before the left one (the segments there sit a line lower)
    _, _, rows = read_png(shots["ar"])
    assert ink(rows, (450, 168, 1206, 196)) > 1000, ink(rows, (450, 168, 1206, 196))
    assert ink(rows, (73, 168, 430, 196)) == 0, ink(rows, (73, 168, 430, 196))


def ring_height(rows):
    """Height of the focus ring (rows with the focus colour across the body)."""
    ys = [y for y in range(120, 660) if count(rows, (60, y, 1220, y + 1), FOCUS) > 200]
    return (max(ys) - min(ys)) if ys else 0


def test_text_scale(tmp):
    """The learner's text scale (Ctrl+=, settings) makes the exercise bigger
    too (a short true/false question has the room; a question set's first
    question shares the room with the set's introduction); at 200% a question
    set's summary still fits above the footer (it shrinks to fit)."""
    a, b, c = (os.path.join(tmp, n + ".png") for n in ("s100", "s200", "sum200"))
    script(tmp, "goto m1-q-consent\nscreenshot %s\n" % a)
    script(tmp, "\n".join(["key Ctrl+=", "key Ctrl+=", "key Ctrl+=", "key Ctrl+=",
                           "goto m1-q-consent", "screenshot " + b,
                           "goto m1-check", "answer true", "next-question", "answer 1",
                           "next-question", "answer 1", "next-question", "answer 1",
                           "next-question", "fill x", "submit", "expect passed no",
                           "screenshot " + c]) + "\n")
    _, _, r1 = read_png(a)
    _, _, r2 = read_png(b)
    h1, h2 = ring_height(r1), ring_height(r2)
    assert h1 > 40 and h2 > h1 * 1.2, (h1, h2)
    # the summary's buttons (Try again: the accent) stay above the footer line
    _, _, r3 = read_png(c)
    assert count(r3, (60, 120, 1220, 650), ACCENT, 20) > 1500
    assert count(r3, (60, 662, 1220, 720), ACCENT, 20) == 0


def main():
    run_test(NAME, "lectern-exercise-", globals())


if __name__ == "__main__":
    main()
