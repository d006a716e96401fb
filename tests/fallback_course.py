"""A copy of a course in which some items are in the course's first language
only: every per-language text of those items becomes its first-language string.
Tests of how the player shows an untranslated item in a translated course use it,
so they do not depend on which items of the sample course are still untranslated."""
import json
import os
import shutil


def _first_only(v, first):
    if isinstance(v, dict):
        if v and first in v and all(isinstance(x, str) for x in v.values()):
            return v[first]
        return {k: (v[k] if k in ("image", "subtitles") else _first_only(v[k], first)) for k in v}
    if isinstance(v, list):
        return [_first_only(x, first) for x in v]
    return v


def copy_with_untranslated(src, dst, item_ids):
    """Copies the course folder src to dst (which must not exist) and makes the
    items named in item_ids untranslated; raises KeyError for an id it did not find."""
    shutil.copytree(src, dst)
    with open(os.path.join(dst, "course.json"), encoding="utf-8") as f:
        course = json.load(f)
    first = course["languages"][0]
    left = set(item_ids)
    for m in course["modules"]:
        path = os.path.join(dst, "modules", m + ".json")
        with open(path, encoding="utf-8") as f:
            mod = json.load(f)
        hit = False
        for i, item in enumerate(mod["items"]):
            if item.get("id") in left:
                mod["items"][i] = _first_only(item, first)
                left.discard(item["id"])
                hit = True
        if hit:
            with open(path, "w", encoding="utf-8") as f:
                json.dump(mod, f, ensure_ascii=False, indent=2)
    if left:
        raise KeyError("items not found in %s: %s" % (src, ", ".join(sorted(left))))
    return dst
