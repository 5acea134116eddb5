#!/usr/bin/env python3
"""Checks a built site's register of processing with independent tools.

Usage: check_register.py PUBLIC_DIR DPV_TERMS_JSON

- every register.csv (the site's and each school's, in every language) is
  RFC 4180 as Python's csv module reads it: UTF-8 with a byte order mark,
  every line ending in CRLF, a header row in the page's language with one
  column per key of the matching register JSON, and the same rows as that
  JSON, in the same order;
- api/v1/register.jsonld parses with rdflib (its context is inline, so
  nothing is fetched), every class and property it uses is one of the DPV
  terms committed in DPV_TERMS_JSON (or a country of DPV's location
  extension, by its ISO code) and lies in a DPV namespace, and its
  triples are exactly those expected from register.json and the
  organisations' API files: nothing missing, nothing extra.

The JSON files themselves are validated against api/v1/schema.json with
check-jsonschema by .ci/run.
"""

import csv
import io
import json
import pathlib
import sys

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

failures = []


def fail(msg):
    failures.append(msg)
    print(f"FAIL {msg}", file=sys.stderr)


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def local(root, url, base_url):
    assert url.startswith(base_url), url
    return root / url[len(base_url):]


def text_of(value, lang, default):
    """A JSON text as the CSV writes it for a reader of `lang`."""
    if isinstance(value, dict):
        return value.get(lang, value.get(default, ""))
    return value


def check_csv(root, index):
    base = index["site"]["base_url"]
    langs = index["site"]["languages"]
    default = index["site"]["default_language"]
    registers = [load(root / "api" / "v1" / "register.json")]
    registers += [load(p) for p in sorted((root / "api" / "v1" / "register").glob("*.json"))]
    headers = {}
    count = 0
    for reg in registers:
        for lang in langs:
            path = local(root, reg["csv"][lang], base)
            raw = path.read_bytes()
            rel = path.relative_to(root)
            count += 1
            if not raw.startswith(b"\xef\xbb\xbf"):
                fail(f"{rel}: no UTF-8 byte order mark")
            body = raw[3:]
            if not body.endswith(b"\r\n"):
                fail(f"{rel}: the last line does not end in CRLF")
            # Every line break outside a quoted field is CRLF.
            quoted = False
            for i, b in enumerate(body):
                if b == 0x22:
                    quoted = not quoted
                elif b == 0x0A and not quoted and (i == 0 or body[i - 1] != 0x0D):
                    fail(f"{rel}: a line ends in LF alone at byte {i}")
                    break
            records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), strict=True))
            header, rows = records[0], records[1:]
            if len(header) != len(reg["columns"]):
                fail(f"{rel}: {len(header)} columns, the JSON has {len(reg['columns'])}")
                continue
            headers.setdefault(lang, header)
            if headers[lang] != header:
                fail(f"{rel}: another header than the other registers in {lang}")
            if len(rows) != len(reg["rows"]):
                fail(f"{rel}: {len(rows)} rows, the JSON has {len(reg['rows'])}")
                continue
            col = {k: i for i, k in enumerate(reg["columns"])}
            for n, (row, j) in enumerate(zip(rows, reg["rows"]), start=2):
                if len(row) != len(header):
                    fail(f"{rel}:{n}: {len(row)} fields")
                    continue
                expect = {
                    "relationship": j["relationship"],
                    "since": j["since"],
                    "until": j["until"] or "",
                    "terms_from": j["terms_from"],
                    "brin": j["brin"] or "",
                    "retention": text_of(j["retention"], lang, default) if j["retention"] else "",
                    "purposes": "; ".join(text_of(p, lang, default) for p in j["purposes"]),
                    "school": "; ".join(text_of(s["name"], lang, default) for s in j["school"]),
                    "page": j["page"][lang] if isinstance(j["page"], dict) else j["page"],
                }
                for key, value in expect.items():
                    if row[col[key]] != value:
                        fail(f"{rel}:{n}: {key} is {row[col[key]]!r}, the JSON says {value!r}")
    # The default theme speaks Dutch and English (a language it has no
    # strings for gets English ones).
    if "nl" in headers and "en" in headers and headers["nl"] == headers["en"]:
        fail("the CSV header is the same in Dutch and English")
    print(f"csv: {count} files checked")


