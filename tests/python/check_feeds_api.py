#!/usr/bin/env python3
"""Checks a built site's Atom feeds and JSON API with independent tools.

Usage: check_feeds_api.py PUBLIC_DIR

- every *.xml feed parses with feedparser without any error (bozo == 0) and
  has the elements RFC 4287 requires (feed id, title, updated, author; entry
  id, title, updated, an alternate link) with unique entry ids;
- every file under api/v1/ validates against api/v1/schema.json with
  jsonschema's Draft202012Validator, and the schema itself is valid;
- the point-in-time question is answered from the API files alone: which
  version of the example site's privacy statement was in force at De Schans
  on 2024-01-01 (2.0) and on 2019-06-01 (1.0);
- the index's next_change is after its as_of, and for the example site (as
  of 2026-11-25) it is 2027-01-01, when version 2.1 of the privacy
  statement takes effect: the first day the API goes out of date.
"""

import json
import pathlib
import sys

import feedparser
from jsonschema import Draft202012Validator

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL {msg}", file=sys.stderr)


def check_feeds(root):
    feeds = sorted(p for p in root.rglob("*.xml") if p.name != "sitemap.xml")
    if not feeds:
        fail("no feeds found")
    for path in feeds:
        rel = path.relative_to(root)
        d = feedparser.parse(path.read_bytes())
        if d.bozo:
            fail(f"{rel}: not well-formed: {d.bozo_exception}")
            continue
        if d.version != "atom10":
            fail(f"{rel}: parsed as {d.version!r}, not Atom 1.0")
        f = d.feed
        for key in ("id", "title", "updated", "author"):
            if not f.get(key):
                fail(f"{rel}: feed has no {key}")
        if not any(l.get("rel") == "self" for l in f.get("links", [])):
            fail(f"{rel}: feed has no rel=self link")
        ids = set()
        for e in d.entries:
            for key in ("id", "title", "updated", "published"):
                if not e.get(key):
                    fail(f"{rel}: entry {e.get('id')!r} has no {key}")
            if e.get("id") in ids:
                fail(f"{rel}: entry id {e.get('id')} appears twice")
            ids.add(e.get("id"))
            if not any(l.get("rel") == "alternate" for l in e.get("links", [])):
                fail(f"{rel}: entry {e.get('id')} has no alternate link")
            if not e.get("id", "").startswith("tag:"):
                fail(f"{rel}: entry id {e.get('id')} is not a tag: URI")
    print(f"feeds: {len(feeds)} checked")


def local(root, url, base_url):
    assert url.startswith(base_url), url
    return root / url[len(base_url):]


def check_api(root):
    api = root / "api" / "v1"
    schema = json.loads((api / "schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema)
    files = sorted(p for p in api.rglob("*.json") if p.name != "schema.json")
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        for e in errors[:5]:
            fail(f"{path.relative_to(root)}: {list(e.path)}: {e.message[:300]}")
        # Each file also matches the definition its `resource` names.
        one = {"$ref": f"#/$defs/{doc.get('resource')}", "$defs": schema["$defs"]}
        if list(Draft202012Validator(one).iter_errors(doc)):
            fail(f"{path.relative_to(root)}: does not match $defs/{doc.get('resource')}")
    print(f"api: {len(files)} files valid against schema.json")
    return files


def in_force_on(root, school, document, day):
    """Answers the point-in-time question from the static API files only."""
    index = json.loads((root / "api/v1/index.json").read_text(encoding="utf-8"))
    base = index["site"]["base_url"]
    s_ref = next(s for s in index["schools"] if s["slug"] == school)
    s = json.loads(local(root, s_ref["api"], base).read_text(encoding="utf-8"))
    d_ref = next((d for d in s["documents"] if d["slug"] == document), None)
    if d_ref is None:
        return None
    d = json.loads(local(root, d_ref["api"], base).read_text(encoding="utf-8"))
    for v in d["versions"]:
        if v["effective"] <= day and (v["superseded_on"] is None or day < v["superseded_on"]):
            return v["number"]
    return None


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/ci-public")
    check_feeds(root)
    check_api(root)
    cases = [
        ("de-schans", "privacyverklaring", "2019-06-01", "1.0"),
        ("de-schans", "privacyverklaring", "2024-01-01", "2.0"),
        ("de-schans", "privacyverklaring", "2027-02-01", "2.1"),
        ("de-schans", "privacyverklaring", "2019-01-01", None),
    ]
    for school, doc, day, want in cases:
        got = in_force_on(root, school, doc, day)
        if got != want:
            fail(f"in force at {school} on {day}: {doc} {got}, expected {want}")
        else:
            print(f"point in time: {doc} at {school} on {day}: {got}")
    index = json.loads((root / "api/v1/index.json").read_text(encoding="utf-8"))
    nxt = index["next_change"]
    if nxt is not None and not nxt["date"] > index["as_of"]:
        fail(f"next_change {nxt['date']} is not after as_of {index['as_of']}")
    if index["as_of"] == "2026-11-25":
        events = [(e["kind"], (e["document"] or e["relationship"])["slug"]) for e in (nxt or {}).get("events", [])]
        if not nxt or nxt["date"] != "2027-01-01" or ("takes-effect", "privacyverklaring") not in events:
            fail(f"next_change of the example site: {nxt}")
        else:
            print(f"next change: {nxt['date']}: {events}")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
