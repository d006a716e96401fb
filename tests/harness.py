"""What the player's Python test harnesses share (stdlib only; imported by
path like tests/pnglib.py): the headless environment, running lectern and
failing with its output, stopping a process, comparing screenshots, and
running one named test in a temporary folder."""
import os
import shutil
import subprocess
import tempfile


def headless_env(no_video=True, base=None, **extra):
    """os.environ (or base) with SDL's dummy video and audio drivers, libvlc
    left out unless no_video is false, and the extra variables given."""
    env = dict(os.environ if base is None else base, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")
    if no_video:
        env["LECTERN_NO_VIDEO"] = "1"
    env.update(extra)
    return env


def no_leak_check(env):
    """Turns LeakSanitizer off in env (kept ASan and UBSan on): under
    -Db_sanitize the libraries SDL and libvlc load and unload keep
    allocations it cannot name. Returns env."""
    env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") + ":detect_leaks=0").lstrip(":")
    return env


def run_checked(cmd, env, expect_rc=0, timeout=120, cwd=None):
    """Runs cmd to its end, capturing its output as text; an exit status other
    than expect_rc (None: any) fails with the command, stdout and stderr."""
    p = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if expect_rc is not None and p.returncode != expect_rc:
        raise AssertionError("%s -> %d (wanted %d)\nstdout: %s\nstderr: %s" % (
            " ".join(cmd), p.returncode, expect_rc, p.stdout, p.stderr))
    return p


def stop(p, timeout=20):
    """Ends the process p: SIGTERM, then SIGKILL after timeout seconds."""
    if p.poll() is None:
        p.terminate()
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def near(c, want, tol=10):
    """Each of c's channels within tol of want's."""
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def diff_fraction(a, b, box=None, tol=24, step=1):
    """Share of the pixels of two images (w, h, rows of RGB) that differ by
    more than tol in a channel: every step-th pixel in box x0,y0,x1,y1."""
    assert (a[0], a[1]) == (b[0], b[1]), "sizes differ: %dx%d vs %dx%d" % (a[0], a[1], b[0], b[1])
    x0, y0, x1, y1 = box or (0, 0, a[0], a[1])
    n = bad = 0
    for y in range(y0, y1, step):
        ra, rb = a[2][y], b[2][y]
        for x in range(x0, x1, step):
            n += 1
            if any(abs(p - q) > tol for p, q in zip(ra[x][:3], rb[x][:3])):
                bad += 1
    return bad / n


def run_test(name, prefix, tests, script=None):
    """Runs tests["test_" + name](tmp) in a new temporary folder named
    prefix..., removed after, and prints "ok NAME". A name "script:S" calls
    script(tmp, S) instead (when the harness takes script names)."""
    tmp = tempfile.mkdtemp(prefix=prefix)
    try:
        if script and name.startswith("script:"):
            script(tmp, name[7:])
        else:
            tests["test_" + name](tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok", name)
