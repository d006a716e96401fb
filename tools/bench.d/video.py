#!/usr/bin/env python3
"""Video benchmark (issue 4): first-frame latency of the libvlc backend from a
folder and from inside a package, and the CPU time of playing a 30 s 720p
VP9/Opus clip through Lectern's backend (frames uploaded to SDL textures)
against libvlc decoding the same file into memory callbacks that discard the
frames, measured in the same run. Target: ratio <= 1.25.
Run through tools/bench video (LECTERN_BUILD, LECTERN_TOP, BENCH_DIR set)."""
import os
import statistics
import subprocess
import sys

top = os.environ.get("LECTERN_TOP", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
build = os.environ.get("LECTERN_BUILD", os.path.join(top, "build"))
work = os.path.join(os.environ.get("BENCH_DIR", os.path.join(top, "bench-work")), "video")
runs = int(os.environ.get("VIDEO_BENCH_RUNS", "3"))
os.makedirs(work, exist_ok=True)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def kv(out):
    d = {}
    for line in out.splitlines():
        k, _, v = line.partition("=")
        d.setdefault(k, []).append(float(v))
    return d


# the program (not part of the meson build: benchmarks only)
exe = os.path.join(work, "video_bench")
pc = sh(["pkg-config", "--cflags", "--libs", "sdl2", "SDL2_ttf", "libvlc", "libzip", "libcjson",
         "libcrypto", "sqlite3", "zlib"]).split()
sh(["cc", "-std=c11", "-O2", "-D_GNU_SOURCE", "-D_FILE_OFFSET_BITS=64",
    "-I" + os.path.join(top, "include"), "-I" + os.path.join(top, "src/player"),
    os.path.join(top, "tools/bench.d/video_bench.c"), os.path.join(top, "src/player/video_vlc.c"),
    os.path.join(build, "src/core/liblectern.a"), "-o", exe, "-lpthread", "-lm"] + pc)

# a 30 s 720p clip with motion (testsrc2), VP9 + Opus as the sample course uses
src = os.path.join(work, "course")
clip = os.path.join(src, "media", "bench.webm")
if not os.path.exists(clip):
    os.makedirs(os.path.dirname(clip), exist_ok=True)
    with open(os.path.join(src, "course.json"), "w") as f:
        f.write('{"id": "video-bench", "version": "1.0.0", "title": "Video benchmark"}\n')
    sh(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=30",
        "-f", "lavfi", "-i", "sine=f=440:d=30:sample_rate=48000:samples_per_frame=960",
        "-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "1500k",
        "-g", "50", "-c:a", "libopus", "-b:a", "64k", "-shortest", clip + ".tmp.webm"])
    os.rename(clip + ".tmp.webm", clip)
pkg = os.path.join(work, "bench.lectern")
sh([exe, "pack", src, pkg])

env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy")

first_dir = kv(sh([exe, "first", src, "media/bench.webm", "10"], env=env))["first_ms"]
first_pkg = kv(sh([exe, "first", pkg, "media/bench.webm", "10"], env=env))["first_ms"]
print("video: first-frame latency (10 runs, 720p VP9)")
print("  %-34s median %6.1f ms  max %6.1f ms" % ("from the course folder", statistics.median(first_dir), max(first_dir)))
print("  %-34s median %6.1f ms  max %6.1f ms" % ("from inside the package", statistics.median(first_pkg), max(first_pkg)))

base, lect, lectu = [], [], []
for i in range(runs):      # alternate, so all see the same machine state
    b = kv(sh([exe, "baseline", clip], env=env))
    l = kv(sh([exe, "lectern", pkg, "media/bench.webm"], env=env))
    u = kv(sh([exe, "lectern", pkg, "media/bench.webm", "upload"], env=env))
    base.append((b["cpu_ms"][0], b["frames"][0]))
    lect.append((l["cpu_ms"][0], l["frames"][0]))
    lectu.append((u["cpu_ms"][0], u["frames"][0]))


def med(rows):
    return statistics.median(c for c, _ in rows), statistics.median(f for _, f in rows)


bc, bf = med(base)
lc, lf = med(lect)
uc, uf = med(lectu)
print("video: CPU time playing a 30 s 720p clip (median of %d)" % runs)
print("  %-46s %7.0f ms cpu  %4.0f frames" % ("libvlc from the file, frames discarded", bc, bf))
print("  %-46s %7.0f ms cpu  %4.0f shown" % ("lectern backend, streamed from the package", lc, lf))
print("  %-46s %7.0f ms cpu  %4.0f shown" % ("  + upload to a software-renderer texture", uc, uf))
ratio = lc / bc if bc else float("inf")
print("  ratio lectern/libvlc %.2f (target <= 1.25) %s" % (ratio, "ok" if ratio <= 1.25 else "OVER"))
print("  with software YUV->RGB upload %.2f (a GPU renderer converts on the GPU)" % (uc / bc if bc else 0))
