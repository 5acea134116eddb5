#!/usr/bin/env python3
"""Generates a synthetic policypress site and the same content as a Hugo site.

The benchmark needs sites of a chosen size that look like real ones: school
boards with schools, documents with ten versions in Dutch and English,
processors and recipients shared between boards. The same content is written
twice, once in policypress's content format and once as a Hugo site with
equivalent templates (a base layout, a list and a single template), so both
generators build the same pages from the same Markdown.

Deterministic: the same arguments give byte-identical files (random.Random
seeded, no clock, sorted iteration).

    python3 bench/gen.py --pages 10000 --out target/bench/site-10000
    python3 bench/gen.py --pages 10000 --flavour rewrites --out target/bench/rewrites-10000
    -> target/bench/site-10000/policypress/   (content/, policypress's format)
       target/bench/site-10000/hugo/          (hugo.toml, content/{nl,en}, layouts/)
"""

import argparse
import datetime as dt
import os
import random
import shutil

LANGS = ["nl", "en"]
DOCS_PER_BOARD = 4
SCHOOLS_PER_BOARD = 4
RELS_PER_BOARD = 5
VERSIONS = 10
VENDORS = 20
# policypress pages per board, per language: documents, versions, schools,
# school-relationship pages, relationships, the board itself.
PAGES_PER_BOARD = (
    DOCS_PER_BOARD
    + DOCS_PER_BOARD * VERSIONS
    + SCHOOLS_PER_BOARD
    + SCHOOLS_PER_BOARD * RELS_PER_BOARD
    + RELS_PER_BOARD
    + 1
) * len(LANGS)
# Home, four list pages, the vendors, one free page, the accessibility statement.
FIXED_PAGES = (1 + 4 + VENDORS + 1 + 1) * len(LANGS)

DOC_KINDS = [
    ("privacyverklaring", "statement", "Privacyverklaring", "Privacy statement"),
    ("privacyreglement", "regulation", "Privacyreglement", "Privacy regulation"),
    ("cookieverklaring", "cookies", "Cookieverklaring", "Cookie statement"),
    ("protocol-beeldmateriaal", "other", "Protocol beeldmateriaal", "Protocol on photos and video"),
]

WORDS = {
    "nl": (
        "de het een school leerling ouders gegevens verwerking bestuur privacy "
        "toestemming bewaartermijn leerkracht groep dossier verwerker doel grondslag "
        "wij bewaren delen alleen wanneer nodig voor onderwijs begeleiding toetsen "
        "resultaten administratie inschrijving verzuim ondersteuning welbevinden rechten "
        "inzage verwijdering bezwaar klacht functionaris beveiliging toegang medewerkers "
        "afspraken overeenkomst systeem gebruikt worden zijn heeft kunnen moeten na "
        "vertrek jaar maanden binnen tussen over met zonder bij door op in van aan"
    ).split(),
    "en": (
        "the a school pupil parents data processing board privacy consent retention "
        "teacher class file processor purpose basis we keep share only when needed "
        "for education support tests results administration enrolment absence care "
        "wellbeing rights access erasure objection complaint officer security staff "
        "agreements contract system used are is has can must after leaving year months "
        "within between about with without at by on in of to"
    ).split(),
}

HEADINGS = {
    "nl": [
        "Over dit document", "Wie zijn wij", "Welke gegevens verwerken wij",
        "Waarvoor gebruiken wij de gegevens", "Op welke grondslag", "Met wie delen wij gegevens",
        "Hoe lang bewaren wij gegevens", "Beveiliging", "Uw rechten", "Klachten",
        "Wijzigingen", "Contact",
    ],
    "en": [
        "About this document", "Who we are", "What data we process",
        "What we use the data for", "On what legal basis", "Who we share data with",
        "How long we keep data", "Security", "Your rights", "Complaints",
        "Changes", "Contact",
    ],
}

LEGAL_BASES = ["consent", "contract", "legal-obligation", "vital-interests",
               "public-task", "legitimate-interests"]

