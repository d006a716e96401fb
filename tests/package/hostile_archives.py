#!/usr/bin/env python3
"""Hostile and broken archives, generated with Python's zipfile (plus byte
patches for what zipfile refuses to write). Imported by hostile.py (random
damage) and tests/hostile/corpus.py, which runs every tool on each of
ARCHIVES and expects a refusal naming the bad entry.

ARCHIVES: (name, build(path), substring the error must contain)."""
import hashlib
import json
import os
import warnings
import zipfile

warnings.filterwarnings("ignore", "Duplicate name")

MIME = b"application/vnd.lectern.course+zip"

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


ARCHIVES = [
    ("absolute path", lambda p: package(p, extra=[("/tmp/lectern-evil-abs.txt", b"x")]), "/tmp/lectern-evil-abs.txt"),
    ("dot-dot", lambda p: package(p, extra=[("../lectern-evil-up.txt", b"x")]), "../lectern-evil-up.txt"),
    ("dot-dot inside", lambda p: package(p, extra=[("media/../../lectern-evil.txt", b"x")]), "'..'"),
    ("backslash", lambda p: package(p, extra=[("..\\lectern-evil-bs.txt", b"x")]), "backslash"),
    ("NUL in name", nul_name, "media/evil"),
    ("control char", lambda p: package(p, extra=[("media/bell\x07.txt", b"x")]), "control character"),
    ("symlink entry", lambda p: package(p, extra=[(info("media/link", unix_mode=0o120777), b"/etc/passwd")]),
         "media/link"),
    ("duplicate name", lambda p: package(p, extra=[("course.json", COURSE)]), "course.json"),
    ("file and folder of one name", lambda p: package(p, extra=[("media/pic.png/", b"")]), "media/pic.png"),
    ("truncated archive", truncated, "x.lectern"),
    ("truncated end record", truncated_tail, "x.lectern"),
    ("500 bytes cut from the middle", cut_middle, "x.lectern"),
    ("garbage file", lambda p: open(p, "wb").write(os.urandom(5000)), "x.lectern"),
    ("empty file", lambda p: open(p, "wb").close(), "x.lectern"),
    ("bad CRC", bad_crc, "media/pic.png"),
    ("hash mismatch", hash_mismatch, "media/pic.png"),
    ("listed but missing", listed_missing, "media/gone.png"),
    ("present but unlisted", lambda p: package(p, extra=[("media/extra.txt", b"x")]), "media/extra.txt"),
    ("absurd size in manifest", lambda p: package(p, man=manifest({"course.json": COURSE}).replace(
        b'"size": %d' % len(COURSE), b'"size": 1e15')), "course.json"),
    ("absurd size in zip header", absurd_header_size, "notes.txt"),
    ("compression bomb", bomb, "media/zeros.bin"),
    ("malformed lectern.json", lambda p: package(p, man=b'{"format": 1, "kind": '), "lectern.json"),
    ("deeply nested lectern.json", deep, "lectern.json"),
    ("lectern.json not an object", lambda p: package(p, man=b'[1, 2]'), "lectern.json"),
    ("unsafe path in manifest", lambda p: package(p, man=manifest({"../x": b"x"})), "../x"),
    ("wrong mimetype", lambda p: package(p, mime=b"application/zip"), "mimetype"),
    ("deflated mimetype", lambda p: package(p, mime_stored=False), "mimetype"),
    ("mimetype not first", lambda p: package(p, order=lambda e: [e[1], e[0]] + e[2:]), "mimetype"),
    ("no mimetype", lambda p: package(p, order=lambda e: e[1:]), "mimetype"),
    ("newer format", lambda p: package(p, man=manifest({"course.json": COURSE, "media/pic.png": PNG}, format=99)),
         "format"),
    ("plain zip with symlink", plain_symlink, "media/link"),
    ("plain zip without course.json", plain_other, "course.json"),
    ("plain zip with dot-dot", lambda p: plain_other(p, "top/../../lectern-evil.txt"), "lectern-evil.txt"),
]
