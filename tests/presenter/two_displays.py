#!/usr/bin/env python3
"""Trainer mode on a real second display (issue 7): an X server with two
monitors, the player delivering a plan, each monitor captured from the X
server and checked by its pixels.

The X server is Xorg with the dummy video driver (xserver-xorg-video-dummy):
one X screen with two RandR outputs, DUMMY0 1280x720 (the trainer's laptop)
and DUMMY1 1920x1080 to its right (the projector), set up with xrandr as a
laptop and a projector are; SDL sees two displays. `lectern --deliver` runs
as a trainer starts it (the real event loop, no script); `xwd -root` takes
the screen and each monitor's rectangle is compared with the presenter and
projector views the player renders headless at the same sizes.

usage: two_displays.py LECTERN PACKAGE TEST   (TEST: xorg | separate_screens)
Exit 77 (skipped) only when Xorg, its dummy driver, xrandr or xwd are missing."""
import os
import shutil
import struct
import subprocess
import sys
import time

LECTERN, PACKAGE, NAME = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pnglib import read_png  # noqa: E402  (tests/pnglib.py)
from harness import diff_fraction, headless_env, no_leak_check, run_test, stop  # noqa: E402  (tests/harness.py)

PLAN = "awareness-1h"
DUMMY_DRV = "/usr/lib/xorg/modules/drivers/dummy_drv.so"

XORG_CONF = """
Section "ServerFlags"
  Option "AutoAddDevices" "false"
  Option "AutoEnableDevices" "false"
  Option "DontVTSwitch" "true"
  Option "AllowMouseOpenFail" "true"
  Option "PciForceNone" "true"
EndSection
Section "Device"
  Identifier "dummy"
  Driver "dummy"
  VideoRam 65536
EndSection
Section "Monitor"
  Identifier "monitor"
  HorizSync 5.0-1000.0
  VertRefresh 5.0-200.0
  Modeline "1280x720" 74.25 1280 1390 1430 1650 720 725 730 750 +hsync +vsync
  Modeline "1920x1080" 148.5 1920 2008 2052 2200 1080 1084 1089 1125 +hsync +vsync
EndSection
Section "Screen"
  Identifier "screen"
  Device "dummy"
  Monitor "monitor"
  DefaultDepth 24
  SubSection "Display"
    Depth 24
    Modes "1280x720" "1920x1080"
    Virtual 3200 1080
  EndSubSection
EndSection
"""


def need(*tools):
    for t in tools:
        if not (shutil.which(t) or os.path.exists(t)):
            print("skip: %s not installed (xserver-xorg-core, xserver-xorg-video-dummy, "
                  "x11-xserver-utils, x11-apps, xvfb)" % t)
            sys.exit(77)


def start_x(tmp, argv, what):
    """Starts an X server (argv without the display), which picks a free
    display number (-displayfd); returns (process, ":N")."""
    r, w = os.pipe()
    log = open(os.path.join(tmp, what + ".log"), "w")
    p = subprocess.Popen(argv + ["-displayfd", str(w)], pass_fds=(w,), stdout=log, stderr=log)
    os.close(w)
    got = b""
    deadline = time.monotonic() + 60
    while not got.endswith(b"\n"):
        if time.monotonic() > deadline or p.poll() is not None:
            log.flush()
            raise AssertionError("%s did not start:\n%s" % (what, open(log.name).read()[-3000:]))
        chunk = os.read(r, 16)
        if not chunk:
            break
        got += chunk
    os.close(r)
    if not got.strip():
        log.flush()
        raise AssertionError("%s gave no display number:\n%s" % (what, open(log.name).read()[-3000:]))
    return p, ":" + got.decode().strip()


