#!/usr/bin/env python3
"""Golden images of the player's own screens in French and Arabic at text
scale 100 % and 150 %: start screen, contents, quit dialog with the focus
moved to Stay by Tab, the search box, and a session message ("No item 99")
over a slide. A --script run per language and scale records them at 800x450;
each is compared with tests/languages/golden/ui-LANG-SCALE-SCREEN.png
(per-pixel tolerance, a small share of pixels may differ: font hinting).
The script also checks the translated message and the focus. Run with
--update to rewrite the goldens (then open them and look)."""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402

SCREENS = ["start", "toc", "quit-stay", "search", "message"]
RUNS = [("fr", 100), ("fr", 150), ("ar", 100), ("ar", 150)]
MESSAGE = {"fr": "Pas d'\u00e9l\u00e9ment 99 : le cours va de 1 \u00e0",
           "ar": "\u0644\u0627 \u064a\u0648\u062c\u062f \u0639\u0646\u0635\u0631 \u0631\u0642\u0645 99"}
TOL = 48            # per channel
MAX_BAD = 0.004     # share of pixels allowed beyond TOL

SCRIPT = """screenshot {d}/start.png
key M
expect toc open
screenshot {d}/toc.png
key Escape
key Escape
expect screen confirm-quit
key Tab
screenshot {d}/quit-stay.png
key Return
expect running
expect screen start
search trafficking
screenshot {d}/search.png
key Escape
goto m1-title
type 99
key Return
expect message {msg}
screenshot {d}/message.png
"""


def compare(got, want):
    gw, gh, grows = read_png(got)
    ww, wh, wrows = read_png(want)
    if (gw, gh) != (ww, wh):
        return "size %dx%d, golden %dx%d" % (gw, gh, ww, wh)
    bad = 0
    for g, w in zip(grows, wrows):
        if g == w:
            continue
        bad += sum(1 for a, b in zip(g, w) if any(abs(a[c] - b[c]) > TOL for c in range(3)))
    share = bad / float(gw * gh)
    return None if share <= MAX_BAD else "%.2f%% of pixels differ (allowed %.2f%%)" % (
        share * 100, MAX_BAD * 100)


def main():
    lectern, src = sys.argv[1], sys.argv[2]
    update = "--update" in sys.argv
    golden = os.path.join(src, "tests", "languages", "golden")
    course = os.path.join(src, "courses", "trafficking-basics")
    tmp = tempfile.mkdtemp(prefix="lectern-ui-golden-")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    env["LSAN_OPTIONS"] = env.get("LSAN_OPTIONS", "") + ":fast_unwind_on_malloc=0"
    env.pop("LANGUAGE", None)
    failures = []
    try:
        for lang, scale in RUNS:
            d = os.path.join(tmp, "%s-%d" % (lang, scale))
            os.makedirs(d)
            script = os.path.join(d, "shots.txt")
            with open(script, "w", encoding="utf-8") as f:
                f.write(SCRIPT.format(d=d, msg=MESSAGE[lang]))
            r = subprocess.run([lectern, "--script", script, "--lang", lang, "--text-scale",
                                str(scale), "--size", "800x450", "--data-dir",
                                os.path.join(d, "data"), course],
                               env=env, capture_output=True, text=True, timeout=100)
            if r.returncode != 0:
                failures.append("%s %d%%: script failed: %s" % (lang, scale, r.stderr.strip()))
                continue
            for s in SCREENS:
                got = os.path.join(d, s + ".png")
                want = os.path.join(golden, "ui-%s-%d-%s.png" % (lang, scale, s))
                if update:
                    shutil.copy(got, want)
                    continue
                why = compare(got, want)
                if why:
                    keep = os.path.join(tempfile.gettempdir(),
                                        "lectern-ui-%s-%d-%s.png" % (lang, scale, s))
                    shutil.copy(got, keep)
                    failures.append("%s %d%% %s: %s (got %s)" % (lang, scale, s, why, keep))
        if failures:
            print("\n".join(failures))
            return 1
        print("%d screens match their goldens" % (len(RUNS) * len(SCREENS)))
        return 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
