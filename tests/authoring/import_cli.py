#!/usr/bin/env python3
"""lectern-pack import as an author runs it (issue 12).

A 3-page PDF made here (make_pdf.py) imports to 3 image slides with each
page's text in its own slide, 1920-px-wide PNGs, a course that passes check
and builds; names with spaces and quotes; --titles; a new module appended to
an existing course; image folders in natural name order; PPTX without
LibreOffice (clear message), PPTX through a stand-in `soffice`; missing
poppler; and failures that leave nothing behind.
usage: import_cli.py LECTERN_PACK"""
import json, os, shutil, signal, struct, subprocess, sys, tempfile, time, zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_pdf import make_pdf  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

PACK = os.path.abspath(sys.argv[1])

PAGES = [
    ["Recognising trafficking", "The act, the means and the purpose"],
    ["Indicators at work", "Confiscated passports and", "unpaid wages"],
    ["Referral pathway", "Call the national hotline first"],
]
MARKERS = ["Recognising", "Confiscated", "hotline"]


def run(*args, env=None, cwd=None):
    p = subprocess.run([PACK, *args], capture_output=True, text=True, env=env, cwd=cwd)
    # under -Db_sanitize=address,undefined a report must fail the test
    check("runtime error:" not in p.stderr and "Sanitizer" not in p.stderr,
          f"no sanitizer report from lectern-pack {' '.join(args[:1])}", p.stderr)
    return p


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", path
    return struct.unpack(">II", head[16:24])


def write_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def module_of(course_dir, module_id):
    with open(os.path.join(course_dir, "modules", module_id + ".json")) as f:
        return json.load(f)


def leftovers(parent):
    return [n for n in os.listdir(parent) if ".import-" in n]


def check_passes(d, what):
    p = run("check", d)
    check(p.returncode == 0 and "0 errors, 0 warnings" in p.stdout, f"{what}: check passes",
          p.stdout + p.stderr)


def test_pdf(t):
    deck = os.path.join(t, "Week 1 deck 'final' \"v2\".pdf")
    make_pdf(deck, PAGES)
    out = os.path.join(t, "my course")
    p = run("import", deck, "-o", out)
    check(p.returncode == 0, "PDF with spaces and quotes in its name imports", p.stdout + p.stderr)
    if p.returncode != 0:
        return None
    with open(os.path.join(out, "course.json")) as f:
        course = json.load(f)
    mid = course["modules"][0]
    check(course["id"] == "org.example.week-1-deck-final-v2" and mid == "week-1-deck-final-v2",
          "course and module ids come from the file name", course)
    mod = module_of(out, mid)
    items = mod["items"]
    check(len(items) == 3, "3 pages give 3 slides", len(items))
    for i, it in enumerate(items):
        others = [m for j, m in enumerate(MARKERS) if j != i]
        check(it["layout"] == "image" and it.get("fit") == "fit" and it["type"] == "slide",
              f"slide {i + 1} is an image slide (fit)", it)
        check(MARKERS[i] in it["alt"] and MARKERS[i] in it["notes"]
              and not any(m in it["alt"] + it["notes"] for m in others),
              f"slide {i + 1} holds its own page's text (alt and notes) and no other", it)
        check(it["notes"].splitlines()[0] == PAGES[i][0], f"slide {i + 1} notes keep the lines", it)
        check("title" not in it, f"slide {i + 1}: no title without --titles", it)
        w, h = png_size(os.path.join(out, it["image"]))
        check((w, h) == (1920, 1080), f"slide {i + 1} image is 1920 px wide (16:9 page: 1920x1080)",
              (w, h))
    check([it["alt"] for it in items] == [
        "Recognising trafficking. The act, the means and the purpose",
        "Indicators at work. Confiscated passports and unpaid wages",
        "Referral pathway. Call the national hotline first"],
        "alt: one line; a line starting a sentence ends the one before, wrapped lines join",
        [it["alt"] for it in items])
    check(mod["description"].startswith("Imported from Week 1 deck"), "module says where it came from",
          mod["description"])
    check_passes(out, "imported PDF")
    pkg = os.path.join(t, "deck.lectern")
    p = run("build", out, "-o", pkg)
    check(p.returncode == 0 and os.path.getsize(pkg) > 0, "the imported course builds", p.stdout + p.stderr)
    p = run("verify", pkg)
    check(p.returncode == 0, "the package verifies", p.stdout + p.stderr)
    check(not leftovers(t) and not any(n.startswith("lectern-import-") for n in os.listdir(t)),
          "no staging or work folders are left", os.listdir(t))

    p = run("import", deck, "-o", out)
    check(p.returncode == 1 and "--module" in p.stderr, "importing onto a course without --module is refused",
          p.stderr)

    out2 = os.path.join(t, "titled")
    p = run("import", deck, "-o", out2, "--titles", "--title", "Week one", "--module", "week1",
            "--id", "org.ngo.week1", "--lang", "fr")
    check(p.returncode == 0, "--titles --title --module --id --lang", p.stdout + p.stderr)
    if p.returncode == 0:
        with open(os.path.join(out2, "course.json")) as f:
            c2 = json.load(f)
        m2 = module_of(out2, "week1")
        check(c2["id"] == "org.ngo.week1" and c2["title"] == "Week one" and c2["languages"] == ["fr"]
              and m2["title"] == "Week one", "course id, title and language from the options", c2)
        check([it.get("title") for it in m2["items"]] == [pg[0] for pg in PAGES],
              "--titles: each slide's title is its page's first line", m2["items"])
        check([it["id"] for it in m2["items"]] == ["week1-s001", "week1-s002", "week1-s003"],
              "item ids are <module>-sNNN", [it["id"] for it in m2["items"]])
        check_passes(out2, "--titles course")
    return deck


