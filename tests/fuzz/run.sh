#!/usr/bin/env bash
# Runs one libFuzzer target over its seed corpus, then fuzzes it.
#   run.sh EXE SEED_CORPUS SECONDS FINDINGS_DIR [WORK_CORPUS]
# SECONDS "" means $LECTERN_FUZZ_SECONDS (default 15). New inputs go to
# WORK_CORPUS (default: a temp folder, removed after), never to the seeds.
# A crash, leak, UB report, timeout (-timeout, default 10 s an input) or
# memory blow-up (-rss_limit_mb, default 2048) is a finding: its input is
# saved in FINDINGS_DIR and the script exits 1. LECTERN_FUZZ_SEED fixes
# libFuzzer's random seed (tools/test sets 1, so the suite tries the same
# inputs on every machine, as far as its time allows). Prints one summary line:
#   fuzz TARGET: N executions in S s (E/s), corpus C, peak RSS M MB, findings F
set -uo pipefail
exe=$1 seeds=$2 secs=${3:-} findings=$4 work=${5:-}
secs=${secs:-${LECTERN_FUZZ_SECONDS:-15}}
name=$(basename "$exe"); name=${name#fuzz_}
mkdir -p "$findings"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lectern-fuzz-run-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if [ -z "$work" ]; then work=$tmp/corpus; fi
mkdir -p "$work"
log=$tmp/log
touch "$tmp/stamp"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$SECONDS
"$exe" -max_total_time="$secs" -rss_limit_mb="${LECTERN_FUZZ_RSS_MB:-2048}" \
    -timeout="${LECTERN_FUZZ_TIMEOUT:-10}" -max_len="${LECTERN_FUZZ_MAX_LEN:-65536}" \
    -print_final_stats=1 -artifact_prefix="$findings/" ${LECTERN_FUZZ_SEED:+-seed=$LECTERN_FUZZ_SEED} \
    "$work" "$seeds" >"$log" 2>&1
rc=$?
took=$((SECONDS - start))
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
execs=$(stat number_of_executed_units) eps=$(stat average_exec_per_sec)
rss=$(stat peak_rss_mb)
ncorp=$(find "$work" -type f | wc -l)
found=$(find "$findings" -type f -newer "$tmp/stamp" 2>/dev/null | wc -l)
echo "fuzz $name: ${execs:-?} executions in ${took} s (${eps:-?}/s), corpus $ncorp, peak RSS ${rss:-?} MB, findings $found"
if [ $rc -ne 0 ] || [ "$found" -ne 0 ]; then
    # the report: the sanitizer's or libFuzzer's own lines
    grep -E -A40 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error|SUMMARY|Test unit written|ALARM|out-of-memory' "$log" | head -120
    echo "fuzz $name: FINDING (exit $rc); inputs in $findings; reproduce: $exe $findings/<file>"
    exit 1
fi
exit 0
