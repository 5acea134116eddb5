#!/usr/bin/env bash
# The editor's walkthrough from an empty folder, as the README tells it:
# new site → school → document → version → relationship → check clean →
# build → keygen → publish → build → verify. Nothing is edited by hand: the
# placeholders `new` writes are filled in with sed, as an editor would type
# them. Usage: .ci/walkthrough.sh [path/to/policypress] (default: the debug
# build, made first).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -gt 0 ]; then
  bin=$(realpath "$1")
else
  cargo build --locked --quiet
  bin=$PWD/target/debug/policypress
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
export POLICYPRESS_KEY_PASSWORD=walkthrough-password NO_COLOR=1
pp() { printf '\n$ policypress %s\n' "$*"; "$bin" "$@"; }
# Fills the placeholders of one file: `fill FILE 's|…|…|' …`, then the
# texts that are left with a neutral word.
fill() {
  local file=$1
  shift
  local args=()
  for expr in "$@"; do args+=(-e "$expr"); done
  sed -i "${args[@]}" -e 's/\[VUL IN\]/Voorbeeld/g' -e 's/\[FILL IN\]/Example/g' "$file"
}
today=$(date -u +%F)
cd "$work"

pp new site mysite
cd mysite
[ "$(cat .gitignore)" = "$(printf '/public/\n/.public.staging/')" ] || { echo "error: .gitignore of a new site: $(cat .gitignore)" >&2; exit 1; }
fill content/site.toml 's|^base_url = .*|base_url = "https://privacy.voorbeeld.example/"|'
fill content/organisations/bestuur.toml 's|^kvk = .*|kvk = "12345678"|' \
  's|^email = .*|email = "privacy@voorbeeld.example"|' 's|^website = .*|website = "https://voorbeeld.example"|'
fill content/schools/de-voorbeeldschool.toml 's|^brin = .*|brin = "12AB"|'
fill content/relationships/duo.toml 's|^since = .*|since = 2020-08-01|'
fill content/documents/privacyverklaring/1.0/version.toml "s|^# published = .*|published = 2020-07-01|" \
  's|^effective = .*|effective = 2020-08-01|'
fill content/documents/privacyverklaring/1.0/nl.md
fill content/documents/privacyverklaring/1.0/en.md
fill content/pages/contact/nl.md 's|Mail naar \[VUL IN\]|Mail naar privacy@voorbeeld.example|'
fill content/pages/contact/en.md 's|Email \[FILL IN\]|Email privacy@voorbeeld.example|'

pp new school de-linde
fill content/schools/de-linde.toml 's|^brin = .*|brin = "34CD"|' 's|^name = .*|name = "Basisschool De Linde"|'

pp new document privacyreglement
fill content/documents/privacyreglement/document.toml 's|^title = .*|title = { nl = "Privacyreglement", en = "Privacy regulation" }|'
fill content/documents/privacyreglement/1.0/version.toml "s|^# published = .*|published = $today|"
for f in content/documents/privacyreglement/1.0/*.md; do fill "$f"; done

pp new version privacyverklaring
v=content/documents/privacyverklaring/1.1
fill "$v/version.toml" "1i published = $today"
printf '\n## Camerabeelden\n\nOp het schoolplein hangen geen camera'"'"'s.\n' >>"$v/nl.md"
printf '\n## Camera images\n\nThere are no cameras in the playground.\n' >>"$v/en.md"

pp new relationship leerlingvolg
fill content/relationships/leerlingvolg.toml 's|^legal_basis = .*|legal_basis = "public-task"|' \
  's|^location = .*|location = { countries = ["NL"] }|' 's|^since = .*|since = 2021-01-01|' \
  's|signed = "\[VUL IN\]"|signed = 2020-12-01|' \
  's|^bijsluiter = .*|bijsluiter = { url = "https://leerlingvolg.example/privacybijsluiter", version = "2.0" }|' \
  '/^special_categories = /d' '/^dpia = /d'
fill content/organisations/leerlingvolg.toml 's|^name = .*|name = "Leerlingvolg B.V."|'

if grep -rn 'VUL IN\|FILL IN' content; then
  echo "error: placeholders left after filling them in" >&2
  exit 1
fi
pp check
pp build
[ -f public/index.html ] || { echo "error: build wrote no public/index.html" >&2; exit 1; }
pp keygen
grep -q '^\[transparency\]' content/site.toml
pp publish
pp build
pp verify public/
echo
echo "ok: the walkthrough from an empty folder to a verified site"
