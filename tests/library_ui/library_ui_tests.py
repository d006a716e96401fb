#!/usr/bin/env python3
"""The library in the player (issue 8) and the sample course's addendum
(issue 9), run as a user would: tools/make-addendum, `lectern install`,
`lectern trust`, `lectern library`, and scripted player runs (SDL dummy
driver) that open installed courses, show "What's new" and the marks.

usage: library_ui_tests.py LECTERN LECTERN_PACK SOURCE_ROOT TEST
TEST names a function test_* below (without the prefix)."""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

LECTERN, PACK, ROOT, NAME = sys.argv[1:5]
COURSE_ID = None     # read from the built package
UPDATED_BADGE = (0x2F, 0x85, 0x5A)


def run(cmd, expect_rc=0, cwd=None):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy",
               LECTERN_NO_VIDEO="1")
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, cwd=cwd)
    if expect_rc is not None and p.returncode != expect_rc:
        raise AssertionError("%s -> %d (wanted %d)\nstdout: %s\nstderr: %s" % (
            " ".join(cmd), p.returncode, expect_rc, p.stdout, p.stderr))
    return p


def lectern(t, *args, expect_rc=0):
    return run([LECTERN, *args, "--data-dir", os.path.join(t, "data"),
                "--config-dir", os.path.join(t, "config")], expect_rc)


def make_update(t, sign=None):
    out = os.path.join(t, "upd")
    args = [sys.executable, os.path.join(ROOT, "tools", "make-addendum"), "-o", out,
            "--pack", PACK]
    if sign:
        args += ["--sign", sign]
    run(args)
    global COURSE_ID
    with zipfile.ZipFile(os.path.join(out, "trafficking-basics-1.0.lectern")) as z:
        import json
        COURSE_ID = json.loads(z.read("lectern.json"))["id"]
    return {v: os.path.join(out, "trafficking-basics-%s.lectern" % v)
            for v in ("1.0", "1.1", "1.1.addendum")}


def snapshot(d):
    """Every file under d with its bytes' SHA-256 (the library, byte for byte)."""
    snap = {}
    for root, _, files in os.walk(d):
        for f in files:
            p = os.path.join(root, f)
            snap[os.path.relpath(p, d)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return snap


def script(t, text, *course, expect_rc=0, name="s.txt"):
    path = os.path.join(t, name)
    with open(path, "w") as f:
        f.write(text)
    return lectern(t, "--script", path, *course, expect_rc=expect_rc)


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402  (tests/pnglib.py)


def count_colour(path, colour, box, tol=6):
    _, _, rows = read_png(path)
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1) for x in range(x0, x1)
               if all(abs(a - b) <= tol for a, b in zip(rows[y][x], colour)))


def tamper(src, dst):
    """Copies a package and flips a byte inside its first stored media entry."""
    shutil.copy(src, dst)
    with zipfile.ZipFile(dst) as z:
        info = next(i for i in z.infolist() if i.compress_type == zipfile.ZIP_STORED
                    and i.filename.startswith("media/") and i.file_size > 100)
    with open(dst, "r+b") as f:
        f.seek(info.header_offset + 26)
        n, m = struct.unpack("<HH", f.read(4))
        at = info.header_offset + 30 + n + m + info.file_size // 2
        f.seek(at)
        b = f.read(1)
        f.seek(at)
        f.write(bytes([b[0] ^ 0xFF]))
    return info.filename


# ---- the sample addendum -------------------------------------------------

def test_sample_addendum_reproducible(t):
    p = make_update(t)
    out = os.path.join(t, "applied.lectern")
    run([PACK, "apply", p["1.0"], p["1.1.addendum"], "-o", out])
    assert open(out, "rb").read() == open(p["1.1"], "rb").read(), \
        "1.0 + addendum differs from the 1.1 build"
    first = {k: open(v, "rb").read() for k, v in p.items()}
    p2 = make_update(t)      # again: the same bytes
    for k, v in p2.items():
        assert open(v, "rb").read() == first[k], k + " is not reproducible"
    with zipfile.ZipFile(p["1.1.addendum"]) as z:
        names = set(z.namelist())
    assert "modules/m4-protection.json" in names and "course.json" in names, names
    assert not any(n.startswith("media/") for n in names), "the addendum carries media: " + str(names)
    assert os.path.getsize(p["1.1.addendum"]) < os.path.getsize(p["1.0"]) // 10
    run([PACK, "check", os.path.join(t, "upd", "trafficking-basics-1.1")])