def read_xwd(data):
    """An `xwd` dump of a 24/32-bit TrueColor screen: (width, height, rows of (r,g,b))."""
    (header_size, version, fmt, depth, width, height, _xoff, byte_order, _unit, _bit_order,
     _pad, bpp, bpl, _vclass, rmask, gmask, bmask, _bits, _cmap, ncolors) = struct.unpack(">20I", data[:80])
    assert version == 7 and fmt == 2 and bpp in (24, 32), "xwd: version %d, format %d, %d bpp" % (version, fmt, bpp)
    assert (rmask, gmask, bmask) == (0xFF0000, 0xFF00, 0xFF), "xwd: masks %x %x %x" % (rmask, gmask, bmask)
    off = header_size + 12 * ncolors
    step = bpp // 8
    # a pixel's bytes: least significant (blue) first when byte_order is LSBFirst
    ri, gi, bi = (2, 1, 0) if byte_order == 0 else (step - 3, step - 2, step - 1)
    rows = []
    for y in range(height):
        line = data[off + y * bpl:off + y * bpl + width * step]
        rows.append(list(zip(line[ri::step], line[gi::step], line[bi::step])))
    return width, height, rows


def crop(img, x0, y0, w, h):
    return w, h, [row[x0:x0 + w] for row in img[2][y0:y0 + h]]


def screen_diff(a, b, box=None):
    """Share of every other pixel (in box x0,y0,x1,y1) of an X capture and a
    headless view differing by more than 40 in a channel."""
    return diff_fraction(a, b, box, tol=40, step=2)


