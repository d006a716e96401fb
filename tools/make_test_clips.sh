#!/usr/bin/env bash
# Makes the small video clips the video tests and benchmark use, in folder $1:
# colors.{webm,mp4,ogv}: 160x90, 25 fps, 3 s = 1 s red, 1 s green, 1 s blue
# (solid colours, so a test can check pixels at a time), with a 440 Hz tone;
# VP9/Opus WebM, H.264/AAC MP4, Theora/Vorbis Ogg. Keyframe every 5 frames.
# Optional $2: size (default 160x90), $3: seconds per colour (default 1).
set -euo pipefail
out=${1:?usage: make_test_clips.sh OUT_DIR [WxH] [SECONDS_PER_COLOUR]}
size=${2:-160x90}
seg=${3:-1}
mkdir -p "$out"
total=$(( seg * 3 ))
graph() {   # $1: audio samples per frame the encoder wants
    echo "color=c=0xFF0000:s=${size}:r=25:d=${seg}[a];color=c=0x00FF00:s=${size}:r=25:d=${seg}[b];\
color=c=0x0000FF:s=${size}:r=25:d=${seg}[c];[a][b][c]concat=n=3:v=1:a=0,format=yuv420p[v];\
sine=f=440:d=${total}:sample_rate=48000:samples_per_frame=$1[s]"
}
ff() { local spf=$1; shift
       ffmpeg -hide_banner -loglevel error -y -filter_complex "$(graph "$spf")" -map '[v]' -map '[s]' \
              -g 5 -keyint_min 5 "$@"; }
ff 960 -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -b:v 200k -c:a libopus -b:a 32k "$out/colors.webm"
ff 1024 -c:v libx264 -preset ultrafast -c:a aac -b:a 32k -movflags +faststart "$out/colors.mp4"
ff 64 -c:v libtheora -q:v 5 -c:a libvorbis -q:a 0 "$out/colors.ogv"
