#!/usr/bin/env python3
"""End-to-end tests of trainee progress in the player (issue 6): run `lectern`
as a trainee and a coordinator would, in separate processes over one data
dir, and check the store (python's sqlite3), PNGs and exports.

usage: progress_ui_tests.py LECTERN SOURCE_ROOT TEST   (TEST: a test_* name without
the prefix). LECTERN_LONG_TESTS=1 makes the kill test run 200 cycles."""
import json
import os
import random
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

LECTERN, ROOT, NAME = sys.argv[1], sys.argv[2], sys.argv[3]
FIXTURE = os.path.join(ROOT, "tests", "session", "data", "course")
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")
ACCENT = (0xFC, 0xA3, 0x11)
ITEMS = ["one-title", "one-list", "one-image", "one-quote", "two-section", "two-cols", "two-end"]


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402  (tests/pnglib.py)


def near(c, want, tol=12):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def count(rows, box, pred):
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1) if pred(rows[y][x]))


def run(args, expect_rc=0, stdin=None):
    p = subprocess.run([LECTERN] + args, env=ENV, capture_output=True, text=True, timeout=120,
                       input=stdin)
    if expect_rc is not None and p.returncode != expect_rc:
        raise AssertionError("%s -> %d (wanted %d)\nstdout: %s\nstderr: %s" % (
            " ".join(args), p.returncode, expect_rc, p.stdout, p.stderr))
    return p


def script(tmp, data, text, course=FIXTURE, extra=(), expect_rc=0):
    path = os.path.join(tmp, "s%d.txt" % random.randrange(1 << 30))
    with open(path, "w") as f:
        f.write(text)
    return run(["--data-dir", data, "--script", path] + list(extra) + [course], expect_rc)


def db(data):
    return sqlite3.connect(os.path.join(data, "progress.sqlite"))


def test_resume(tmp):
    """A trainee views slides and quits; a second process resumes at the same item."""
    data = os.path.join(tmp, "data")
    script(tmp, data, "profile Amina\nkey Right\nkey Right Right\ntick 4000\nkey Right\n"
           "expect item one-quote\nkey Escape\nkey Escape\nkey Return\nexpect quit\n")
    # the store holds it: position, views, time
    c = db(data)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    pos = c.execute("SELECT position_item FROM course_state").fetchone()[0]
    assert pos == "one-quote", pos
    viewed = {r[0] for r in c.execute("SELECT item_id FROM event WHERE kind='viewed'")}
    assert viewed == set(ITEMS[:4]), viewed
    assert c.execute("SELECT count(*) FROM event WHERE kind='time_spent'").fetchone()[0] >= 1
    c.close()
    # a new process: Continue goes there (--profile as a script would use it)
    script(tmp, data, "expect profile Amina\nexpect screen start\nexpect progress one 4/4\n"
           "expect progress two 0/3\nkey Return\nexpect item one-quote\n",
           extra=["--profile", "Amina"])
    # another trainee on the same laptop starts from the beginning
    script(tmp, data, "profile Bilal\nkey Return\nexpect item one-title\n")


def test_bars(tmp):
    """The start screen's bars come from the store, not from this session."""
    data = os.path.join(tmp, "data")
    script(tmp, data, "profile Amina\ngoto one-title\ngoto one-list\ngoto one-image\n"
           "goto one-quote\ngoto two-section\n")
    shot = os.path.join(tmp, "start.png")
    script(tmp, data, "profile Amina\nexpect screen start\nexpect progress one 4/4\n"
           "expect progress 2 1/3\nscreenshot %s\n" % shot, extra=["--size", "1920x1080"])
    w, h, rows = read_png(shot)
    # module rows: bar at y = 90 + 90 + 100*i + 70 (canvas), x from 1090 to 1870
    full = count(rows, (1100, 250, 1860, 254), lambda c: near(c, ACCENT))
    assert full > 2500, ("module one bar", full)
    part = count(rows, (1100, 350, 1860, 354), lambda c: near(c, ACCENT))
    assert 600 < part < 1300, ("module two bar a third full", part)


