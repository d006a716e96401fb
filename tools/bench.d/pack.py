#!/usr/bin/env python3
"""Packaging benchmark (issue 2): a course with 1 GiB of media.

Times, in one run, on the same files with a warm page cache (median of N runs):
  lectern-pack build          vs  zip -r -0 + sha256sum of the files, cp -r,
                                  and cp -r + sync of the copied files (build fsyncs)
  lectern-pack verify         vs  openssl dgst -sha256 over the package bytes
  lectern-pack ls (10,000 entries): open + list
Prints a table with the ratios and the targets."""
import json, os, shutil, statistics, subprocess, sys, time

top = os.environ["LECTERN_TOP"]
build = os.environ["LECTERN_BUILD"]
work = os.environ["BENCH_DIR"]
pack = os.path.join(build, "tools/pack/lectern-pack")
runs = int(os.environ.get("BENCH_RUNS", "3"))
media_mib = int(os.environ.get("BENCH_MEDIA_MIB", "1024"))


def sh(cmd, **kw):
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL, **kw)


def timed(cmd, before=None):
    samples = []
    for _ in range(runs):
        if before:
            sh(before)
        t = time.perf_counter()
        sh(cmd)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def make_course(root, n_videos, video_bytes, n_slides):
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(os.path.join(root, "modules"))
    os.makedirs(os.path.join(root, "media"))
    items = []
    chunk = os.urandom(1 << 20)
    for i in range(n_videos):
        name = f"media/clip{i:03d}.webm"
        with open(os.path.join(root, name), "wb") as f:
            f.write(b"\x1a\x45\xdf\xa3")  # EBML magic: a Matroska/WebM container
            left = video_bytes - 4
            while left > 0:
                n = min(left, len(chunk))
                f.write(chunk[:n])
                left -= n
        items.append({"id": f"v{i:03d}", "type": "video", "title": f"Clip {i}", "video": name})
    for i in range(n_slides):
        items.append({"id": f"s{i:05d}", "type": "slide", "layout": "bullets",
                      "title": f"Slide {i}", "bullets": ["one", "two"]})
    json.dump({"id": "m1", "title": "Bench", "items": items},
              open(os.path.join(root, "modules/m1.json"), "w"))
    json.dump({"format": 1, "id": "org.lectern.bench", "version": "1.0.0", "title": "Bench",
               "languages": ["en"], "modules": ["m1"]},
              open(os.path.join(root, "course.json"), "w"))


def main():
    src = os.path.join(work, "big-src")
    n_videos = 16
    make_course(src, n_videos, media_mib * (1 << 20) // n_videos, 10)
    pkg = os.path.join(work, "big.lectern")
    zipf = os.path.join(work, "big.zip")
    cpdir = os.path.join(work, "big-copy")
    sh(f"cat {src}/media/* > /dev/null")  # warm the cache
    t_build = timed(f"{pack} build {src} -o {pkg}", before=f"rm -f {pkg} && sync")
    t_zip = timed(f"cd {src} && zip -q -r -0 {zipf} . && find . -type f -print0 | sort -z | xargs -0 sha256sum > /dev/null",
                  before=f"rm -f {zipf}")
    t_cp = timed(f"cp -r {src} {cpdir}", before=f"rm -rf {cpdir}")
    t_cps = timed(f"cp -r {src} {cpdir} && find {cpdir} -type f -exec sync {{}} +", before=f"rm -rf {cpdir} && sync")
    t_verify = timed(f"{pack} verify {pkg}")
    t_dgst = timed(f"openssl dgst -sha256 {pkg}")

    many = os.path.join(work, "many-src")
    if os.path.exists(many):
        shutil.rmtree(many)
    make_course(many, 0, 0, 1)
    sub = os.path.join(many, "media", "notes")
    os.makedirs(sub)
    for i in range(10000):
        with open(os.path.join(sub, f"n{i:05d}.txt"), "w") as f:
            f.write(f"note {i}\n")
    many_pkg = os.path.join(work, "many.lectern")
    sh(f"rm -f {many_pkg} && {pack} build {many} -o {many_pkg} 2>/dev/null")
    t_ls = timed(f"{pack} ls {many_pkg}")
    t_true = timed("true")

    size = os.path.getsize(pkg)
    print(f"\nPackaging benchmark: {media_mib} MiB of media in {n_videos} files, median of {runs} runs, warm cache")
    print(f"{'measure':44} {'seconds':>9} {'ratio':>7}  target")
    print(f"{'lectern-pack build':44} {t_build:9.3f}")
    print(f"{'zip -r -0 + sha256sum (baseline)':44} {t_zip:9.3f} {t_build / t_zip:7.2f}  <= 0.5")
    print(f"{'cp -r (baseline)':44} {t_cp:9.3f} {t_build / t_cp:7.2f}  <= 1.3")
    print(f"{'cp -r + sync of the copies (baseline)':44} {t_cps:9.3f} {t_build / t_cps:7.2f}  (build fsyncs too)")
    print(f"{'lectern-pack verify':44} {t_verify:9.3f}")
    print(f"{'openssl dgst -sha256 (baseline)':44} {t_dgst:9.3f} {t_verify / t_dgst:7.2f}  <= 1.5")
    print(f"{'lectern-pack ls, 10,000 entries (ms)':44} {t_ls * 1000:9.1f}           < 50 ms (process start {t_true * 1000:.1f} ms)")
    print(f"package size {size / (1 << 20):.0f} MiB")
    shutil.rmtree(cpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
