#!/usr/bin/env python3
"""Crash safety with real signals and a real full disk.

- SIGKILL during `lectern-pack build` at random points (fixed seed): the
  output is either absent or the previous package, byte for byte, or a
  complete new one that verifies; at most one OUT.tmp-PID-* file is left
  and the next build removes it.
- SIGKILL during `lectern-pack extract`: every file under its final name is
  complete, at most one NAME.tmp-PID-* file is left, and the next extract
  into the same folder removes it and completes.
- SIGKILL during `lectern install` and `lectern-pack apply`: the library is
  either unchanged or holds the complete new version (never a mix), the
  apply output is absent or complete; temp files are cleaned by the next run.
- A full disk (RLIMIT_FSIZE, SIGXFSZ ignored so writes fail with EFBIG)
  during build, extract, install, apply and the player's progress writes:
  exit 1 with a clear message, no partial output, the library and the
  progress store intact (PRAGMA integrity_check, earlier records kept).

usage: crash.py LECTERN_PACK LECTERN SOURCE_ROOT
"""
import hashlib
import json
import os
import random
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

PACK, PLAYER, SRC = (os.path.abspath(a) for a in sys.argv[1:4])
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")
ROUNDS = int(os.environ.get("LECTERN_CRASH_ROUNDS", "12"))
rnd = random.Random(20261129)
failures = []
count = 0


def check(name, ok, detail="", said=""):
    """said: a program's message, shown on success too (what a user reads)."""
    global count
    count += 1
    if ok:
        lines = said.strip().splitlines()
        print(f"ok {count} - {name}" + (f": {lines[-1][:220]}" if lines else ""))
    else:
        print(f"not ok {count} - {name}: {str(detail)[:800]}")
        failures.append(name)


def run(argv, fsize=None, env=None, **kw):
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)     # EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return subprocess.run(argv, capture_output=True, text=True, errors="replace", env=env or ENV, timeout=300,
                          preexec_fn=limit if fsize is not None else None, **kw)


def digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def tree(root):
    """{relative path: sha256} of the files under root."""
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            out[os.path.relpath(p, root)] = digest(p)
    return out


def temps(folder):
    return sorted(n for n in os.listdir(folder) if ".tmp-" in n)


def kill_at(argv, delay):
    """Starts argv, SIGKILLs it after delay seconds; True when it was killed
    (False: it had finished already)."""
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    time.sleep(delay)
    killed = p.poll() is None
    if killed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    return killed


def timed(argv):
    t = time.monotonic()
    r = run(argv)
    assert r.returncode == 0, (argv, r.stderr)
    return time.monotonic() - t


def make_course(work):
    """The init course plus 20 MB of incompressible media, so a build takes
    long enough to be killed in the middle."""
    c = os.path.join(work, "course")
    assert run([PACK, "init", c]).returncode == 0
    for i in range(5):       # unused media: a warning, the course stays valid
        # .bin is deflated; .webm is stored, its whole pages written with O_DIRECT
        with open(os.path.join(c, "media", f"blob{i}.{'webm' if i >= 3 else 'bin'}"), "wb") as f:
            f.write(rnd.randbytes(4 << 20))
    return c


def bump(src, dst, version, blob=None):
    shutil.copytree(src, dst)
    p = os.path.join(dst, "course.json")
    c = json.load(open(p))
    c["version"] = version
    c["changelog"].insert(0, {"version": version, "date": "2026-11-30", "summary": "Update", "items": []})
    json.dump(c, open(p, "w"), indent=2)
    if blob is not None:
        with open(os.path.join(dst, "media", "blob0.bin"), "wb") as f:
            f.write(blob)


