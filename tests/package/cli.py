#!/usr/bin/env python3
"""lectern-pack build/verify/info/ls/extract as a user runs them, on the
minimal fixture course: reproducible builds, interop with unzip and Python's
zipfile, atomic failure, plain zips, usage errors.

usage: cli.py LECTERN_PACK SOURCE_ROOT
"""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

PACK, SRC_ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
COURSE = os.path.join(SRC_ROOT, "tests/data/courses/minimal")
failures = []
count = 0


def run(*args, cwd=None):
    r = subprocess.run([PACK, *args], capture_output=True, text=True, cwd=cwd, timeout=120)
    if "Sanitizer" in r.stderr or "runtime error:" in r.stderr:
        failures.append(f"sanitizer report for {args}: {r.stderr[:2000]}")
    return r


def check(name, cond, detail=""):
    global count
    count += 1
    if cond:
        print(f"ok {count} - {name}")
    else:
        print(f"not ok {count} - {name}: {detail}")
        failures.append(f"{name}: {detail}")


def tree(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = open(p, "rb").read()
    return out


work = tempfile.mkdtemp(prefix="lectern-cli-")
try:
    a, b, c = (os.path.join(work, n) for n in ("a.lectern", "b.lectern", "c.lectern"))
    r = run("build", COURSE, "-o", a)
    check("build exits 0", r.returncode == 0, r.stderr)
    r = run("build", COURSE, "-o", b)
    check("second build identical", open(a, "rb").read() == open(b, "rb").read())
    # the two ways build writes (one pass: hash and write in place; two passes:
    # hash, then copy; used for very large text files) give the same bytes,
    # also for the sample course (every kind of media, text deflated in 2 chunks)
    two = os.path.join(work, "two.lectern")
    p = subprocess.run([PACK, "build", COURSE, "-o", two], capture_output=True, text=True,
                       env=dict(os.environ, LECTERN_BUILD_TWO_PASS="1"))
    check("two-pass build identical", p.returncode == 0 and open(a, "rb").read() == open(two, "rb").read(), p.stderr)
    big = os.path.join(work, "bigtext")
    shutil.copytree(os.path.join(SRC_ROOT, "courses", "trafficking-basics"), big, ignore=shutil.ignore_patterns("media-src"))
    with open(os.path.join(big, "media", "long-notes.txt"), "w") as f:    # over one 4 MiB deflate step
        for i in range(200000):
            f.write(f"line {i}: {i * 7919 % 100003} notes for the trainer\n")
    outs = []
    for mode in ("0", "1"):
        o = os.path.join(work, f"bigtext-{mode}.lectern")
        p = subprocess.run([PACK, "build", big, "-o", o], capture_output=True, text=True,
                           env=dict(os.environ, LECTERN_BUILD_TWO_PASS=mode))
        outs.append(open(o, "rb").read() if p.returncode == 0 else p.stderr)
    check("one-pass and two-pass builds of a course with 8 MiB of text are identical",
          isinstance(outs[0], bytes) and outs[0] == outs[1], outs[0][:300] if isinstance(outs[0], str) else "")
    with zipfile.ZipFile(os.path.join(work, "bigtext-0.lectern")) as z:
        check("that package reads back", z.testzip() is None and z.getinfo("lectern.json").compress_type == zipfile.ZIP_STORED)

    # big media: their whole pages are written with O_DIRECT (the edges and
    # the rest through the page cache); the same bytes as writing everything
    # through the page cache, as the two-pass way, on tmpfs, and when the
    # sums come from the hash cache (the pages read straight into the
    # direct buffers). Sizes: over two 4 MiB direct chunks and odd, exactly
    # 4 MiB, and just over the 256 KiB below which a file is not direct.
    dsrc = os.path.join(work, "direct-src")
    shutil.copytree(COURSE, dsrc)
    for name, size in (("a.webm", 9 * 1048576 + 12345), ("b.mp4", 4 * 1048576), ("c.ogg", 300 * 1024 + 7),
                       ("d.webm", 270 * 1024 + 4093), ("e.txt", 5000)):
        with open(os.path.join(dsrc, "media", name), "wb") as f:
            f.write(b"\x1a\x45\xdf\xa3" + os.urandom(size - 4) if name != "e.txt" else b"notes\n" * 833)
    made = time.time()
    dcache = os.path.join(work, "direct-cache")

    def dbuild(out, **env):
        p = subprocess.run([PACK, "build", dsrc, "-o", out], capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, LECTERN_LOG="debug", XDG_CACHE_HOME=dcache, **env))
        said = [l for l in p.stderr.splitlines() if "direct writes" in l or "from the hash cache" in l]
        return (open(out, "rb").read() if p.returncode == 0 else p.stderr), said

    direct, said = dbuild(os.path.join(work, "direct.lectern"), LECTERN_BUILD_DIRECT="1")
    print("# direct build: " + " / ".join(said))
    paged, _ = dbuild(os.path.join(work, "paged.lectern"), LECTERN_BUILD_DIRECT="0")
    two, _ = dbuild(os.path.join(work, "direct-two.lectern"), LECTERN_BUILD_TWO_PASS="1")
    check("direct and page-cache builds are identical", isinstance(direct, bytes) and direct == paged,
          direct[:300] if isinstance(direct, str) else said)
    check("direct and two-pass builds are identical", isinstance(two, bytes) and two == direct)
    if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        shm = tempfile.mkdtemp(prefix="lectern-cli-shm-", dir="/dev/shm")
        try:
            on_shm, said_shm = dbuild(os.path.join(shm, "p.lectern"))
            check("a build on tmpfs is identical", on_shm == direct, said_shm)
        finally:
            shutil.rmtree(shm)
    time.sleep(max(0.0, made + 2.6 - time.time()))     # the hash cache trusts files older than 2 s
    dbuild(os.path.join(work, "fill.lectern"))
    again, said = dbuild(os.path.join(work, "direct-again.lectern"))
    print("# rebuild: " + " / ".join(said))
    # the media's sums (text is deflated anew each time)
    media = sum(1 for d, _, ns in os.walk(dsrc) for n in ns if not n.endswith((".json", ".txt")))
    all_cached = any(f"; {media} files' sums from the hash cache" in l for l in said)
    check("a direct rebuild from the hash cache is identical", again == direct and all_cached, said)
    r = run("verify", os.path.join(work, "direct-again.lectern"))
    u = subprocess.run(["unzip", "-tq", os.path.join(work, "direct-again.lectern")], capture_output=True, text=True)
    with zipfile.ZipFile(os.path.join(work, "direct-again.lectern")) as z:
        bad = z.testzip()
    check("that package verifies, passes unzip -t and Python's zipfile",
          r.returncode == 0 and u.returncode == 0 and bad is None, r.stdout + r.stderr + u.stdout + str(bad))

    # a copy with other mtimes, modes and creation order gives the same bytes
    copy = os.path.join(work, "copy")
    shutil.copytree(COURSE, copy)
    for i, (d, _, names) in enumerate(os.walk(copy)):
        for n in names:
            p = os.path.join(d, n)
            os.utime(p, (1_700_000_000 + i, 1_700_000_000 + i * 7))
            os.chmod(p, 0o600)
    os.makedirs(os.path.join(copy, ".git"))
    open(os.path.join(copy, ".git", "HEAD"), "w").write("ignored\n")
    open(os.path.join(copy, ".DS_Store"), "w").write("ignored\n")
    r = run("build", copy, "-o", c)
    check("build of a touched copy identical", r.returncode == 0 and open(a, "rb").read() == open(c, "rb").read(),
          r.stderr)

    # building into the course folder itself does not pack the previous package
    inside = os.path.join(work, "inside")
    shutil.copytree(COURSE, inside)
    r1 = run("build", inside, "-o", os.path.join(inside, "course.lectern"))
    r2 = run("build", ".", "-o", "course.lectern", cwd=inside)
    with zipfile.ZipFile(os.path.join(inside, "course.lectern")) as z:
        packed = z.namelist()
    check("build into the source folder skips its own output",
          r1.returncode == 0 and r2.returncode == 0 and "course.lectern" not in packed
          and open(os.path.join(inside, "course.lectern"), "rb").read() == open(a, "rb").read(), packed)
    os.symlink("/etc/hostname", os.path.join(inside, "media", "host.txt"))
    r = run("build", inside, "-o", os.path.join(work, "sym.lectern"))
    check("build refuses a symlink leaving the folder", r.returncode == 1 and "host.txt" in r.stderr
          and not os.path.exists(os.path.join(work, "sym.lectern")), r.stderr)

    # non-ASCII names: UTF-8 flag set, read back by libzip, Python and extract
    utf = os.path.join(work, "utf")
    shutil.copytree(COURSE, utf)
    shutil.copy(os.path.join(COURSE, "media", "dot.png"), os.path.join(utf, "media", "été-نقطة.png"))
    up = os.path.join(work, "utf.lectern")
    r = run("build", utf, "-o", up)
    with zipfile.ZipFile(up) as z:
        names = z.namelist()
        flags = [i.flag_bits & 0x800 for i in z.infolist() if i.filename.startswith("media/é")]
    ux = os.path.join(work, "utf-out")
    r2 = run("extract", up, ux)
    check("UTF-8 names round trip", r.returncode == 0 and "media/été-نقطة.png" in names and flags == [0x800]
          and r2.returncode == 0 and tree(ux) == tree(utf) and "été-نقطة.png" in run("ls", up).stdout,
          (names, flags, r.stderr, r2.stderr))

    # interop
    r = subprocess.run(["unzip", "-t", a], capture_output=True, text=True)
    check("unzip -t passes", r.returncode == 0 and "No errors detected" in r.stdout, r.stdout + r.stderr)
    with zipfile.ZipFile(a) as z:
        check("python zipfile testzip is None", z.testzip() is None)
        infos = z.infolist()
        check("first entry mimetype, stored",
              infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
              and z.read("mimetype") == b"application/vnd.lectern.course+zip")
        check("second entry lectern.json", infos[1].filename == "lectern.json")
        names = [i.filename for i in infos[2:]]
        check("content sorted", names == sorted(names), names)
        check("fixed timestamps", all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in infos))
        check("no extra fields", all(i.extra == b"" for i in infos))
        man = json.loads(z.read("lectern.json"))
        check("manifest lists content", [f["path"] for f in man["files"]] == names, man)
        check("manifest id/version", man["id"] == "org.lectern.test.minimal" and man["version"] == "1.0.0")
    raw = open(a, "rb").read()
    check("mimetype magic at offset 38", raw[30:38] == b"mimetype" and raw[38:72] == b"application/vnd.lectern.course+zip")
    zi = subprocess.run(["zipinfo", a], capture_output=True, text=True).stdout
    png_line = [ln for ln in zi.splitlines() if ln.endswith("media/dot.png")]
    json_line = [ln for ln in zi.splitlines() if ln.endswith("modules/intro.json")]
    check("zipinfo: media stored", png_line and " stor " in png_line[0], zi)
    check("zipinfo: text deflated", json_line and " defN " in json_line[0], zi)

    # verify, info, ls
    r = run("verify", a)
    check("verify ok", r.returncode == 0 and "ok" in r.stdout and "not signed" in r.stdout, r.stdout + r.stderr)
    r = run("info", a)
    check("info text", r.returncode == 0 and "org.lectern.test.minimal" in r.stdout
          and "Minimal test course" in r.stdout and "signed:   no" in r.stdout, r.stdout)
    r = run("info", a, "--json")
    try:
        j = json.loads(r.stdout)
        check("info --json", j["id"] == "org.lectern.test.minimal" and j["kind"] == "course"
              and j["files"] == 4 and j["signed"] is False and j["total_bytes"] > 0, j)
    except ValueError as e:
        check("info --json parses", False, f"{e}: {r.stdout}")
    r = run("ls", a)
    check("ls", r.returncode == 0 and "stored    media/dot.png" in r.stdout
          and "deflated  course.json" in r.stdout and "lectern.json" not in r.stdout, r.stdout)

    # extract round trip
    out = os.path.join(work, "out", "deep")
    r = run("extract", a, out)
    check("extract ok", r.returncode == 0, r.stderr)
    check("extract equals source", tree(out) == tree(COURSE), sorted(tree(out)))

    # a symlink planted in the target is not followed
    outside = os.path.join(work, "outside")
    os.makedirs(outside)
    planted = os.path.join(work, "planted")
    os.makedirs(planted)
    os.symlink(outside, os.path.join(planted, "media"))
    os.symlink(os.path.join(outside, "course.json"), os.path.join(planted, "course.json"))
    r = run("extract", a, planted)
    check("extract refuses a planted folder symlink", r.returncode == 1 and "media" in r.stderr, r.stderr)
    check("nothing written through planted symlinks", os.listdir(outside) == [], os.listdir(outside))
    check("planted file symlink replaced, not followed", not os.path.islink(os.path.join(planted, "course.json")))

    # atomic: failing builds leave no output and no temp file
    taken = os.path.join(work, "taken")
    os.makedirs(os.path.join(taken, "keep"))
    r = run("build", COURSE, "-o", taken)
    left = [n for n in os.listdir(work) if ".tmp-" in n]
    check("build onto a folder fails at rename", r.returncode == 1 and os.listdir(taken) == ["keep"], r.stderr)
    check("no temp file left after failed rename", not left, left)
    fifo_src = os.path.join(work, "fifo-src")
    shutil.copytree(COURSE, fifo_src)
    os.mkfifo(os.path.join(fifo_src, "media", "pipe.png"))
    d = os.path.join(work, "fifo-out.lectern")
    r = run("build", fifo_src, "-o", d)
    check("build with a FIFO fails", r.returncode == 1 and "pipe.png" in r.stderr, r.stderr)
    left = [n for n in os.listdir(work) if n.startswith("fifo-out")]
    check("FIFO build leaves nothing", not left, left)
    r = run("build", os.path.join(work, "nope"), "-o", d)
    check("build of a missing folder fails", r.returncode == 1 and "nope" in r.stderr, r.stderr)
    r = run("build", COURSE, "-o", os.path.join(work, "no-such-dir", "x.lectern"))
    check("build into a missing folder fails cleanly", r.returncode == 1 and "no-such-dir" in r.stderr, r.stderr)

    # plain zips: Info-ZIP with and without a top folder, Python zipfile
    for label, cwd, arg, zname in (("zip -r top folder", os.path.dirname(COURSE), "minimal", "top.zip"),
                                   ("zip -r no top folder", COURSE, ".", "flat.zip")):
        zp = os.path.join(work, zname)
        subprocess.run(["zip", "-qr", zp, arg], cwd=cwd, check=True)
        r = run("info", zp)
        check(f"{label}: info says unverified", r.returncode == 0 and "unverified" in r.stdout, r.stdout + r.stderr)
        r = run("ls", zp)
        check(f"{label}: ls relative names", "  course.json" in r.stdout and "media/dot.png" in r.stdout
              and "minimal/" not in r.stdout, r.stdout)
        r = run("verify", zp)
        check(f"{label}: verify refuses", r.returncode == 1 and "not a Lectern package" in r.stderr, r.stderr)
        xo = os.path.join(work, "x-" + zname)
        r = run("extract", zp, xo)
        check(f"{label}: extract", r.returncode == 0 and tree(xo) == tree(COURSE), r.stderr)
    pz = os.path.join(work, "py.zip")
    with zipfile.ZipFile(pz, "w", zipfile.ZIP_DEFLATED) as z:
        for rel in sorted(tree(COURSE)):
            z.write(os.path.join(COURSE, rel), "course-src/" + rel)
    r = run("info", "--json", pz)
    check("python zip: info --json", r.returncode == 0 and json.loads(r.stdout)["source"] == "plain zip", r.stdout)

    # usage errors exit 2
    for args in ((), ("frobnicate",), ("build", COURSE), ("verify",), ("extract", a), ("info", "--bogus", a)):
        r = run(*args)
        check(f"usage {' '.join(args) or '(none)'} exits 2", r.returncode == 2 and "usage" in r.stderr, r.returncode)
    r = run("--help")
    check("--help exits 0", r.returncode == 0 and "usage" in r.stdout)
    r = run("verify", COURSE)
    check("verify of a folder exits 1", r.returncode == 1 and "folder" in r.stderr, r.stderr)
    r = run("verify", os.path.join(work, "missing.lectern"))
    check("verify of a missing file exits 1", r.returncode == 1 and "missing.lectern" in r.stderr, r.stderr)
finally:
    shutil.rmtree(work, ignore_errors=True)

print(f"1..{count}")
if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