START = dt.date(2018, 1, 8)


def sentence(rng, lang, n=None):
    n = n or rng.randint(9, 22)
    words = [rng.choice(WORDS[lang]) for _ in range(n)]
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def paragraph(rng, lang, links):
    parts = [sentence(rng, lang) for _ in range(rng.randint(2, 5))]
    if links and rng.random() < 0.35:
        text, url = rng.choice(links)
        i = rng.randrange(len(parts))
        parts[i] = parts[i][:-1] + f" ([{text}]({url}))."
    if rng.random() < 0.2:
        i = rng.randrange(len(parts))
        w = parts[i].split(" ")
        j = rng.randrange(1, len(w))
        w[j] = f"**{w[j].rstrip('.')}**" + ("." if w[j].endswith(".") else "")
        parts[i] = " ".join(w)
    return " ".join(parts)


def table(rng, lang):
    head = {"nl": ["Gegevens", "Doel", "Bewaartermijn"],
            "en": ["Data", "Purpose", "Retention"]}[lang]
    rows = []
    for _ in range(rng.randint(3, 6)):
        years = rng.randint(1, 7)
        unit = {"nl": "jaar na vertrek", "en": "years after leaving"}[lang]
        rows.append([" ".join(rng.choice(WORDS[lang]) for _ in range(3)),
                     sentence(rng, lang, rng.randint(4, 8))[:-1],
                     f"{years} {unit}"])
    out = ["| " + " | ".join(head) + " |", "| --- | --- | --- |"]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out)


# How each version relates to the one before it: "edits" changes some
# sections of it, as real revisions do; "rewrites" replaces every version by
# a fresh text of the same size and shape (a board adopting a new model
# text each time); "mixed" edits, except that one version in five (the 5th,
# the 10th, …) is a rewrite.
FLAVOURS = ("edits", "rewrites", "mixed")


def rewritten_at(version, flavour):
    """The last version at or before `version` that was written afresh."""
    if flavour == "rewrites":
        return version
    if flavour == "mixed":
        return version - version % 5
    return 0


def body(doc_seed, version, lang, links, flavour="edits"):
    """A version's text: each section keeps its text from one version to the
    next unless this version changed it, or wrote the whole text afresh."""
    out = []
    base = rewritten_at(version, flavour)
    for s, heading in enumerate(HEADINGS[lang][:9]):
        # The version that last changed this section.
        changed = max(v for v in range(base, version + 1) if v == base or (v + s) % 4 == 0)
        rng = random.Random(f"{doc_seed}/{s}/{changed}/{lang}")
        out.append(f"## {heading}\n")
        for p in range(rng.randint(2, 4)):
            out.append(paragraph(rng, lang, links) + "\n")
            if p == 0 and s % 3 == 1:
                out.append("### " + sentence(rng, lang, 4)[:-1] + "\n")
        shape = (s + doc_seed) % 4
        if shape == 0:
            out.append("\n".join("- " + sentence(rng, lang, rng.randint(5, 12))[:-1] + ";"
                                 for _ in range(rng.randint(3, 7))) + "\n")
        elif shape == 1:
            out.append("\n".join(f"{chr(97 + i)}. " + sentence(rng, lang, rng.randint(5, 12))[:-1] + ";"
                                 for i in range(rng.randint(3, 6))) + "\n")
        elif shape == 2:
            out.append(table(rng, lang) + "\n")
        else:
            out.append("\n".join(f"{i + 1}. " + sentence(rng, lang, rng.randint(5, 12))
                                 for i in range(rng.randint(2, 5))) + "\n")
        out.append(paragraph(rng, lang, links) + "\n")
    return "\n".join(out)


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text(nl, en):
    return "{ nl = " + q(nl) + ", en = " + q(en) + " }"


def write(path, content):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(content)


