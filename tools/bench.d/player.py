#!/usr/bin/env python3
"""Player benchmark (issue 3): the sample course and a generated course of 2,000
slides with 1920x1080 images, in one run, headless (SDL dummy driver).

  cold start to first slide presented (median of N runs of --bench-startup)
  slide-advance latency p50/p99 over a sweep of all slides (--bench-advance)
  peak RSS
Prints the figures, the large/small start-up ratio, and the targets."""
import os, re, shutil, statistics, subprocess, sys

top = os.environ["LECTERN_TOP"]
build = os.environ["LECTERN_BUILD"]
work = os.environ["BENCH_DIR"]
lectern = os.path.join(build, "src/player/lectern")
runs = int(os.environ.get("BENCH_RUNS", "5"))
n_slides = int(os.environ.get("BENCH_SLIDES", "2000"))
env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")


def fields(text):
    return {k: v for k, v in re.findall(r"(\w+)=([^\s]+)", text)}


def startup_once(course):
    p = subprocess.run([lectern, "--bench-startup", "--data-dir", os.path.join(work, "player-data"),
                        course], capture_output=True, text=True, env=env, check=True)
    return float(fields(p.stdout)["first_frame_ms"])


def advance(course):
    p = subprocess.run([lectern, "--bench-advance", "--size", "1920x1080", "--data-dir",
                        os.path.join(work, "player-data"), course],
                       capture_output=True, text=True, env=env, check=True)
    return fields(p.stdout + p.stderr)


def main():
    sample = os.path.join(top, "courses", "trafficking-basics")
    big = os.path.join(work, "big-course")
    if not os.path.isfile(os.path.join(big, "course.json")) or \
            len(os.listdir(os.path.join(big, "modules"))) * 50 < n_slides:
        print(f"generating {n_slides} slides with 1920x1080 images in {big} (once) ...", flush=True)
        subprocess.run([sys.executable, os.path.join(top, "tests/player/make_big_course.py"),
                        big, str(n_slides)], check=True)
    # rounds alternate the two courses, so load changes hit both alike
    small_t, big_t = [], []
    for _ in range(runs):
        small_t.append(startup_once(sample))
        big_t.append(startup_once(big))
    s_small, s_big = statistics.median(small_t), statistics.median(big_t)
    ratios = sorted(b / a for a, b in zip(small_t, big_t))
    a_small, a_big = advance(sample), advance(big)
    print(f"\nPlayer benchmark: headless software renderer, 1920x1080, start-up median of {runs} runs")
    print(f"{'measure':40} {'sample':>10} {'2,000 slides':>13}  target")
    print(f"{'cold start to first frame (ms)':40} {s_small:10.1f} {s_big:13.1f}  <= 150; large <= 1.2x small "
          f"(ratio {s_big / s_small:.2f})")
    for key, label, target in (("advance_p50_ms", "advance p50 (ms)", ""),
                               ("advance_p99_ms", "advance p99 (ms)", "<= 16"),
                               ("peak_rss_mb", "peak RSS (MB)", "<= 200")):
        print(f"{label:40} {float(a_small[key]):10.1f} {float(a_big[key]):13.1f}  {target}")
    print(f"items: {a_small.get('items')} / {a_big.get('items')}; renderer {a_big.get('renderer')}")
    print(f"start-up ms, sample {min(small_t):.1f}-{max(small_t):.1f}, large {min(big_t):.1f}-{max(big_t):.1f}; "
          f"per-round ratio {ratios[0]:.2f}-{ratios[-1]:.2f} (median {statistics.median(ratios):.2f}); "
          f"load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
