#!/usr/bin/env python3
"""Pictures per language (the "image" language map of courses/README.md): the
sample course's diagrams show in the course language. For en, fr and ar the
player shows media/three-elements[.fr|.ar].png on slide m1-elements, and the
rendered slides differ where the diagram is; a language without its own
picture (pt) shows the English one.
usage: diagram_lang.py LECTERN SOURCE_ROOT"""
import os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(sys.argv[2], "tests"))
from pnglib import read_png  # noqa: E402

LECTERN, ROOT = sys.argv[1:3]
SAMPLE = os.path.join(ROOT, "courses", "trafficking-basics")
WANT = {"en": "media/three-elements.png", "fr": "media/three-elements.fr.png",
        "ar": "media/three-elements.ar.png", "pt": "media/three-elements.png"}


def shot(t, lang):
    png = os.path.join(t, lang + ".png")
    script = os.path.join(t, lang + ".txt")
    with open(script, "w") as f:
        f.write(f"goto m1-elements\nexpect image {WANT[lang]}\nwait\nscreenshot {png}\n")
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")
    p = subprocess.run([LECTERN, "--script", script, "--lang", lang, "--size", "640x360",
                        "--data-dir", os.path.join(t, "data"), SAMPLE],
                       capture_output=True, text=True, env=env, timeout=120)
    assert p.returncode == 0, f"{lang}: {p.stderr}"
    return read_png(png)[2]


def differ(a, b):
    """Share of pixels that differ clearly between two frames."""
    n = bad = 0
    for ra, rb in zip(a, b):
        for pa, pb in zip(ra, rb):
            n += 1
            bad += max(abs(x - y) for x, y in zip(pa[:3], pb[:3])) > 60
    return bad / n


def main():
    t = tempfile.mkdtemp(prefix="lectern-diagram-lang-")
    try:
        frames = {lang: shot(t, lang) for lang in WANT}
        # the slide titles differ too; the diagram covers most of the slide
        for lang in ("fr", "ar"):
            d = differ(frames["en"], frames[lang])
            assert d > 0.01, f"{lang}: the slide looks like the English one ({d:.4f})"
        d = differ(frames["fr"], frames["ar"])
        assert d > 0.01, f"fr and ar look the same ({d:.4f})"
    finally:
        shutil.rmtree(t, ignore_errors=True)
    print("ok diagram_lang")
    return 0


if __name__ == "__main__":
    sys.exit(main())
