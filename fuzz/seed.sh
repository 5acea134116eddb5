#!/usr/bin/env bash
# Writes starting inputs for the fuzz targets into fuzz/corpus/<target>/
# from the example site (content/). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p "$c"/{content_read,markdown_render,compare_bodies,tlog_parse,tlog_verify}
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
# tlog_verify's seed is a genuine log written by the regression test.
FUZZ_SEEDS="$PWD/$c" cargo test --quiet --test fuzz_regressions genuine_log >/dev/null
ls "$c"/* | wc -l
