#!/usr/bin/env python3
"""lectern-pack import of real office decks through a real LibreOffice (issue
12): an OpenDocument presentation written here (make_odp.py) and the PPTX that
LibreOffice itself saves from it import to one image slide per slide, each
with its own slide's text, 1920-px-wide pictures that show the text (dark
pixels on the white page), and a course that passes check. Skipped (77) when
LibreOffice is not installed (tools/packages.txt installs
libreoffice-impress-nogui, so CI runs it).
usage: import_office.py LECTERN_PACK"""
import json, os, shutil, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))
from make_odp import make_odp  # noqa: E402
from pnglib import read_png  # noqa: E402
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

PACK = os.path.abspath(sys.argv[1])
SLIDES = [
    ["Recognising trafficking", "The act, the means and the purpose"],
    ["Indicators at work", "Confiscated passports, unpaid wages"],
    ["Referral pathway", "Call the national hotline first"],
]


def dark_share(rows):
    """Share of rows (of every 8th row) that hold a dark pixel: text was drawn."""
    hit = sum(1 for y in range(0, len(rows), 8) if any(sum(px[:3]) < 200 for px in rows[y][::4]))
    return hit / len(range(0, len(rows), 8))


def import_and_check(t, deck, label):
    out = os.path.join(t, label + "-course")
    t0 = time.monotonic()
    p = subprocess.run([PACK, "import", deck, "-o", out], capture_output=True, text=True)
    print(f"# {label}: import took {time.monotonic() - t0:.1f} s")
    check(p.returncode == 0, f"{label}: imports through LibreOffice", p.stdout + p.stderr)
    if p.returncode != 0:
        return
    with open(os.path.join(out, "course.json")) as f:
        mid = json.load(f)["modules"][0]
    with open(os.path.join(out, "modules", mid + ".json")) as f:
        items = json.load(f)["items"]
    check(len(items) == len(SLIDES), f"{label}: {len(SLIDES)} slides give {len(SLIDES)} items",
          [it.get("alt") for it in items])
    for i, it in enumerate(items[:len(SLIDES)]):
        want = SLIDES[i][0] + ". " + SLIDES[i][1]
        others = [s[0] for j, s in enumerate(SLIDES) if j != i]
        check(it["alt"] == want and not any(o in it["notes"] for o in others),
              f"{label}: slide {i + 1} keeps its own text", (it["alt"], it["notes"]))
        img = os.path.join(out, it["image"])
        w, h, rows = read_png(img)
        check(w == 1920 and 1000 <= h <= 1100, f"{label}: slide {i + 1} picture is 1920 px wide",
              (w, h))
        share = dark_share(rows)
        check(0.02 < share < 0.6, f"{label}: slide {i + 1} picture shows its text", share)
    p = subprocess.run([PACK, "check", out], capture_output=True, text=True)
    check(p.returncode == 0 and "0 errors, 0 warnings" in p.stdout, f"{label}: check passes",
          p.stdout + p.stderr)


def main():
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office or not shutil.which("pdftoppm"):
        print("1..0 # SKIP LibreOffice (libreoffice-impress-nogui) or poppler-utils not installed")
        return 77
    t = tempfile.mkdtemp(prefix="lectern-import-office-")
    try:
        odp = os.path.join(t, "Week two.odp")
        make_odp(odp, SLIDES)
        import_and_check(t, odp, "odp")
        # the PPTX is LibreOffice's own export of the same deck, with its own profile
        p = subprocess.run([office, "--headless", "-env:UserInstallation=file://" + t + "/profile",
                            "--convert-to", "pptx", "--outdir", t, odp],
                           capture_output=True, text=True, timeout=120)
        pptx = os.path.join(t, "Week two.pptx")
        check(p.returncode == 0 and os.path.exists(pptx), "LibreOffice saves the deck as PPTX",
              p.stdout + p.stderr)
        if os.path.exists(pptx):
            import_and_check(t, pptx, "pptx")
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
