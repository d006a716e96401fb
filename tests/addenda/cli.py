#!/usr/bin/env python3
"""Addenda and signatures through lectern-pack, as an author runs it (issue 8).

Makes three versions of a course (1.0.0; 1.1.0 changes a slide and adds a
module; 1.2.0 removes a media file), builds each, diffs 1.0->1.1 and
1.1->1.2, applies the chain and compares bytes with the direct builds; then
keygen, signed builds and addenda, verify --key, tampering, and every
refusal (wrong base, missing step, hash mismatch, older version, other id).
usage: cli.py LECTERN_PACK"""
import filecmp, json, os, shutil, stat, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from taplib import Tap  # noqa: E402  (tests/taplib.py)

tap = Tap()
check = tap.check

PACK = sys.argv[1]
SOURCE_ROOT = os.environ.get("LECTERN_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))


def run(*args, ok=True):
    p = subprocess.run([PACK, *args], capture_output=True, text=True)
    if ok and p.returncode != 0:
        raise SystemExit(f"FAIL: lectern-pack {' '.join(args)} -> {p.returncode}\n{p.stdout}{p.stderr}")
    return p


def refused(p, *words):
    text = p.stdout + p.stderr
    return p.returncode == 1 and all(w in text for w in words), text


def edit_json(path, fn):
    with open(path) as f:
        d = json.load(f)
    fn(d)
    with open(path, "w") as f:
        json.dump(d, f, indent=2, ensure_ascii=False)


def make_versions(t):
    v10 = os.path.join(t, "v1.0")
    run("init", v10)
    edit_json(os.path.join(v10, "course.json"), lambda d: d.update(
        id="org.example.addenda", version="1.0.0",
        changelog=[{"version": "1.0.0", "date": "2027-01-01", "summary": "First edition", "items": []}]))
    v11 = os.path.join(t, "v1.1")
    shutil.copytree(v10, v11)

    def m1_change(d):
        for it in d["items"]:
            if it["id"] == "m1-bullets":
                it["title"] = "Updated: what the new law says"
    edit_json(os.path.join(v11, "modules/m1-welcome.json"), m1_change)
    with open(os.path.join(v11, "modules/m2-law.json"), "w") as f:
        json.dump({"id": "m2-law", "title": "The 2027 law", "items": [
            {"id": "m2-intro", "type": "slide", "layout": "bullets", "title": "What changed",
             "bullets": ["Article 4 now covers online recruitment", "Referral within 24 hours"]}]}, f, indent=2)

    def c11(d):
        d["version"] = "1.1.0"
        d["modules"].append("m2-law")
        d["changelog"].append({"version": "1.1.0", "date": "2027-03-01",
                               "summary": {"en": "New law on online recruitment", "fr": "Nouvelle loi"},
                               "items": [{"id": "m1-bullets", "rule": "review"},
                                         {"id": "m2-intro", "rule": "reset"}]})
    edit_json(os.path.join(v11, "course.json"), c11)
    v12 = os.path.join(t, "v1.2")
    shutil.copytree(v11, v12)
    os.remove(os.path.join(v12, "media/diagram.svg"))

    def m1_img(d):
        for it in d["items"]:
            if it.get("image") == "media/diagram.svg":
                it["image"] = "media/picture.png"
    edit_json(os.path.join(v12, "modules/m1-welcome.json"), m1_img)

    def c12(d):
        d["version"] = "1.2.0"
        d["changelog"].append({"version": "1.2.0", "date": "2027-06-15", "summary": "Diagram replaced",
                               "items": [{"id": "m1-image-text", "rule": "keep"}]})
    edit_json(os.path.join(v12, "course.json"), c12)
    return v10, v11, v12


def manifest(pkg):
    with zipfile.ZipFile(pkg) as z:
        return json.loads(z.read("lectern.json")), z.namelist()


def main():
    t = tempfile.mkdtemp(prefix="lectern-addenda-")
    try:
        v10, v11, v12 = make_versions(t)
        p = {}
        for v, d in (("10", v10), ("11", v11), ("12", v12)):
            p[v] = os.path.join(t, f"c{v}.lectern")
            run("build", d, "-o", p[v], "-q")
        a11 = os.path.join(t, "a11.lectern")
        a12 = os.path.join(t, "a12.lectern")
        r = run("diff", p["10"], v11, "-o", a11)
        check("1 added, 2 changed, 0 removed" in r.stdout, "diff 1.0 -> 1.1 from a folder counts the files", r.stdout)
        a11p = os.path.join(t, "a11p.lectern")
        run("diff", p["10"], p["11"], "-o", a11p)
        check(filecmp.cmp(a11, a11p, shallow=False), "diff from the folder == diff from its built package (cmp)")
        r = run("diff", p["11"], p["12"], "-o", a12)
        check("0 added, 2 changed, 1 removed" in r.stdout, "diff 1.1 -> 1.2 from a package counts the files", r.stdout)

        m, names = manifest(a11)
        check(m["kind"] == "addendum" and m["version"] == "1.1.0" and m["base"]["version"] == "1.0.0",
              "addendum manifest: kind, resulting version, base version", json.dumps(m)[:300])
        carried = sorted(f["path"] for f in m["files"])
        check(carried == ["course.json", "modules/m1-welcome.json", "modules/m2-law.json"],
              "addendum carries only added and changed files", carried)
        check(names[:2] == ["mimetype", "lectern.json"] and "media/clip.webm" not in names,
              "addendum is a package without the unchanged media", names)
        with zipfile.ZipFile(p["10"]) as z:
            import hashlib
            base_sha = hashlib.sha256(z.read("lectern.json")).hexdigest()
        with zipfile.ZipFile(p["11"]) as z:
            m12_base_sha = hashlib.sha256(z.read("lectern.json")).hexdigest()
        check(m["base"]["manifest_sha256"] == base_sha, "base manifest_sha256 is the SHA-256 of the base lectern.json")
        ch = m["changes"]
        check(len(ch) == 1 and ch[0]["version"] == "1.1.0" and ch[0]["date"] == "2027-03-01"
              and ch[0]["summary"]["fr"] == "Nouvelle loi"
              and ch[0]["items"] == [{"id": "m1-bullets", "rule": "review"}, {"id": "m2-intro", "rule": "reset"}],
              "changes: only entries newer than the base, summary per language, ids and rules", ch)
        m12, _ = manifest(a12)
        check(m12["removed"] == ["media/diagram.svg"], "removed list", m12.get("removed"))
        check(len(m12["result"]["files"]) == len(manifest(p["12"])[0]["files"]), "result lists every file")
        run("verify", a11)

        # info on an addendum: its base (id, version, hash) and the changes it carries
        r = run("info", a11)
        want = ["kind:     addendum", "version:  1.1.0",
                f"base:     org.example.addenda 1.0.0 (lectern.json SHA-256 {base_sha})",
                "carries:  3 added or changed files, 0 removed", "changes:",
                "  1.1.0, effective 2027-03-01", "    [en] New law on online recruitment", "    [fr] Nouvelle loi",
                "    items: m1-bullets (review), m2-intro (reset)"]
        lines = r.stdout.splitlines()
        check(all(w in lines for w in want), "info ADDENDUM shows its base and its changes", r.stdout)
        j = json.loads(run("info", "--json", a12).stdout)
        check(j["kind"] == "addendum" and j["base"] == {"id": "org.example.addenda", "version": "1.1.0",
                                                         "manifest_sha256": m12_base_sha}
              and j["removed"] == ["media/diagram.svg"] and j["carried_files"] == 2
              and j["changes"] == [{"version": "1.2.0", "date": "2027-06-15", "summary": {"default": "Diagram replaced"},
                                    "items": [{"id": "m1-image-text", "rule": "keep"}]}],
              "info --json ADDENDUM: base, removed, changes", json.dumps(j)[:600])
        r = run("info", p["11"])
        check("base:" not in r.stdout and "changes:" not in r.stdout, "info on a course package has no base", r.stdout)

        # apply: byte-identical to a direct build, single step and chain
        o11 = os.path.join(t, "o11.lectern")
        run("apply", p["10"], a11, "-o", o11)
        check(filecmp.cmp(o11, p["11"], shallow=False), "apply 1.0 + 1.1 == build of 1.1 (cmp)")
        o12 = os.path.join(t, "o12.lectern")
        run("apply", p["10"], a11, a12, "-o", o12)
        check(filecmp.cmp(o12, p["12"], shallow=False), "apply 1.0 + 1.1 + 1.2 == build of 1.2 (cmp)")
        a1012 = os.path.join(t, "a1012.lectern")
        run("diff", p["10"], v12, "-o", a1012)
        o12b = os.path.join(t, "o12b.lectern")
        run("apply", p["10"], a1012, "-o", o12b)
        check(filecmp.cmp(o12b, p["12"], shallow=False), "apply of a 1.0 -> 1.2 addendum == build of 1.2")
        mj, _ = manifest(a1012)
        check([c["version"] for c in mj["changes"]] == ["1.1.0", "1.2.0"], "1.0 -> 1.2 carries both changelog entries")

        # refusals: nothing written
        bad = os.path.join(t, "bad.lectern")
        r = run("apply", p["10"], a12, "-o", bad, ok=False)
        ok, text = refused(r, "expected base 1.0.0, found 1.1.0")
        check(ok and not os.path.exists(bad), "missing step in a chain refused: expected/found, nothing written", text)
        r = run("apply", p["11"], a11, "-o", bad, ok=False)
        ok, text = refused(r, "expected base 1.1.0, found 1.0.0")
        check(ok and not os.path.exists(bad), "wrong base version refused", text)
        # same id and version, other content: manifest hash mismatch
        v10b = os.path.join(t, "v1.0b")
        shutil.copytree(v10, v10b)
        edit_json(os.path.join(v10b, "modules/m1-welcome.json"), lambda d: d.update(title="Welcome (local edit)"))
        p10b = os.path.join(t, "c10b.lectern")
        run("build", v10b, "-o", p10b, "-q")
        r = run("apply", p10b, a11, "-o", bad, ok=False)
        ok, text = refused(r, "base manifest hash mismatch", "expected " + base_sha)
        check(ok and not os.path.exists(bad), "base with the same version but other bytes refused (hash)", text)
        r = run("diff", p["11"], v10, "-o", bad, ok=False)
        ok, text = refused(r, "not newer")
        check(ok and not os.path.exists(bad), "diff to an older version refused", text)
        other = os.path.join(t, "other")
        shutil.copytree(v11, other)
        edit_json(os.path.join(other, "course.json"), lambda d: d.update(id="org.example.other"))
        r = run("diff", p["10"], other, "-o", bad, ok=False)
        ok, text = refused(r, "differs from the base")
        check(ok and not os.path.exists(bad), "diff to another course id refused", text)
        check(not [f for f in os.listdir(t) if ".tmp-" in f or ".apply-" in f], "no temporary files left")

        # inconsistent addenda (hand-edited lectern.json): refused, nothing written
        def edit_addendum(src, dst, fn):
            with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
                for info in zi.infolist():
                    data = zi.read(info.filename)
                    if info.filename == "lectern.json":
                        d = json.loads(data)
                        fn(d)
                        data = json.dumps(d, indent=2).encode()
                    zo.writestr(info, data)
        cases = [
            ("result drops a carried file",
             lambda d: d["result"]["files"].pop(0), "carried but missing from the result"),
            ("result drops a base file not listed as removed",
             lambda d: d["result"]["files"].pop(1), "not listed as removed"),
            ("result manifest hash differs",
             lambda d: d["result"].update(manifest_sha256="0" * 64), "result manifest hash mismatch"),
            ("result needs other content of a base file",
             lambda d: [f.update(sha256="1" * 64) for f in d["result"]["files"] if f["path"] == "media/clip.webm"],
             "media/clip.webm"),
            ("removed file not in the base",
             lambda d: d.update(removed=["media/never.png"]), "media/never.png"),
            ("kind course is not an addendum",
             lambda d: d.update(kind="course"), "not an addendum"),
        ]
        for label, fn, word in cases:
            ha = os.path.join(t, "hand.lectern")
            edit_addendum(a11, ha, fn)
            r = run("apply", p["10"], ha, "-o", bad, ok=False)
            ok, text = refused(r, word)
            check(ok and not os.path.exists(bad), f"inconsistent addendum refused: {label}", text)
            if os.environ.get("SHOW"):
                print("#", text.strip())

        # keys and signatures
        key = os.path.join(t, "author")
        r = run("keygen", key)
        mode = stat.S_IMODE(os.stat(key + ".key").st_mode)
        check(mode == 0o600 and os.path.exists(key + ".pub"), "keygen: NAME.key 0600 and NAME.pub", oct(mode))
        with open(key + ".key") as f:
            check("BEGIN PRIVATE KEY" in f.read(), "private key is PEM")
        fpr = r.stdout.split("fingerprint: ")[1].strip()
        r = run("keygen", key, ok=False)
        check(r.returncode == 1 and "already exists" in r.stderr, "keygen refuses to overwrite a key", r.stderr)
        s10 = os.path.join(t, "s10.lectern")
        run("build", v10, "-o", s10, "--sign", key + ".key", "-q")
        _, names = manifest(s10)
        check(names[-1] == "lectern.sig", "lectern.sig is the last entry", names[-3:])
        r = run("verify", s10)
        check(f"signed by {fpr}" in r.stdout, "verify reports the signer's fingerprint", r.stdout)
        r = run("verify", s10, "--key", key + ".pub")
        check(r.returncode == 0, "verify --key with the right key")
        other_key = os.path.join(t, "mallory")
        run("keygen", other_key)
        r = run("verify", s10, "--key", other_key + ".pub", ok=False)
        ok, text = refused(r, "signed by another key")
        check(ok, "verify --key with another key refused", text)
        r = run("verify", p["10"], "--key", key + ".pub", ok=False)
        ok, text = refused(r, "not signed")
        check(ok, "verify --key on an unsigned package refused", text)
        r = run("build", v10, "-o", bad, "--sign", key + ".pub", ok=False)
        check(r.returncode == 1 and not os.path.exists(bad), "signing with a public key refused", r.stderr)
        # signed build is the unsigned build plus lectern.sig: same manifest bytes
        with zipfile.ZipFile(s10) as z1, zipfile.ZipFile(p["10"]) as z2:
            check(z1.read("lectern.json") == z2.read("lectern.json"), "signing does not change lectern.json")

        # tampering: rewrite lectern.json (content hash) or a content entry
        def rewrite(src, dst, name, fn):
            with zipfile.ZipFile(src) as zi, zipfile.ZipFile(dst, "w") as zo:
                for info in zi.infolist():
                    data = zi.read(info.filename)
                    if info.filename == name:
                        data = fn(data)
                    zo.writestr(info, data)
        tj = os.path.join(t, "tamper-json.lectern")
        rewrite(s10, tj, "lectern.json", lambda b: b.replace(b'"title": "My new course"', b'"title": "My course!!"'))
        r = run("verify", tj, ok=False)
        ok, text = refused(r, "lectern.sig", "does not match lectern.json")
        check(ok, "tampered lectern.json refused, naming lectern.sig", text)
        tc = os.path.join(t, "tamper-content.lectern")
        rewrite(s10, tc, "modules/m1-welcome.json", lambda b: b.replace(b"Welcome", b"Welcomx"))
        r = run("verify", tc, ok=False)
        ok, text = refused(r, "modules/m1-welcome.json", "SHA-256")
        check(ok, "tampered content of a signed package refused, naming the entry", text)

        # signed addenda; applied result unsigned unless --sign, then == signed build
        sa11 = os.path.join(t, "sa11.lectern")
        r = run("diff", s10, v11, "-o", sa11, "--sign", key + ".key")
        r = run("verify", sa11, "--key", key + ".pub")
        check(r.returncode == 0 and "signed by" in r.stdout, "diff --sign: the addendum verifies with the key")
        so = os.path.join(t, "so11.lectern")
        run("apply", s10, sa11, "-o", so)
        check(filecmp.cmp(so, p["11"], shallow=False), "apply of a signed chain is unsigned (== unsigned build)")
        so2 = os.path.join(t, "so11s.lectern")
        run("apply", s10, sa11, "-o", so2, "--sign", key + ".key")
        s11 = os.path.join(t, "s11.lectern")
        run("build", v11, "-o", s11, "--sign", key + ".key", "-q")
        check(filecmp.cmp(so2, s11, shallow=False), "apply --sign == build --sign (Ed25519 is deterministic)")
        # a damaged base entry is caught while applying
        tb = os.path.join(t, "tamper-base.lectern")
        rewrite(p["10"], tb, "media/clip.webm", lambda b: b[:-1] + bytes([b[-1] ^ 1]))
        r = run("apply", tb, a11, "-o", bad, ok=False)
        ok, text = refused(r, "media/clip.webm")
        check(ok and not os.path.exists(bad), "damaged base entry refused while applying, naming it", text)

        # the sample course: a signed 1.1.0 addendum over the 1.0.0 package
        sample = os.path.join(SOURCE_ROOT, "courses", "trafficking-basics")
        if os.path.isdir(sample):
            s0 = os.path.join(t, "sample-1.0")
            s1 = os.path.join(t, "sample-1.1")
            shutil.copytree(sample, s0)
            shutil.copytree(sample, s1)

            def nrm(d):
                for it in d["items"]:
                    if it["id"] == "m4-nrm":
                        it["title"] = "A national referral mechanism (2027 rules)"
            edit_json(os.path.join(s1, "modules/m4-protection.json"), nrm)

            def bump(d):
                d["version"] = "1.1.0"
                d["changelog"].append({"version": "1.1.0", "date": "2027-03-01",
                                       "summary": {"en": "Referral within 24 hours under the 2027 rules",
                                                   "fr": "Orientation sous 24 heures (règles de 2027)"},
                                       "items": [{"id": "m4-nrm", "rule": "review"}]})
            edit_json(os.path.join(s1, "course.json"), bump)
            sp0, sp1 = os.path.join(t, "sample-1.0.lectern"), os.path.join(t, "sample-1.1.lectern")
            sa = os.path.join(t, "sample-1.1.addendum.lectern")
            so = os.path.join(t, "sample-out.lectern")
            run("build", s0, "-o", sp0, "--sign", key + ".key", "-q")
            run("build", s1, "-o", sp1, "-q")
            r = run("diff", sp0, s1, "-o", sa, "--sign", key + ".key")
            check("0 added, 2 changed, 0 removed" in r.stdout, "sample course: the addendum carries 2 files", r.stdout)
            check(os.path.getsize(sa) < 64 * 1024 < os.path.getsize(sp0), "sample course: the addendum is small",
                  (os.path.getsize(sa), os.path.getsize(sp0)))
            run("verify", sa, "--key", key + ".pub")
            run("apply", sp0, sa, "-o", so)
            check(filecmp.cmp(so, sp1, shallow=False), "sample course: 1.0 signed + 1.1 addendum == build of 1.1")
            ms, _ = manifest(sa)
            check(ms["changes"][0]["items"] == [{"id": "m4-nrm", "rule": "review"}],
                  "sample course: the change names m4-nrm for review", ms["changes"])
    finally:
        shutil.rmtree(t, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(main())
