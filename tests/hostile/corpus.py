#!/usr/bin/env python3
"""Hostile corpus: packages and course folders generated here, at test time,
each run through every tool that takes it: lectern-pack check, verify, info,
ls, extract, apply (as base and as addendum), build (folders), `lectern
install` and the player headless (`lectern --export-slides`).

For every run: the exit code is the documented one (0 ok, 1 refused; never a
signal, never 2), a refusal names the bad entry or field, nothing is written
outside the run's target (the whole sandbox is snapshotted before and after;
traversal names land inside it), no temporary file is left, and the process
peak RSS stays under MEM_MB (wait4's ru_maxrss).

The named archives of tests/package/hostile_archives.py come first; the new
cases follow (case-colliding names, nested zip, truncated central directory,
bad signature, an addendum for another course, oversized images, malformed
UTF-8, deep JSON, huge strings, symlinks and FIFOs in folders, ...).

usage: corpus.py LECTERN_PACK LECTERN SOURCE_ROOT [NAME-SUBSTRING]
"""
import hashlib
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib

PACK, PLAYER, SRC = (os.path.abspath(a) for a in sys.argv[1:4])
ONLY = sys.argv[4] if len(sys.argv) > 4 else ""
sys.path.insert(0, os.path.join(SRC, "tests", "package"))
import hostile_archives as ha  # noqa: E402


def sanitized(exe):
    with open(exe, "rb") as f:
        return b"__asan_init" in f.read()


ASAN = sanitized(PACK)
MEM_MB = 1536 if ASAN else 512     # ASan's shadow and quarantine count in RSS
TIMEOUT = 300 if ASAN else 120
failures = []
count = 0


# ---------------------------------------------------------------- processes

# Runs the command from a small Python launcher that reports the child's
# exit status and peak RSS: a child forked from this (large) process would
# carry our resident pages into its ru_maxrss.
LAUNCH = ("import os, sys\n"
          "pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)\n"
          "_, st, ru = os.wait4(pid, 0)\n"
          "open(sys.argv[1], 'w').write('%d %d' % (os.waitstatus_to_exitcode(st), ru.ru_maxrss))\n")


def run(argv, cwd, env):
    """Runs argv; returns (exit code or -signal, stdout, stderr, max RSS in MB)."""
    with tempfile.TemporaryFile() as o, tempfile.TemporaryFile() as e, \
            tempfile.NamedTemporaryFile("r") as st:
        p = subprocess.Popen([sys.executable, "-c", LAUNCH, st.name] + argv, cwd=cwd, stdout=o, stderr=e,
                             env=env)
        try:
            p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        o.seek(0)
        e.seek(0)
        out = o.read().decode("utf-8", "replace")
        err = e.read().decode("utf-8", "replace")
        got = st.read().split()
    if len(got) != 2:
        return -9, out, err + "\n(timed out or the launcher failed)", 0.0
    return int(got[0]), out, err, int(got[1]) / 1024.0


def snapshot(root):
    """path -> (type, size, content hash or link target) for everything under root."""
    snap = {}
    for dirpath, dirs, files in os.walk(root):
        for n in dirs + files:
            full = os.path.join(dirpath, n)
            rel = os.path.relpath(full, root)
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                snap[rel] = ("link", 0, os.readlink(full))
            elif stat.S_ISDIR(st.st_mode):
                snap[rel] = ("dir", 0, "")
            elif stat.S_ISREG(st.st_mode):
                h = hashlib.sha1()
                with open(full, "rb") as f:
                    for chunk in iter(lambda: f.read(1 << 20), b""):
                        h.update(chunk)
                snap[rel] = ("file", st.st_size, h.hexdigest())
            else:
                snap[rel] = ("other", 0, "")
    return snap


def changed(before, after):
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


# ------------------------------------------------------------------ fixtures

FIX = tempfile.mkdtemp(prefix="lectern-corpus-fix-")
COURSE_DIR = os.path.join(FIX, "course")
OTHER_DIR = os.path.join(FIX, "other")
GOOD_BASE = os.path.join(FIX, "base.lectern")
GOOD_ADD = os.path.join(FIX, "base-0.2.addendum.lectern")
OTHER_ADD = os.path.join(FIX, "other-0.2.addendum.lectern")
KEY = os.path.join(FIX, "author")
SIGNED = os.path.join(FIX, "signed.lectern")