def literals(value):
    if isinstance(value, dict):
        return {Literal(v, lang=l) for l, v in value.items()}
    return {Literal(value)}


def expected_graph(root, index, terms):
    """The triples register.jsonld must hold, from the JSON API alone."""
    base = index["site"]["base_url"]
    ns = terms["namespaces"]
    DPV = Namespace(ns["dpv"])
    GDPR = Namespace(ns["eu-gdpr"])
    LOC = Namespace(ns["loc"])
    reg = load(root / "api" / "v1" / "register.json")
    doc = URIRef(reg["jsonld"])
    org = lambda slug: URIRef(f"{base}api/v1/organisations/{slug}.json")
    status = {"in-force": DPV.ActivityOngoing, "announced": DPV.ActivityPlanned, "ended": DPV.ActivityCompleted}
    basis = {
        "consent": "a", "contract": "b", "legal-obligation": "c",
        "vital-interests": "d", "public-task": "e", "legitimate-interests": "f",
    }
    g = set()
    roles = {index["site"]["publisher"]: {DPV.DataController}}
    g.add((doc, RDF.type, DPV.ROPA))
    g.add((doc, DPV.hasDataController, org(index["site"]["publisher"])))
    seen = set()
    for r in reg["rows"]:
        pid = r["relationship"]
        if r["status"] == "announced" and r["terms_from"] != r["since"]:
            pid += "-" + r["terms_from"]
        p = URIRef(f"{doc}#{pid}")
        if p in seen:
            continue
        seen.add(p)
        g.add((doc, DPV.hasProcess, p))
        g.add((p, RDF.type, DPV.Process))
        g.add((p, DPV.hasActivityStatus, status[r["status"]]))
        controller = r["controller"][0]["slug"]
        party = r["party"][0]["slug"]
        roles.setdefault(controller, set()).add(DPV.DataController)
        g.add((p, DPV.hasDataController, org(controller)))
        if r["kind"] == "processor":
            roles.setdefault(party, set()).add(DPV.DataProcessor)
            g.add((p, DPV.hasDataProcessor, org(party)))
        elif r["kind"] == "recipient":
            roles.setdefault(party, set()).add(DPV.Recipient)
            g.add((p, DPV.hasRecipient, org(party)))
        else:
            roles.setdefault(party, set()).add(DPV.DataController)
            g.add((p, DPV.hasDataController, org(party)))
        for s in r["sub_processors"]:
            roles.setdefault(s["slug"], set()).add(DPV.DataSubProcessor)
            g.add((p, DPV.hasDataProcessor, org(s["slug"])))
        for key, what, cls, prop in (
            ("purposes", "purpose", DPV.Purpose, DPV.hasPurpose),
            ("data_categories", "data", DPV.PersonalData, DPV.hasPersonalData),
            ("data_subjects", "subject", DPV.DataSubject, DPV.hasDataSubject),
        ):
            for i, t in enumerate(r[key], start=1):
                node = URIRef(f"{p}-{what}-{i}")
                g.add((p, prop, node))
                g.add((node, RDF.type, cls))
                g.update((node, DPV.hasName, l) for l in literals(t))
        g.add((p, DPV.hasLegalBasis, GDPR[f"A6-1-{basis[r['legal_basis']]}"]))
        if r["retention"] is not None:
            node = URIRef(f"{p}-retention")
            g.add((p, DPV.hasStorageCondition, node))
            g.add((node, RDF.type, DPV.StorageDuration))
            g.update((node, DPV.hasName, l) for l in literals(r["retention"]))
        if r["location"] is not None or r["countries"] or r["outside_eea"]:
            node = URIRef(f"{p}-location")
            g.add((p, DPV.hasLocation, node))
            g.add((node, RDF.type, DPV.Location))
            if r["outside_eea"]:
                g.add((node, RDF.type, DPV.ThirdCountry))
            if r["location"] is not None:
                g.update((node, DPV.hasName, l) for l in literals(r["location"]))
            g.update((node, DPV.hasCountry, LOC[c]) for c in r["countries"])
        transfer = {"adequacy": GDPR["A45-3"], "scc": GDPR["A46-2-c"], "bcr": GDPR["A46-2-b"], "derogation": DPV.DataTransferLegalBasis}
        if r["outside_eea"] and r["transfer"] is not None:
            g.add((p, DPV.hasLegalBasis, transfer[r["transfer"]]))
        for c in r["special_categories"]:
            node = URIRef(f"{p}-special-{c}")
            g.add((p, DPV.hasPersonalData, node))
            g.add((node, RDF.type, DPV.SpecialCategoryPersonalData))
            g.add((node, DPV.hasName, Literal(c)))
        if r["dpia"] is not None:
            node = URIRef(r["dpia_url"] or f"{p}-dpia")
            g.add((p, DPV.hasImpactAssessment, node))
            g.add((node, RDF.type, DPV.DPIA))
        if r["agreement"] is not None:
            node = URIRef(r["agreement_url"] or f"{p}-agreement")
            g.add((p, DPV.hasLegalMeasure, node))
            g.add((node, RDF.type, DPV.DataProcessingAgreement))
            g.update((node, DPV.hasName, l) for l in literals(r["agreement"]))
    for slug, types in roles.items():
        o = org(slug)
        g.update((o, RDF.type, t) for t in types)
        path = root / "api" / "v1" / "organisations" / f"{slug}.json"
        if path.exists():
            j = load(path)
            g.update((o, DPV.hasName, l) for l in literals(j["name"]))
            if j["kvk"]:
                g.add((o, DPV.hasIdentifier, Literal(j["kvk"])))
            if j["email"]:
                g.add((o, DPV.hasContact, Literal(j["email"])))
            if j.get("location"):
                node = URIRef(f"{o}#location")
                g.add((o, DPV.hasLocation, node))
                g.add((node, RDF.type, DPV.Location))
                if j["location"]["outside_eea"]:
                    g.add((node, RDF.type, DPV.ThirdCountry))
                g.update((node, DPV.hasCountry, LOC[c["code"]]) for c in j["location"]["countries"])
    return g