class Model:
    """The site as plain data, written out twice."""

    def __init__(self, boards, seed, flavour="edits"):
        rng = random.Random(seed)
        self.flavour = flavour
        self.vendors = []
        for i in range(VENDORS):
            self.vendors.append({
                "slug": f"leverancier-{i:02d}",
                "name": f"{rng.choice(['Edu', 'Leer', 'School', 'Klas', 'Ouder'])}"
                        f"{rng.choice(['net', 'data', 'link', 'plein', 'post'])} {i} B.V.",
                "kind": "recipient" if i < 3 else "processor",
            })
        self.boards = []
        for b in range(boards):
            slug = f"bestuur-{b:03d}"
            board = {
                "slug": slug,
                "name": f"Stichting Scholengroep {b:03d}",
                "schools": [], "docs": [], "rels": [],
            }
            for s in range(SCHOOLS_PER_BOARD):
                board["schools"].append({
                    "slug": f"school-{b:03d}-{s}",
                    "name": f"Basisschool {rng.choice(['De Linde', 'Het Anker', 'De Regenboog', 'De Wilg', 'Het Kompas'])} {b:03d}-{s}",
                    "brin": f"{b % 100:02d}{chr(65 + s)}{chr(65 + (b // 100) % 26)}",
                })
            for d, (dslug, kind, nl, en) in enumerate(DOC_KINDS[:DOCS_PER_BOARD]):
                doc_seed = seed * 100003 + b * 17 + d
                versions = []
                day = START + dt.timedelta(days=rng.randint(0, 60))
                for v in range(VERSIONS):
                    number = f"{1 + v // 3}.{v % 3}"
                    material = v > 0 and v % 3 == 0
                    versions.append({
                        "number": number,
                        "published": day,
                        "effective": day + dt.timedelta(days=45),
                        "material": material,
                        "summary": (f"Versie {number}: " + sentence(random.Random(f"{doc_seed}/s/{v}"), "nl", 12),
                                    f"Version {number}: " + sentence(random.Random(f"{doc_seed}/s/{v}"), "en", 12)),
                    })
                    day += dt.timedelta(days=rng.randint(120, 200))
                board["docs"].append({"slug": f"{dslug}-{b:03d}", "kind": kind,
                                      "title": (nl, en), "seed": doc_seed, "versions": versions})
            for r, vendor in enumerate(rng.sample(self.vendors, RELS_PER_BOARD)):
                rel = {
                    "slug": f"{vendor['slug']}-{b:03d}",
                    "kind": vendor["kind"],
                    "controller": slug,
                    "party": vendor["slug"],
                    "legal_basis": rng.choice(LEGAL_BASES),
                    "since": START + dt.timedelta(days=rng.randint(0, 1500)),
                    "purposes": [(sentence(rng, "nl", 6)[:-1], sentence(rng, "en", 6)[:-1]) for _ in range(rng.randint(1, 4))],
                    "categories": [(sentence(rng, "nl", 4)[:-1], sentence(rng, "en", 4)[:-1]) for _ in range(rng.randint(2, 5))],
                    "subs": [v["slug"] for v in rng.sample(self.vendors, 2) if v is not vendor] if r == 1 else [],
                    "until": None,
                }
                if r == 4:
                    rel["until"] = rel["since"] + dt.timedelta(days=700)
                board["rels"].append(rel)
            self.boards.append(board)

    def docs(self):
        for b in self.boards:
            yield from ((b, d) for d in b["docs"])

    def rels(self):
        for b in self.boards:
            yield from ((b, r) for r in b["rels"])

    def schools(self):
        for b in self.boards:
            yield from ((b, s) for s in b["schools"])


def links_for(lang, b):
    return [
        ({"nl": "de website van de Autoriteit Persoonsgegevens", "en": "the website of the Dutch Data Protection Authority"}[lang],
         "https://www.autoriteitpersoonsgegevens.nl/"),
        ({"nl": "de scholen van het bestuur", "en": "the board's schools"}[lang], f"/{lang}/schools/"),
        ({"nl": "de pagina van het bestuur", "en": "the board's page"}[lang], f"/{lang}/organisations/{b['slug']}/"),
    ]


