#!/bin/sh
# Renders the committed PNG icon sizes from lectern.svg (run after editing
# the SVG; needs rsvg-convert from librsvg2-bin).
set -eu
cd "$(dirname "$0")"
for s in 16 32 48 64 128 256; do
    rsvg-convert -w "$s" -h "$s" -o "icons/lectern-$s.png" lectern.svg
done
