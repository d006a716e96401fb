#!/usr/bin/env python3
"""lectern-pack check and init as an author runs them: real binary, real
folders (copies of tests/data/courses/* broken one way each), exit codes and
the exact lines printed. Usage: cli_check.py LECTERN_PACK SOURCE_ROOT"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

PACK, ROOT = sys.argv[1], sys.argv[2]
DATA = os.path.join(ROOT, "tests", "data", "courses")
failures = []
count = 0


def run(*args, cwd=None):
    p = subprocess.run([PACK, *args], capture_output=True, text=True, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def case(name):
    def wrap(fn):
        global count
        count += 1
        try:
            fn()
            print(f"ok {count} - {name}")
        except AssertionError as e:
            failures.append(name)
            print(f"not ok {count} - {name}: {e}")
        return fn
    return wrap


def expect(cond, msg):
    if not cond:
        raise AssertionError(msg)


def copy(tmp, name, src="minimal"):
    d = os.path.join(tmp, name)
    shutil.copytree(os.path.join(DATA, src), d)
    return d


def edit_json(path, fn):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    fn(data)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)


def check(d, want_rc, *lines, args=()):
    rc, out, err = run("check", *args, d)
    expect(rc == want_rc, f"exit {rc}, want {want_rc}\n{out}{err}")
    for line in lines:
        expect(line in out, f"missing {line!r} in:\n{out}")
    return out


tmp = tempfile.mkdtemp(prefix="lectern-check-")


@case("usage errors exit 2")
def _():
    rc, out, err = run("check")
    expect(rc == 2 and "usage" in err, f"no argument: {rc} {err}")
    rc, out, err = run("check", os.path.join(tmp, "does-not-exist"))
    expect(rc == 2 and "no such file or folder" in err, f"missing path: {rc} {err}")
    rc, out, err = run("check", "--frobnicate", DATA)
    expect(rc == 2, f"unknown option: {rc}")


@case("clean fixtures pass")
def _():
    out = check(os.path.join(DATA, "minimal"), 0)
    expect(out.strip().splitlines()[-1] == "0 errors, 0 warnings", out)
    out = check(os.path.join(DATA, "rich"), 0,
                "warning: plans/day.json: total_minutes: total_minutes is 400 but the segments add up to 390.5 minutes")
    expect(out.strip().splitlines()[-1] == "0 errors, 1 warning", out)
    out = check(os.path.join(DATA, "rich"), 0, "ok: media/diagram.svg: SVG 320x180",
                "ok: media/clip.webm: WebM", "ok: media/clip.fr.srt: SubRip", args=("-v",))


@case("every course under courses/ passes check")
def _():
    top = os.path.join(ROOT, "courses")
    for name in sorted(os.listdir(top)):
        d = os.path.join(top, name)
        if os.path.isfile(os.path.join(d, "course.json")):
            out = check(d, 0)
            expect(out.strip().splitlines()[-1].startswith("0 errors"), out)


@case("missing media names file, path and fix")
def _():
    d = copy(tmp, "missing-media")
    edit_json(os.path.join(d, "modules/intro.json"),
              lambda m: m["items"][2].update(image="media/nope.png"))
    check(d, 1, "error: modules/intro.json: items[2].image: media/nope.png not found; add the file or fix the path",
          "warning: media/dot.png: not used by the course", "1 error, 1 warning")


@case("wrong case in a media path gets a hint")
def _():
    d = copy(tmp, "case-media")
    edit_json(os.path.join(d, "modules/intro.json"),
              lambda m: m["items"][2].update(image="media/Dot.png"))
    check(d, 1, "media/Dot.png not found; there is media/dot.png (names are case-sensitive)")


@case("undecodable images")
def _():
    d = copy(tmp, "garbage-png")
    with open(os.path.join(d, "media/dot.png"), "wb") as f:
        f.write(b"this is not an image at all\n" * 10)
    check(d, 1, "error: modules/intro.json: items[2].image: media/dot.png is not a known image format")
    d = copy(tmp, "truncated-png")
    with open(os.path.join(d, "media/dot.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    check(d, 1, "error: modules/intro.json: items[2].image: media/dot.png does not decode as PNG")


@case("missing alt is an error")
def _():
    d = copy(tmp, "no-alt")
    edit_json(os.path.join(d, "modules/intro.json"), lambda m: m["items"][2].pop("alt"))
    check(d, 1, "error: modules/intro.json: items[2]: missing \"alt\"")


@case("JSON syntax error has line:column")
def _():
    d = copy(tmp, "syntax")
    with open(os.path.join(d, "course.json"), "w") as f:
        f.write('{\n  "format": 1,\n  "id": "x",\n  "title": "T",,\n}\n')
    out = check(d, 1, "error: course.json:4:")
    expect(out.strip().splitlines()[-1] == "1 error, 0 warnings", out)


@case("unknown field is a warning, exit 0")
def _():
    d = copy(tmp, "typo")
    edit_json(os.path.join(d, "modules/intro.json"), lambda m: m["items"][0].update(subtitel="x"))
    check(d, 0, 'warning: modules/intro.json: items[0].subtitel: unknown field "subtitel" (did you mean "subtitle"?)',
          "0 errors, 1 warning")


@case("media of the wrong kind")
def _():
    d = copy(tmp, "wrong-kind")
    shutil.copy(os.path.join(d, "media/dot.png"), os.path.join(d, "media/clip.webm"))
    with open(os.path.join(d, "media/clip.vtt"), "w") as f:
        f.write("not subtitles\n")
    edit_json(os.path.join(d, "modules/intro.json"), lambda m: m["items"].append(
        {"id": "v", "type": "video", "video": "media/clip.webm", "subtitles": {"en": "media/clip.vtt"}}))
    check(d, 1, "error: modules/intro.json: items[3].video: media/clip.webm is a PNG file (image), not a video",
          "error: modules/intro.json: items[3].subtitles.en: media/clip.vtt is not a known subtitle format")


@case("unused media is a warning")
def _():
    d = copy(tmp, "unused")
    shutil.copy(os.path.join(d, "media/dot.png"), os.path.join(d, "media/extra.png"))
    check(d, 0, "warning: media/extra.png: not used by the course", "0 errors, 1 warning")


@case("plan referencing a missing item")
def _():
    d = copy(tmp, "plan-ghost")
    edit_json(os.path.join(d, "plans/short.json"), lambda p: p["segments"][0]["items"].append("ghost"))
    check(d, 1, 'error: plans/short.json: segments[0].items[3]: no item "ghost" in the course')


@case("every problem is reported, not just the first")
def _():
    d = copy(tmp, "many")
    def mutate(m):
        m["items"][0]["layout"] = "diagram"
        m["items"][1]["bullets"][1]["sub"][0] = 5
        m["items"][2]["id"] = "intro-title"
    edit_json(os.path.join(d, "modules/intro.json"), mutate)
    out = check(d, 1, "items[0].layout: unknown layout \"diagram\" in item \"intro-title\"",
                "items[1].bullets[1].sub[0]: expected a text (string or {\"lang\": \"...\"}), found a number",
                "items[2].id: duplicate item id \"intro-title\": also used by modules/intro.json items[0]")
    # the renamed item also breaks the plan that used it
    expect("plans/short.json: segments[0].items[2]: no item \"intro-image\"" in out, out)
    expect(out.strip().splitlines()[-1] == "4 errors, 0 warnings", out)


@case("exercise authoring mistakes are reported at the item's path")
def _():
    d = copy(tmp, "quiz-key", "rich")
    edit_json(os.path.join(d, "modules/m2-media.json"),
              lambda m: m["items"][1]["exercise"]["options"][1].update(correct=True))
    check(d, 1, "error: modules/m2-media.json: items[1].exercise.options: 2 options are marked correct")


@case("theme font files are checked")
def _():
    d = copy(tmp, "fonts")
    edit_json(os.path.join(d, "course.json"), lambda c: c.update(
        theme={"heading_font": "fonts/Heading.ttf", "body_font": "fonts/body.otf"}))
    os.makedirs(os.path.join(d, "fonts"))
    with open(os.path.join(d, "fonts/body.otf"), "wb") as f:
        f.write(b"not a font")
    check(d, 1, "error: course.json: theme.heading_font: fonts/Heading.ttf not found",
          "error: course.json: theme.body_font: fonts/body.otf is not a known font format")
    with open(os.path.join(d, "fonts/Heading.ttf"), "wb") as f:
        f.write(b"\x00\x01\x00\x00" + b"\x00" * 60)
    with open(os.path.join(d, "fonts/body.otf"), "wb") as f:
        f.write(b"OTTO" + b"\x00" * 60)
    check(d, 0, "0 errors, 0 warnings")


@case("a file that is not a course")
def _():
    z = os.path.join(tmp, "junk.lectern")
    with open(z, "wb") as f:
        f.write(b"PK\x03\x04 this is not really a zip" * 4)
    rc, out, err = run("check", z)
    expect(rc == 1 and out.startswith("error: ") and out.strip().endswith("1 error, 0 warnings"), f"{rc} {out} {err}")
    d = os.path.join(tmp, "no-course")
    os.makedirs(d)
    check(d, 1, "error: course.json: file not found")


@case("--json output")
def _():
    d = copy(tmp, "json-out")
    edit_json(os.path.join(d, "modules/intro.json"), lambda m: m["items"][2].update(image="media/nope.png"))
    rc, out, err = run("check", "--json", d)
    expect(rc == 1, f"exit {rc}")
    doc = json.loads(out)
    expect(doc["errors"] == 1, doc)
    p = [x for x in doc["problems"] if x["severity"] == "error"][0]
    expect(p["file"] == "modules/intro.json" and p["path"] == "items[2].image", p)
    rc, out, err = run("check", "--json", os.path.join(DATA, "rich"))
    doc = json.loads(out)
    expect(rc == 0 and doc["id"] == "org.lectern.test.rich", doc)
    pngs = [m for m in doc["media"] if m["file"] == "media/photo.png"]
    expect(pngs and pngs[0]["width"] == 320 and pngs[0]["height"] == 180, doc["media"])


@case("a hand-made zip with a top folder checks as unverified")
def _():
    z = os.path.join(tmp, "hand.zip")
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        src = os.path.join(DATA, "rich")
        for base, _dirs, files in os.walk(src):
            for fn in sorted(files):
                full = os.path.join(base, fn)
                zf.write(full, os.path.join("rich-course", os.path.relpath(full, src)))
    out = check(z, 0, "note: ", "unverified")
    expect("0 errors" in out.strip().splitlines()[-1], out)


@case("init, check, build, check the package")
def _():
    d = os.path.join(tmp, "New Course")
    rc, out, err = run("init", d)
    expect(rc == 0, f"init: {rc} {err}")
    for f in ["course.json", "modules/m1-welcome.json", "plans/intro-30min.json", "media/picture.png",
              "media/diagram.svg", "media/clip.webm", "media/clip.en.vtt"]:
        expect(os.path.isfile(os.path.join(d, f)), f"init did not write {f}")
    with open(os.path.join(d, "course.json")) as f:
        expect(json.load(f)["id"] == "org.example.new-course", "id from the folder name")
    with open(os.path.join(d, "modules/m1-welcome.json")) as f:
        items = json.load(f)["items"]
    layouts = {i.get("layout") for i in items if i["type"] == "slide"}
    expect(layouts == {"title", "section", "bullets", "image", "image_text", "two_columns", "quote"}, layouts)
    expect({i["type"] for i in items} == {"slide", "video", "exercise"}, items)
    out = check(d, 0, "ok: media/picture.png: PNG 320x180", "ok: media/clip.webm: WebM", args=("-v",))
    expect(out.strip().splitlines()[-1] == "0 errors, 0 warnings", out)
    pkg = os.path.join(tmp, "new.lectern")
    rc, out, err = run("build", d, "-o", pkg)
    expect(rc == 0 and os.path.isfile(pkg), f"build: {rc} {out} {err}")
    out = check(pkg, 0)
    expect(out.strip().splitlines()[-1] == "0 errors, 0 warnings", out)


@case("init refuses a non-empty folder, accepts an empty one")
def _():
    d = os.path.join(tmp, "busy")
    os.makedirs(d)
    with open(os.path.join(d, "notes.txt"), "w") as f:
        f.write("mine")
    rc, out, err = run("init", d)
    expect(rc == 1 and "not empty" in err, f"{rc} {err}")
    expect(os.listdir(d) == ["notes.txt"], os.listdir(d))
    e = os.path.join(tmp, "empty")
    os.makedirs(e)
    rc, out, err = run("init", "--id", "org.test.empty", "--title", 'Say "hi"', e)
    expect(rc == 0, f"{rc} {err}")
    with open(os.path.join(e, "course.json")) as f:
        c = json.load(f)
    expect(c["id"] == "org.test.empty" and c["title"]["en"] == 'Say "hi"', c)
    expect(not [n for n in os.listdir(tmp) if ".init-" in n], "temp folder left behind")
    rc, out, err = run("init")
    expect(rc == 2, f"no folder: {rc}")
    rc, out, err = run("init", "--id", "Bad Id", os.path.join(tmp, "x"))
    expect(rc == 2 and not os.path.exists(os.path.join(tmp, "x")), f"bad id: {rc}")


@case("SDL lives in lectern-pack-media.so: ls runs without it, check says it is missing")
def _():
    # the executable itself does not link SDL: read its ELF NEEDED entries
    needed = subprocess.run(["readelf", "-d", PACK], capture_output=True, text=True).stdout
    expect("libc.so" in needed and "SDL" not in needed and "vlc" not in needed, needed)
    # a copy of the executable without the module next to it
    lone = os.path.join(tmp, "lone")
    os.makedirs(lone)
    exe = os.path.join(lone, "lectern-pack")
    shutil.copy2(PACK, exe)
    d = copy(tmp, "no-module")
    pkg = os.path.join(tmp, "no-module.lectern")
    rc, out, err = run("build", d, "-o", pkg)
    expect(rc == 0, f"build with the module: {rc} {err}")
    p = subprocess.run([exe, "ls", pkg], capture_output=True, text=True)
    expect(p.returncode == 0 and "media/dot.png" in p.stdout, p.stdout + p.stderr)
    p = subprocess.run([exe, "check", d], capture_output=True, text=True)
    expect(p.returncode == 1 and "media/dot.png was not decoded: cannot load lectern-pack-media.so" in p.stdout,
           p.stdout + p.stderr)


shutil.rmtree(tmp)
print(f"1..{count}")
if failures:
    print(f"{len(failures)} failed: {', '.join(failures)}")
    sys.exit(1)