# ------------------------------------------------------------------ policypress

def write_policypress(m, root):
    c = os.path.join(root, "content")
    write(os.path.join(c, "site.toml"), "\n".join([
        "title = " + text("Privacy bij de scholengroepen", "Privacy at the school groups"),
        'base_url = "https://privacy.example.nl/"',
        'languages = ["nl", "en"]',
        'publisher = "bestuur-000"',
        'theme = "default"',
        "",
        "[accessibility]",
        'contact = "webredactie@example.nl"',
        "evaluated = 2026-10-14",
        'method = "self"',
        'status = "compliant"',
        "",
    ]))
    for v in m.vendors:
        write(os.path.join(c, "organisations", v["slug"] + ".toml"),
              f'name = {q(v["name"])}\nemail = "privacy@{v["slug"]}.example"\nwebsite = "https://{v["slug"]}.example"\n')
    for b in m.boards:
        write(os.path.join(c, "organisations", b["slug"] + ".toml"),
              f'name = {q(b["name"])}\nkvk = "8{b["slug"][-3:]}1234"\naddress = "Schoolweg 1, 1234 AB Plaats"\n'
              f'email = "privacy@{b["slug"]}.example"\nwebsite = "https://{b["slug"]}.example"\n'
              f'[dpo]\nname = "FG Diensten"\nemail = "fg@{b["slug"]}.example"\n')
    for b, s in m.schools():
        write(os.path.join(c, "schools", s["slug"] + ".toml"),
              f'name = {q(s["name"])}\nboard = "{b["slug"]}"\nbrin = "{s["brin"]}"\naddress = "Schoolplein {s["slug"][-1]}, 1234 AB Plaats"\n')
    for b, d in m.docs():
        dd = os.path.join(c, "documents", d["slug"])
        write(os.path.join(dd, "document.toml"),
              f'title = {text(*d["title"])}\nowner = "{b["slug"]}"\nkind = "{d["kind"]}"\n')
        for i, v in enumerate(d["versions"]):
            vd = os.path.join(dd, v["number"])
            lines = [f"published = {v['published']}", f"effective = {v['effective']}",
                     f"material = {'true' if v['material'] else 'false'}",
                     "approved_by = " + text("College van Bestuur, na instemming van de GMR",
                                             "Executive board, with consent of the joint participation council"),
                     f"approved_on = {v['published'] - dt.timedelta(days=7)}"]
            if i > 0:
                lines.append("summary = " + text(*v["summary"]))
            write(os.path.join(vd, "version.toml"), "\n".join(lines) + "\n")
            for lang in LANGS:
                write(os.path.join(vd, f"{lang}.md"), body(d["seed"], i, lang, links_for(lang, b), m.flavour))
    for b, r in m.rels():
        lines = [f'kind = "{r["kind"]}"', f'controller = "{r["controller"]}"', f'party = "{r["party"]}"',
                 'schools = "all"',
                 "purposes = [" + ", ".join(text(*p) for p in r["purposes"]) + "]",
                 "data_subjects = [" + text("leerlingen", "pupils") + ", " + text("ouders", "parents") + "]",
                 "data_categories = [" + ", ".join(text(*p) for p in r["categories"]) + "]",
                 f'legal_basis = "{r["legal_basis"]}"',
                 "retention = " + text("Tot twee jaar na vertrek van de leerling.", "Until two years after the pupil leaves."),
                 'location = "EU"',
                 f'agreement = {{ name = "Model Verwerkersovereenkomst 4.0", signed = {r["since"]} }}',
                 f"since = {r['since']}"]
        if r["subs"]:
            lines.append("sub_processors = [" + ", ".join(q(s) for s in r["subs"]) + "]")
        if r["until"]:
            lines.append(f"until = {r['until']}")
        write(os.path.join(c, "relationships", r["slug"] + ".toml"), "\n".join(lines) + "\n")
    for lang in LANGS:
        write(os.path.join(c, "pages", "contact", f"{lang}.md"),
              {"nl": "# Contact\n\n", "en": "# Contact\n\n"}[lang]
              + paragraph(random.Random(f"contact/{lang}"), lang, []) + "\n")


