#!/usr/bin/env python3
"""Live preview (lectern --watch), search (`/`) and the overflow warning of
`lectern-pack check`, run as a user would: a course made with
`lectern-pack init` in a temporary folder, the player driven by a script fed
line by line on stdin while this harness edits the course files (inotify is
real, so `wait-reload` waits in real time, bounded).

usage: watch_search_tests.py LECTERN LECTERN_PACK SOURCE_ROOT TEST"""
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

LECTERN, PACK, ROOT, NAME = sys.argv[1:5]
sys.path.insert(0, os.path.join(ROOT, "tests"))
from pnglib import read_png  # noqa: E402
SAMPLE = os.path.join(ROOT, "courses", "trafficking-basics")


def env():
    e = dict(os.environ)
    e.setdefault("SDL_VIDEODRIVER", "dummy")
    e.setdefault("SDL_AUDIODRIVER", "dummy")
    e["LECTERN_NO_VIDEO"] = "1"
    return e


def make_course(tmp):
    d = os.path.join(tmp, "course")
    r = subprocess.run([PACK, "init", d], capture_output=True, text=True, env=env())
    assert r.returncode == 0, r.stderr
    return d


def module_path(course):
    return os.path.join(course, "modules", "m1-welcome.json")


def edit_module(course, fn):
    p = module_path(course)
    d = json.load(open(p))
    fn(d)
    write_atomically(p, json.dumps(d, indent=2))


