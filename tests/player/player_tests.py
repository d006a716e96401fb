#!/usr/bin/env python3
"""Headless player tests: run `lectern` as a user would (SDL dummy driver),
read the PNGs it writes back and check pixels, exit codes and messages.

usage: player_tests.py LECTERN SOURCE_ROOT TEST
TEST is one of the functions named test_* below (without the prefix)."""
import json
import os
import shutil
import sys

LECTERN, ROOT, NAME = sys.argv[1], sys.argv[2], sys.argv[3]
FIXTURE = os.path.join(ROOT, "tests", "session", "data", "course")
SCRIPTS = os.path.join(ROOT, "tests", "player", "scripts")
BG = (0x14, 0x21, 0x3D)      # default theme background
HEADING = (0xFF, 0xFF, 0xFF)
ACCENT = (0xFC, 0xA3, 0x11)


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402  (tests/pnglib.py)
from harness import headless_env, near, run_checked, run_test  # noqa: E402  (tests/harness.py)


def run(args, expect_rc=0, data_dir=None):
    return run_checked([LECTERN] + args + (["--data-dir", data_dir] if data_dir else []),
                       headless_env(no_video=False), expect_rc)


def count(rows, box, pred):
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if pred(rows[y][x]))


def test_export(tmp):
    out = os.path.join(tmp, "out")
    run(["--export-slides", out, FIXTURE])
    names = sorted(os.listdir(out))
    assert names == ["0001-one-title.png", "0002-one-list.png", "0003-one-image.png",
                     "0004-one-quote.png", "0005-two-section.png", "0006-two-cols.png",
                     "0007-two-end.png"], names
    w, h, rows = read_png(os.path.join(out, "0001-one-title.png"))
    assert (w, h) == (1920, 1080), (w, h)
    for x, y in ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3)):
        assert near(rows[y][x], BG), ("corner", x, y, rows[y][x])
    # the title "One" is centred: white pixels in the middle band, none at the sides
    white = count(rows, (700, 250, 1220, 770), lambda c: near(c, HEADING, 40))
    assert white > 2000, white
    assert count(rows, (0, 0, 300, 1080), lambda c: near(c, HEADING, 40)) == 0
    # a bullets slide: title top-left in heading colour, accent bullets below
    w, h, rows = read_png(os.path.join(out, "0002-one-list.png"))
    assert count(rows, (110, 60, 700, 160), lambda c: near(c, HEADING, 40)) > 500
    assert count(rows, (100, 220, 180, 500), lambda c: near(c, ACCENT, 40)) > 50
    # the image slide shows the image: the centre has dot.png's colour
    _, _, dot = read_png(os.path.join(FIXTURE, "media", "dot.png"))
    w, h, rows = read_png(os.path.join(out, "0003-one-image.png"))
    assert near(rows[h // 2][w // 2], dot[0][0], 6), (rows[h // 2][w // 2], dot[0][0])


def test_export_small_is_sharp(tmp):
    """At 640x360 the text is rasterised at that size: still there, still white."""
    out = os.path.join(tmp, "out")
    run(["--export-slides", out, "--size", "640x360", FIXTURE])
    w, h, rows = read_png(os.path.join(out, "0002-one-list.png"))
    assert (w, h) == (640, 360)
    assert near(rows[1][1], BG)
    # crisp glyphs have fully white pixels, not just a blur of grey
    assert count(rows, (36, 20, 240, 55), lambda c: near(c, HEADING, 12)) > 40


def test_letterbox(tmp):
    out = os.path.join(tmp, "out")
    run(["--export-slides", out, "--size", "1000x1000", FIXTURE])
    w, h, rows = read_png(os.path.join(out, "0001-one-title.png"))
    assert (w, h) == (1000, 1000)
    # canvas 1000x563 centred: black bars top and bottom, background in the middle
    for y in (0, 100, 210, 790, 900, 999):
        assert near(rows[y][500], (0, 0, 0), 2), ("bar", y, rows[y][500])
    assert near(rows[230][5], BG), rows[230][5]
    assert near(rows[770][995], BG), rows[770][995]
    out2 = os.path.join(tmp, "wide")
    run(["--export-slides", out2, "--size", "1200x400", FIXTURE])
    w, h, rows = read_png(os.path.join(out2, "0001-one-title.png"))
    assert near(rows[200][10], (0, 0, 0), 2) and near(rows[200][1190], (0, 0, 0), 2)
    assert near(rows[5][600], BG)


def copy_fixture(tmp):
    dst = os.path.join(tmp, "course")
    shutil.copytree(FIXTURE, dst)
    return dst


def test_missing_and_corrupt_images(tmp):
    course = copy_fixture(tmp)
    with open(os.path.join(course, "media", "dot.png"), "wb") as f:
        f.write(b"not a png at all")
    out = os.path.join(tmp, "out")
    p = run(["--export-slides", out, course])
    assert "media/dot.png" in p.stderr and "warning" in p.stderr, p.stderr
    w, h, rows = read_png(os.path.join(out, "0003-one-image.png"))
    # a placeholder box with an outline and text (the file name in accent colour)
    assert count(rows, (600, 500, 1320, 700), lambda c: near(c, ACCENT, 40)) > 100
    mod = os.path.join(course, "modules", "one.json")
    j = json.load(open(mod))
    j["items"][2]["image"] = "media/nothere.png"
    json.dump(j, open(mod, "w"))
    p = run(["--export-slides", os.path.join(tmp, "out2"), course])
    assert "media/nothere.png" in p.stderr, p.stderr


def test_bad_course(tmp):
    for name in ("nowhere", "nowhere.lectern"):
        p = run(["--export-slides", os.path.join(tmp, "o"), os.path.join(tmp, name)], expect_rc=1)
        # the path once, then why
        assert f"cannot open course {os.path.join(tmp, name)}: No such file" in p.stderr, p.stderr
        assert p.stderr.count(os.path.join(tmp, name)) == 1, p.stderr
    course = copy_fixture(tmp)
    with open(os.path.join(course, "course.json"), "w") as f:
        f.write('{ "format": 1, "id": ')
    p = run(["--script", "/dev/null", course], expect_rc=1)
    assert "course.json" in p.stderr, p.stderr
    assert "Segmentation" not in p.stderr


def test_overflow_marked(tmp):
    course = copy_fixture(tmp)
    mod = os.path.join(course, "modules", "two.json")
    j = json.load(open(mod))
    long_text = " ".join(["This sentence is far too long for one slide."] * 12)
    j["items"][2]["bullets"] = [long_text] * 8
    json.dump(j, open(mod, "w"))
    p = run(["--check-fit", course], expect_rc=3)
    assert "two-end" in p.stdout and "one-list" not in p.stdout, p.stdout
    out = os.path.join(tmp, "out")
    p = run(["--export-slides", out, course])
    assert "two-end" in p.stderr and "does not fit" in p.stderr, p.stderr
    w, h, rows = read_png(os.path.join(out, "0007-two-end.png"))
    red = count(rows, (1500, 900, 1810, 990), lambda c: near(c, (0xE5, 0x3E, 0x3E), 20))
    assert red > 500, red
    run(["--check-fit", FIXTURE], expect_rc=0)


def test_long_word_overflows(tmp):
    course = copy_fixture(tmp)
    mod = os.path.join(course, "modules", "two.json")
    j = json.load(open(mod))
    j["items"][2]["bullets"] = ["see " + "x" * 200]
    json.dump(j, open(mod, "w"))
    p = run(["--check-fit", course], expect_rc=3)
    assert "two-end" in p.stdout, p.stdout


def test_embedded_font(tmp):
    course = copy_fixture(tmp)
    os.makedirs(os.path.join(course, "fonts"))
    shutil.copy("/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf",
                os.path.join(course, "fonts", "heading.ttf"))
    cj = os.path.join(course, "course.json")
    j = json.load(open(cj))
    j["theme"] = {"heading_font": "fonts/heading.ttf", "body_font": "DejaVu Sans Mono"}
    json.dump(j, open(cj, "w"))
    steps = os.path.join(tmp, "s.txt")
    with open(steps, "w") as f:
        f.write("key Right\nscreenshot %s/t.png\n" % tmp)
    p = run_checked([LECTERN, "--script", steps, course], headless_env(no_video=False, LECTERN_LOG="debug"),
                    timeout=60)
    assert "font 0: fonts/heading.ttf" in p.stderr, p.stderr
    assert "DejaVuSansMono" in p.stderr, p.stderr


def test_rtl_text(tmp):
    """Arabic is shaped right to left and set against the right margin, bullets too."""
    course = copy_fixture(tmp)
    mod = os.path.join(course, "modules", "one.json")
    j = json.load(open(mod))
    j["items"][1]["title"] = "\u0627\u0644\u0627\u062a\u062c\u0627\u0631 \u0628\u0627\u0644\u0628\u0634\u0631"
    j["items"][1]["bullets"] = ["\u0627\u0644\u0641\u0639\u0644", "\u0627\u0644\u063a\u0631\u0636"]
    json.dump(j, open(mod, "w"))
    out = os.path.join(tmp, "out")
    run(["--export-slides", out, course])
    w, h, rows = read_png(os.path.join(out, "0002-one-list.png"))
    white = lambda c: near(c, HEADING, 40)
    assert count(rows, (1300, 60, 1810, 160), white) > 300       # title on the right
    assert count(rows, (110, 60, 900, 160), white) == 0          # nothing on the left
    assert count(rows, (1700, 200, 1815, 400), lambda c: near(c, ACCENT, 40)) > 30  # bullets
    assert count(rows, (100, 200, 200, 400), lambda c: near(c, ACCENT, 40)) == 0


def test_window_mode(tmp):
    """--window under the dummy video driver: the window code path, same results."""
    p = run(["--window", "--script", os.path.join(SCRIPTS, "navigation.txt"), FIXTURE],
            data_dir=tmp)
    p = run(["--window", "--script", os.path.join(SCRIPTS, "resize.txt"), FIXTURE],
            data_dir=tmp)


def test_screenshot_key(tmp):
    data = os.path.join(tmp, "data")
    script = os.path.join(tmp, "s.txt")
    with open(script, "w") as f:
        f.write("key Right\nkey Right\nkey F12\nexpect message Screenshot saved\n"
                "screenshot %s/direct.png\nexpect file %s/direct.png\n" % (tmp, tmp))
    run(["--script", script, FIXTURE], data_dir=data)
    shots = os.listdir(os.path.join(data, "screenshots"))
    assert len(shots) == 1 and shots[0].endswith("-one-list.png"), shots
    w, h, rows = read_png(os.path.join(data, "screenshots", shots[0]))
    assert (w, h) == (1280, 720)
    assert near(rows[5][5], BG)
    w, h, rows = read_png(os.path.join(tmp, "direct.png"))
    assert (w, h) == (1280, 720)


def test_script_failure_names_line(tmp):
    script = os.path.join(tmp, "s.txt")
    with open(script, "w") as f:
        f.write("# a comment\n\nkey Right\nexpect screen slide\nexpect item two-end\n")
    p = run(["--script", script, FIXTURE], expect_rc=1)
    assert "s.txt:5: expected item two-end, got one-title" in p.stderr, p.stderr
    with open(script, "w") as f:
        f.write("fly away\n")
    p = run(["--script", script, FIXTURE], expect_rc=2)
    assert "s.txt:1: unknown command 'fly'" in p.stderr, p.stderr


def test_script(tmp):
    """TEST=script:NAME runs tests/player/scripts/NAME.txt."""
    raise AssertionError("use script:NAME")


def script(tmp, name):
    """tests/player/scripts/NAME.txt on the fixture course."""
    p = run(["--script", os.path.join(SCRIPTS, name + ".txt"), FIXTURE], expect_rc=None, data_dir=tmp)
    if p.returncode != 0:
        raise AssertionError("script failed (%d):\n%s%s" % (p.returncode, p.stdout, p.stderr))


def main():
    run_test(NAME, "lectern-player-", globals(), script)


if __name__ == "__main__":
    main()