# ------------------------------------------------------------------ Hugo

HUGO_CONFIG = """baseURL = "https://privacy.example.nl/"
defaultContentLanguage = "nl"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = true
[markup.goldmark.renderer]
unsafe = false
[markup.tableOfContents]
startLevel = 2
endLevel = 3
[languages.nl]
contentDir = "content/nl"
languageName = "Nederlands"
title = "Privacy bij de scholengroepen"
weight = 1
[languages.en]
contentDir = "content/en"
languageName = "English"
title = "Privacy at the school groups"
weight = 2
"""

# One base layout, one list and one single template, laying out what
# policypress's theme lays out: head with canonical and hreflang alternates,
# skip link, language switcher, main navigation, breadcrumbs, table of
# contents, body, facts of a version or relationship, lists of child pages.
HUGO_BASEOF = """<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ .Description }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .Permalink }}">
{{ end }}<link rel="stylesheet" href="/static/style.css">
</head>
<body>
<a class="skip-link" href="#main">{{ if eq .Language.Lang "nl" }}Naar de inhoud{{ else }}Skip to content{{ end }}</a>
<header class="site-header">
  <div class="wrap header-row">
    <p class="site-title"><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></p>
    <nav class="lang-switch"><ul>
    {{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" lang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>
    {{ end }}</ul></nav>
  </div>
  {{ partialCached "nav.html" . .Language.Lang .Section }}
</header>
<div class="wrap">
{{ if not .IsHome }}<nav class="breadcrumbs"><ol>
{{ range .Ancestors.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}<li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li>
</ol></nav>{{ end }}
<main id="main" tabindex="-1">
<h1>{{ .Title }}</h1>
{{ block "main" . }}{{ end }}
</main>
</div>
{{ partialCached "footer.html" . .Language.Lang }}
</body>
</html>
"""

# Navigation and footer are the same on every page of a language (and
# section): cached partials, so Hugo does not redo them per page.
HUGO_NAV = """  <nav class="main-nav"><ul class="wrap">
  {{ $cur := . }}{{ range slice "documents" "schools" "relationships" "organisations" }}{{ with site.GetPage (printf "/%s" .) }}<li><a href="{{ .RelPermalink }}"{{ if eq .Section $cur.Section }} aria-current="true"{{ end }}>{{ .Title }}</a></li>{{ end }}
  {{ end }}</ul></nav>
"""

HUGO_FOOTER = """<footer class="site-footer"><div class="wrap footer-grid">
{{ with site.GetPage "/organisations/bestuur-000" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<ul class="plain">{{ range (site.GetPage "/pages").Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</div></footer>
"""

HUGO_LIST = """{{ define "main" }}
{{ with .Params.owner }}<p class="facts">{{ . }}</p>{{ end }}
{{ if .Content }}
<nav class="toc">{{ .TableOfContents }}</nav>
<div class="body">{{ .Content }}</div>
{{ end }}
{{ if .Params.versions }}
<table class="versions"><caption>{{ .Title }}</caption>
<thead><tr><th scope="col">#</th><th scope="col">published</th><th scope="col">effective</th><th scope="col">material</th><th scope="col">summary</th></tr></thead>
<tbody>
{{ range .RegularPages.ByWeight }}{{ if .Params.number }}<tr><th scope="row"><a href="{{ .RelPermalink }}">{{ .Params.number }}</a></th><td><time datetime="{{ .Params.published }}">{{ .Params.published }}</time></td><td>{{ .Params.effective }}</td><td>{{ if .Params.material }}yes{{ else }}no{{ end }}</td><td>{{ .Params.summary }}</td></tr>{{ end }}
{{ end }}</tbody></table>
{{ else }}
<ul class="cards">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.party }} <span>{{ . }}</span>{{ end }}{{ with .Params.purposes }}<ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}</li>
{{ end }}</ul>
{{ end }}
{{ if .IsHome }}<h2>Changes</h2><ul>{{ range first 8 (where site.RegularPages.ByDate.Reverse "Section" "documents") }}<li><a href="{{ .RelPermalink }}">{{ .Title }} {{ .Params.number }}</a></li>{{ end }}</ul>{{ end }}
{{ end }}
"""