# ---- lectern install / library / trust ----------------------------------

def test_install_and_library(t):
    p = make_update(t)
    r = lectern(t, "library")
    assert "no courses installed" in r.stdout, r.stdout
    r = lectern(t, "install", p["1.0"])
    assert "installed %s 1.0.0" % COURSE_ID in r.stdout and "unsigned" in r.stdout, r.stdout
    r = lectern(t, "install", p["1.0"])
    assert "already installed" in r.stdout, r.stdout
    r = lectern(t, "install", p["1.1.addendum"])
    assert "1.1.0 (addendum applied)" in r.stdout, r.stdout
    r = lectern(t, "library")
    assert "%s 1.1.0" % COURSE_ID in r.stdout, r.stdout
    assert "layers: 1.0.0 + 1.1.0" in r.stdout and "trust: unsigned" in r.stdout, r.stdout
    pkg = os.path.join(t, "data", "library", COURSE_ID, "1.1.0.lectern")
    assert open(pkg, "rb").read() == open(p["1.1"], "rb").read(), \
        "the installed course differs from the 1.1 build"


def refused(t, args, *words):
    lib = os.path.join(t, "data", "library")
    before = snapshot(lib)
    r = lectern(t, *args, expect_rc=1)
    text = r.stdout + r.stderr
    for w in words:
        assert w in text, "%r not in %r" % (w, text)
    assert "unchanged" in text, text
    assert snapshot(lib) == before, "the library changed after a refused install"


def test_refused_installs(t):
    p = make_update(t)
    # an addendum without its base
    refused(t, ["install", p["1.1.addendum"]], "expected", "found none")
    lectern(t, "install", p["1.0"])
    # tampered package and tampered addendum
    bad = os.path.join(t, "bad.lectern")
    entry = tamper(p["1.0"], bad)
    refused(t, ["install", bad], entry)
    # wrong base: an addendum made from another 1.0.0 (same id and version, other bytes)
    other = os.path.join(t, "other-1.0")
    shutil.copytree(os.path.join(ROOT, "courses", "trafficking-basics"), other)
    with open(os.path.join(other, "media-src", "videos.json"), "a") as f:
        f.write("\n")
    other_pkg = os.path.join(t, "other-1.0.lectern")
    run([PACK, "build", other, "-o", other_pkg])
    wrong = os.path.join(t, "wrong-base.lectern")
    run([PACK, "diff", other_pkg, os.path.join(t, "upd", "trafficking-basics-1.1"), "-o", wrong])
    refused(t, ["install", wrong], "expected", "found")
    # a missing step: 1.2 over 1.1 while 1.0 is installed
    v12 = os.path.join(t, "v1.2")
    shutil.copytree(os.path.join(t, "upd", "trafficking-basics-1.1"), v12)
    import json
    cj = os.path.join(v12, "course.json")
    d = json.load(open(cj))
    d["version"] = "1.2.0"
    d["changelog"].append({"version": "1.2.0", "date": "2027-06-01",
                           "summary": "Another sample change", "items": []})
    json.dump(d, open(cj, "w"), indent=2)
    a12 = os.path.join(t, "a12.lectern")
    run([PACK, "diff", p["1.1"], v12, "-o", a12])
    refused(t, ["install", a12], "wrong base", "expected base 1.0.0, found 1.1.0")
    # then in order it goes in
    lectern(t, "install", p["1.1.addendum"])
    lectern(t, "install", a12)
    r = lectern(t, "library")
    assert "layers: 1.0.0 + 1.1.0 + 1.2.0" in r.stdout, r.stdout