def write_atomically(path, text):
    """As editors do: a new file renamed over the old one."""
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def solid_png(path, w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    write_atomically_bytes(path, data)


def write_atomically_bytes(path, data):
    tmp = path + ".new"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Player:
    """lectern --script - : script lines go in on stdin; `echo` marks come back."""

    def __init__(self, tmp, course, *extra):
        self.err = open(os.path.join(tmp, "stderr.txt"), "w+")
        self.p = subprocess.Popen([LECTERN, "--script", "-", "--data-dir", os.path.join(tmp, "data"),
                                   *extra, course], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, text=True, env=env())
        self.n = 0
        # a hung player must not hang the test run
        self.watchdog = threading.Timer(90, self.p.kill)
        self.watchdog.start()

    def run(self, *lines):
        """Sends the lines and waits until they ran; fails with the player's message."""
        self.n += 1
        mark = "--mark-%d--" % self.n
        try:
            self.p.stdin.write("\n".join(lines) + "\necho " + mark + "\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            pass
        while True:
            line = self.p.stdout.readline()
            if not line:
                self.p.wait()
                self.watchdog.cancel()
                self.err.seek(0)
                raise AssertionError("player stopped (status %s) running %r:\n%s" %
                                     (self.p.returncode, lines, self.err.read()))
            if line.strip() == mark:
                return

    def quit(self):
        self.p.stdin.close()
        rc = self.p.wait(timeout=60)
        self.watchdog.cancel()
        self.err.seek(0)
        assert rc == 0, "player exit status %d:\n%s" % (rc, self.err.read())


def test_reload_keeps_item(tmp):
    course = make_course(tmp)
    pl = Player(tmp, course, "--watch")
    pl.run("goto m1-columns", "expect item m1-columns", "expect index 6")
    # a new slide before it: the item moves to 7 and stays on screen
    edit_module(course, lambda d: d["items"].insert(1, {
        "id": "m1-new", "type": "slide", "layout": "title", "title": "Added while watching"}))
    pl.run("wait-reload", "expect item m1-columns", "expect index 7", "expect watch-error",
           "expect message Reloaded: modules/m1-welcome.json")
    # a changed title shows (the text cache does not keep the old one): heading pixels move
    pl.run("goto m1-new", "expect item m1-new")
    pl.quit()


def test_json_mistake_overlay(tmp):
    course = make_course(tmp)
    pl = Player(tmp, course, "--watch")
    pl.run("goto m1-quote", "expect item m1-quote", "expect watch-error")
    p = module_path(course)
    good = open(p).read()
    bad = good.replace('"id": "m1-quote",', '"id": "m1-quote"', 1)   # a missing comma
    assert bad != good
    write_atomically(p, bad)
    # the message names the file, line and column; the player stays on the old course
    line = bad[:bad.index('"id": "m1-quote"')].count("\n") + 1
    pl.run("wait-reload", "expect watch-error modules/m1-welcome.json:%d:" % line,
           "expect item m1-quote", "expect running",
           # the overlay: its red edge at canvas x 120..134, y 120.. (1280x720: x 80..89)
           "expect pixel 84 100 #e53e3e 12",
           "screenshot " + os.path.join(tmp, "overlay.png"))
    write_atomically(p, good)
    pl.run("wait-reload", "expect watch-error", "expect item m1-quote",
           "expect message Reloaded")
    # a mistake of the course (not of JSON): path named
    edit_module(course, lambda d: d["items"][2].pop("layout"))
    pl.run("wait-reload", "expect watch-error items[2]", "expect item m1-quote")
    write_atomically(p, good)
    pl.run("wait-reload", "expect watch-error")
    pl.quit()


def break_module(course):
    """A missing comma in the module file; returns (good text, line of the mistake)."""
    p = module_path(course)
    good = open(p).read()
    bad = good.replace('"id": "m1-quote",', '"id": "m1-quote"', 1)
    assert bad != good
    write_atomically(p, bad)
    return good, bad[:bad.index('"id": "m1-quote"')].count("\n") + 1


def red_edge(png):
    """The mistakes panel's red edge (canvas x 120..134 at 1280x720: x 80..89)."""
    w, h, rows = read_png(png)
    r, g, b = rows[100][84][:3]
    return abs(r - 0xe5) < 16 and abs(g - 0x3e) < 16 and abs(b - 0x3e) < 16


def test_broken_from_start(tmp):
    course = make_course(tmp)
    good, line = break_module(course)
    pl = Player(tmp, course, "--watch")
    # the player stays up with the check message on screen instead of exiting
    broken = os.path.join(tmp, "broken.png")
    pl.run("expect running", "expect watch-error modules/m1-welcome.json:%d:" % line,
           "expect pixel 84 100 #e53e3e 12", "screenshot " + broken)
    assert red_edge(broken), "no mistakes panel in the first frame"
    # a second broken save keeps waiting, with the new message
    edit = good.replace('"layout": "quote"', '"layout": "quotation"', 1)
    assert edit != good
    write_atomically(module_path(course), edit)
    pl.run("wait-reload", "expect watch-error unknown layout", "expect running")
    write_atomically(module_path(course), good)
    fixed = os.path.join(tmp, "fixed.png")
    pl.run("wait-reload", "expect watch-error", "expect screen start",
           "key Right", "expect item m1-title", "screenshot " + fixed)
    assert not red_edge(fixed), "the mistakes panel stayed after the fix"
    # from now on it is a normal --watch session: edits reload in place
    edit_module(course, lambda d: d["items"][0].update(title="Renamed while watching"))
    pl.run("wait-reload", "expect item m1-title", "expect watch-error",
           "expect message Reloaded")
    pl.quit()
    # a command that needs a course, while there is none, is refused clearly
    break_module(course)
    script = os.path.join(tmp, "early.txt")
    with open(script, "w") as f:
        f.write("expect running\ngoto m1-quote\n")
    r = subprocess.run([LECTERN, "--watch", "--script", script, "--data-dir",
                        os.path.join(tmp, "data"), course], capture_output=True, text=True,
                       env=env(), timeout=60)
    assert r.returncode == 1 and "early.txt:2: goto: no course is loaded yet" in r.stderr, r.stderr


def test_broken_from_start_window(tmp):
    """Without a script: the window loop waits (the process stays), loads the fix."""
    course = make_course(tmp)
    good, _ = break_module(course)
    e = env()
    e["LECTERN_LOG"] = "info"
    errf = open(os.path.join(tmp, "stderr.txt"), "w+")
    p = subprocess.Popen([LECTERN, "--watch", "--data-dir", os.path.join(tmp, "data"), course],
                         stdout=subprocess.DEVNULL, stderr=errf, env=e)
    try:
        def wait_for(text):
            for _ in range(300):
                errf.seek(0)
                if text in errf.read():
                    return True
                if p.poll() is not None:
                    break
                time.sleep(0.1)
            errf.seek(0)
            raise AssertionError("no %r (status %s):\n%s" % (text, p.poll(), errf.read()))
        wait_for("showing them until a fix loads")
        assert p.poll() is None, "the player exited on a broken course"
        write_atomically(module_path(course), good)
        wait_for("reloaded " + course)
        assert p.poll() is None
    finally:
        p.terminate()
        p.wait(timeout=30)
        errf.close()


def test_changed_image_redecoded(tmp):
    course = make_course(tmp)
    pl = Player(tmp, course, "--watch", "--size", "1280x720")
    pl.run("goto m1-image", "expect item m1-image", "wait")
    # the picture is replaced by a plain green one of the same size
    import_size = struct.unpack(">II", open(os.path.join(course, "media", "picture.png"), "rb").read()[16:24])
    solid_png(os.path.join(course, "media", "picture.png"), import_size[0], import_size[1], (0, 200, 0))
    pl.run("wait-reload", "expect item m1-image", "wait", "expect pixel 640 360 #00c800 10")
    pl.quit()


def test_search_notes_jump(tmp):
    course = make_course(tmp)
    edit_module(course, lambda d: d["items"][4].update(notes="Remember the zeppelin anecdote here."))
    pl = Player(tmp, course)
    pl.run("key Right", "expect item m1-title",
           # a word that is only in the speaker notes of item 5
           "search zeppelin", "expect hits 1", "expect hit 1 m1-image-text",
           "screenshot " + os.path.join(tmp, "search.png"),
           "pick 1", "expect item m1-image-text", "expect screen slide")
    # keys: Down then Enter picks the second hit; Esc closes without moving
    pl.run("search notes", "expect hit 1 m1-title", "key Escape", "expect item m1-image-text",
           "key /", "expect hits 1", "key Escape", "expect item m1-image-text")
    # facilitator notes are searched too (not in classroom mode), exercise text as well
    pl.run("search ask the room", "expect hits 1", "expect hit 1 m1-check",
           "search course.json", "expect hit 1 m1-check",
           "search nothing-like-this", "expect hits 0", "key Return", "expect item m1-image-text",
           "key Escape")
    pl.run("search bullets", "key Down", "key Return", "expect screen slide")
    # classroom mode: the room sees the screen, facilitator notes are not searched
    pl.run("classroom on", "search ask the room", "expect hits 0",
           "search studying alone", "expect hit 1 m1-title", "key Escape",
           "classroom off", "search ask the room", "expect hits 1", "key Escape")
    pl.quit()


def test_search_while_watching(tmp):
    course = make_course(tmp)
    pl = Player(tmp, course, "--watch")
    pl.run("key Right", "search zeppelin", "expect hits 0", "key Escape")
    edit_module(course, lambda d: d["items"][2].update(notes="zeppelin"))
    pl.run("wait-reload", "search zeppelin", "expect hits 1", "expect hit 1 m1-bullets",
           "pick 1", "expect item m1-bullets")
    pl.quit()


def test_search_plans_cues(tmp):
    """The sample course: lesson-plan texts and subtitle cues, in the course language."""
    pl = Player(tmp, SAMPLE, "--size", "1280x720")
    # a cue of the video's English track: the video item, playing from the cue
    pl.run("key Right", "search someone recruits", "expect hits 1",
           "expect hit 1 m1-video-elements",
           "screenshot " + os.path.join(tmp, "cue.png"),
           "pick 1", "expect item m1-video-elements", "expect video-from m1-video-elements 3307")
    # a lesson-plan segment title (trainer's material): its first item
    pl.run("search welcome and ground rules", "expect hit 1 m1-title",
           "screenshot " + os.path.join(tmp, "plan.png"), "key Escape")
    # the room does not see plan texts
    pl.run("classroom on", "search welcome and ground rules", "expect hits 0", "key Escape", "classroom off")
    pl.quit()
    # French: the French track's cues, diacritics folded ("héberge"); not the English ones
    pl = Player(tmp, SAMPLE, "--lang", "fr")
    pl.run("key Right", "search someone recruits", "expect hits 0",
           "search HEBERGE ou accueille", "expect hit 1 m1-video-elements",
           "pick 1", "expect video-from m1-video-elements 3307")
    pl.quit()


def test_search_quote_label(tmp):
    """An untitled quote slide is listed by the start of its quote, in the
    quotation marks of its language, and of its attribution, never by its
    id; English, French and Arabic (the course language)."""
    for lang, query, words in (
            ("en", "no longer matters", ["\u201cOnce a trafficker has used",
                                         "\u201d \u2014 Our summary of Article 3(b)"]),
            ("fr", "peu importe que la personne", ["\u00ab\u202fD\u00e8s lors qu'un trafiquant",
                                                   "\u202f\u00bb \u2014 Notre r\u00e9sum\u00e9"]),
            ("ar", "وافق على العمل", ["\u00abمتى استخدم المتاجر",
                                      "\u00bb \u2014 خلاصتنا للمادة 3"])):
        pl = Player(tmp, SAMPLE, "--lang", lang)
        pl.run("key Right", "search " + query, "expect hit 1 m1-consent",
               *["expect hit-label 1 " + w for w in words],
               "screenshot " + os.path.join(tmp, "quote-%s.png" % lang), "key Escape")
        pl.quit()
    # a quote without attribution: the quote alone, shortened at a word
    course = make_course(tmp)
    edit_module(course, lambda d: d["items"].append(
        {"id": "m1-quote-2", "type": "slide", "layout": "quote",
         "text": "Zeppelins carried mail across the ocean long before the first airliners "
                 "crossed it, and nobody remembers"}))
    pl = Player(tmp, course)
    pl.run("key Right", "search zeppelins", "expect hit 1 m1-quote-2",
           "expect hit-label 1 \u201cZeppelins carried mail across the ocean long before the first\u2026\u201d",
           "key Escape")
    pl.quit()


def check(target):
    r = subprocess.run([PACK, "check", target], capture_output=True, text=True, env=env())
    return r.returncode, r.stdout + r.stderr


def test_check_overflow_warning(tmp):
    course = make_course(tmp)
    rc, out = check(course)
    assert rc == 0 and "0 errors, 0 warnings" in out, out
    long = "A long bullet that goes on and on about many things in great detail. " * 5
    edit_module(course, lambda d: d["items"].insert(3, {
        "id": "m1-long", "type": "slide", "layout": "bullets", "title": "Far too much",
        "bullets": [long] * 12}))
    rc, out = check(course)
    assert rc == 0, out     # a warning, not an error
    want = ("warning: modules/m1-welcome.json: items[3]: text does not fit at the minimum "
            "size 24 px; shorten it or split the slide")
    assert want in out and "0 errors, 1 warning" in out, out
    r = subprocess.run([PACK, "check", "--json", course], capture_output=True, text=True, env=env())
    probs = [p for p in json.loads(r.stdout)["problems"] if "does not fit" in p["message"]]
    assert len(probs) == 1 and probs[0]["path"] == "items[3]", probs


def test_check_sample_no_overflow(tmp):
    rc, out = check(SAMPLE)
    assert rc == 0 and "does not fit" not in out and "0 errors, 0 warnings" in out, out


def main():
    fn = globals().get("test_" + NAME)
    if not fn:
        print("unknown test " + NAME)
        return 2
    tmp = tempfile.mkdtemp(prefix="lectern-ws-")
    try:
        fn(tmp)
    finally:
        if not os.environ.get("LECTERN_KEEP_TMP"):
            shutil.rmtree(tmp, ignore_errors=True)
    print("ok " + NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
