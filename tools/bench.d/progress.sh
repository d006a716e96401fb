#!/usr/bin/env bash
# Progress-store benchmark (issue 6): durable events recorded per second and the
# export of 100,000 events, each beside a raw-SQLite baseline from the same run.
set -euo pipefail
d="$BENCH_DIR/progress"
rm -rf "$d" && mkdir -p "$d"
"$LECTERN_BUILD/tests/progress/bench_progress" "$d" "${BENCH_DURABLE:-2000}" "${BENCH_EXPORT:-100000}"