def test_bookmark(tmp):
    data = os.path.join(tmp, "data")
    shot = os.path.join(tmp, "bm.png")
    script(tmp, data, "profile Amina\ngoto one-list\nkey B\nexpect message Bookmarked\n"
           "expect bookmarked one-list yes\nscreenshot %s\ngoto one-quote\nbookmark\nbookmark\n"
           "expect bookmarked one-quote no\n" % shot, extra=["--size", "1920x1080"])
    w, h, rows = read_png(shot)
    assert count(rows, (1800, 0, 1856, 50), lambda c: near(c, ACCENT)) > 2000, "ribbon"
    script(tmp, data, "profile Amina\nexpect bookmarked one-list yes\n")


def test_completion_certificate(tmp):
    """Viewing every item completes the fixture course; the certificate is a real page."""
    data = os.path.join(tmp, "data")
    cert = os.path.join(tmp, "cert.png")
    summary = os.path.join(tmp, "summary.png")
    text = "profile Amina\nexpect completed no\ncertificate %s/early.png\n" % tmp
    p = script(tmp, data, text, expect_rc=1)
    assert "once every module is done" in p.stderr, p.stderr
    text = "profile Amina\n" + "".join("goto %s\n" % i for i in ITEMS) + \
           "expect completed yes\nexpect passed yes\ncertificate %s\nsummary\n" \
           "expect progress-screen summary\nscreenshot %s\nkey C\n" \
           "expect progress-screen certificate\nkey Escape\nkey Escape\n" \
           "expect progress-screen none\n" % (cert, summary)
    script(tmp, data, text, extra=["--size", "1920x1080"])
    w, h, rows = read_png(cert)
    assert (w, h) == (2400, 1350), (w, h)
    paper = (0xfd, 0xfb, 0xf4)
    ink = (0x1f, 0x2a, 0x44)
    assert near(rows[20][20], paper) and near(rows[h // 2][w // 2 - 1100], paper)
    assert near(rows[60][w // 2], ink), rows[60][w // 2]          # the frame
    # title, name and course title regions hold dark ink on paper
    for name, box in (("title", (700, 250, 1700, 360)), ("name", (800, 540, 1600, 660)),
                      ("course", (500, 820, 1900, 900))):
        dark = count(rows, box, lambda c: sum(c) < 300)
        assert dark > 2000, (name, dark)
    assert count(rows, (0, 0, w, h), lambda c: near(c, paper)) < w * h * 0.95
    # the F-key path: saved under the data dir too
    saved = os.listdir(os.path.join(data, "certificates"))
    assert len(saved) == 1 and saved[0].endswith(".png"), saved
    c = db(data)
    kinds = [r[0] for r in c.execute("SELECT kind FROM event WHERE item_id='' OR kind='completed'")]
    assert "completed" in kinds, kinds


def test_kill(tmp):
    """SIGKILL mid-script loses no committed event: every item the script echoed
    after visiting has its viewed event, and the store passes integrity_check."""
    cycles = 200 if os.environ.get("LECTERN_LONG_TESTS") == "1" else 12
    data = os.path.join(tmp, "data")
    rnd = random.Random(6)
    for cycle in range(cycles):
        p = subprocess.Popen([LECTERN, "--data-dir", data, "--profile", "Amina", "--script", "-",
                              FIXTURE], env=ENV, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, bufsize=1)
        confirmed, prev = [], None
        stop_after = rnd.randrange(1, 15)
        for k in range(stop_after):
            item = ITEMS[rnd.randrange(len(ITEMS))]
            p.stdin.write("goto %s\ntick 300\necho done %d %s\n" % (item, k, item))
            p.stdin.flush()
            line = p.stdout.readline().split()
            assert line[:2] == ["done", str(k)], line
            if item != prev:       # going to the item shown already records nothing
                confirmed.append(item)
            prev = item
        # more commands in flight, then the process dies for real
        p.stdin.write("goto %s\nbookmark\n" % ITEMS[rnd.randrange(len(ITEMS))])
        p.stdin.flush()
        os.kill(p.pid, signal.SIGKILL)
        p.wait()
        c = db(data)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n_views = c.execute("SELECT count(*) FROM event WHERE kind='viewed'").fetchone()[0]
        c.close()
        if cycle == 0:
            total = 0
        total += len(confirmed)
        assert n_views >= total, (cycle, n_views, total)
    # and the player still opens it
    script(tmp, data, "profile Amina\nexpect screen start\n")


def test_export_xapi(tmp):
    data = os.path.join(tmp, "data")
    script(tmp, data, "profile Amina\n" + "".join("goto %s\ntick 1500\n" % i for i in ITEMS) +
           "key Escape\n")
    out = os.path.join(tmp, "x.json")
    csv = os.path.join(tmp, "p.csv")
    run(["progress", "export", "--xapi", out, "--csv", csv, "--data-dir", data])
    st = json.load(open(out))
    assert isinstance(st, list) and st, st
    verbs = {s["verb"]["id"].rsplit("/", 1)[-1] for s in st}
    assert {"experienced", "completed"} <= verbs, verbs
    for s in st:
        assert s["id"] and s["actor"]["account"] and s["object"]["id"].startswith("urn:lectern:")
    lines = open(csv).read().splitlines()
    assert len(lines) >= 1 + len(ITEMS) and "Amina" in lines[1], lines[:3]
    p = run(["progress", "profiles", "--data-dir", data])
    assert "Amina" in p.stdout, p.stdout
    assert run(["progress", "export", "--data-dir", data], expect_rc=2).returncode == 2
    assert "lectern progress export" in run(["--help"]).stdout


def test_import(tmp):
    """A second laptop's store merges; importing it again adds nothing."""
    d1, d2 = os.path.join(tmp, "one"), os.path.join(tmp, "two")
    script(tmp, d1, "profile Amina\ngoto one-title\ngoto one-list\n")
    script(tmp, d2, "profile Bilal\ngoto two-section\ngoto two-cols\n")
    script(tmp, d2, "profile Amina\ngoto one-image\ngoto one-quote\n")
    p = run(["progress", "import", os.path.join(d2, "progress.sqlite"), "--data-dir", d1])
    assert "profiles: 1 matched, 1 created" in p.stdout, p.stdout
    p = run(["progress", "import", os.path.join(d2, "progress.sqlite"), "--data-dir", d1])
    assert " 0 events added" in p.stdout, p.stdout
    # an events export works the same way
    ev = os.path.join(tmp, "ev.json")
    run(["progress", "export", "--events", ev, "--data-dir", d2])
    p = run(["progress", "import", ev, "--data-dir", d1])
    assert " 0 events added" in p.stdout, p.stdout
    # Amina's progress on laptop one now has the views from laptop two
    script(tmp, d1, "profile Amina\nexpect progress one 4/4\nprofile Bilal\n"
           "expect progress two 2/3\n")


def test_damaged_store(tmp):
    """A damaged store is recovered by itself when the player opens it: the damaged
    file is kept aside byte for byte, the latest backup comes back with what can
    still be read from the damaged file, and the start screen and the log say so."""
    data = os.path.join(tmp, "data")
    script(tmp, data, "profile Amina\ngoto one-title\ngoto one-list\n")
    script(tmp, data, "profile Amina\nexpect progress one 2/4\n")   # makes a backup
    script(tmp, data, "profile Amina\ngoto one-image\n")          # after the backup
    dbf = os.path.join(data, "progress.sqlite")
    for extra in ("-wal", "-shm"):
        if os.path.exists(dbf + extra):
            os.remove(dbf + extra)
    # the header and the schema on page 1 overwritten: nothing but the backup helps
    with open(dbf, "r+b") as f:
        f.seek(0)
        f.write(b"this is not a database" * 10)
    damaged = open(dbf, "rb").read()
    shot = os.path.join(tmp, "recovered.png")
    p = script(tmp, data, "profile Amina\nexpect recovered yes\nexpect progress-screen none\n"
               "expect profile Amina\nexpect progress one 2/4\nscreenshot %s\n" % shot)
    assert "damaged" in p.stderr and "moved to" in p.stderr, p.stderr   # the log
    kept = [n for n in os.listdir(data) if ".damaged-" in n]
    assert len(kept) == 1 and open(os.path.join(data, kept[0]), "rb").read() == damaged, kept
    assert not [n for n in os.listdir(data) if ".salvage-" in n], os.listdir(data)
    # the notice: a pale band across the top of the start screen
    w, h, rows = read_png(shot)
    band = count(rows, (w // 4, 2, w // 2, h * 80 // 1080), lambda c: near(c, (0xFF, 0xF4, 0xD6)))
    assert band > (w // 4) * (h * 70 // 1080) // 2, band
    # the next start is an ordinary one
    script(tmp, data, "profile Amina\nexpect recovered no\nexpect progress one 2/4\n")
    # only pages in the middle damaged: the events after the backup are read back
    script(tmp, data, "profile Amina\ngoto one-image\ngoto one-quote\n")
    c = db(data)
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    c.close()
    with open(dbf, "r+b") as f:      # the item_state pages (no event is lost)
        root = sqlite3.connect(dbf).execute(
            "SELECT rootpage FROM sqlite_schema WHERE name='item_state'").fetchone()[0]
        f.seek((root - 1) * 4096)
        f.write(bytes(random.Random(6).randrange(256) for _ in range(4096)))
    n_before = len([n for n in os.listdir(data) if ".damaged-" in n])
    script(tmp, data, "profile Amina\nexpect recovered yes\nexpect progress one 4/4\n")
    assert len([n for n in os.listdir(data) if ".damaged-" in n]) == n_before + 1


def test_video_range(tmp):
    """A played video (libvlc, the 1 s clip of the progress fixture) is recorded as a
    watched range when playback stops, and counts as viewed by its percentage."""
    data = os.path.join(tmp, "data")
    course = os.path.join(ROOT, "tests", "progress", "data", "course-v1")
    ENV.pop("LECTERN_NO_VIDEO", None)
    # libvlc's plugins leak a little and are unloaded at exit, so LeakSanitizer
    # cannot name (or suppress) them; the other tests check this code for leaks
    ENV["ASAN_OPTIONS"] = (ENV.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    script(tmp, data, "profile Amina\ngoto v1\nplay-wait 300\nkey K\nplay-wait 2500\n"
           "goto s1\nexpect watched v1 90\n", course=course)
    c = db(data)
    rows = c.execute("SELECT payload FROM event WHERE kind='video_range' AND item_id='v1'").fetchall()
    assert rows, "no video_range event"
    r = json.loads(rows[0][0])
    assert r["from_ms"] == 0 and r["to_ms"] >= 900, r
    # the resume position moved on to s1, not back to the video left behind
    assert c.execute("SELECT position_item FROM course_state").fetchone()[0] == "s1"


def test_update_review(tmp):
    """Opening a newer version flags the changed items: a message, a mark in the TOC,
    and viewing the item again clears it."""
    data = os.path.join(tmp, "data")
    v1 = os.path.join(ROOT, "tests", "progress", "data", "course-v1")
    v2 = os.path.join(ROOT, "tests", "progress", "data", "course-v2")
    script(tmp, data, "profile Amina\ngoto s1\ngoto s2\nexpect progress m1 2/5\n", course=v1)
    toc = os.path.join(tmp, "toc.png")
    script(tmp, data, "profile Amina\nexpect message 2 items to review\n"
           "expect review s2 yes\nexpect review s1 no\nexpect progress m1 2/5\n"
           "key M\nscreenshot %s\nkey Escape\ngoto s2\nexpect review s2 no\n"
           "expect progress m1 2/5\n" % toc, course=v2, extra=["--size", "1920x1080"])
    w, h, rows = read_png(toc)
    # the review mark (accent) sits between the item number and the title of row s2
    # (TOC rows: module heading at y 170, items 50 px apart; s2 is the third row)
    mark = count(rows, (420, 270, 450, 310), lambda c: near(c, ACCENT, 40))
    other = count(rows, (420, 220, 450, 260), lambda c: near(c, ACCENT, 40))
    assert mark > 30 and other == 0, (mark, other)


def test_attempt(tmp):
    """Submitting an exercise records the attempt (committed) through the session's
    attempt event; answered exercises count in the module's progress."""
    data = os.path.join(tmp, "data")
    v1 = os.path.join(ROOT, "tests", "progress", "data", "course-v1")
    script(tmp, data, "profile Amina\ngoto q1\nanswer 1\nsubmit\nexpect progress m1 1/5\n"
           "key Escape\n", course=v1)
    c = db(data)
    rows = c.execute("SELECT payload FROM event WHERE kind='attempt' AND item_id='q1'").fetchall()
    assert len(rows) == 1, rows
    a = json.loads(rows[0][0])
    assert "score" in a and "success" in a and a.get("response"), a
    out = os.path.join(tmp, "x.json")
    run(["progress", "export", "--xapi", out, "--data-dir", data])
    verbs = [s["verb"]["id"].rsplit("/", 1)[-1] for s in json.load(open(out))]
    assert "answered" in verbs, verbs
    # the course opened for the first time, then q1 opened: attempted, before the answer
    course = "urn:lectern:course:org.lectern.test.progress"
    seq = [(s["verb"]["id"].rsplit("/", 1)[-1], s["object"]["id"]) for s in json.load(open(out))]
    assert seq.index(("attempted", course)) < seq.index(("attempted", course + "/item/q1")) \
        < seq.index(("answered", course + "/item/q1")), seq
    assert "resumed" not in verbs, verbs
    # a second session: resumed where she stopped (q1), a new try at q1 is a new attempt
    script(tmp, data, "profile Amina\nkey Return\nexpect item q1\nanswer 2\nsubmit\n"
           "key Escape\n", course=v1)
    run(["progress", "export", "--xapi", out, "--data-dir", data])
    st = json.load(open(out))
    seq = [(s["verb"]["id"].rsplit("/", 1)[-1], s["object"]["id"]) for s in st]
    assert seq.count(("attempted", course)) == 1, seq
    assert seq.count(("attempted", course + "/item/q1")) == 2, seq
    res = [s for s in st if s["verb"]["id"] == "http://adlnet.gov/expapi/verbs/resumed"]
    assert len(res) == 1 and res[0]["object"]["id"] == course, res
    assert res[0]["context"]["contextActivities"]["other"][0]["id"] == course + "/item/q1", res
    assert res[0]["object"]["definition"]["name"] == {"en": "Progress test course"}, res
    assert all(s["context"]["language"] == "en" for s in st), st


def test_chooser(tmp):
    """P on the start screen shows the chooser, most recent first; keys pick."""
    data = os.path.join(tmp, "data")
    script(tmp, data, "profile Amina\n")
    script(tmp, data, "profile Bilal\n")
    shot = os.path.join(tmp, "chooser.png")
    script(tmp, data, "profile Bilal\nkey P\nexpect progress-screen chooser\nscreenshot %s\n"
           "key Down\nkey Return\nexpect progress-screen none\nexpect profile Amina\n"
           "key P\nkey N\nexpect progress-screen new-profile\nkey Escape\n"
           "expect progress-screen chooser\nkey Escape\nexpect progress-screen none\n"
           "key P\nkey N\nprofile-text Chidi Okafor\nkey Tab\nprofile-text C-42\nkey Shift+Tab\n"
           "key Backspace\nkey Backspace\nprofile-text or\nkey Return\n"
           "expect progress-screen none\nexpect profile Chidi Okafor\n"
           "key P\nkey N\nkey Return\nexpect progress-screen new-profile\n"   # no name yet
           "profile-text Amina\nkey Return\nexpect profile Amina\n"    # her own again
           # Tab past the fields: Create, Back (Enter goes back; typing goes nowhere)
           "key P\nkey N\nprofile-text Dana\nkey Tab\nkey Tab\nprofile-text xyz\nkey Tab\n"
           "key Return\nexpect progress-screen chooser\n"
           # Shift+Tab from the first row wraps to "Continue without saving"
           "key Shift+Tab\nkey Return\nexpect progress-screen none\n" % shot)
    p = run(["progress", "profiles", "--data-dir", data])
    assert p.stdout.index("Amina") < p.stdout.index("Chidi Okafor") < p.stdout.index("Bilal"), \
        p.stdout   # last used first
    assert "C-42" in p.stdout, p.stdout
    assert "Dana" not in p.stdout and "xyz" not in p.stdout, p.stdout


def test_rtl_screens(tmp):
    """In Arabic the progress screens are mirrored (the side bar, the
    Certificate and Close buttons trade places, and so do their click
    targets) and the saved certificate reads from the right (the date, first,
    on the right); French keeps the left-to-right layout."""
    shots = {}
    for lang in ("ar", "fr"):
        data = os.path.join(tmp, "data-" + lang)
        shots[lang] = {k: os.path.join(tmp, "%s-%s.png" % (lang, k)) for k in ("summary", "cert", "chooser")}
        text = "profile Amina\n" + "".join("goto %s\n" % i for i in ITEMS) + \
               "summary\nscreenshot {summary}\n" \
               "click 200 645\nexpect progress-screen {after}\n{back}" \
               "certificate {cert}\ncmd home\nkey P\nexpect progress-screen chooser\n" \
               "screenshot {chooser}\n".format(after="none" if lang == "ar" else "certificate",
                                                back="" if lang == "ar" else "key Escape\nkey Escape\n",
                                                **shots[lang])
        script(tmp, data, text, extra=["--ui-lang", lang])
    accent = lambda rows, box: count(rows, box, lambda c: near(c, ACCENT, 30))
    for lang, rtl in (("ar", True), ("fr", False)):
        _, _, rows = read_png(shots[lang]["chooser"])
        right, left = accent(rows, (1270, 0, 1280, 720)), accent(rows, (0, 0, 10, 720))
        assert (right > 6000 and left < 100) if rtl else (left > 6000 and right < 100), \
            (lang, "side bar", left, right)
        _, _, rows = read_png(shots[lang]["summary"])
        right, left = accent(rows, (860, 620, 1207, 673)), accent(rows, (73, 620, 420, 673))
        assert (right > 8000 and left < 200) if rtl else (left > 8000 and right < 200), \
            (lang, "Certificate button", left, right)
        w, h, rows = read_png(shots[lang]["cert"])
        assert (w, h) == (2400, 1350)
        ink = lambda box: count(rows, box, lambda c: sum(c) < 250)
        date_side = ink((1425, 1040, 2075, 1125)) if rtl else ink((325, 1040, 975, 1125))
        other = ink((325, 1040, 975, 1125)) if rtl else ink((1425, 1040, 2075, 1125))
        assert date_side > other * 1.15, (lang, "date on the reading side", date_side, other)


def main():
    fn = globals().get("test_" + NAME)
    if not fn:
        print("no test " + NAME, file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix="lectern-progress-ui-")
    try:
        fn(tmp)
    finally:
        if os.environ.get("KEEP_TMP"):
            print("kept " + tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
