#!/usr/bin/env python3
"""Hostile and broken archives against `lectern-pack verify` and `extract`.

Each archive is generated here with Python's zipfile (plus byte patches for
what zipfile refuses to write). For each: verify must exit 1 (not crash, not
2) with a message naming the bad entry, and extract must exit 1 and write
nothing outside its target folder.

usage: hostile.py LECTERN_PACK
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
import zipfile

warnings.filterwarnings("ignore", "Duplicate name")

MIME = b"application/vnd.lectern.course+zip"
PACK = sys.argv[1]
failures = []
count = 0

COURSE = b'{"format": 1, "id": "org.example.x", "version": "1.0.0", "title": "X", "languages": ["en"], "modules": []}\n'
PNG = bytes(range(256)) * 8          # stands in for a stored media file


def manifest(files, **over):
    m = {"format": 1, "kind": "course", "id": "org.example.x", "version": "1.0.0", "title": "X",
         "files": [{"path": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                   for n, d in sorted(files.items())]}
    m.update(over)
    return json.dumps(m, indent=2).encode()


def info(name, stored=True, unix_mode=0o100644):
    zi = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    zi.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    zi.create_system = 3
    zi.external_attr = unix_mode << 16
    return zi


def package(path, files=None, man=None, mime=MIME, mime_stored=True, extra=(), order=None):
    """Writes a package: mimetype, lectern.json, files; `extra` entries are
    (ZipInfo-or-name, data) added after, not listed in the manifest."""
    if files is None:
        files = {"course.json": COURSE, "media/pic.png": PNG}
    with zipfile.ZipFile(path, "w") as z:
        entries = [(info("mimetype", mime_stored), mime),
                   (info("lectern.json", False), man if man is not None else manifest(files))]
        for n, d in sorted(files.items()):
            entries.append((info(n, n.endswith(".png")), d))
        for zi, d in extra:
            entries.append((zi if isinstance(zi, zipfile.ZipInfo) else info(zi), d))
        if order:
            entries = order(entries)
        for zi, d in entries:
            z.writestr(zi, d)


def patch(path, old, new):
    data = open(path, "rb").read()
    assert data.count(old) >= 1, (path, old)
    open(path, "wb").write(data.replace(old, new))


def run(*args):
    r = subprocess.run([PACK, *args], capture_output=True, text=True, errors="replace", timeout=120)
    if "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
        failures.append(f"sanitizer report for {args}: {r.stderr[:2000]}")
    return r


def case(name, build, expect):
    """build(path) writes the archive; expect is a substring of the error."""
    global count
    count += 1
    work = tempfile.mkdtemp(prefix="lectern-hostile-")
    try:
        pkg = os.path.join(work, "x.lectern")
        build(pkg)
        r = run("verify", pkg)
        msg = r.stderr.strip()
        if r.returncode != 1:
            failures.append(f"{name}: verify exit {r.returncode} (want 1): {msg} {r.stdout}")
        elif expect not in msg:
            failures.append(f"{name}: verify message lacks {expect!r}: {msg}")
        parent = os.path.join(work, "parent")
        os.mkdir(parent)
        target = os.path.join(parent, "target")
        r2 = run("extract", pkg, target)
        if r2.returncode != 1:
            failures.append(f"{name}: extract exit {r2.returncode} (want 1): {r2.stderr.strip()}")
        outside = [n for n in os.listdir(parent) if n != "target"]
        around = [n for n in os.listdir(work) if n not in ("x.lectern", "parent")]
        if outside or around:
            failures.append(f"{name}: extract wrote outside the target: {outside + around}")
        for dirpath, _, names in os.walk(target):
            for n in names:
                if n.startswith(".lectern-tmp"):
                    failures.append(f"{name}: temp file left in {dirpath}")
        print(f"ok {count} - {name}: {msg[:150]}" if not any(f.startswith(name + ":") for f in failures)
              else f"not ok {count} - {name}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def nul_name(p):
    package(p, extra=[("media/evilXname.txt", b"x")])
    patch(p, b"media/evilXname.txt", b"media/evil\x00name.txt")


def bad_crc(p):
    package(p)
    data = bytearray(open(p, "rb").read())
    i = data.find(PNG[:512])
    data[i + 100] ^= 0xFF
    open(p, "wb").write(bytes(data))


def truncated(p):
    package(p)
    data = open(p, "rb").read()
    open(p, "wb").write(data[: len(data) // 2])


def cut_middle(p):
    package(p)
    data = open(p, "rb").read()
    i = data.find(PNG[:512])
    open(p, "wb").write(data[:i + 100] + data[i + 600:])


def truncated_tail(p):
    package(p)
    data = open(p, "rb").read()
    open(p, "wb").write(data[:-10])


def absurd_header_size(p):
    big = b"A" * 4096
    files = {"course.json": COURSE, "notes.txt": big}
    package(p, files=files)
    # claim 4 GB uncompressed in the central directory for the deflated notes.txt
    data = bytearray(open(p, "rb").read())
    i = data.find(b"notes.txt", data.find(b"PK\x01\x02"))
    hdr = data.rfind(b"PK\x01\x02", 0, i)
    data[hdr + 24: hdr + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    open(p, "wb").write(bytes(data))


def bomb(p):
    zeros = b"\0" * (200 << 20)
    files = {"course.json": COURSE, "media/zeros.bin": zeros}
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(info("mimetype"), MIME)
        z.writestr(info("lectern.json", False), manifest(files))
        z.writestr(info("course.json", False), COURSE)
        z.writestr(info("media/zeros.bin", False), zeros)


def hash_mismatch(p):
    files = {"course.json": COURSE, "media/pic.png": PNG}
    m = json.loads(manifest(files))
    m["files"][1]["sha256"] = "0" * 64
    package(p, files=files, man=json.dumps(m).encode())


def listed_missing(p):
    files = {"course.json": COURSE, "media/pic.png": PNG}
    m = json.loads(manifest({**files, "media/gone.png": b"zz"}))
    package(p, files=files, man=json.dumps(m).encode())


def plain_symlink(p):
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(info("course.json"), COURSE)
        z.writestr(info("media/link", unix_mode=0o120777), b"/etc/passwd")


def plain_other(p, name="readme.txt"):
    with zipfile.ZipFile(p, "w") as z:
        z.writestr(info(name), b"hello")


def deep(p):
    package(p, man=b"[" * 5000 + b"]" * 5000)


case("absolute path", lambda p: package(p, extra=[("/tmp/lectern-evil-abs.txt", b"x")]), "/tmp/lectern-evil-abs.txt")
case("dot-dot", lambda p: package(p, extra=[("../lectern-evil-up.txt", b"x")]), "../lectern-evil-up.txt")
case("dot-dot inside", lambda p: package(p, extra=[("media/../../lectern-evil.txt", b"x")]), "'..'")
case("backslash", lambda p: package(p, extra=[("..\\lectern-evil-bs.txt", b"x")]), "backslash")
case("NUL in name", nul_name, "media/evil")
case("control char", lambda p: package(p, extra=[("media/bell\x07.txt", b"x")]), "control character")
case("symlink entry", lambda p: package(p, extra=[(info("media/link", unix_mode=0o120777), b"/etc/passwd")]),
     "media/link")
case("duplicate name", lambda p: package(p, extra=[("course.json", COURSE)]), "course.json")
case("file and folder of one name", lambda p: package(p, extra=[("media/pic.png/", b"")]), "media/pic.png")
case("truncated archive", truncated, "x.lectern")
case("truncated end record", truncated_tail, "x.lectern")
case("500 bytes cut from the middle", cut_middle, "x.lectern")
case("garbage file", lambda p: open(p, "wb").write(os.urandom(5000)), "x.lectern")
case("empty file", lambda p: open(p, "wb").close(), "x.lectern")
case("bad CRC", bad_crc, "media/pic.png")
case("hash mismatch", hash_mismatch, "media/pic.png")
case("listed but missing", listed_missing, "media/gone.png")
case("present but unlisted", lambda p: package(p, extra=[("media/extra.txt", b"x")]), "media/extra.txt")
case("absurd size in manifest", lambda p: package(p, man=manifest({"course.json": COURSE}).replace(
    b'"size": %d' % len(COURSE), b'"size": 1e15')), "course.json")
case("absurd size in zip header", absurd_header_size, "notes.txt")
case("compression bomb", bomb, "media/zeros.bin")
case("malformed lectern.json", lambda p: package(p, man=b'{"format": 1, "kind": '), "lectern.json")
case("deeply nested lectern.json", deep, "lectern.json")
case("lectern.json not an object", lambda p: package(p, man=b'[1, 2]'), "lectern.json")
case("unsafe path in manifest", lambda p: package(p, man=manifest({"../x": b"x"})), "../x")
case("wrong mimetype", lambda p: package(p, mime=b"application/zip"), "mimetype")
case("deflated mimetype", lambda p: package(p, mime_stored=False), "mimetype")
case("mimetype not first", lambda p: package(p, order=lambda e: [e[1], e[0]] + e[2:]), "mimetype")
case("no mimetype", lambda p: package(p, order=lambda e: e[1:]), "mimetype")
case("newer format", lambda p: package(p, man=manifest({"course.json": COURSE, "media/pic.png": PNG}, format=99)),
     "format")
case("plain zip with symlink", plain_symlink, "media/link")
case("plain zip without course.json", plain_other, "course.json")
case("plain zip with dot-dot", lambda p: plain_other(p, "top/../../lectern-evil.txt"), "lectern-evil.txt")


def random_damage(rounds=100):
    """Random byte flips, cuts and splices of a valid package (fixed seed):
    verify and extract may accept or refuse, but never crash or write
    outside the target."""
    global count
    import random
    rnd = random.Random(20261128)
    work = tempfile.mkdtemp(prefix="lectern-fuzz-")
    try:
        good = os.path.join(work, "good.lectern")
        package(good)
        base = open(good, "rb").read()
        bad = []
        for k in range(rounds):
            data = bytearray(base)
            how = rnd.randrange(3)
            if how == 0:
                for _ in range(rnd.randint(1, 8)):
                    data[rnd.randrange(len(data))] = rnd.randrange(256)
            elif how == 1:
                data = data[: rnd.randrange(len(data))]
            else:
                a = rnd.randrange(len(data))
                b = rnd.randrange(a, len(data))
                data = data[:a] + data[b:] + data[a:b]
            p = os.path.join(work, "x.lectern")
            open(p, "wb").write(bytes(data))
            r = run("verify", p)
            target = os.path.join(work, "parent", "t")
            r2 = run("extract", p, target)
            stray = [n for n in os.listdir(work) if n not in ("good.lectern", "x.lectern", "parent")]
            if r.returncode not in (0, 1) or r2.returncode not in (0, 1) or stray:
                bad.append(f"round {k}: verify {r.returncode}, extract {r2.returncode}, stray {stray}")
            shutil.rmtree(os.path.join(work, "parent"), ignore_errors=True)
        count += 1
        if bad:
            failures.append("random damage: " + "; ".join(bad[:5]))
            print(f"not ok {count} - random damage")
        else:
            print(f"ok {count} - random damage: {rounds} damaged packages, no crash")
    finally:
        shutil.rmtree(work, ignore_errors=True)


random_damage()

print(f"1..{count}")
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print(f"{count} hostile archives refused")
