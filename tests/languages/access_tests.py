#!/usr/bin/env python3
"""Access in the player, run headless: the sample course exported at 200 %
text in English and Arabic has no slide that overflows; the high-contrast
theme draws the AAA palette (black background, white/yellow text, every
pair at least 7:1) instead of the course colours; settings changed by keys
are saved in settings.json and read by the next run."""
import json, os, shutil, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rtl_golden import read_png  # noqa: E402


def run(lectern, *args):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy")
    # sanitizer builds: libvlc (video posters) leaks are suppressed by frames
    # that LeakSanitizer only sees with full unwinding (tests/lsan.supp)
    env["LSAN_OPTIONS"] = env.get("LSAN_OPTIONS", "") + ":fast_unwind_on_malloc=0"
    r = subprocess.run([lectern] + list(args), env=env, capture_output=True, text=True,
                       timeout=110)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r.stdout + r.stderr


def luminance(rgb):
    def ch(c):
        c /= 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_scale_no_overflow(lectern, course, tmp):
    for lang in ("en", "ar"):
        out = run(lectern, "--lang", lang, "--text-scale", "200", "--size", "960x540",
                  "--data-dir", os.path.join(tmp, "d"), "--export-slides",
                  os.path.join(tmp, "x-" + lang), course)
        assert "(0 with text that does not fit)" in out, out


def high_contrast(lectern, course, tmp):
    palette = {"background": (0, 0, 0), "text": (255, 255, 255), "accent": (255, 255, 0),
               "muted": (0xE0, 0xE0, 0xE0)}
    for k in ("text", "accent", "muted"):
        assert contrast(palette[k], palette["background"]) >= 7.0, k
    for how in ("flag", "settings"):
        data = os.path.join(tmp, "hc-" + how)
        args = ["--lang", "ar", "--goto", "m1-why", "--size", "640x360", "--data-dir", data]
        if how == "flag":
            args.append("--high-contrast")
        else:
            os.makedirs(data)
            json.dump({"high_contrast": True}, open(os.path.join(data, "settings.json"), "w"))
        out_dir = os.path.join(tmp, "hcx-" + how)
        run(lectern, *(args + ["--export-slides", out_dir, course]))
        png = [f for f in sorted(os.listdir(out_dir)) if f.endswith("m1-why.png")][0]
        w, h, bpp, rows = read_png(os.path.join(out_dir, png))
        colours = {}
        for y in range(h):
            r = rows[y]
            for x in range(w):
                c = tuple(r[x * bpp:x * bpp + 3])
                colours[c] = colours.get(c, 0) + 1
        assert rows[0][0:3] == b"\x00\x00\x00", "background is not black"
        assert colours.get((0x10, 0x17, 0x2a), 0) == 0, "course background still drawn"
        # text and accent drawn in the palette (anti-aliased edges in between)
        assert colours.get((255, 255, 255), 0) > 200, "no white text"
        assert colours.get((255, 255, 0), 0) > 50, "no yellow accent"


def settings_persist_by_keys(lectern, course, tmp):
    data = os.path.join(tmp, "data")
    script = os.path.join(tmp, "keys.txt")
    open(script, "w").write("key Ctrl+H\nkey Ctrl+= Ctrl+= Ctrl+=\nkey Ctrl+-\n")
    run(lectern, "--data-dir", data, "--script", script, course)
    saved = json.load(open(os.path.join(data, "settings.json")))
    assert saved["high_contrast"] is True, saved
    assert saved["text_scale"] == 150, saved
    assert saved["captions"] is True, saved
    # a new run reads them: the slide is drawn on black
    open(script, "w").write("goto m1-why\nexpect pixel 3 3 #000000 4\n"
                            "key Ctrl+H\ngoto m1-why\nexpect pixel 3 3 #10172a 4\n")
    run(lectern, "--data-dir", data, "--size", "640x360", "--script", script, course)
    assert json.load(open(os.path.join(data, "settings.json")))["high_contrast"] is False


def main():
    lectern, src, case = sys.argv[1], sys.argv[2], sys.argv[3]
    course = os.path.join(src, "courses", "trafficking-basics")
    tmp = tempfile.mkdtemp(prefix="lectern-access-")
    try:
        {"text_scale_no_overflow": text_scale_no_overflow,
         "high_contrast": high_contrast,
         "settings_persist_by_keys": settings_persist_by_keys}[case](lectern, course, tmp)
        print(case, "ok")
        return 0
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    sys.exit(main())
