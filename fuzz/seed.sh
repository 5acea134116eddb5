#!/usr/bin/env bash
# Writes starting inputs for the fuzz targets into fuzz/corpus/<target>/
# from the example site (content/). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c"/{content_read,markdown_render,compare_bodies,tlog_parse,tlog_verify,transparency_parse,canonical_json,verify_site}
seed() { # target, selector byte (decimal), file
  local out="$1/$(basename "$(dirname "$3")")-$(basename "$3")-$2"
  { printf "\\$(printf '%03o' "$2")"; cat "$3"; } > "$c/$out"
}
# The selector byte of content_read: 0 site, 1 organisation, 2 school,
# 3 document, 4 version, 5 relationship, 6 body.
seed content_read 0 content/site.toml
for f in content/organisations/*.toml; do seed content_read 1 "$f"; done
for f in content/schools/*.toml; do seed content_read 2 "$f"; done
for f in content/documents/*/document.toml; do seed content_read 3 "$f"; done
for f in content/documents/*/*/version.toml; do seed content_read 4 "$f"; done
for f in content/relationships/*.toml; do seed content_read 5 "$f"; done
for f in content/documents/*/*/*.md content/pages/*/*.md; do
  seed content_read 6 "$f"
  seed markdown_render 0 "$f"
  seed markdown_render 3 "$f"
done
for d in content/documents/*/; do
  vs=("$d"*/nl.md)
  if [ "${#vs[@]}" -ge 2 ]; then
    { printf '\000'; cat "${vs[0]}"; printf '\000'; cat "${vs[1]}"; } > "$c/compare_bodies/$(basename "$d")"
  fi
done
printf '\002example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n' > "$c/tlog_parse/checkpoint"
printf '\003tile/0/x001/x234/067.p/8' > "$c/tlog_parse/tile-path"
printf '\000o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\342\200\224 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n' > "$c/tlog_parse/note"
printf '\004tile/entries/000.p/2\n\000\001a\000\002bc' > "$c/tlog_parse/bundle"
# tlog_verify's seed is a genuine log written by the regression test; so
# are verify_site's (the fixture site `basic` sealed in two batches with the
# fuzz checkpoint key, so the harness can sign mutated checkpoints) and a
# first set for transparency_parse and canonical_json.
FUZZ_SEEDS="$PWD/$c" cargo test --quiet --test fuzz_regressions genuine_log >/dev/null
FUZZ_SEEDS="$PWD/$c" cargo test --quiet --test fuzz_regressions sealed_site >/dev/null

# Files exactly as a publisher makes them: `keygen` and `publish` of the
# command line on a copy of the fixture site `basic`, with throwaway keys.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r tests/fixtures/basic "$work/site"
printf '\n[transparency]\norigin = "privacy.lindenhof.example/log"\n' >> "$work/site/content/site.toml"
cargo build --quiet
export POLICYPRESS_KEY_PASSWORD=fuzz-seed-throwaway XDG_CONFIG_HOME="$work/config"
target/debug/policypress keygen --site "$work/site" >/dev/null
target/debug/policypress publish --site "$work/site" --as-of 2025-06-01 >/dev/null
t="$work/site/transparency"
for f in "$t"/bundles/*/*/*.json; do seed transparency_parse 0 "$f"; done
seed transparency_parse 1 "$t/index.json"
seed transparency_parse 3 "$t/publisher.pub"
seed transparency_parse 4 "$t/log.vkey"
for f in "$t"/artifacts/*/*/*.json; do
  cp "$f" "$c/canonical_json/cli-$(basename "$(dirname "$f")")-$(basename "$f")"
done
# The whole folder as verify_site reads it: records of a u16 big-endian
# length and bytes, path then file.
python3 - "$t" "$c/verify_site/cli-basic" <<'PY'
import os, struct, sys
root, out = sys.argv[1], sys.argv[2]
with open(out, "wb") as o:
    for d, _, names in sorted(os.walk(root)):
        for n in sorted(names):
            p = os.path.join(d, n)
            for part in (os.path.relpath(p, root).encode(), open(p, "rb").read()):
                o.write(struct.pack(">H", len(part)) + part)
PY
ls "$c"/* | wc -l