def test_concurrent_installs(t):
    """One install at a time per library (flock on the data folder): a second process
    waits for the first and then sees what it installed."""
    import fcntl, json, time
    p = make_update(t)
    lectern(t, "install", p["1.0"])
    lib = os.path.join(t, "data", "library")
    before = snapshot(lib)
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")
    cmd = [LECTERN, "install", p["1.1.addendum"], "--data-dir", os.path.join(t, "data"),
           "--config-dir", os.path.join(t, "config")]
    # 1. this process holds the lock: the install waits, writes nothing, then goes in
    held = os.open(os.path.join(t, "data"), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = proc.stderr.readline()       # the waiting message, once it is blocked
        assert "another install into this library is running; waiting" in line, line
        time.sleep(0.3)
        assert proc.poll() is None, "the install did not wait for the lock"
        assert snapshot(lib) == before, "the library changed while the lock was held"
        fcntl.flock(held, fcntl.LOCK_UN)
    finally:
        os.close(held)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0 and "installed" in out, out + line + err
    state = json.load(open(os.path.join(lib, COURSE_ID, "state.json")))
    assert state["version"] == "1.1.0", state

    # 2. two installs of the same addendum at once, from a fresh base: one goes
    # in, the other then finds 1.1.0 installed and is refused; the library
    # ends whole (one layer, one full package, no temporary files)
    shutil.rmtree(lib)
    lectern(t, "install", p["1.0"])
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    res = [(q.wait(timeout=300), q.stdout.read(), q.stderr.read()) for q in procs]
    ok = [r for r in res if r[0] == 0]
    bad = [r for r in res if r[0] != 0]
    assert len(ok) == 1 and len(bad) == 1, res
    assert "wrong base" in bad[0][2] and "but 1.1.0 is installed" in bad[0][2], bad
    files = sorted(snapshot(lib))
    assert files == sorted([COURSE_ID + "/state.json", COURSE_ID + "/1.1.0.lectern",
                            COURSE_ID + "/addenda/1.1.0.lectern"]), files
    r = lectern(t, "library")
    assert "layers: 1.0.0 + 1.1.0" in r.stdout, r.stdout
    run([PACK, "verify", os.path.join(lib, COURSE_ID, "1.1.0.lectern")])


def test_trust_commands(t):
    key = os.path.join(t, "author")
    run([PACK, "keygen", key])
    p = make_update(t, sign=key + ".key")
    r = lectern(t, "trust", "list")
    assert "no trusted keys" in r.stdout, r.stdout
    # strict: untrusted is refused, library unchanged
    refused(t, ["install", p["1.0"], "--strict"], "strict")
    r = lectern(t, "trust", "add", key + ".pub")
    fpr = r.stdout.split()[-1]
    assert r.stdout.startswith("trusted author ") and len(fpr) == 64, r.stdout
    r = lectern(t, "trust", "list")
    assert ("author " + fpr) in r.stdout, r.stdout
    r = lectern(t, "install", p["1.0"], "--strict")
    assert "trusted key" in r.stdout, r.stdout
    lectern(t, "install", p["1.1.addendum"], "--strict")
    r = lectern(t, "library")
    assert "trust: trusted" in r.stdout, r.stdout
    lectern(t, "trust", "remove", fpr[:12])
    r = lectern(t, "library")
    assert "trust: signed by an unknown key" in r.stdout, r.stdout
    r = lectern(t, "trust", "remove", "nosuchkey", expect_rc=1)


# ---- the player ------------------------------------------------------------

def test_whatsnew_and_marks(t):
    p = make_update(t)
    lectern(t, "install", p["1.0"])
    lectern(t, "install", p["1.1.addendum"])
    shots = os.path.join(t, "shots")
    os.makedirs(shots)
    script(t, """
expect whatsnew open
expect trust unsigned
screenshot {d}/whatsnew.png
key Down
key Return
expect whatsnew closed
expect item m4-referral-2027
expect updated m4-referral-2027 yes
expect updated m4-nrm yes
expect updated m4-q-order yes
expect updated m1-definition yes
expect updated m4-title no
expect updated m1-title no
expect note m4-q-order reset
expect note m4-nrm 2027-03-01
screenshot {d}/new-slide.png
goto m4-title
screenshot {d}/unchanged.png
key M
screenshot {d}/toc.png
key Escape
key U
expect whatsnew open
key Escape
expect whatsnew closed
""".format(d=shots), COURSE_ID)
    for f in ("whatsnew", "new-slide", "unchanged", "toc"):
        assert os.path.getsize(os.path.join(shots, f + ".png")) > 0
    badge = (1000, 0, 1280, 80)     # top right, 1280x720
    assert count_colour(os.path.join(shots, "new-slide.png"), UPDATED_BADGE, badge) > 500, \
        "no updated mark on a changed slide"
    assert count_colour(os.path.join(shots, "unchanged.png"), UPDATED_BADGE, badge) == 0, \
        "an updated mark on an unchanged slide"
    # shown automatically once: the second run starts without it
    script(t, "expect whatsnew closed\nwhatsnew\nexpect whatsnew open\n", COURSE_ID,
           name="again.txt")


def test_open_package_offers_install(t):
    p = make_update(t)
    script(t, """
expect install-offer yes
expect trust unsigned
expect screen start
install
expect install-offer no
""", p["1.0"])
    r = lectern(t, "library")
    assert "%s 1.0.0" % COURSE_ID in r.stdout, r.stdout
    # the same package again: in the library, no offer
    script(t, "expect install-offer no\n", p["1.0"], name="again.txt")
    # no argument: the library's course
    script(t, "expect trust unsigned\nexpect install-offer no\ninstall %s\nexpect updated m4-nrm yes\n"
           % p["1.1.addendum"], name="noarg.txt")


def test_open_refusals(t):
    p = make_update(t)
    # strict: unsigned package refused with a clear message
    r = script(t, "expect screen start\n", "--strict", p["1.0"], expect_rc=1)
    assert "refused in strict mode" in r.stderr and "unsigned" in r.stderr, r.stderr
    # tampered: refused naming the entry
    bad = os.path.join(t, "bad.lectern")
    entry = tamper(p["1.0"], bad)
    r = script(t, "expect screen start\n", bad, expect_rc=1)
    assert entry in r.stderr, r.stderr
    # an addendum is not a course
    r = script(t, "expect screen start\n", p["1.1.addendum"], expect_rc=1)
    assert "addendum" in r.stderr and "lectern install" in r.stderr, r.stderr
    # an id that is not installed
    r = script(t, "expect screen start\n", "org.example.nothing", expect_rc=1)
    assert "no installed course" in r.stderr, r.stderr


def test_library_list(t):
    p = make_update(t)
    other = os.path.join(t, "other")
    run([PACK, "init", other])
    other_pkg = os.path.join(t, "other.lectern")
    run([PACK, "build", other, "-o", other_pkg])
    lectern(t, "install", p["1.0"])
    # one course: no argument opens it, no list
    script(t, "expect library closed\nexpect library 1\nexpect trust unsigned\n")
    lectern(t, "install", other_pkg)
    shots = os.path.join(t, "shots")
    os.makedirs(shots)
    script(t, """
expect library open
expect library 2
screenshot {d}/library.png
key Escape
expect library closed
expect screen start
screenshot {d}/start.png
key L
expect library open
library close
expect library closed
""".format(d=shots), name="two.txt")
    assert os.path.getsize(os.path.join(shots, "library.png")) > 0


def test_presenter_change_note(t):
    """Trainer mode: the presenter's notes column opens with what changed."""
    p = make_update(t)
    lectern(t, "install", p["1.0"])
    lectern(t, "install", p["1.1.addendum"])
    shots = os.path.join(t, "shots")
    os.makedirs(shots)
    script(t, """
whatsnew close
deliver three-day
dcmd goto-item m4-nrm
screenshot presenter {d}/changed.png
dcmd goto-item m4-title
screenshot presenter {d}/unchanged.png
""".format(d=shots), COURSE_ID)
    green = (0x3F, 0xB9, 0x50)      # presenter.c GREEN: the "WHAT CHANGED" heading
    title_line = (440, 140, 900, 175)
    assert count_colour(os.path.join(shots, "changed.png"), green, title_line, tol=30) > 30, \
        "no WHAT CHANGED section for a changed item"
    assert count_colour(os.path.join(shots, "unchanged.png"), green, title_line, tol=30) == 0, \
        "a WHAT CHANGED section for an unchanged item"


def test_untrusted_then_trusted(t):
    key = os.path.join(t, "author")
    run([PACK, "keygen", key])
    p = make_update(t, sign=key + ".key")
    script(t, "expect trust untrusted\n", p["1.0"])
    lectern(t, "trust", "add", key + ".pub")
    script(t, "expect trust trusted\n", "--strict", p["1.0"], name="b.txt")


def main():
    fn = globals().get("test_" + NAME)
    if not fn:
        print("unknown test " + NAME)
        return 2
    t = tempfile.mkdtemp(prefix="lectern-libui-")
    try:
        fn(t)
    finally:
        if not os.environ.get("LIBUI_KEEP"):
            shutil.rmtree(t, ignore_errors=True)
        else:
            print("kept " + t)
    print("ok - " + NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
