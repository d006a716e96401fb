#!/usr/bin/env python3
"""Addenda benchmark (issue 8): a 1 GiB course with 1% of its bytes changed.

Builds version 1.0.0 and 1.1.0 of a course whose media add up to
BENCH_MEDIA_MIB (default 1024) in 100 files; 1.1.0 rewrites one media file
(1% of the bytes) and one module file. Then times, in the same run, with a
warm page cache (median of BENCH_RUNS rounds, default 3; each round runs
every measure once, so load changes hit all alike):
  lectern-pack diff BASE NEW.lectern        vs  cp of the 1.1.0 package
  lectern-pack diff BASE NEW-FOLDER         (lists and hashes the folder)
  lectern-pack apply BASE ADDENDUM          vs  cp of the 1.1.0 package
  lectern-pack apply --no-verify-base       (copies without rehashing the base)
and checks the addendum size against the changed bytes + 64 KiB, and that
the applied package is byte-identical to the direct build."""
import filecmp, json, os, shutil, statistics, subprocess, time

top = os.environ["LECTERN_TOP"]
build = os.environ["LECTERN_BUILD"]
work = os.environ["BENCH_DIR"]
pack = os.path.join(build, "tools/pack/lectern-pack")
runs = int(os.environ.get("BENCH_RUNS", "3"))
media_mib = int(os.environ.get("BENCH_MEDIA_MIB", "1024"))
N_FILES = 100


def sh(cmd):
    subprocess.run(cmd, shell=True, check=True, stdout=subprocess.DEVNULL)