def test_build_kill(work, course):
    out_dir = os.path.join(work, "kb")
    os.makedirs(out_dir)
    out = os.path.join(out_dir, "c.lectern")
    full = timed([PACK, "build", course, "-o", out])
    previous = digest(out)
    os.unlink(out)
    bad = []
    killed = 0
    for k in range(ROUNDS):
        keep_previous = k % 2 == 1          # odd rounds rebuild over an existing package
        if keep_previous:
            assert run([PACK, "build", course, "-o", out]).returncode == 0
        elif os.path.exists(out):
            os.unlink(out)
        killed += kill_at([PACK, "build", course, "-o", out], rnd.uniform(0.0, full * 1.1))
        left = temps(out_dir)
        if os.path.exists(out):
            if digest(out) != previous and run([PACK, "verify", out]).returncode != 0:
                bad.append(f"round {k}: a partial package at the output")
        elif keep_previous:
            bad.append(f"round {k}: the previous package is gone")
        if len(left) > 1 or any(not n.startswith("c.lectern.tmp-") for n in left):
            bad.append(f"round {k}: stray files {left}")
        if left:
            # the next build removes the temp file the killed one left
            r = run([PACK, "build", course, "-o", out])
            if r.returncode != 0 or temps(out_dir):
                bad.append(f"round {k}: next build {r.returncode}, left {temps(out_dir)}")
    check(f"SIGKILL during build ({ROUNDS} rounds, {killed} killed mid-build): no partial package, "
          "temp files cleaned by the next build", not bad and killed > 0, bad or "never killed mid-build")


def tree_temps(root):
    """Temp files anywhere under root (ours: NAME.tmp-PID-XXXXXX; older
    extracts left .lectern-tmp-PID-N)."""
    return sorted(os.path.relpath(os.path.join(d, n), root) for d, _, names in os.walk(root)
                  for n in names if ".tmp-" in n or n.startswith(".lectern-tmp"))


def test_extract_kill(work, course):
    pkg = os.path.join(work, "x.lectern")
    assert run([PACK, "build", course, "-o", pkg]).returncode == 0
    whole = tree(course)
    ref = os.path.join(work, "x-ref")
    full = timed([PACK, "extract", pkg, ref])
    want = tree(ref)
    assert all(want.get(p) == h for p, h in whole.items()), "extract gives the course files"
    target = os.path.join(work, "x-out")
    bad = []
    killed = 0
    most = 0
    for k in range(ROUNDS):
        if k % 3 == 0:                      # also over what earlier killed rounds left
            shutil.rmtree(target, ignore_errors=True)
        killed += kill_at([PACK, "extract", pkg, target], rnd.uniform(0.0, full * 1.1))
        if not os.path.isdir(target):
            continue
        left = tree_temps(target)
        most = max(most, len(left))
        got = {p: h for p, h in tree(target).items() if p not in left}
        partial = [p for p, h in got.items() if want.get(p) != h]
        if partial:
            bad.append(f"round {k}: files under their final name that are not complete: {partial}")
        if len(left) > 1 or any(".tmp-" not in os.path.basename(p) or p.startswith(".lectern-tmp")
                                for p in left):
            bad.append(f"round {k}: temp files left: {left}")
        # the next extract completes and removes the temp file
        r = run([PACK, "extract", pkg, target])
        if r.returncode != 0 or tree(target) != want or tree_temps(target):
            bad.append(f"round {k}: extract after the kill: exit {r.returncode}, temps {tree_temps(target)}, "
                       f"{r.stderr.strip()[:200]}")
    # what an older Lectern's killed extract left (.lectern-tmp-PID-N) goes too;
    # a temp file of a process still running (this script) stays
    dead = subprocess.Popen(["true"])
    dead.wait()
    media = os.path.join(target, "media")
    planted = [f".lectern-tmp-{dead.pid}-3", f"blob0.bin.tmp-{dead.pid}-AbC123", f"blob1.bin.tmp-{os.getpid()}-XyZ789"]
    for n in planted:
        open(os.path.join(media, n), "wb").write(b"partial")
    r = run([PACK, "extract", pkg, target])
    left = sorted(os.listdir(media))
    if r.returncode != 0 or planted[0] in left or planted[1] in left or planted[2] not in left:
        bad.append(f"planted temp files: exit {r.returncode}, left {[n for n in left if 'tmp' in n]}")
    os.unlink(os.path.join(media, planted[2]))
    check(f"SIGKILL during extract ({ROUNDS} rounds, {killed} killed, at most {most} temp file left): "
          "no partial file under its name, the next extract completes and removes the temp file "
          "(and an older extract's .lectern-tmp-PID-N; not a running process's)",
          not bad and killed > 0, bad or "never killed mid-extract")