def must(argv):
    r = subprocess.run(argv, capture_output=True, text=True, cwd=FIX)
    if r.returncode != 0:
        sys.exit(f"fixture failed: {argv}: {r.stderr}")


def bump(folder, version):
    p = os.path.join(folder, "course.json")
    c = json.load(open(p))
    c["version"] = version
    c["changelog"].insert(0, {"version": version, "date": "2026-11-30", "summary": "Update", "items": []})
    json.dump(c, open(p, "w"), indent=2)


def make_fixtures():
    must([PACK, "init", COURSE_DIR])
    must([PACK, "build", COURSE_DIR, "-o", GOOD_BASE])
    new = os.path.join(FIX, "course-0.2")
    shutil.copytree(COURSE_DIR, new)
    bump(new, "0.2.0")
    must([PACK, "diff", GOOD_BASE, new, "-o", GOOD_ADD])
    must([PACK, "init", OTHER_DIR])
    p = os.path.join(OTHER_DIR, "course.json")
    c = json.load(open(p))
    c["id"] = "org.example.other"
    json.dump(c, open(p, "w"), indent=2)
    other_base = os.path.join(FIX, "other.lectern")
    must([PACK, "build", OTHER_DIR, "-o", other_base])
    other_new = os.path.join(FIX, "other-0.2")
    shutil.copytree(OTHER_DIR, other_new)
    bump(other_new, "0.2.0")
    must([PACK, "diff", other_base, other_new, "-o", OTHER_ADD])
    must([PACK, "keygen", KEY])
    must([PACK, "build", COURSE_DIR, "-o", SIGNED, "--sign", KEY + ".key"])


def course_files():
    """The init course's files as {name: bytes}."""
    files = {}
    for dirpath, _, names in os.walk(COURSE_DIR):
        for n in names:
            full = os.path.join(dirpath, n)
            files[os.path.relpath(full, COURSE_DIR)] = open(full, "rb").read()
    return files


def course_package(path, mutate, names_extra=()):
    """A package of the init course with mutate(files) applied and an honest
    manifest (so only the mutation is hostile)."""
    files = course_files()
    mutate(files)
    c = json.loads(course_files()["course.json"])
    man = ha.manifest(files, id=c["id"], version=c["version"], title=c["title"]["en"])
    ha.package(path, files=files, man=man, extra=names_extra)


def module_path():
    return "modules/m1-welcome.json"


def edit_module(files, fn):
    m = json.loads(files[module_path()])
    fn(m)
    files[module_path()] = json.dumps(m, indent=1).encode()


def png_header(w, h):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    rows = zlib.compress(b"\0" * (1 + 3 * min(w, 4096)) * 16)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def jpeg_header(w, h):
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + sof + b"\xff\xd9"


def bad_utf8_title(files):
    c = json.loads(files["course.json"])
    c["title"] = {"en": "TITLEMARK"}
    files["course.json"] = json.dumps(c).encode().replace(b"TITLEMARK", b"Bad \xc3\x28 \xff text")


def deep_module(files):
    files[module_path()] = b'{"id": "m1-welcome", "title": "W", "items": [' + b"[" * 3000 + b"]" * 3000 + b"]}"


def huge_string(files):
    edit_module(files, lambda m: m["items"][0].__setitem__("notes", "x" * (70 * 1024)))


def huge_json(files):
    filler = [hashlib.sha256(str(i).encode()).hexdigest() for i in range(280000)]
    edit_module(files, lambda m: m.__setitem__("x_filler", filler))


def nested_zip(files):
    b = tempfile.mktemp(suffix=".zip", dir=FIX)
    ha.bomb(b)
    files["media/picture.png"] = open(b, "rb").read()
    os.unlink(b)


def many_entries(p):
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(ha.info("mimetype"), ha.MIME)
        z.writestr(ha.info("lectern.json", False), ha.manifest({"course.json": ha.COURSE}))
        z.writestr(ha.info("course.json"), ha.COURSE)
        for i in range(100001):
            z.writestr(ha.info(f"media/f{i}"), b"")


