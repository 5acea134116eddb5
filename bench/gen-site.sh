#!/usr/bin/env bash
# Writes a minimal site with DOCS documents of VERSIONS versions each, for
# the publish/verify benchmark and the interoperability checks of large
# logs (more than one tile level).
# usage: gen-site.sh DIR DOCS VERSIONS
set -euo pipefail
dir=$1 docs=$2 versions=$3
mkdir -p "$dir/content/organisations" "$dir/content/documents"
cat > "$dir/content/site.toml" <<TOML
title = { nl = "Bench", en = "Bench" }
base_url = "https://bench.example/"
languages = ["nl", "en"]
publisher = "board"
theme = "default"

[transparency]
origin = "bench.example/log"
TOML
printf 'name = "Board"\n' > "$dir/content/organisations/board.toml"
for d in $(seq 1 "$docs"); do
  doc="$dir/content/documents/doc-$d"
  mkdir -p "$doc"
  printf 'title = { nl = "Document %s", en = "Document %s" }\nowner = "board"\nkind = "statement"\n' "$d" "$d" > "$doc/document.toml"
  for v in $(seq 1 "$versions"); do
    vd="$doc/$v.0"
    mkdir -p "$vd"
    # One version a day from 2000-01-01 (28-day months keep it simple),
    # so effective dates are in order.
    n=$((v - 1))
    day=$(printf '%04d-%02d-%02d' $((2000 + n / 336)) $((n / 28 % 12 + 1)) $((n % 28 + 1)))
    {
      printf 'published = %s\neffective = %s\nmaterial = false\n' "$day" "$day"
      if [ "$v" -gt 1 ]; then printf 'summary = "Wijziging %s"\n' "$v"; fi
    } > "$vd/version.toml"
    printf '## Artikel 1\n\nTekst %s van document %s.\n' "$v" "$d" > "$vd/nl.md"
    printf '## Article 1\n\nText %s of document %s.\n' "$v" "$d" > "$vd/en.md"
  done
done