HUGO_SINGLE = """{{ define "main" }}
{{ with .Params.number }}<dl class="facts"><dt>Version</dt><dd>{{ . }}</dd><dt>Published</dt><dd>{{ $.Date | time.Format ":date_long" }}</dd><dt>Effective</dt><dd>{{ $.Params.effective }}</dd><dt>Material</dt><dd>{{ if $.Params.material }}yes{{ else }}no{{ end }}</dd></dl>{{ end }}
{{ with .Params.summary }}<p class="summary">{{ . }}</p>{{ end }}
{{ with .Params.party }}<dl class="facts"><dt>Party</dt><dd>{{ . }}</dd><dt>Controller</dt><dd>{{ $.Params.controller }}</dd><dt>Basis</dt><dd>{{ $.Params.legal_basis }}</dd><dt>Since</dt><dd>{{ $.Params.since }}</dd>{{ with $.Params.until }}<dt>Until</dt><dd>{{ . }}</dd>{{ end }}</dl>
<h2>Purposes</h2><ul>{{ range $.Params.purposes }}<li>{{ . }}</li>{{ end }}</ul>
<h2>Data</h2><ul>{{ range $.Params.categories }}<li>{{ . }}</li>{{ end }}</ul>
{{ with $.Params.subs }}<h2>Sub-processors</h2><ul>{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}{{ end }}
{{ if .Params.changelog }}<table><tbody>{{ range .Parent.RegularPages.ByWeight }}{{ with .Params.number }}<tr><td>{{ . }}</td></tr>{{ end }}{{ end }}</tbody></table>{{ end }}
{{ if .Content }}<nav class="toc">{{ .TableOfContents }}</nav>
<div class="body">{{ .Content }}</div>{{ end }}
{{ end }}
"""

