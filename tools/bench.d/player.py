#!/usr/bin/env python3
"""Player benchmark (issue 3): the sample course and a generated course of 2,000
slides with 1920x1080 images, in one run, headless (SDL dummy driver).

  cold start to first slide presented (median of N runs of --bench-startup:
    process start to the start screen presented, wall and CPU time; also with
    a returning trainee's profile)
  slide-advance latency p50/p99 over a sweep of all slides (--bench-advance)
  peak RSS
Prints the figures, the large/small start-up ratios (wall and CPU), and the targets.
BENCH_RUNS=N rounds (default 5); BENCH_STARTUP_ONLY=1 skips the advance sweep."""
import os, re, shutil, statistics, subprocess, sys, time

top = os.environ["LECTERN_TOP"]
build = os.environ["LECTERN_BUILD"]
work = os.environ["BENCH_DIR"]
lectern = os.path.join(build, "src/player/lectern")
runs = int(os.environ.get("BENCH_RUNS", "5"))
n_slides = int(os.environ.get("BENCH_SLIDES", "2000"))
env = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", LECTERN_NO_VIDEO="1")


def fields(text):
    return {k: v for k, v in re.findall(r"(\w+)=([^\s]+)", text)}


def startup_once(course, profile=None):
    """Process start to first frame presented: the clock is read here just before
    the process is started, and the player prints the same CLOCK_MONOTONIC when its
    first frame is presented (exec, dynamic linking and SDL start-up included).
    Returns (wall ms, CPU ms of the player up to that frame, user+system, all threads)."""
    t0 = time.clock_gettime(time.CLOCK_MONOTONIC) * 1000.0
    extra = ["--profile", profile] if profile else []
    p = subprocess.run([lectern, "--bench-startup", "--data-dir", os.path.join(work, "player-data")]
                       + extra + [course], capture_output=True, text=True, env=env, check=True)
    f = fields(p.stdout)
    return float(f["first_frame_at_ms"]) - t0, float(f["cpu_ms"])


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
    # rounds alternate the two courses, so load changes hit both alike; then the
    # same with a returning trainee (--profile: the progress store is opened and
    # the start screen shows per-module progress)
    load0 = os.getloadavg()[0]
    small_t, big_t, small_c, big_c = [], [], [], []
    prof_t = {sample: [], big: []}
    startup_once(sample)      # not counted: warms the page cache for both
    startup_once(big)
    startup_once(sample, "Bench trainee")     # not counted: creates the profile
    startup_once(big, "Bench trainee")
    for _ in range(runs):
        w, c = startup_once(sample)
        small_t.append(w)
        small_c.append(c)
        w, c = startup_once(big)
        big_t.append(w)
        big_c.append(c)
        for course in (sample, big):
            prof_t[course].append(startup_once(course, "Bench trainee"))
    load1 = os.getloadavg()[0]
    s_small, s_big = statistics.median(small_t), statistics.median(big_t)
    c_small, c_big = statistics.median(small_c), statistics.median(big_c)
    ratios = sorted(b / a for a, b in zip(small_t, big_t))
    cratios = sorted(b / a for a, b in zip(small_c, big_c))
    p_small = statistics.median(w for w, _ in prof_t[sample])
    p_big = statistics.median(w for w, _ in prof_t[big])
    pc_small = statistics.median(c for _, c in prof_t[sample])
    pc_big = statistics.median(c for _, c in prof_t[big])
    # BENCH_STARTUP_ONLY=1: the start-up rows only (the advance sweep takes minutes)
    only = os.environ.get("BENCH_STARTUP_ONLY", "") not in ("", "0")
    a_small, a_big = ({}, {}) if only else (advance(sample), advance(big))
    print(f"\nPlayer benchmark: headless software renderer, 1920x1080, start-up median of {runs} runs")
    print(f"{'measure':40} {'sample':>10} {'2,000 slides':>13}  target")
    print(f"{'cold start to first frame (ms)':40} {s_small:10.1f} {s_big:13.1f}  <= 150; large <= 1.2x small "
          f"(ratio {s_big / s_small:.2f})")
    print(f"{'  CPU time to first frame (ms)':40} {c_small:10.1f} {c_big:13.1f}  (ratio {c_big / c_small:.2f})")
    print(f"{'  with a trainee profile (ms)':40} {p_small:10.1f} {p_big:13.1f}  (ratio {p_big / p_small:.2f})")
    print(f"{'  its CPU time (ms)':40} {pc_small:10.1f} {pc_big:13.1f}  (ratio {pc_big / pc_small:.2f})")
    for key, label, target in () if only else (("advance_p50_ms", "advance p50 (ms)", ""),
                               ("advance_p99_ms", "advance p99 (ms)", "<= 16"),
                               ("peak_rss_mb", "peak RSS (MB)", "<= 200")):
        print(f"{label:40} {float(a_small[key]):10.1f} {float(a_big[key]):13.1f}  {target}")
    if not only:
        print(f"items: {a_small.get('items')} / {a_big.get('items')}; renderer {a_big.get('renderer')}")
    print(f"start-up ms (process start to first frame presented), sample {min(small_t):.1f}-{max(small_t):.1f}, "
          f"large {min(big_t):.1f}-{max(big_t):.1f}; per-round ratio {ratios[0]:.2f}-{ratios[-1]:.2f} "
          f"(median {statistics.median(ratios):.2f}); CPU per-round ratio {cratios[0]:.2f}-{cratios[-1]:.2f} "
          f"(median {statistics.median(cratios):.2f}); load average {load0:.1f} -> {load1:.1f}")


if __name__ == "__main__":
    main()
