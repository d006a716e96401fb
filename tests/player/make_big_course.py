#!/usr/bin/env python3
"""Writes a large generated course for the player benchmark: N slides (default
2000) in modules of 50, alternating image slides (a distinct 1920x1080 PNG each,
made by ffmpeg's testsrc2) and bullet / two-column slides.

usage: make_big_course.py OUT_DIR [N]"""
import json
import os
import subprocess
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
per_module = 50
n_images = (n + 1) // 2
os.makedirs(os.path.join(out, "media"), exist_ok=True)
os.makedirs(os.path.join(out, "modules"), exist_ok=True)

have = len([f for f in os.listdir(os.path.join(out, "media")) if f.endswith(".png")])
if have < n_images:
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1920x1080:rate=25", "-frames:v", str(n_images),
                    os.path.join(out, "media", "img%05d.png")], check=True)

modules = []
item = 0
for m in range((n + per_module - 1) // per_module):
    mid = "m%03d" % (m + 1)
    items = []
    for k in range(min(per_module, n - item)):
        item += 1
        iid = "s%05d" % item
        if item % 2 == 1:
            items.append({"id": iid, "type": "slide", "layout": "image",
                          "title": "Generated image slide %d" % item,
                          "image": "media/img%05d.png" % ((item + 1) // 2),
                          "alt": "test pattern %d" % item})
        elif item % 4 == 0:
            items.append({"id": iid, "type": "slide", "layout": "two_columns",
                          "title": "Comparison %d" % item,
                          "left": {"heading": "Before", "bullets": ["point %d.%d" % (item, j)
                                                                    for j in range(4)]},
                          "right": {"heading": "After", "text": "A paragraph of text on slide %d "
                                    "that wraps over a couple of lines in its column." % item}})
        else:
            items.append({"id": iid, "type": "slide", "layout": "bullets",
                          "title": "Bullet slide %d" % item,
                          "bullets": ["First point of slide %d" % item,
                                      {"text": "Second point", "sub": ["detail a", "detail b"]},
                                      "Third point, a little longer than the others"]})
    with open(os.path.join(out, "modules", mid + ".json"), "w") as f:
        json.dump({"id": mid, "title": "Generated module %d" % (m + 1), "items": items}, f)
    modules.append(mid)

with open(os.path.join(out, "course.json"), "w") as f:
    json.dump({"format": 1, "id": "org.lectern.bench.big", "version": "1.0.0",
               "title": "Generated benchmark course (%d slides)" % n, "languages": ["en"],
               "modules": modules}, f)
print("wrote %s: %d slides, %d images" % (out, n, n_images))
