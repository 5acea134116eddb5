#!/usr/bin/env python3
"""Checks every school calendar of a built site with an independent parser.

Usage: check_calendars.py PUBLIC_DIR

For each /{lang}/schools/<school>/calendar.ics (one per school and language,
as api/v1/schools/<school>.json lists them):

- the bytes follow RFC 5545 §3.1 to the letter: UTF-8, every line ends in
  CRLF (no bare CR or LF), no line is longer than 75 octets, a folded line
  goes on with one space;
- the Python `icalendar` package parses it without errors, into one
  VCALENDAR with VERSION 2.0, a PRODID and at least one component;
- every VEVENT has a UID (unique in its calendar), DTSTAMP at midnight UTC
  of the API's as_of date, an all-day DTSTART on or after as_of with
  DTEND the next day, a SUMMARY and a URL to a page that exists in the
  built site;
- every date a calendar lists is one the API's next_change (if any) can
  precede: nothing dated after as_of comes before next_change.date;
- on the example site (as of 2026-11-25) De Schans' Dutch calendar holds
  the privacy statement 2.1 taking effect on 2027-01-01.
"""

import datetime
import json
import pathlib
import sys

import icalendar

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL {msg}", file=sys.stderr)


def check_bytes(rel, raw):
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        fail(f"{rel}: not UTF-8: {e}")
        return
    if not raw.endswith(b"\r\n"):
        fail(f"{rel}: the last line does not end in CRLF")
    body = raw[:-2] if raw.endswith(b"\r\n") else raw
    for n, line in enumerate(body.split(b"\r\n"), 1):
        if b"\n" in line or b"\r" in line:
            fail(f"{rel}:{n}: a bare CR or LF")
        if len(line) > 75:
            fail(f"{rel}:{n}: {len(line)} octets, more than 75")
        if line.startswith(b"\t"):
            fail(f"{rel}:{n}: folded with a tab; this writer folds with one space")


def local(root, url, base_url):
    if not url.startswith(base_url):
        return None
    path = root / url[len(base_url):]
    return path / "index.html" if url.endswith("/") else path


def main():
    root = pathlib.Path(sys.argv[1])
    index = json.loads((root / "api/v1/index.json").read_text(encoding="utf-8"))
    base_url = index["site"]["base_url"]
    as_of = datetime.date.fromisoformat(index["as_of"])
    next_change = index["next_change"]
    stamp = datetime.datetime(as_of.year, as_of.month, as_of.day, tzinfo=datetime.timezone.utc)
    checked = 0
    found_example_event = False
    for school in index["schools"]:
        api = json.loads(local(root, school["api"], base_url).read_text(encoding="utf-8"))
        for lang, url in sorted(api["calendar"].items()):
            path = local(root, url, base_url)
            rel = path.relative_to(root)
            if not path.is_file():
                fail(f"{rel}: listed in the API but not built")
                continue
            raw = path.read_bytes()
            check_bytes(rel, raw)
            try:
                cal = icalendar.Calendar.from_ical(raw)
            except Exception as e:  # noqa: BLE001 - any parse failure is a finding
                fail(f"{rel}: icalendar cannot parse it: {e}")
                continue
            checked += 1
            for c in cal.walk():
                for err in getattr(c, "errors", []):
                    fail(f"{rel}: {c.name}: {err}")
            if cal.name != "VCALENDAR":
                fail(f"{rel}: the top is {cal.name}, not VCALENDAR")
            if str(cal.get("VERSION")) != "2.0":
                fail(f"{rel}: VERSION is {cal.get('VERSION')!r}")
            if not cal.get("PRODID"):
                fail(f"{rel}: no PRODID")
            if not cal.subcomponents:
                fail(f"{rel}: no component (RFC 5545 wants at least one)")
            uids = set()
            for e in cal.walk("VEVENT"):
                uid = str(e.get("UID", ""))
                if not uid:
                    fail(f"{rel}: an event without UID")
                if uid in uids:
                    fail(f"{rel}: UID {uid} twice")
                uids.add(uid)
                if e.decoded("DTSTAMP") != stamp:
                    fail(f"{rel}: {uid}: DTSTAMP {e.decoded('DTSTAMP')} is not {stamp}")
                start = e.decoded("DTSTART")
                end = e.decoded("DTEND")
                if isinstance(start, datetime.datetime) or not isinstance(start, datetime.date):
                    fail(f"{rel}: {uid}: DTSTART is not a date")
                    continue
                if start < as_of:
                    fail(f"{rel}: {uid}: {start} is before the as-of date {as_of}")
                if end != start + datetime.timedelta(days=1):
                    fail(f"{rel}: {uid}: DTEND {end} is not the day after {start}")
                if start > as_of and (next_change is None or start < datetime.date.fromisoformat(next_change["date"])):
                    fail(f"{rel}: {uid}: {start} comes before the API's next_change {next_change}")
                if not str(e.get("SUMMARY", "")).strip():
                    fail(f"{rel}: {uid}: no SUMMARY")
                page = local(root, str(e.get("URL", "")), base_url)
                if page is None or not page.is_file():
                    fail(f"{rel}: {uid}: URL {e.get('URL')} is not a page of the site")
                if (
                    school["slug"] == "de-schans"
                    and lang == "nl"
                    and uid.startswith("documents/privacyverklaring/2.1/effective/")
                    and start == datetime.date(2027, 1, 1)
                ):
                    found_example_event = True
    if checked == 0 and index["schools"]:
        fail("no calendars found")
    if not index["schools"] and any(root.rglob("calendar.ics")):
        fail("a site without schools has a calendar")
    if index["site"]["base_url"] == "https://privacy.waterlinie.example/" and index["as_of"] == "2026-11-25":
        if not found_example_event:
            fail("the example site's De Schans calendar lacks privacy statement 2.1 on 2027-01-01")
    print(f"calendars: {checked} parsed by icalendar {icalendar.__version__}")
    if failures:
        print(f"{len(failures)} failure(s)", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