def test_blank_page(t):
    deck = os.path.join(t, "pictures only.pdf")
    make_pdf(deck, [["Words here"], []])
    out = os.path.join(t, "blank-page")
    p = run("import", deck, "-o", out, "--titles")
    check(p.returncode == 0, "a PDF with a page without text imports", p.stdout + p.stderr)
    if p.returncode == 0:
        items = module_of(out, "pictures-only")["items"]
        check(items[1]["alt"] == "Page 2 of pictures only.pdf" and "notes" not in items[1]
              and "title" not in items[1], "a page without text: alt says which page, no notes or title",
              items[1])
        check_passes(out, "blank page course")


def test_long_deck(t):
    """13 pages: rendered in page ranges on several processors when there are
    several; every slide still gets its own page's picture and text."""
    deck = os.path.join(t, "long.pdf")
    # each page a little taller, so each picture shows which page it came from
    make_pdf(deck, [[f"Page marker {i + 1:02d}"] for i in range(13)], heights=[540 + 12 * i for i in range(13)])
    out = os.path.join(t, "long")
    p = run("import", deck, "-o", out)
    check(p.returncode == 0, "a 13-page deck imports", p.stdout + p.stderr)
    if p.returncode == 0:
        items = module_of(out, "long")["items"]
        check([it["alt"] for it in items] == [f"Page marker {i + 1:02d}" for i in range(13)],
              "13 slides in page order with their own text", [it["alt"] for it in items])
        sizes = [png_size(os.path.join(out, it["image"])) for it in items]
        check(sizes == [(1920, 1080 + 24 * i) for i in range(13)],
              "every page rendered 1920 wide, each slide from its own page", sizes)


def test_append(t, deck):
    course = os.path.join(t, "existing")
    p = run("init", course)
    check(p.returncode == 0, "init a course to append to", p.stderr)
    before = {n: open(os.path.join(course, n), "rb").read()
              for n in ["modules/m1-welcome.json", "media/picture.png"]}
    p = run("import", deck, "-o", course, "--module", "m2-deck", "--title", "Deck")
    check(p.returncode == 0, "--module appends the deck to an existing course", p.stdout + p.stderr)
    with open(os.path.join(course, "course.json")) as f:
        c = json.load(f)
    check(c["modules"] == ["m1-welcome", "m2-deck"], "course.json lists the new module last", c["modules"])
    check(len(module_of(course, "m2-deck")["items"]) == 3, "the new module has 3 slides")
    check(all(open(os.path.join(course, n), "rb").read() == b for n, b in before.items()),
          "the course's other files are unchanged")
    with open(os.path.join(course, "course.json")) as f:
        text = f.read()
    check('"changelog"' in text and '"theme"' in text, "course.json keeps the author's other fields")
    check_passes(course, "course with an appended module")

    snapshot = sorted(os.path.relpath(os.path.join(r, f), course)
                      for r, _, fs in os.walk(course) for f in fs)
    with open(os.path.join(course, "course.json"), "rb") as f:
        cj = f.read()
    p = run("import", deck, "-o", course, "--module", "m2-deck")
    check(p.returncode == 1 and "m2-deck" in p.stderr, "an existing module id is refused", p.stderr)
    bad = os.path.join(t, "not a pdf.pdf")
    with open(bad, "wb") as f:
        f.write(b"this is not a PDF\n")
    p = run("import", bad, "-o", course, "--module", "m3-bad")
    check(p.returncode == 1 and "pdftoppm" in p.stderr, "a broken PDF fails with the tool named", p.stderr)
    after = sorted(os.path.relpath(os.path.join(r, f), course) for r, _, fs in os.walk(course) for f in fs)
    with open(os.path.join(course, "course.json"), "rb") as f:
        cj_after = f.read()
    check(after == snapshot and cj_after == cj and not leftovers(t),
          "a failed append changes nothing and leaves nothing", set(after) ^ set(snapshot))
    p = run("import", bad, "-o", os.path.join(t, "never"))
    check(p.returncode == 1 and not os.path.exists(os.path.join(t, "never")) and not leftovers(t),
          "a failed new import leaves no folder", os.listdir(t))


