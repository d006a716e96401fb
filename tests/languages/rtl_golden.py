#!/usr/bin/env python3
"""Golden images of right-to-left slides: exports the sample course in Arabic
at 640x360 and compares chosen module-1 slides with tests/languages/golden/*.png
(per-pixel tolerance, a small share of pixels may differ: font hinting across
FreeType builds). Run with --update to rewrite the goldens (then look at them)."""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png_raw as read_png  # noqa: E402
from fallback_course import copy_with_untranslated  # noqa: E402

SLIDES = ["m1-title", "m1-definition", "m1-act-means", "m1-consent", "m1-children",
          "m1-section-smuggling"]
TOL = 48            # per channel
MAX_BAD = 0.004     # share of pixels allowed beyond TOL


def compare(got, want):
    gw, gh, gb, grows = read_png(got)
    ww, wh, wb, wrows = read_png(want)
    if (gw, gh) != (ww, wh):
        return "size %dx%d, golden %dx%d" % (gw, gh, ww, wh)
    bad = 0
    for y in range(gh):
        g, w = grows[y], wrows[y]
        for x in range(gw):
            if any(abs(g[x * gb + c] - w[x * wb + c]) > TOL for c in range(3)):
                bad += 1
    share = bad / float(gw * gh)
    return None if share <= MAX_BAD else "%.2f%% of pixels differ (allowed %.2f%%)" % (
        share * 100, MAX_BAD * 100)


def rule_side(path):
    """Which half the accent rule under the slide title is in ('left'/'right'), from
    the accent-coloured pixels above the body (the top sixth of the slide)."""
    w, h, b, rows = read_png(path)
    xs = [x for y in range(h // 6) for x in range(w)
          if abs(rows[y][x * b] - 0xf5) < 40 and abs(rows[y][x * b + 1] - 0x9e) < 40
          and rows[y][x * b + 2] < 60]
    assert xs, "%s: no accent rule under the title" % path
    return "right" if min(xs) > w // 2 else "left" if max(xs) < w // 2 else "both"


def main():
    lectern, src = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    golden = os.path.join(src, "tests", "languages", "golden")
    tmp = tempfile.mkdtemp(prefix="lectern-rtl-")
    try:
        out = os.path.join(tmp, "out")
        # m2-sexual is made untranslated in a copy: a slide that falls back to English
        course = copy_with_untranslated(os.path.join(src, "courses", "trafficking-basics"),
                                        os.path.join(tmp, "course"), ["m2-sexual"])
        env = dict(os.environ, SDL_VIDEODRIVER="dummy")
        # sanitizer builds: libvlc (video posters) leaks are suppressed by frames
        # that LeakSanitizer only sees with full unwinding (tests/lsan.supp)
        env["LSAN_OPTIONS"] = env.get("LSAN_OPTIONS", "") + ":fast_unwind_on_malloc=0"
        r = subprocess.run([lectern, "--lang", "ar", "--size", "640x360", "--data-dir",
                            os.path.join(tmp, "data"), "--export-slides", out, course],
                           env=env, capture_output=True, text=True, timeout=100)
        assert r.returncode == 0, r.stderr
        files = {f.split("-", 1)[1][:-4]: os.path.join(out, f) for f in os.listdir(out)}
        failures = []
        for s in SLIDES:
            assert s in files, "slide %s not exported" % s
            want = os.path.join(golden, s + ".ar.png")
            if update:
                os.makedirs(golden, exist_ok=True)
                shutil.copy(files[s], want)
                continue
            why = compare(files[s], want)
            if why:
                keep = os.path.join(tempfile.gettempdir(), "lectern-rtl-" + s + ".png")
                shutil.copy(files[s], keep)
                failures.append("%s: %s (got %s)" % (s, why, keep))
        # the title rule follows the title's direction: right under an Arabic title,
        # left under a title that falls back to English in the Arabic course (m2-sexual
        # in the copy; the sample course itself has it in Arabic)
        for s, side in (("m1-definition", "right"), ("m2-sexual", "left")):
            got = rule_side(files[s])
            if got != side:
                failures.append("%s: title rule on the %s, expected %s" % (s, got, side))
        if failures:
            print("\n".join(failures))
            return 1
        print("%d right-to-left slides match their goldens" % len(SLIDES))
        return 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
