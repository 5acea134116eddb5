#!/usr/bin/env bash
# Peak memory (maximum resident set size) and time of `policypress build`
# on the large bad inputs of the bad-input corpus, next to a normal build
# for comparison. Rerunnable; prints a table.
#
#   bench/robustness.sh            # debug binary (what the tests run)
#   PROFILE=release bench/robustness.sh
#
# Needs GNU time (/usr/bin/time -v); installs Debian's `time` if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE="${PROFILE:-debug}"
if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
if [ "$PROFILE" = release ]; then
  cargo build --quiet --release
else
  cargo build --quiet
fi
bin="$PWD/target/$PROFILE/policypress"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A small valid site from the corpus; each case changes one body.
fresh() {
  rm -rf "$work/site" "$work/public"
  cp -r tests/fixtures/invalid/material-urgent "$work/site"
}
body="$work/site/content/documents/privacyverklaring/1.0/en.md"

# case name, expected exit status[, as-of date]; builds $work/site and
# prints a table row.
measure() {
  local name="$1" want="$2" as_of="${3:-2025-03-01}" status rss secs
  rm -rf "$work/public"
  set +e
  /usr/bin/time -v -o "$work/time.txt" \
    "$bin" build --site "$work/site" --out "$work/public" --as-of "$as_of" \
    >/dev/null 2>"$work/stderr.txt"
  status=$?
  set -e
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
  if grep -q "panicked" "$work/stderr.txt"; then
    echo "FAIL: $name panicked" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  if [ "$status" != "$want" ]; then
    echo "FAIL: $name exited $status, expected $want" >&2
    cat "$work/stderr.txt" >&2
    exit 1
  fi
  printf '%-40s %6s %10s %12s\n' "$name" "$status" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "$secs"
}

printf 'policypress build (%s), peak memory per case\n\n' "$PROFILE"
printf '%-40s %6s %10s %12s\n' "case" "exit" "peak MiB" "wall m:ss"

fresh
measure "small valid site (baseline)" 0

fresh
{ printf '## Tekst\n\n'; yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.
' | head -c $((20 * 1024 * 1024)) || true; } > "$body"
measure "20 MiB body (refused)" 1

fresh
{ printf '## Tekst\n\n'; yes 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.
' | head -c $((5 * 1024 * 1024 - 100)) || true; } > "$body"
measure "5 MiB body (largest accepted)" 0

fresh
{ printf '## Diep\n\n'; head -c 10000 /dev/zero | tr '\0' '>'; printf ' bodem\n'; } > "$body"
measure "10,000 nested block quotes" 0

fresh
{ printf '## Diep\n\n'; head -c 10000 /dev/zero | tr '\0' '>'; printf ' bodem\n'; } > "$body"
cp "$body" "${body%en.md}nl.md"
measure "10,000 nested quotes, compared (nl+en)" 0

rm -rf "$work/site"
mkdir -p "$work/site"
cp -r content "$work/site/"
measure "example site (for comparison)" 0 2026-11-25