def test_folder(t):
    folder = os.path.join(t, "slide images")
    os.mkdir(folder)
    write_png(os.path.join(folder, "slide 10.png"), 64, 36, (200, 0, 0))
    write_png(os.path.join(folder, "slide 2.png"), 64, 36, (0, 200, 0))
    write_png(os.path.join(folder, "slide 1.PNG"), 64, 36, (0, 0, 200))
    with open(os.path.join(folder, "notes.txt"), "w") as f:
        f.write("not an image\n")
    ffmpeg = shutil.which("ffmpeg")
    extra = []
    if ffmpeg:
        for name in ["slide 11.jpg", "slide 12.webp"]:
            r = subprocess.run([ffmpeg, "-v", "error", "-f", "lavfi", "-i", "color=c=gray:s=64x36",
                                "-frames:v", "1", os.path.join(folder, name)], capture_output=True)
            if r.returncode == 0:
                extra.append(name)
    out = os.path.join(t, "from images")
    p = run("import", folder, "-o", out, "--module", "pictures")
    check(p.returncode == 0, "an image folder imports", p.stdout + p.stderr)
    if p.returncode != 0:
        return
    items = module_of(out, "pictures")["items"]
    alts = [it["alt"] for it in items]
    want = ["slide 1", "slide 2", "slide 10"] + [os.path.splitext(n)[0] for n in extra]
    check(alts == want, "every PNG/JPEG/WebP, in natural name order (2 before 10), not the .txt",
          alts)
    exts = [os.path.splitext(it["image"])[1] for it in items]
    check(exts == [".png"] * 3 + [{".jpg": ".jpg", ".webp": ".webp"}[os.path.splitext(n)[1]] for n in extra],
          "media keep their type (from the bytes)", exts)
    with open(os.path.join(out, items[2]["image"]), "rb") as f, \
            open(os.path.join(folder, "slide 10.png"), "rb") as g:
        check(f.read() == g.read(), "images are copied byte for byte")
    check(os.path.exists(os.path.join(folder, "slide 10.png")), "the source folder is untouched")
    check_passes(out, "image folder course")

    liar = os.path.join(t, "liar")
    os.mkdir(liar)
    with open(os.path.join(liar, "a.png"), "w") as f:
        f.write("text, not a PNG\n")
    p = run("import", liar, "-o", os.path.join(t, "liar-out"))
    check(p.returncode == 1 and "not a PNG, JPEG or WebP" in p.stderr
          and not os.path.exists(os.path.join(t, "liar-out")), "a fake image is refused", p.stderr)
    empty = os.path.join(t, "empty")
    os.mkdir(empty)
    p = run("import", empty, "-o", os.path.join(t, "empty-out"))
    check(p.returncode == 1 and "no PNG, JPEG or WebP" in p.stderr, "an empty folder is refused", p.stderr)


def fake_bin(t, tools):
    """A PATH folder with only `tools` (links to the real ones)."""
    b = os.path.join(t, "bin-" + "-".join(tools) if tools else os.path.join(t, "bin-none"))
    os.makedirs(b, exist_ok=True)
    for tool in tools:
        real = shutil.which(tool)
        if real:
            os.symlink(real, os.path.join(b, tool))
    return b


