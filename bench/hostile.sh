#!/usr/bin/env bash
# Benchmark (not a test): `verify` of a hostile checkpoint that claims 2^63
# entries, signed with the log's own key (target: exit 1 within 10 s and
# under 256 MiB), beside `verify` of an honest 10,000-entry log (target:
# under 2 s; run three times) and of genuine logs of 100,000 entries and
# more (each a version with texts of about 2 KiB; target: under 256 MiB
# whatever the size, so the peaks should be about the same). Prints, for
# each, the command, exit status, wall time, user and system CPU time, peak
# memory and the load average, and the machine, date and commit they ran on.
# usage: bench/hostile.sh [--debug] [ENTRIES...]
# Uses the release build unless --debug is given. ENTRIES: the sizes of the
# genuine logs to verify (default 100000; 1000000 takes about 9 GB of disk
# and, under load, an hour). Each genuine log is removed after its run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--debug" ]; then
  cargo build --quiet --examples && pp=$PWD/target/debug/policypress
  forge=$PWD/target/debug/examples/forge_checkpoint
  gen=$PWD/target/debug/examples/gen_log
else
  cargo build --release --quiet --examples && pp=$PWD/target/release/policypress
  forge=$PWD/target/release/examples/forge_checkpoint
  gen=$PWD/target/release/examples/gen_log
fi
if [ "${1:-}" = "--debug" ]; then shift; fi
sizes=("${@:-100000}")
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/ {print $2}') GiB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export POLICYPRESS_KEY_PASSWORD=bench XDG_CONFIG_HOME=$work/config XDG_STATE_HOME=$work/state

measure() { # label command... → the command, exit status, times, peak memory, load
  local label=$1; shift
  local rc
  set +e
  /usr/bin/time -o "$work/time" -f '%e s wall, %U s user + %S s sys, %M KiB peak' "$@" >/dev/null 2>&1
  rc=$?
  set -e
  echo "$label exit $rc, $(tail -n 1 "$work/time"), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "  command: $*"
}

echo "generating a site with 10,000 versions…"
bash bench/gen-site.sh "$work/b" 20 500
"$pp" keygen --site "$work/b" >/dev/null
"$pp" publish --site "$work/b" --as-of 2030-01-01 >/dev/null
for run in 1 2 3; do
  rm -rf "$XDG_STATE_HOME"
  measure "verify, honest 10,000-entry log (run $run):" "$pp" verify "$work/b/transparency"
done
rm -rf "$XDG_STATE_HOME"
"$forge" "$work/b/transparency" 9223372036854775808
measure "verify, checkpoint claiming 2^63 entries:" "$pp" verify "$work/b/transparency"

for n in "${sizes[@]}"; do
  echo "generating a genuine log of $n entries…"
  rm -rf "$work/big"
  "$gen" "$work/big" "$n"
  rm -rf "$XDG_STATE_HOME"
  echo "  ($(du -sh "$work/big" | cut -f1) of files)"
  measure "verify, genuine $n-entry log:" "$pp" verify "$work/big/transparency"
  rm -rf "$work/big"
done