def cut_central_directory(p):
    shutil.copy(GOOD_BASE, p)
    data = open(p, "rb").read()
    cd = data.find(b"PK\x01\x02")
    eocd = data.rfind(b"PK\x05\x06")
    open(p, "wb").write(data[:cd + (eocd - cd) // 2] + data[eocd:])


def bad_utf8_name(p):
    ha.package(p, extra=[("media/badXXname.png", b"x")])
    ha.patch(p, b"media/badXXname.png", b"media/bad\xc0\xafname.png")


def encrypted_flag(p):
    ha.package(p)
    data = bytearray(open(p, "rb").read())
    for sig, off in ((b"PK\x01\x02", 8), (b"PK\x03\x04", 6)):
        i = data.find(b"course.json")
        hdr = data.find(sig)
        while hdr >= 0:
            name_off = hdr + (46 if sig == b"PK\x01\x02" else 30)
            if data[name_off:name_off + 11] == b"course.json":
                data[hdr + off] |= 1
            hdr = data.find(sig, hdr + 4)
        del i
    open(p, "wb").write(bytes(data))


def bad_signature(p):
    with zipfile.ZipFile(SIGNED) as z, zipfile.ZipFile(p, "w") as out:
        for zi in z.infolist():
            d = z.read(zi)
            if zi.filename == "lectern.sig":
                sig = json.loads(d)
                key = next(k for k in sig if "sig" in k.lower() and isinstance(sig[k], str)) \
                    if isinstance(sig, dict) else None
                if key:
                    s = sig[key]
                    sig[key] = ("A" if s[0] != "A" else "B") + s[1:]
                    d = json.dumps(sig).encode()
                else:
                    d = d[:10] + bytes([d[10] ^ 1]) + d[11:]
            out.writestr(zi, d)


# ------------------------------------------------------------- folder cases

def folder(mutate):
    def build(path):
        shutil.copytree(COURSE_DIR, path, symlinks=True)
        mutate(path)
    return build


def write(path, name, data):
    full = os.path.join(path, name)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    open(full, "wb").write(data)


def edit_json(path, name, fn):
    full = os.path.join(path, name)
    d = json.load(open(full))
    fn(d)
    json.dump(d, open(full, "w"), indent=1)


def set_image(ref):
    return lambda d: edit_json(d, module_path(), lambda m: m["items"][3].__setitem__("image", ref))


def replace(name, target_fn):
    def f(d):
        os.unlink(os.path.join(d, name))
        target_fn(os.path.join(d, name))
    return f


def folder_files_mutation(fn):
    """Applies a files-dict mutation (shared with the package cases) to a folder."""
    def f(d):
        files = {}
        for dirpath, _, names in os.walk(d):
            for n in names:
                full = os.path.join(dirpath, n)
                files[os.path.relpath(full, d)] = open(full, "rb").read()
        fn(files)
        for n, data in files.items():
            write(d, n, data)
    return f


def symlink_dir_out(d):
    shutil.rmtree(os.path.join(d, "media"))
    os.symlink("/etc", os.path.join(d, "media"))


def symlink_loop(d):
    os.symlink("..", os.path.join(d, "media", "loop"))


# ------------------------------------------------------------------- runner

PKG_VERBS = ("check", "verify", "info", "ls", "extract", "apply-base", "apply-addendum", "install", "player")
DIR_VERBS = ("check", "build", "player")


def argv_for(verb, course, sb):
    t = os.path.join(sb, "out", "target")
    data, cfg = os.path.join(sb, "data"), os.path.join(sb, "cfg")
    return {
        "check": [PACK, "check", course],
        "verify": [PACK, "verify", course],
        "info": [PACK, "info", course],
        "ls": [PACK, "ls", course],
        "extract": [PACK, "extract", course, t],
        "apply-base": [PACK, "apply", course, GOOD_ADD, "-o", os.path.join(t, "out.lectern")],
        "apply-addendum": [PACK, "apply", GOOD_BASE, course, "-o", os.path.join(t, "out.lectern")],
        "install": [PLAYER, "install", course, "--data-dir", data, "--config-dir", cfg],
        "build": [PACK, "build", course, "-o", os.path.join(t, "out.lectern")],
        "player": [PLAYER, "--data-dir", data, "--config-dir", cfg, "--size", "640x360",
                   "--export-slides", t, course],
    }[verb]


def may_write(verb, rel, rc):
    """Whether a run of verb may change sandbox path rel."""
    if rel == "out/target" or rel.startswith("out/target/"):
        return verb in ("extract", "apply-base", "apply-addendum", "build", "player")
    if rel.startswith("data/library") or rel.startswith("cfg"):
        return verb == "install" and rc == 0
    if rel == "data" or rel.startswith("data/"):
        return verb in ("player", "install")
    return False


def one_run(name, verb, course, sb, env, want):
    global count
    count += 1
    argv = argv_for(verb, course, sb)
    if ASAN and verb == "player":
        # libvlc's plugins leak a little and are unloaded at exit, so LeakSanitizer
        # cannot name (or suppress) them; valgrind-player checks the player for leaks
        env = dict(env, ASAN_OPTIONS=(env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":"))
    before = snapshot(sb)
    rc, out, err, mb = run(argv, os.path.join(sb, "out", "cwd"), env)
    after = snapshot(sb)
    problems = []
    if rc < 0:
        problems.append(f"killed by signal {-rc}")
    elif rc not in (0, 1):
        problems.append(f"exit {rc}")
    want_rc, want_text = want if want else (None, None)
    if want_rc is not None and rc != want_rc:
        problems.append(f"exit {rc}, want {want_rc}")
    if want_text and want_text not in err and want_text not in out:
        problems.append(f"message lacks {want_text!r}")
    if "Sanitizer" in err or "runtime error:" in err:
        problems.append("sanitizer report")
    if mb > MEM_MB:
        problems.append(f"peak RSS {mb:.0f} MB over {MEM_MB} MB")
    bad = [p for p in changed(before, after) if not may_write(verb, p, rc)]
    if bad:
        problems.append(f"wrote outside its target: {bad[:5]}")
    if rc != 0 and verb in ("apply-base", "apply-addendum", "build") and \
            os.path.exists(os.path.join(sb, "out", "target", "out.lectern")):
        problems.append("failed but left its output")
    stray = [p for p in after if ".lectern-tmp" in p or os.path.basename(p).startswith(".tmp")]
    if stray:
        problems.append(f"temp files left: {stray[:3]}")
    evil = [n for n in os.listdir("/tmp") if n.startswith("lectern-evil")]
    if evil:
        problems.append(f"wrote /tmp/{evil[0]}")
    first = ((err.strip() or out.strip()).splitlines() or [""])[0][:140]
    if problems:
        failures.append(f"{name} / {verb}: {'; '.join(problems)}\n    {' '.join(argv)}\n    "
                        f"stderr: {err.strip()[:600]}")
        print(f"not ok {count} - {name} / {verb}: {'; '.join(problems)}")
    else:
        print(f"ok {count} - {name} / {verb}: exit {rc}, {mb:.0f} MB: {first}")


def run_case(name, kind, build, want, setup=None):
    if ONLY and ONLY not in name:
        return
    sb = tempfile.mkdtemp(prefix="lectern-corpus-")
    try:
        for d in ("in", "out/cwd", "out/target", "data", "cfg", "home", "cache"):
            os.makedirs(os.path.join(sb, d))
        env = dict(os.environ, HOME=os.path.join(sb, "home"), XDG_DATA_HOME=os.path.join(sb, "home"),
                   XDG_CONFIG_HOME=os.path.join(sb, "home"), XDG_CACHE_HOME=os.path.join(sb, "cache"),
                   SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
        course = os.path.join(sb, "in", "x.lectern" if kind == "pkg" else "course")
        build(course)
        verbs = PKG_VERBS if kind == "pkg" else DIR_VERBS
        for verb in verbs:
            for sub in ("out/target", "data", "cfg"):
                shutil.rmtree(os.path.join(sb, sub), ignore_errors=True)
                os.makedirs(os.path.join(sb, sub))
            if setup:
                setup(sb, env)
            w = want.get(verb, want.get("*")) if isinstance(want, dict) else (1, want)
            one_run(name, verb, course, sb, env, w)
    finally:
        shutil.rmtree(sb, ignore_errors=True)
        for n in os.listdir("/tmp"):
            if n.startswith("lectern-evil"):
                os.unlink(os.path.join("/tmp", n))


def install_base(sb, env):
    r = subprocess.run([PLAYER, "install", GOOD_BASE, "--data-dir", os.path.join(sb, "data"),
                        "--config-dir", os.path.join(sb, "cfg")], capture_output=True, env=env)
    assert r.returncode == 0, r.stderr


# Damage in content that only a read finds: info and ls list the directory;
# check reads what the course uses (course.json, whose empty module list is
# its only error); verify, extract, install and the player read every entry
# or the damaged one; apply fails on the base mismatch first.
CONTENT_DAMAGE = {"check": (1, "modules: empty list"), "info": (0, None), "ls": (0, None),
                  "apply-base": (1, None), "apply-addendum": (1, None), "*": (1, "media/pic.png")}
ARCHIVE_WANT = {"bad CRC": CONTENT_DAMAGE, "hash mismatch": CONTENT_DAMAGE}


def main():
    make_fixtures()
    try:
        for name, build, expect in ha.ARCHIVES:
            run_case(name, "pkg", build, ARCHIVE_WANT.get(name, expect))
        cases()
    finally:
        shutil.rmtree(FIX, ignore_errors=True)
    print(f"1..{count}")
    if failures:
        print("\n".join("FAIL " + f for f in failures))
        sys.exit(1)
    print(f"{count} runs over the hostile corpus passed (peak RSS limit {MEM_MB} MB)")


def cases():
    pic = "media/picture.png"
    # packages ------------------------------------------------------------
    run_case("case-colliding names", "pkg",
             lambda p: course_package(p, lambda f: f.__setitem__("media/Picture.png", f[pic])), "letter case")
    run_case("nested zip (a bomb inside an image entry)", "pkg", lambda p: course_package(p, nested_zip),
             {"check": (1, pic), "verify": (0, None), "info": (0, None), "extract": (0, None),
              "install": (0, None), "player": (0, pic)})
    run_case("truncated central directory", "pkg", cut_central_directory, "x.lectern")
    run_case("terminal escape in the manifest title", "pkg",
             lambda p: ha.package(p, man=ha.manifest({"course.json": ha.COURSE, "media/pic.png": ha.PNG},
                                                     title="X\x1b]0;owned\x07")), "title: control character")
    run_case("70 KB title in the manifest", "pkg",
             lambda p: ha.package(p, man=ha.manifest({"course.json": ha.COURSE, "media/pic.png": ha.PNG},
                                                     title="T" * (70 * 1024))), "title: 71680 bytes")
    run_case("malformed UTF-8 entry name", "pkg", bad_utf8_name, "UTF-8")
    run_case("encrypted entry", "pkg", encrypted_flag, "course.json")
    run_case("100,001 entries", "pkg", many_entries, "100000")
    run_case("bad signature", "pkg", bad_signature,
             {"verify": (1, "signature"), "install": (1, "signature"), "player": (1, "signature"),
              "check": (1, "signature"), "info": (None, None), "ls": (None, None),
              "extract": (1, "signature"), "apply-base": (None, None), "apply-addendum": (1, None)})
    run_case("addendum for another course", "pkg", lambda p: shutil.copy(OTHER_ADD, p),
             {"apply-addendum": (1, "org.example.other"), "install": (1, "org.example.other"),
              "apply-base": (1, None), "check": (None, None), "verify": (0, None), "player": (1, None)},
             setup=install_base)
    run_case("oversized PNG (30000x30000 header)", "pkg",
             lambda p: course_package(p, lambda f: f.__setitem__(pic, png_header(30000, 30000))),
             {"check": (1, "30000x30000"), "verify": (0, None), "extract": (0, None),
              "install": (0, None), "player": (0, "30000x30000")})
    run_case("oversized JPEG (60000x60000 header)", "pkg",
             lambda p: course_package(p, lambda f: f.__setitem__(pic, jpeg_header(60000, 60000))),
             {"check": (1, "60000x60000"), "verify": (0, None), "player": (0, "60000x60000")})
    run_case("oversized SVG (width 200in)", "pkg", lambda p: course_package(p, lambda f: f.__setitem__(
        "media/diagram.svg", f["media/diagram.svg"].replace(b"<svg ", b'<svg width="200in" height="200in" ', 1))),
        {"check": (1, "media/diagram.svg"), "verify": (0, None), "player": (0, "media/diagram.svg")})
    run_case("malformed UTF-8 in course.json", "pkg", lambda p: course_package(p, bad_utf8_title),
             {"check": (1, "course.json"), "verify": (0, None), "player": (1, "course.json"),
              "install": (None, None)})
    run_case("deeply nested module JSON", "pkg", lambda p: course_package(p, deep_module),
             {"check": (1, module_path()), "verify": (0, None), "player": (1, module_path())})
    run_case("70 KB string", "pkg", lambda p: course_package(p, huge_string),
             {"check": (1, "items[0].notes"), "verify": (0, None), "player": (1, "items[0].notes")})
    run_case("17 MB module JSON", "pkg", lambda p: course_package(p, huge_json),
             {"check": (1, module_path()), "verify": (0, None), "player": (1, module_path())})
    # course folders -------------------------------------------------------
    run_case("folder: symlink to /etc/passwd", "dir",
             folder(replace(pic, lambda t: os.symlink("/etc/passwd", t))), {"check": (1, pic), "build": (1, pic)})
    run_case("folder: media is a symlink to /etc", "dir", folder(symlink_dir_out),
             {"check": (1, "media"), "build": (1, "media")})
    run_case("folder: symlink loop", "dir", folder(symlink_loop), {"check": (None, None)})
    run_case("folder: FIFO as an image", "dir", folder(replace(pic, os.mkfifo)),
             {"check": (1, pic), "build": (1, pic)})
    run_case("folder: image ref with ..", "dir", folder(set_image("../../../../etc/passwd")), "items[3].image")
    run_case("folder: absolute image ref", "dir", folder(set_image("/etc/passwd")), "items[3].image")
    run_case("folder: backslash image ref", "dir", folder(set_image("media\\picture.png")), "items[3].image")
    run_case("folder: case-colliding files", "dir",
             folder(lambda d: shutil.copy(os.path.join(d, pic), os.path.join(d, "media/Picture.png"))),
             "letter case")
    run_case("folder: malformed UTF-8 file name", "dir",
             folder(lambda d: write(d.encode(), b"media/bad\xff.png", b"x")), "UTF-8")
    run_case("folder: module id with ..", "dir",
             folder(lambda d: edit_json(d, "course.json", lambda c: c.__setitem__("modules", ["../../../etc/passwd"]))),
             "modules[0]")
    run_case("folder: deeply nested plan", "dir",
             folder(lambda d: write(d, "plans/intro-30min.json", b"{\"a\":" * 5000 + b"1" + b"}" * 5000)),
             "plans/intro-30min.json")
    run_case("folder: malformed UTF-8 in course.json", "dir", folder(folder_files_mutation(bad_utf8_title)),
             "course.json")
    run_case("folder: 70 KB string", "dir", folder(folder_files_mutation(huge_string)), "items[0].notes")
    run_case("folder: 17 MB module JSON", "dir", folder(folder_files_mutation(huge_json)), module_path())
    run_case("folder: oversized PNG", "dir",
             folder(lambda d: write(d, pic, png_header(30000, 30000))),
             {"check": (1, "30000x30000"), "build": (1, "30000x30000"), "player": (0, "30000x30000")})
    run_case("folder: course.json is a folder", "dir",
             folder(lambda d: (os.unlink(os.path.join(d, "course.json")), os.mkdir(os.path.join(d, "course.json")))),
             "course.json")
    run_case("folder: 5 MB subtitle", "dir",
             folder(lambda d: write(d, "media/clip.en.vtt", b"WEBVTT\n\n" + b"00:00.000 --> 00:01.000\nx\n\n" * 200000)),
             {"check": (1, "media/clip.en.vtt"), "build": (1, "media/clip.en.vtt")})


if __name__ == "__main__":
    main()