def check_jsonld(root, index, terms):
    path = root / "api" / "v1" / "register.jsonld"
    graph = Graph()
    graph.parse(data=path.read_text(encoding="utf-8"), format="json-ld", base=index["site"]["base_url"])
    ns = terms["namespaces"]
    allowed = {URIRef(ns[t.split(":", 1)[0]] + t.split(":", 1)[1]) for t in terms["terms"]}
    dpv_spaces = tuple(ns.values())
    for s, p, o in graph:
        used = [p] if p != RDF.type else [o]
        if p not in (RDF.type,) and isinstance(o, URIRef) and str(o).startswith("https://w3id.org/dpv"):
            used.append(o)
        for term in used:
            country = str(term).removeprefix(ns[terms["countries"]])
            if not str(term).startswith(dpv_spaces):
                fail(f"register.jsonld uses {term}, outside the DPV namespaces")
            elif country != str(term):
                if not (len(country) == 2 and country.isascii() and country.isupper()):
                    fail(f"register.jsonld uses {term}, not a country of DPV's locations")
            elif term not in allowed:
                fail(f"register.jsonld uses {term}, which dpv-terms.json does not list")
    expected = expected_graph(root, index, terms)
    got = set(graph)
    for t in sorted(expected - got, key=str)[:20]:
        fail(f"register.jsonld lacks {t}")
    for t in sorted(got - expected, key=str)[:20]:
        fail(f"register.jsonld has an unexpected {t}")
    processes = len(list(graph.subjects(RDF.type, URIRef(ns["dpv"] + "Process"))))
    print(f"jsonld: {len(got)} triples, {processes} processes")


def main():
    root = pathlib.Path(sys.argv[1])
    terms = load(pathlib.Path(sys.argv[2]))
    index = load(root / "api" / "v1" / "index.json")
    check_csv(root, index)
    check_jsonld(root, index, terms)
    if failures:
        print(f"{len(failures)} failures", file=sys.stderr)
        sys.exit(1)
    print("register: ok")


if __name__ == "__main__":
    main()