def reference(tmp, view, w, h, commands=()):
    """The view as the player renders it headless at w x h (lectern --script),
    after the script commands given."""
    tag = "%s-%d" % (view, len(commands))
    out = os.path.join(tmp, "ref-%s.png" % tag)
    script = os.path.join(tmp, "ref-%s.txt" % tag)
    with open(script, "w") as f:
        f.write("\n".join(["deliver " + PLAN] + list(commands) + ["screenshot %s %s\n" % (view, out)]))
    p = subprocess.run([LECTERN, "--script", script, "--size", "%dx%d" % (w, h), "--data-dir",
                        os.path.join(tmp, "ref-data-" + tag), PACKAGE], env=headless_env(),
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, "reference %s: %s" % (view, p.stderr[-2000:])
    return read_png(out)


def windows(display):
    p = subprocess.run(["xwininfo", "-display", display, "-root", "-tree"], capture_output=True, text=True)
    return [line.strip() for line in p.stdout.splitlines() if "Lectern" in line]


def deliver_env(display):
    env = headless_env(DISPLAY=display, SDL_VIDEODRIVER="x11", SDL_RENDER_DRIVER="software",
                       LECTERN_LOG="info")
    env.pop("LECTERN_TWO_WINDOWS", None)
    env.pop("LECTERN_ONE_WINDOW", None)
    # under -Db_sanitize: the X11 libraries SDL loads and unloads leave leaks
    # LeakSanitizer cannot name; ASan and UBSan stay on
    return no_leak_check(env)


def test_xorg(tmp):
    need("Xorg", DUMMY_DRV, "xrandr", "xwd", "xwininfo")
    conf = os.path.join(tmp, "xorg.conf")
    with open(conf, "w") as f:
        f.write(XORG_CONF)
    ref_pres = reference(tmp, "presenter", 1280, 720)
    ref_proj = reference(tmp, "projector", 1920, 1080)
    xorg, display = start_x(tmp, ["Xorg", "-config", conf, "-logfile", os.path.join(tmp, "Xorg.log"),
                                  "-nolisten", "tcp", "-noreset", "-novtswitch", "-sharevts"], "Xorg")
    player = None
    try:
        # the second monitor, to the right of the first: what a projector plugged in gives
        for cmd in (["--addmode", "DUMMY1", "1920x1080"],
                    ["--output", "DUMMY0", "--mode", "1280x720", "--pos", "0x0", "--primary"],
                    ["--output", "DUMMY1", "--mode", "1920x1080", "--right-of", "DUMMY0"]):
            subprocess.run(["xrandr", "-display", display] + cmd, check=True, capture_output=True)
        xr = subprocess.run(["xrandr", "-display", display], capture_output=True, text=True).stdout
        monitors = [line for line in xr.splitlines() if " connected" in line]
        print("xrandr:", "; ".join(monitors))
        assert len(monitors) == 2 and "1280x720+0+0" in monitors[0] and "1920x1080+1280+0" in monitors[1], xr

        log_path = os.path.join(tmp, "lectern.log")
        log = open(log_path, "w")
        t0 = time.monotonic()
        player = subprocess.Popen([LECTERN, "--deliver", PLAN, "--data-dir", os.path.join(tmp, "data"),
                                   PACKAGE], env=deliver_env(display), stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while len(windows(display)) < 2:
            assert player.poll() is None, "lectern exited %s:\n%s" % (player.returncode, open(log_path).read())
            assert time.monotonic() < deadline, "no two windows: %s" % windows(display)
            time.sleep(0.2)
        print("two windows after %.1f s: %s" % (time.monotonic() - t0, windows(display)))
        # each window draws once shown, and the presenter every second (its
        # countdown): take the screen until both monitors show their view
        # (at most 60 s, for a loaded machine or a sanitizer build)
        deadline = time.monotonic() + 60
        while True:
            time.sleep(1.5)
            wins = windows(display)
            dump = subprocess.run(["xwd", "-root", "-silent", "-display", display],
                                  capture_output=True, check=True).stdout
            screen = read_xwd(dump)
            assert (screen[0], screen[1]) == (3200, 1080), "root %dx%d" % screen[:2]
            laptop = crop(screen, 0, 0, 1280, 720)
            projector = crop(screen, 1280, 0, 1920, 1080)
            # the projector: exactly the audience view, full screen on the second monitor
            d_proj = screen_diff(projector, ref_proj)
            # the laptop: the presenter view (its top band holds the countdown and clocks,
            # which run on the real clock in the window and the virtual one headless)
            d_pres = screen_diff(laptop, ref_pres, box=(0, 140, 1280, 720))
            if (d_proj < 0.01 and d_pres < 0.02) or time.monotonic() > deadline:
                break
        stop(player)
        log.close()
        text = open(log_path).read()
        # the same under a script in real windows: the next item reaches both monitors
        script_dump = scripted(tmp, display)
    finally:
        if player:
            stop(player)
        stop(xorg)
    print("\n".join(line for line in text.splitlines() if "deliver" in line))
    assert "2 displays" in text, text
    assert any('"Lectern - presenter"' in w and "1280x720+0+0" in w for w in wins), wins
    assert any('"Lectern - projector"' in w and "1920x1080+1280+0" in w for w in wins), wins

    if os.environ.get("LECTERN_KEEP_CAPTURE"):       # for a person to look at
        with open(os.environ["LECTERN_KEEP_CAPTURE"], "wb") as f:
            f.write(dump)
    # and not the other way round (both views are dark: a tenth of the pixels differ)
    d_cross = screen_diff(laptop, crop(ref_proj, 0, 0, 1280, 720), box=(0, 140, 1280, 720))
    d_swap = screen_diff(crop(projector, 0, 0, 1280, 720), ref_pres, box=(0, 140, 1280, 720))
    print("monitor 2 vs the projector view: %.4f of pixels differ; monitor 1 vs the presenter "
          "view (below its clocks): %.4f; crossed: monitor 1 vs the projector view %.4f, "
          "monitor 2 vs the presenter view %.4f" % (d_proj, d_pres, d_cross, d_swap))
    assert d_proj < 0.01, "the second monitor does not show the projector view (%.4f differ)" % d_proj
    assert d_pres < 0.02, "the first monitor does not show the presenter view (%.4f differ)" % d_pres
    assert d_cross > 0.05 and d_swap > 0.05, \
        "a monitor looks like the other view (%.4f, %.4f differ)" % (d_cross, d_swap)
    # the presenter's countdown band is there (not the slide's background)
    band = crop(screen, 0, 0, 1280, 130)
    bright = sum(1 for row in band[2][::2] for px in row[::2] if min(px) > 200)
    assert bright > 500, "no countdown or clock text on the first monitor (%d bright pixels)" % bright
    # outside both monitors (below the 720-line laptop screen) nothing is drawn
    below = crop(screen, 0, 720, 1280, 360)
    assert all(px == (0, 0, 0) for row in below[2][::8] for px in row[::8]), "something drawn off-screen"

    # the scripted run, one item on: both monitors follow
    screen = read_xwd(script_dump)
    step = ["dcmd next"]
    d_proj = screen_diff(crop(screen, 1280, 0, 1920, 1080), reference(tmp, "projector", 1920, 1080, step))
    d_pres = screen_diff(crop(screen, 0, 0, 1280, 720), reference(tmp, "presenter", 1280, 720, step),
                           box=(0, 140, 1280, 720))
    d_old = screen_diff(crop(screen, 1280, 0, 1920, 1080), ref_proj)
    print("scripted, next item: monitor 2 vs the projector view %.4f, monitor 1 vs the presenter "
          "view %.4f, monitor 2 vs the first item's view %.4f" % (d_proj, d_pres, d_old))
    assert d_proj < 0.01 and d_pres < 0.02, "after dcmd next: %.4f, %.4f differ" % (d_proj, d_pres)
    assert d_old > 0.005, "the projector still shows the first item (%.4f differ)" % d_old


def scripted(tmp, display):
    """lectern --window --script - in the two-monitor X server: deliver, next
    item, 1.5 s of real time (play-wait: windows drawn as in the event loop);
    returns an xwd dump taken then."""
    log_path = os.path.join(tmp, "script.log")
    with open(log_path, "w") as log:
        p = subprocess.Popen([LECTERN, "--window", "--script", "-", "--data-dir",
                              os.path.join(tmp, "script-data"), PACKAGE], env=deliver_env(display),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True)
        try:
            p.stdin.write("deliver %s\ndcmd next\nplay-wait 1500\necho ready\n" % PLAN)
            p.stdin.flush()
            for line in p.stdout:
                if line.strip() == "ready":
                    break
            else:
                raise AssertionError("script stopped: %s" % open(log_path).read()[-2000:])
            dump = subprocess.run(["xwd", "-root", "-silent", "-display", display], capture_output=True,
                                  check=True).stdout
            p.stdin.close()
            assert p.wait(timeout=60) == 0, "script: %s" % open(log_path).read()[-2000:]
        finally:
            stop(p)
    return dump


def test_separate_screens(tmp):
    """Xvfb with two X screens (:N.0 1280x720, :N.1 1920x1080): SDL sees two
    displays at the same place, and no window can be moved from one screen to
    the other, so the player keeps one window (Tab switches views) rather than
    stacking the projector over the presenter on the first screen."""
    need("Xvfb", "xwininfo")
    xvfb, display = start_x(tmp, ["Xvfb", "-screen", "0", "1280x720x24", "-screen", "1", "1920x1080x24",
                                  "-nolisten", "tcp"], "Xvfb")
    player = None
    try:
        log_path = os.path.join(tmp, "lectern.log")
        log = open(log_path, "w")
        player = subprocess.Popen([LECTERN, "--deliver", PLAN, "--data-dir", os.path.join(tmp, "data"),
                                   PACKAGE], env=deliver_env(display), stdout=log, stderr=log)
        deadline = time.monotonic() + 120
        while not windows(display + ".0"):
            assert player.poll() is None, "lectern exited:\n" + open(log_path).read()
            assert time.monotonic() < deadline, "no window"
            time.sleep(0.2)
        time.sleep(1.5)
        first, second = windows(display + ".0"), windows(display + ".1")
        stop(player)
        log.close()
        text = open(log_path).read()
    finally:
        if player:
            stop(player)
        stop(xvfb)
    print("screen 0: %s; screen 1: %s" % (first, second))
    print("\n".join(line for line in text.splitlines() if "deliver" in line))
    assert "2 displays" in text and "separate screens" in text, text
    assert len(first) == 1 and not second, "windows: %s / %s" % (first, second)


def main():
    run_test(NAME, "lectern-displays-", globals())


if __name__ == "__main__":
    main()