def test_office(t):
    pptx = os.path.join(t, "Lesson two.pptx")
    with open(pptx, "wb") as f:
        f.write(b"PK\x03\x04 not really a pptx")
    env = dict(os.environ, PATH=fake_bin(t, ["pdftoppm", "pdftotext"]))
    out = os.path.join(t, "office-out")
    p = run("import", pptx, "-o", out, env=env)
    check(p.returncode == 1 and "apt-get install libreoffice-impress" in p.stderr
          and "LibreOffice" in p.stderr, "PPTX without LibreOffice: a clear message, exit 1", p.stderr)
    check(not os.path.exists(out) and not leftovers(t), "... and nothing is written")

    # a stand-in soffice that "converts" by writing a 2-page PDF where asked
    fb = os.path.join(t, "fake-office")
    os.mkdir(fb)
    script = os.path.join(fb, "soffice")
    with open(script, "w") as f:
        f.write(f"""#!{sys.executable}
import sys
sys.path.insert(0, {os.path.dirname(os.path.abspath(__file__))!r})
from make_pdf import make_pdf
a = sys.argv[1:]
assert "--headless" in a and a[a.index("--convert-to") + 1] == "pdf", a
assert any(x.startswith("-env:UserInstallation=file://") for x in a), a
src = a[-1]
stem = src.rsplit("/", 1)[-1].rsplit(".", 1)[0]
make_pdf(a[a.index("--outdir") + 1] + "/" + stem + ".pdf", [["Office page one"], ["Office page two"]])
""")
    os.chmod(script, 0o755)
    os.symlink(script, os.path.join(fb, "libreoffice"))   # found first when LibreOffice is installed
    env = dict(os.environ, PATH=fb + os.pathsep + os.environ.get("PATH", ""))
    p = run("import", pptx, "-o", out, env=env)
    check(p.returncode == 0, "PPTX goes through soffice --headless --convert-to pdf", p.stdout + p.stderr)
    if p.returncode == 0:
        items = module_of(out, "lesson-two")["items"]
        check([it["alt"] for it in items] == ["Office page one", "Office page two"],
              "the converted deck's pages become slides", items)
        check_passes(out, "converted PPTX")

    pdf = os.path.join(t, "plain.pdf")
    make_pdf(pdf, [["x"]])
    env = dict(os.environ, PATH=fake_bin(t, []))
    p = run("import", pdf, "-o", os.path.join(t, "no-poppler"), env=env)
    check(p.returncode == 1 and "apt-get install poppler-utils" in p.stderr,
          "PDF without poppler: says what to install", p.stderr)


def test_interrupt(t):
    """SIGTERM while a tool runs: the tool is stopped and nothing remains."""
    fb = os.path.join(t, "slow-bin")
    os.mkdir(fb)
    marker = os.path.join(t, "slow-started")
    with open(os.path.join(fb, "pdftoppm"), "w") as f:
        f.write(f"#!/bin/sh\n: > '{marker}'\nexec sleep 60\n")
    os.chmod(os.path.join(fb, "pdftoppm"), 0o755)
    work = os.path.join(t, "tmpdir")
    os.mkdir(work)
    pdf = os.path.join(t, "slow.pdf")
    make_pdf(pdf, [["x"]])
    out = os.path.join(t, "interrupted")
    env = dict(os.environ, PATH=fb + os.pathsep + os.environ.get("PATH", ""), TMPDIR=work)
    p = subprocess.Popen([PACK, "import", pdf, "-o", out], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    for _ in range(1200):       # up to 60 s on a loaded machine
        if os.path.exists(marker):
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        _, err = p.communicate()
        check(False, "SIGTERM stops the running tool", "still running after 30 s")
        return
    check(p.returncode == 1 and "interrupted" in err, "SIGTERM: the import stops with a message", err)
    check(not os.path.exists(out) and not leftovers(t) and os.listdir(work) == [],
          "SIGTERM: no folder, staging or work files remain", (os.listdir(t), os.listdir(work)))


def test_usage(t):
    p = run("import", "x.pdf")
    check(p.returncode == 2 and "usage" in p.stderr, "no -o: usage error", p.stderr)
    pdf = os.path.join(t, "u.pdf")
    make_pdf(pdf, [["x"]])
    p = run("import", pdf, "-o", os.path.join(t, "u"), "--module", "Bad Id")
    check(p.returncode == 2 and "not a valid module id" in p.stderr, "a bad --module id: usage error", p.stderr)
    p = run("import", os.path.join(t, "missing.pdf"), "-o", os.path.join(t, "u"))
    check(p.returncode == 2, "a missing deck: exit 2", p.stderr)
    p = run("import", "--help")
    check(p.returncode == 0 and "IMAGE_FOLDER" in p.stdout, "--help")
    # a deck whose name starts with '-' is not taken for an option by the tools
    dash = os.path.join(t, "-dash.pdf")
    make_pdf(dash, [["Dash page"]])
    p = run("import", "./-dash.pdf", "-o", "dash-out", cwd=t)
    check(p.returncode == 0, "relative names work", p.stdout + p.stderr)


def main():
    if not shutil.which("pdftoppm") or not shutil.which("pdftotext"):
        print("1..0 # SKIP poppler-utils not installed")
        return 77
    t = tempfile.mkdtemp(prefix="lectern-import-test-")
    try:
        deck = test_pdf(t)
        if deck:
            test_append(t, deck)
        test_blank_page(t)
        test_long_deck(t)
        test_folder(t)
        test_office(t)
        test_interrupt(t)
        test_usage(t)
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