def library_state(data, referenced=False):
    """The library's files (not temp files); referenced: only the packages
    and addenda its state.json files name (what the library uses: a kill
    between copying a package and saving the state, or between saving it
    and removing the old version's file, leaves a file nothing refers to,
    which the next install removes)."""
    lib = os.path.join(data, "library")
    files = {k: v for k, v in tree(lib).items() if ".tmp-" not in k}
    if not referenced:
        return files
    keep = {}
    for k, v in files.items():
        folder, name = k.split("/", 1) if "/" in k else ("", k)
        if name.endswith(".lectern"):
            try:
                st = json.load(open(os.path.join(lib, folder, "state.json")))
            except (OSError, ValueError):
                continue
            if name != st.get("package") and name not in [a.get("file") for a in st.get("addenda", [])]:
                continue
        keep[k] = v
    return keep


def test_install_kill(work, course):
    data = os.path.join(work, "kdata")
    base = os.path.join(work, "i-base.lectern")
    assert run([PACK, "build", course, "-o", base]).returncode == 0
    new_src = os.path.join(work, "course-0.2")
    bump(course, new_src, "0.2.0", rnd.randbytes(4 << 20))
    new = os.path.join(work, "i-new.lectern")
    assert run([PACK, "build", new_src, "-o", new]).returncode == 0
    add = os.path.join(work, "i-add.lectern")
    assert run([PACK, "diff", base, new, "-o", add]).returncode == 0
    lib_args = ["--data-dir", data, "--config-dir", os.path.join(work, "kcfg")]
    base_data = os.path.join(work, "kdata-base")       # the base installed (main)
    before = library_state(base_data)
    # the state after a complete install, in a copy
    ref = os.path.join(work, "kdata-ref")
    shutil.copytree(base_data, ref)
    t = time.monotonic()
    assert run([PLAYER, "install", new, "--data-dir", ref, "--config-dir", os.path.join(work, "kcfg")]).returncode == 0
    full = time.monotonic() - t
    after = library_state(ref)
    bad = []
    killed = 0
    for k in range(ROUNDS):
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(base_data, data)
        killed += kill_at([PLAYER, "install", new] + lib_args, rnd.uniform(0.0, full * 1.1))
        state = library_state(data, referenced=True)
        if state != before and state != after:
            bad.append(f"round {k}: library is neither the old nor the new state: "
                       f"{sorted(set(state) ^ set(before))[:4]}")
        r = run([PLAYER, "library"] + lib_args)
        if r.returncode != 0:
            bad.append(f"round {k}: `lectern library` fails after the kill: {r.stderr.strip()}")
        r = run([PLAYER, "install", new] + lib_args)
        lib_temps = [p for p in tree(os.path.join(data, "library")) if ".tmp-" in p]
        if r.returncode != 0 or library_state(data) != after or lib_temps:
            bad.append(f"round {k}: install after the kill: exit {r.returncode}, temps {lib_temps}, "
                       f"{r.stderr.strip()[:200]}")
    # the two windows, made by hand: the new package copied but the state
    # not saved; the new state saved but the old package not removed
    lib = os.path.join(data, "library")
    old_pkgs = [p for p in tree(os.path.join(base_data, "library")) if p.endswith(".lectern")]
    new_pkgs = [p for p in after if p.endswith(".lectern")]
    for name, start, planted_from, planted in (
            ("copied, state not saved", base_data, new, new_pkgs[0]),
            ("state saved, old package kept", ref, os.path.join(base_data, "library", old_pkgs[0]), old_pkgs[0])):
        shutil.rmtree(data, ignore_errors=True)
        shutil.copytree(start, data)
        shutil.copyfile(planted_from, os.path.join(lib, planted))
        r = run([PLAYER, "install", new] + lib_args)
        if r.returncode != 0 or library_state(data) != after:
            bad.append(f"{name}: the next install leaves {sorted(set(library_state(data)) ^ set(after))}")
    check(f"SIGKILL during install ({ROUNDS} rounds, {killed} killed mid-install): library old or new, "
          "never a mix; the next install completes and leaves no file behind", not bad and killed > 0, bad or "never killed mid-install")
    # apply: the output is absent or complete
    out = os.path.join(work, "applied.lectern")
    t = time.monotonic()
    assert run([PACK, "apply", base, add, "-o", out]).returncode == 0
    full = time.monotonic() - t
    want = digest(out)
    bad = []
    killed = 0
    for k in range(ROUNDS):
        os.unlink(out) if os.path.exists(out) else None
        killed += kill_at([PACK, "apply", base, add, "-o", out], rnd.uniform(0.0, full * 1.1))
        if os.path.exists(out) and digest(out) != want:
            bad.append(f"round {k}: a partial apply output")
        r = run([PACK, "apply", base, add, "-o", out])
        if r.returncode != 0 or digest(out) != want or temps(work):
            bad.append(f"round {k}: apply after the kill: exit {r.returncode}, temps {temps(work)}")
    check(f"SIGKILL during apply ({ROUNDS} rounds, {killed} killed): no partial output, temps cleaned",
          not bad and killed > 0, bad or "never killed mid-apply")


