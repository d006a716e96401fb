#!/usr/bin/env python3
"""`meson install --destdir` puts the programs, the desktop entry, the icons,
the shared-mime-info entry and the sample course where a desktop finds them
(issue 12). Validates the .desktop file with desktop-file-validate, the MIME
XML with xmllint (or Python's parser) and update-mime-database, and checks
that the MIME magic matches the first bytes of a package lectern-pack builds.
Uses the build dir in LECTERN_BUILD_ROOT (already built: --no-rebuild)."""
import os, shutil, struct, subprocess, sys, tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

MIME = "application/vnd.lectern.course+zip"
NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def find_prefix(dest):
    for root, dirs, files in os.walk(dest):
        if "lectern-pack" in files and os.path.basename(root) == "bin":
            return os.path.dirname(root)
    return None


def mime_string(value):
    """Decodes the C-style escapes shared-mime-info allows in a string match."""
    out, i = bytearray(), 0
    while i < len(value):
        if value[i] == "\\" and value[i + 1:i + 4].isdigit():
            out.append(int(value[i + 1:i + 4], 8))
            i += 4
        else:
            out += value[i].encode()
            i += 1
    return bytes(out)


def main():
    build = os.environ.get("LECTERN_BUILD_ROOT")
    if not build:
        print("LECTERN_BUILD_ROOT is not set")
        return 1
    meson = shutil.which("meson")
    if not meson:
        print("1..0 # SKIP meson not on PATH")
        return 77
    t = tempfile.mkdtemp(prefix="lectern-install-test-")
    try:
        dest = os.path.join(t, "dest")
        p = subprocess.run([meson, "install", "-C", build, "--destdir", dest, "--no-rebuild"],
                           capture_output=True, text=True)
        check(p.returncode == 0, "meson install --destdir succeeds", p.stdout + p.stderr)
        prefix = find_prefix(dest)
        check(prefix is not None, "bin/lectern-pack is installed", os.listdir(dest) if os.path.isdir(dest) else "")
        if prefix is None:
            return 1
        share = os.path.join(prefix, "share")
        pack = os.path.join(prefix, "bin", "lectern-pack")
        check(os.access(pack, os.X_OK), "lectern-pack is executable")
        if os.path.exists(os.path.join(build, "src", "player", "lectern")):
            check(os.access(os.path.join(prefix, "bin", "lectern"), os.X_OK), "the player bin/lectern is installed")

        desktop = os.path.join(share, "applications", "lectern.desktop")
        check(os.path.isfile(desktop), "share/applications/lectern.desktop")
        with open(desktop) as f:
            lines = f.read().splitlines()
        check("Exec=lectern %f" in lines and f"MimeType={MIME};" in lines and "Icon=lectern" in lines,
              "the entry opens packages with lectern", lines)
        dfv = shutil.which("desktop-file-validate")
        if dfv:
            p = subprocess.run([dfv, desktop], capture_output=True, text=True)
            check(p.returncode == 0 and not p.stdout.strip(), "desktop-file-validate accepts it",
                  p.stdout + p.stderr)
        else:
            print("# desktop-file-validate not installed (desktop-file-utils): skipped")

        svg = os.path.join(share, "icons", "hicolor", "scalable", "apps", "lectern.svg")
        check(os.path.isfile(svg), "scalable icon")
        ET.parse(svg)
        for size in (16, 32, 48, 64, 128, 256):
            png = os.path.join(share, "icons", "hicolor", f"{size}x{size}", "apps", "lectern.png")
            ok = os.path.isfile(png)
            if ok:
                with open(png, "rb") as f:
                    head = f.read(24)
                ok = head[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", head[16:24]) == (size, size)
            check(ok, f"{size}x{size} PNG icon of the right size")

        xml = os.path.join(share, "mime", "packages", "lectern.xml")
        check(os.path.isfile(xml), "share/mime/packages/lectern.xml")
        xmllint = shutil.which("xmllint")
        if xmllint:
            p = subprocess.run([xmllint, "--noout", xml], capture_output=True, text=True)
            check(p.returncode == 0, "xmllint: well-formed", p.stderr)
        mt = ET.parse(xml).getroot().find(NS + "mime-type")
        check(mt is not None and mt.get("type") == MIME, "declares " + MIME)
        globs = [g.get("pattern") for g in mt.iter(NS + "glob")]
        check(globs == ["*.lectern"], "glob *.lectern", globs)
        outer = mt.find(NS + "magic/" + NS + "match")
        inner = outer.find(NS + "match") if outer is not None else None
        check(outer is not None and inner is not None and outer.get("offset") == "0"
              and inner.get("offset") == "30", "zip magic at 0, mimetype at 30")

        course = os.path.join(share, "lectern", "courses", "trafficking-basics")
        check(os.path.isfile(os.path.join(course, "course.json"))
              and not os.path.exists(os.path.join(course, "media-src")),
              "the sample course is installed (without media-src)")
        p = subprocess.run([pack, "check", course], capture_output=True, text=True)
        check(p.returncode == 0, "the installed lectern-pack checks the installed sample course",
              p.stdout + p.stderr)
        pkg = os.path.join(t, "sample.lectern")
        p = subprocess.run([pack, "build", course, "-o", pkg, "-q"], capture_output=True, text=True)
        check(p.returncode == 0, "and builds it", p.stderr)
        if p.returncode == 0 and inner is not None:
            with open(pkg, "rb") as f:
                head = f.read(200)
            a, b = mime_string(outer.get("value")), mime_string(inner.get("value"))
            check(head.startswith(a) and head[30:30 + len(b)] == b,
                  "the MIME magic matches a real package's first bytes", head[:80])

        # the installed player looks for the sample course next to itself: break
        # the installed copy and it must say so (not quietly use the source tree)
        player = os.path.join(prefix, "bin", "lectern")
        if os.access(player, os.X_OK):
            with open(os.path.join(course, "course.json"), "w") as f:
                f.write("{")
            try:
                p = subprocess.run([player, "--check-fit"], capture_output=True, text=True, timeout=120)
                out = p.stdout + p.stderr
                check(p.returncode != 0 and os.path.join(dest, "") in out
                      and "share/lectern/courses/trafficking-basics" in out,
                      "the installed player opens the installed sample course", out)
            except subprocess.TimeoutExpired:
                check(False, "the installed player opens the installed sample course", "timed out")

        umd = shutil.which("update-mime-database")
        if umd:
            mime_dir = os.path.join(share, "mime")
            p = subprocess.run([umd, "-V", mime_dir], capture_output=True, text=True)
            made = os.path.join(mime_dir, "application", "vnd.lectern.course+zip.xml")
            check(p.returncode == 0 and os.path.isfile(made) and "rror" not in p.stderr,
                  "update-mime-database accepts the entry", p.stdout + p.stderr)
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