HUGO_404 = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>404</title></head>
<body><main><h1>Pagina niet gevonden</h1><p><a href="/nl/">Naar de startpagina</a></p></main></body></html>
"""


def front(**kw):
    out = ["+++"]
    for k, v in kw.items():
        if v is None:
            continue
        if isinstance(v, bool):
            out.append(f"{k} = {'true' if v else 'false'}")
        elif isinstance(v, int):
            out.append(f"{k} = {v}")
        elif isinstance(v, list):
            out.append(f"{k} = [" + ", ".join(q(str(x)) for x in v) + "]")
        else:
            out.append(f"{k} = {q(str(v))}")
    out.append("+++")
    return "\n".join(out) + "\n"


def write_hugo(m, root, changelogs):
    write(os.path.join(root, "hugo.toml"), HUGO_CONFIG)
    lay = os.path.join(root, "layouts")
    write(os.path.join(lay, "baseof.html"), HUGO_BASEOF)
    write(os.path.join(lay, "list.html"), HUGO_LIST)
    write(os.path.join(lay, "single.html"), HUGO_SINGLE)
    write(os.path.join(lay, "404.html"), HUGO_404)
    write(os.path.join(lay, "_partials", "nav.html"), HUGO_NAV)
    write(os.path.join(lay, "_partials", "footer.html"), HUGO_FOOTER)
    write(os.path.join(root, "static", "static", "style.css"), "body { font-family: sans-serif; }\n")
    for li, lang in enumerate(LANGS):
        c = os.path.join(root, "content", lang)
        nl = lang == "nl"
        write(os.path.join(c, "_index.md"), front(title="Privacy bij de scholengroepen" if nl else "Privacy at the school groups"))
        for sec, tnl, ten in [("documents", "Documenten", "Documents"), ("schools", "Scholen", "Schools"),
                              ("relationships", "Verwerkers en ontvangers", "Processors and recipients"),
                              ("organisations", "Organisaties", "Organisations")]:
            write(os.path.join(c, sec, "_index.md"), front(title=tnl if nl else ten))
        for v in m.vendors:
            write(os.path.join(c, "organisations", v["slug"] + ".md"), front(title=v["name"]))
        for b in m.boards:
            write(os.path.join(c, "organisations", b["slug"] + ".md"), front(title=b["name"], email=f"privacy@{b['slug']}.example"))
        for b, s in m.schools():
            write(os.path.join(c, "schools", s["slug"], "_index.md"), front(title=s["name"], owner=b["name"], brin=s["brin"]))
            for r in b["rels"]:
                write(os.path.join(c, "schools", s["slug"], r["slug"] + ".md"),
                      front(title=f"{r['party']} – {s['name']}", party=r["party"], controller=b["name"],
                            legal_basis=r["legal_basis"], since=str(r["since"]),
                            until=str(r["until"]) if r["until"] else None,
                            purposes=[p[li] for p in r["purposes"]], categories=[p[li] for p in r["categories"]],
                            subs=r["subs"]))
        for b, r in m.rels():
            write(os.path.join(c, "relationships", r["slug"] + ".md"),
                  front(title=f"{r['party']} – {b['name']}", party=r["party"], controller=b["name"],
                        legal_basis=r["legal_basis"], since=str(r["since"]),
                        until=str(r["until"]) if r["until"] else None,
                        purposes=[p[li] for p in r["purposes"]], categories=[p[li] for p in r["categories"]],
                        subs=r["subs"]))
        for b, d in m.docs():
            dd = os.path.join(c, "documents", d["slug"])
            links = links_for(lang, b)
            current = len(d["versions"]) - 1
            write(os.path.join(dd, "_index.md"),
                  front(title=d["title"][li], owner=b["name"], versions=True)
                  + body(d["seed"], current, lang, links, m.flavour))
            for i, v in enumerate(d["versions"]):
                write(os.path.join(dd, v["number"] + ".md"),
                      front(title=f"{d['title'][li]} {v['number']}", slug=v["number"], weight=VERSIONS - i,
                            number=v["number"], date=str(v["published"]), published=str(v["published"]),
                            effective=str(v["effective"]), material=v["material"],
                            summary=v["summary"][li] if i > 0 else None)
                      + body(d["seed"], i, lang, links, m.flavour))
            if changelogs:
                write(os.path.join(dd, "changes.md"),
                      front(title=("Wijzigingen " if nl else "Changes ") + d["title"][li], changelog=True))
        write(os.path.join(c, "pages", "contact.md"),
              front(title="Contact") + paragraph(random.Random(f"contact/{lang}"), lang, []) + "\n")
        write(os.path.join(c, "accessibility.md"),
              front(title="Toegankelijkheidsverklaring" if nl else "Accessibility statement"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000, help="about this many policypress pages")
    ap.add_argument("--out", required=True, help="folder to write policypress/ and hugo/ into")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--flavour", choices=FLAVOURS, default="edits",
                    help="how a version relates to the one before: edited (default), "
                         "rewritten entirely, or edited with a rewrite every fifth version")
    ap.add_argument("--hugo-changelogs", action="store_true",
                    help="also give Hugo a change-log page per document (once policypress writes them)")
    a = ap.parse_args()
    boards = max(1, round((a.pages - FIXED_PAGES) / PAGES_PER_BOARD))
    shutil.rmtree(a.out, ignore_errors=True)
    m = Model(boards, a.seed, a.flavour)
    write_policypress(m, os.path.join(a.out, "policypress"))
    write_hugo(m, os.path.join(a.out, "hugo"), a.hugo_changelogs)
    print(f"{a.out}: {boards} boards, about {boards * PAGES_PER_BOARD + FIXED_PAGES} pages, {a.flavour}")


if __name__ == "__main__":
    main()