def timed(cmd, before=None):
    samples = []
    for _ in range(runs):
        if before:
            sh(before)
        t = time.perf_counter()
        sh(cmd)
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def write_media(path, size, seed):
    chunk = os.urandom(1 << 20) if seed is None else (seed * ((1 << 20) // len(seed) + 1))[: 1 << 20]
    with open(path, "wb") as f:
        f.write(b"\x1a\x45\xdf\xa3")  # EBML magic: a Matroska/WebM container
        left = size - 4
        while left > 0:
            n = min(left, len(chunk))
            f.write(chunk[:n])
            left -= n


def make_course(root, version, per_file):
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(os.path.join(root, "modules"))
    os.makedirs(os.path.join(root, "media"))
    items = []
    for i in range(N_FILES):
        name = f"media/clip{i:03d}.webm"
        write_media(os.path.join(root, name), per_file, None)
        items.append({"id": f"v{i:03d}", "type": "video", "title": f"Clip {i}", "video": name})
    for i in range(50):
        items.append({"id": f"s{i:03d}", "type": "slide", "layout": "bullets",
                      "title": f"Slide {i}", "bullets": ["one", "two"]})
    json.dump({"id": "m1", "title": "Bench", "items": items},
              open(os.path.join(root, "modules/m1.json"), "w"), indent=1)
    json.dump({"format": 1, "id": "org.lectern.bench.addenda", "version": version, "title": "Bench",
               "languages": ["en"], "modules": ["m1"],
               "changelog": [{"version": "1.0.0", "date": "2027-01-01", "summary": "First"}]},
              open(os.path.join(root, "course.json"), "w"), indent=1)


def main():
    per_file = media_mib * (1 << 20) // N_FILES
    v10 = os.path.join(work, "add-v10")
    v11 = os.path.join(work, "add-v11")
    make_course(v10, "1.0.0", per_file)
    if os.path.exists(v11):
        shutil.rmtree(v11)
    shutil.copytree(v10, v11)
    # 1.1.0: one media file rewritten (1% of the bytes), a slide changed, a changelog entry
    write_media(os.path.join(v11, "media/clip042.webm"), per_file, None)
    m1 = json.load(open(os.path.join(v11, "modules/m1.json")))
    m1["items"][N_FILES]["title"] = "Slide 0, updated for the 2027 law"
    json.dump(m1, open(os.path.join(v11, "modules/m1.json"), "w"), indent=1)
    cj = json.load(open(os.path.join(v11, "course.json")))
    cj["version"] = "1.1.0"
    cj["changelog"].append({"version": "1.1.0", "date": "2027-03-01", "summary": "New law",
                            "items": [{"id": "s000", "rule": "review"}, {"id": "v042", "rule": "reset"}]})
    json.dump(cj, open(os.path.join(v11, "course.json"), "w"), indent=1)
    changed = sum(os.path.getsize(os.path.join(v11, p))
                  for p in ("media/clip042.webm", "modules/m1.json", "course.json"))

    base = os.path.join(work, "add-base.lectern")
    new = os.path.join(work, "add-new.lectern")
    add = os.path.join(work, "add-1.1.lectern")
    add2 = os.path.join(work, "add-1.1-dir.lectern")
    out = os.path.join(work, "add-applied.lectern")
    cpo = os.path.join(work, "add-copy.lectern")
    sh(f"{pack} build {v10} -o {base} -q && {pack} build {v11} -o {new} -q")
    sh(f"cat {base} {new} {v10}/media/* {v11}/media/* > /dev/null")  # warm the cache
    # rounds: every measure once per round, so load changes hit all alike
    cases = [
        ("cp", f"cp {new} {cpo}", f"rm -f {cpo} && sync"),
        ("cps", f"cp {new} {cpo} && sync {cpo}", f"rm -f {cpo} && sync"),
        ("diff", f"{pack} diff {base} {new} -o {add} -q", f"rm -f {add} && sync"),
        ("diff_dir", f"{pack} diff {base} {v11} -o {add2} -q", f"rm -f {add2} && sync"),
        ("apply", f"{pack} apply {base} {add} -o {out} -q", f"rm -f {out} && sync"),
        ("apply_nv", f"{pack} apply {base} {add} -o {out} -q --no-verify-base", f"rm -f {out} && sync"),
        ("build", f"{pack} build {v11} -o {out} -q", f"rm -f {out} && sync"),
    ]
    got = {k: [] for k, _, _ in cases}
    same = None
    for _ in range(runs):
        for k, cmd, before in cases:
            sh(before)
            t = time.perf_counter()
            sh(cmd)
            got[k].append(time.perf_counter() - t)
            if k == "apply" and same is None:
                same = filecmp.cmp(out, new, shallow=False)
    med = {k: statistics.median(v) for k, v in got.items()}
    t_cp, t_cps, t_diff, t_diff_dir = med["cp"], med["cps"], med["diff"], med["diff_dir"]
    t_apply, t_apply_nv, t_build = med["apply"], med["apply_nv"], med["build"]
    size = os.path.getsize(add)
    limit = changed + 64 * 1024

    print(f"\nAddenda benchmark: {media_mib} MiB course in {N_FILES} media files, {changed / (1 << 20):.1f} MiB changed "
          f"({100 * changed / os.path.getsize(new):.1f}%), median of {runs} runs, warm cache")
    print("lectern-pack writes through fsync (atomic, durable); plain cp does not, so both baselines are shown")
    print(f"{'measure':48} {'seconds':>9} {'/cp':>6} {'/cp+sync':>9}  target")
    print(f"{'cp of the 1.1.0 package (baseline)':48} {t_cp:9.3f}")
    print(f"{'cp + sync of that file (baseline)':48} {t_cps:9.3f}")
    for label, t, target in (("lectern-pack diff BASE NEW.lectern", t_diff, "<= 1.3"),
                             ("lectern-pack diff BASE NEW-FOLDER (hashes it)", t_diff_dir, ""),
                             ("lectern-pack build of 1.1.0 (for reference)", t_build, ""),
                             ("lectern-pack apply BASE ADDENDUM", t_apply, "<= 1.3"),
                             ("lectern-pack apply --no-verify-base", t_apply_nv, "")):
        print(f"{label:48} {t:9.3f} {t / t_cp:6.2f} {t / t_cps:9.2f}  {target}")
    print(f"addendum size {size} bytes; changed bytes + 64 KiB = {limit} bytes: "
          f"{'ok' if size <= limit else 'OVER'} ({size - changed:+d} bytes over the changed bytes)")
    print(f"applied package byte-identical to the direct build: {'yes' if same else 'NO'}")
    print(f"load average {os.getloadavg()[0]:.1f}; spread (min-max seconds): "
          + ", ".join(f"{k} {min(v):.2f}-{max(v):.2f}" for k, v in got.items()))
    for p in (cpo, out, add2):
        if os.path.exists(p):
            os.remove(p)


if __name__ == "__main__":
    main()