def test_full_disk(work, course):
    limit = 2 << 20          # 2 MiB per file: the 4 MiB blobs do not fit
    # build: with direct writes the space is reserved first (that fails);
    # through the page cache only, the first write past the limit fails
    out = os.path.join(work, "fd.lectern")
    for how in ("direct", "page cache"):
        r = run([PACK, "build", course, "-o", out], fsize=limit,
                env=dict(ENV, LECTERN_BUILD_DIRECT="1" if how == "direct" else "0"))
        check(f"full disk during build ({how}): exit 1 naming the output and the cause",
              r.returncode == 1 and "fd.lectern" in r.stderr and "too large" in r.stderr.lower(), r.stderr,
              said=r.stderr)
        check(f"full disk during build ({how}): no package, no temp file",
              not os.path.exists(out) and not [n for n in os.listdir(work) if n.startswith("fd.lectern")],
              os.listdir(work))
    # extract
    pkg = os.path.join(work, "fd-ok.lectern")
    assert run([PACK, "build", course, "-o", pkg]).returncode == 0
    target = os.path.join(work, "fd-x")
    r = run([PACK, "extract", pkg, target], fsize=limit)
    check("full disk during extract: exit 1 naming the entry and the cause",
          r.returncode == 1 and "blob" in r.stderr and "disk is full" in r.stderr, r.stderr, said=r.stderr)
    whole = tree(os.path.join(work, "course"))
    partial = [p for p, h in tree(target).items() if whole.get(p) != h]
    check("full disk during extract: no partial or temp file in the target", not partial, partial)
    # install
    data = os.path.join(work, "fd-data")
    lib_args = ["--data-dir", data, "--config-dir", os.path.join(work, "fd-cfg")]
    small_src = os.path.join(work, "small")
    assert run([PACK, "init", small_src]).returncode == 0
    small = os.path.join(work, "small.lectern")
    assert run([PACK, "build", small_src, "-o", small]).returncode == 0
    assert run([PLAYER, "install", small] + lib_args).returncode == 0
    before = tree(os.path.join(data, "library"))
    r = run([PLAYER, "install", pkg] + lib_args, fsize=limit)
    check("full disk during install: exit 1, 'not installed'", r.returncode == 1 and "not installed" in r.stderr,
          r.stderr, said=next((l for l in r.stderr.splitlines() if "not installed" in l), ""))
    check("full disk during install: library unchanged", tree(os.path.join(data, "library")) == before,
          set(tree(os.path.join(data, "library"))) ^ set(before))
    r = run([PLAYER, "library"] + lib_args)
    check("full disk during install: the library still opens", r.returncode == 0 and "org.example" in r.stdout,
          r.stdout + r.stderr)
    # apply
    new_src = os.path.join(work, "fd-0.2")
    bump(course, new_src, "0.2.0", rnd.randbytes(3 << 20))
    add = os.path.join(work, "fd-add.lectern")
    assert run([PACK, "diff", pkg, new_src, "-o", add]).returncode == 0
    out = os.path.join(work, "fd-applied.lectern")
    r = run([PACK, "apply", pkg, add, "-o", out], fsize=limit)
    check("full disk during apply: exit 1, no output, no temp",
          r.returncode == 1 and not [n for n in os.listdir(work) if n.startswith("fd-applied")], r.stderr,
          said=r.stderr)
    # progress writes: the store grows past the limit while a trainee studies
    pdata = os.path.join(work, "fd-progress")
    walk = "profile Amina\n" + "key Right\n" * 6 + "echo started\n"
    sp = os.path.join(work, "walk.txt")
    open(sp, "w").write(walk)
    course_dir = os.path.join(SRC, "courses", "trafficking-basics")
    r = run([PLAYER, "--data-dir", pdata, "--script", sp, course_dir])
    assert r.returncode == 0, r.stderr
    db = os.path.join(pdata, "progress.sqlite")
    c = sqlite3.connect(db)
    n0 = c.execute("SELECT count(*) FROM event").fetchone()[0]
    c.close()
    size = max(os.path.getsize(p) for p in (db, db + "-wal") if os.path.exists(p))
    long_walk = "profile Amina\n" + "key Right\n" * 70 + "echo walked\n"
    open(sp, "w").write(long_walk)
    r = run([PLAYER, "--data-dir", pdata, "--script", sp, course_dir], fsize=size + 4096)
    check("full disk during progress writes: no crash, the problem is said",
          r.returncode in (0, 1) and ("the disk is full" in r.stderr or "the disk may be full" in r.stderr),
          f"exit {r.returncode}: {r.stderr[-600:]}", said=next((l for l in r.stderr.splitlines() if "disk " in l), ""))
    c = sqlite3.connect(db)
    ok = c.execute("PRAGMA integrity_check").fetchone()[0]
    n1 = c.execute("SELECT count(*) FROM event").fetchone()[0]
    c.close()
    check("full disk during progress writes: the store is intact and keeps earlier records",
          ok == "ok" and n1 >= n0, f"integrity {ok}, events {n0} -> {n1}")
    r = run([PLAYER, "--data-dir", pdata, "--script", sp, course_dir])
    check("after the full disk: the next run records again", r.returncode == 0 and "walked" in r.stdout, r.stderr)


def main():
    work = tempfile.mkdtemp(prefix="lectern-crash-")
    try:
        course = make_course(work)
        test_build_kill(work, course)
        test_extract_kill(work, course)
        # the base library state used by the install rounds
        base = os.path.join(work, "i-base.lectern")
        assert run([PACK, "build", course, "-o", base]).returncode == 0
        kb = os.path.join(work, "kdata-base")
        assert run([PLAYER, "install", base, "--data-dir", kb, "--config-dir",
                    os.path.join(work, "kcfg")]).returncode == 0
        test_install_kill(work, course)
        test_full_disk(work, course)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"1..{count}")
    if failures:
        print("FAILED: " + "; ".join(failures))
        sys.exit(1)


main()
