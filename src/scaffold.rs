//! `policypress new`: starting points for a site and for each kind of
//! content file, so editors copy a correct shape instead of guessing one.
//! Never overwrites a file that exists.
//!
//! What only the editor can know is written as a placeholder (`[VUL IN]`,
//! `[FILL IN]` in English texts), never as a value that looks real: no
//! made-up KvK number, no location, no agreement "signed today". A
//! placeholder keeps the site from being published until it is filled in.
//! A new version or document is a draft, without `published`.

use std::path::{Path, PathBuf};

use crate::diag::{Failure, IoContext};
use crate::i18n::iso;
use crate::lint::{PLACEHOLDER, PLACEHOLDER_EN};
use crate::messages::{Language, Message, Noun};
use crate::model::{Date, VersionNumber};

/// A file to create, relative to the site folder.
struct NewFile {
    path: PathBuf,
    text: String,
}

/// Writes all files, or none when any of them exists already.
fn create(root: &Path, files: Vec<NewFile>) -> Result<Vec<PathBuf>, Failure> {
    if let Some(existing) = files.iter().find(|f| root.join(&f.path).exists()) {
        return Err(Failure::finding(
            Message::FileExists.error().in_file(existing.path.clone()),
        ));
    }
    let mut written = Vec::new();
    for f in files {
        let path = root.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).doing("creating the folder", parent)?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .doing("creating", &path)?;
        std::io::Write::write_all(&mut file, f.text.as_bytes()).doing("writing", &path)?;
        written.push(f.path);
    }
    Ok(written)
}

fn file(path: &str, text: String) -> NewFile {
    NewFile {
        path: PathBuf::from(path),
        text,
    }
}

fn check_slug(slug: &str, noun: Noun) -> Result<(), Failure> {
    let named = matches!(noun, Noun::School | Noun::Relationship);
    if named && crate::routes::RESERVED_SEGMENTS.contains(&slug) {
        Err(Failure::finding(
            Message::ReservedSlug {
                slug: slug.to_string(),
                noun,
            }
            .error(),
        ))
    } else if crate::source::is_slug(slug) {
        Ok(())
    } else {
        Err(Failure::finding(
            Message::NewSlug {
                slug: slug.to_string(),
                noun,
                suggestion: crate::source::suggest_slug(slug),
            }
            .error(),
        ))
    }
}

/// What `new` needs to know of a site: from site.toml.
struct Facts {
    publisher: String,
    languages: Vec<String>,
    notice_days: u32,
}

impl Facts {
    /// The placeholder of a value in no language in particular (a name):
    /// the default language's.
    fn placeholder(&self) -> &'static str {
        placeholder_in(self.languages.first().map_or("nl", String::as_str))
    }
}

/// The placeholder of a text in `lang`.
fn placeholder_in(lang: &str) -> &'static str {
    if lang == "nl" {
        PLACEHOLDER
    } else {
        PLACEHOLDER_EN
    }
}

/// The site's publisher, languages and notice period, read from site.toml.
fn site_facts(root: &Path) -> Result<Facts, Failure> {
    // A preview's reading: placeholders left in other files do not matter.
    let (site, diags) = crate::content::load_for(root, crate::content::Purpose::Preview);
    if let Some(site) = site {
        return Ok(Facts {
            publisher: site.config.publisher.clone(),
            languages: site.config.languages.clone(),
            notice_days: site.config.material_notice_days,
        });
    }
    // Fall back to site.toml alone, so `new` works while other files are broken.
    let path = root.join("content/site.toml");
    let text = std::fs::read_to_string(&path).map_err(|_| {
        Failure::finding(
            Message::NoSiteHere {
                root: root.display().to_string(),
            }
            .error(),
        )
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|_| {
        Failure::finding(
            diags
                .into_iter()
                .find(|d| d.is_error())
                .unwrap_or_else(|| Message::SiteTomlUnreadable.error()),
        )
    })?;
    let publisher = table
        .get("publisher")
        .and_then(|v| v.as_str())
        .unwrap_or("")
        .to_string();
    let languages = table
        .get("languages")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_else(|| vec!["nl".to_string()]);
    let notice_days = table
        .get("material_notice_days")
        .and_then(|v| v.as_integer())
        .unwrap_or(30) as u32;
    Ok(Facts {
        publisher,
        languages,
        notice_days,
    })
}

/// A text in every language of `langs`: `nl` for Dutch, `en` for English,
/// a placeholder for any other language.
fn text_table(langs: &[String], nl: &str, en: &str) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| match l.as_str() {
            "nl" => format!("{l} = \"{nl}\""),
            "en" => format!("{l} = \"{en}\""),
            _ => format!("{l} = \"{PLACEHOLDER_EN}\""),
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// A text with a placeholder in every language of `langs`.
fn to_fill_in(langs: &[String]) -> String {
    text_table(langs, PLACEHOLDER, PLACEHOLDER_EN)
}

/// A comment in the language `lang`: `# …` lines.
fn comment(lang: Language, nl: &str, en: &str) -> String {
    let text = match lang {
        Language::Nl => nl,
        Language::En => en,
    };
    text.lines().map(|l| format!("# {l}\n")).collect()
}

/// `new site DIR`: a complete starter site in Dutch and English, with its
/// comments in `lang`.
pub(crate) fn new_site(dir: &Path, today: Date, lang: Language) -> Result<Vec<PathBuf>, Failure> {
    let d = iso(today);
    let (v, f) = (PLACEHOLDER, PLACEHOLDER_EN);
    let c = |nl: &str, en: &str| comment(lang, nl, en);
    let files = vec![
        file("content/site.toml", format!(r#"{}title = {{ nl = "Privacy bij {v}", en = "Privacy at {f}" }}
{}base_url = "{v}"
languages = ["nl", "en"]
publisher = "bestuur"
theme = "default"
material_notice_days = 30

{}# [accessibility]
# contact = "webredactie@…"
# evaluated = {d}
# method = "self"
# status = "compliant"
"#,
            c("De site: de titel, het webadres waar public/ komt te staan, de talen (de\neerste is de standaardtaal) en de organisatie die de site publiceert.",
              "The site: its title, the address where public/ will be hosted, its\nlanguages (the first is the default) and the organisation that publishes it."),
            c("Het volledige webadres, bijvoorbeeld \"https://privacy.uwbestuur.nl/\".",
              "The full address, e.g. \"https://privacy.your-board.nl/\"."),
            c("Haal de #-tekens hieronder weg zodra de site op toegankelijkheid is\nbeoordeeld: dan maakt policypress de toegankelijkheidsverklaring in iedere taal.",
              "Remove the # signs below once the site has been evaluated for\naccessibility: policypress then makes the accessibility statement in every language."),
        )),
        file("content/organisations/bestuur.toml", format!(r#"{}name = "{v}"
kvk = "{v}"
address = "{v}"
email = "{v}"
website = "{v}"

{}[dpo]
name = "{v}"
email = "{v}"
"#,
            c("Het bestuur (bevoegd gezag): naam, KvK-nummer (8 cijfers), adres,\ne-mailadres voor vragen over privacy en website.",
              "The board (bevoegd gezag): its name, KvK number (8 digits), address,\ne-mail address for questions about privacy, and website."),
            c("De functionaris gegevensbescherming (FG).", "The data protection officer (functionaris gegevensbescherming)."),
        )),
        file("content/organisations/duo.toml", r#"name = "Dienst Uitvoering Onderwijs (DUO)"
website = "https://duo.nl"
description = { nl = "Uitvoeringsorganisatie van het ministerie van Onderwijs, Cultuur en Wetenschap.", en = "The executive agency of the Ministry of Education, Culture and Science." }
"#.to_string()),
        file("content/schools/de-voorbeeldschool.toml", format!(r#"{}name = "{v}"
board = "bestuur"
brin = "{v}"
address = "{v}"
"#,
            c("Een school: geef dit bestand de naam van de school, bijvoorbeeld de-linde.toml.\nDe BRIN-code is twee cijfers en twee hoofdletters of cijfers, bijvoorbeeld 12AB.",
              "A school: name this file after the school, e.g. de-linde.toml.\nThe BRIN code is two digits and two capitals or digits, e.g. 12AB."),
        )),
        file("content/documents/privacyverklaring/document.toml", r#"title = { nl = "Privacyverklaring", en = "Privacy statement" }
owner = "bestuur"
kind = "statement"
"#.to_string()),
        file("content/documents/privacyverklaring/1.0/version.toml", format!(r#"{}# published = {d}
effective = {d}
material = false
short = {{ nl = "{v}", en = "{f}" }}
# approved_by = {{ nl = "College van Bestuur", en = "Executive board" }}
# approved_on = {d}
"#,
            c("Een concept: het wordt niet gepubliceerd tot hier een datum van publicatie\nstaat. Zet die erbij zodra de tekst is vastgesteld, en kijk de datum\nvan inwerkingtreding na.",
              "A draft: it is not published until it has a publication date. Add it\nonce the text is adopted, and check the date it takes effect."),
        )),
        file("content/documents/privacyverklaring/1.0/nl.md", STARTER_NL.replace("{v}", v)),
        file("content/documents/privacyverklaring/1.0/en.md", STARTER_EN.replace("{f}", f)),
        file("content/relationships/duo.toml", format!(r#"kind = "recipient"
controller = "bestuur"
party = "duo"
schools = "all"
purposes = [
  {{ nl = "Inschrijving van leerlingen in het basisregister onderwijs (BRON)", en = "Registering pupils in the education register (BRON)" }},
  {{ nl = "Bekostiging van de school", en = "Funding of the school" }},
]
data_subjects = [{{ nl = "leerlingen", en = "pupils" }}]
data_categories = [
  {{ nl = "persoonsgebonden nummer (burgerservicenummer of onderwijsnummer)", en = "personal identification number (citizen service number or education number)" }},
  {{ nl = "naam, geboortedatum en postcode", en = "name, date of birth and postcode" }},
]
legal_basis = "legal-obligation"
retention = {{ nl = "Volgens de wettelijke bewaartermijnen van DUO.", en = "According to DUO's statutory retention periods." }}
location = {{ countries = ["NL"] }}
{}since = "{v}"
"#,
            c("De eerste dag waarop het bestuur gegevens aan DUO gaf, bijvoorbeeld 2020-08-01.",
              "The first day the board gave data to DUO, e.g. 2020-08-01."),
        )),
        file("content/pages/contact/nl.md", format!("# Contact\n\nHeeft u een vraag over privacy? Mail naar {v}. U kunt ook contact opnemen met onze functionaris gegevensbescherming: {v}.\n")),
        file("content/pages/contact/en.md", format!("# Contact\n\nDo you have a question about privacy? Email {f}. You can also contact our data protection officer: {f}.\n")),
        file(".gitignore", GITIGNORE.to_string()),
        file(".github/workflows/pages.yml", ci_file(GITHUB_PAGES)),
        file(".gitlab-ci.yml", ci_file(GITLAB_PAGES)),
    ];
    create(dir, files)
}

/// What git must never hold: the output and the build's working copy of it
/// beside it (uploading either is never wanted).
const GITIGNORE: &str = "/public/\n/.public.staging/\n";

/// GitHub Pages: a build on every push to main and once a day, since what a
/// site shows changes with the date. No key: sealing stays on the editor's
/// computer.
const GITHUB_PAGES: &str = r##"# Builds the privacy site with policypress and publishes it on GitHub Pages:
# on every push to main, once a day (a site changes with the date: an
# announced version takes effect, a relationship ends) and when started by
# hand under Actions. It needs no key: versions are sealed on the editor's
# computer with `policypress publish`, and transparency/ is committed.
# Turn it on under Settings → Pages → Source: "GitHub Actions".
name: Privacy site

on:
  push:
    branches: [main]
  schedule:
    - cron: "17 5 * * *"
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

env:
  # Where policypress is installed from: the git address of its source, and
  # a tag or commit to pin it to (empty: the newest).
  POLICYPRESS_GIT: "{git}"
  POLICYPRESS_REV: ""

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - name: Cache policypress
        id: cache
        uses: actions/cache@v4
        with:
          path: ~/.cargo/bin/policypress
          key: policypress-${{ runner.os }}-${{ env.POLICYPRESS_GIT }}-${{ env.POLICYPRESS_REV }}
      - name: Install policypress (the first time about ten minutes)
        if: steps.cache.outputs.cache-hit != 'true'
        run: cargo install --locked --git "$POLICYPRESS_GIT" ${POLICYPRESS_REV:+--rev "$POLICYPRESS_REV"} policypress
      - name: Build
        run: policypress build
      - name: Verify the log
        if: hashFiles('transparency/log.vkey') != ''
        run: policypress verify public/
      - uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"##;

/// GitLab Pages: the same as [`GITHUB_PAGES`]; GitLab keeps its daily
/// schedule out of the file.
const GITLAB_PAGES: &str = r##"# Builds the privacy site with policypress and publishes it on GitLab Pages
# on every push to the default branch. A site changes with the date (an
# announced version takes effect, a relationship ends), so also add a daily
# run under Build → Pipeline schedules, e.g. "17 5 * * *" on the default
# branch. It needs no key: versions are sealed on the editor's computer
# with `policypress publish`, and transparency/ is committed.

variables:
  # Where policypress is installed from: the git address of its source, and
  # a tag or commit to pin it to (empty: the newest).
  POLICYPRESS_GIT: "{git}"
  POLICYPRESS_REV: ""
  CARGO_HOME: "$CI_PROJECT_DIR/.cargo"

pages:
  image: rust:1-bookworm
  cache:
    key: "policypress-$POLICYPRESS_REV"
    paths:
      - .cargo/bin/
  script:
    - test -x .cargo/bin/policypress || cargo install --locked --git "$POLICYPRESS_GIT" ${POLICYPRESS_REV:+--rev "$POLICYPRESS_REV"} policypress
    - .cargo/bin/policypress build
    - if [ -f transparency/log.vkey ]; then .cargo/bin/policypress verify public/; fi
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
"##;

/// A CI file with the placeholder for where policypress comes from: the
/// address of its git source is not known to the program itself.
fn ci_file(template: &str) -> String {
    template.replace("{git}", PLACEHOLDER)
}

const STARTER_NL: &str = "## Wie zijn wij\n\n{v} is het bevoegd gezag van de scholen op deze website. Wij zijn verwerkingsverantwoordelijke voor de persoonsgegevens van leerlingen, ouders en medewerkers.\n\n## Welke gegevens wij verwerken\n\nWij verwerken alleen de gegevens die nodig zijn om onderwijs te geven en leerlingen te begeleiden, zoals naam, adres, geboortedatum, groep en resultaten.\n\n## Waarom wij dat doen\n\nWij gebruiken de gegevens om:\n\na. onderwijs te geven en de voortgang te volgen;\nb. leerlingen te begeleiden;\nc. te voldoen aan wettelijke verplichtingen, zoals de leerplicht.\n\n## Uw rechten\n\nU heeft het recht op inzage, rectificatie, verwijdering en beperking van de verwerking van uw gegevens, en u kunt bezwaar maken. Een verzoek beantwoorden wij binnen een maand.\n\n## Klachten\n\nBent u het niet eens met hoe wij met uw gegevens omgaan? Neem dan eerst contact met ons op. U kunt ook een klacht indienen bij de [Autoriteit Persoonsgegevens](https://www.autoriteitpersoonsgegevens.nl).\n";

const STARTER_EN: &str = "## Who we are\n\n{f} is the competent authority of the schools on this website. We are the controller of the personal data of pupils, parents and staff.\n\n## Which data we process\n\nWe only process the data needed to teach and support pupils, such as name, address, date of birth, class and results.\n\n## Why we do so\n\nWe use the data to:\n\na. teach and follow progress;\nb. support pupils;\nc. meet legal obligations, such as compulsory education.\n\n## Your rights\n\nYou have the right of access, rectification, erasure and restriction of processing of your data, and you can object. We answer a request within one month.\n\n## Complaints\n\nDo you disagree with how we handle your data? Please contact us first. You can also lodge a complaint with the [Dutch Data Protection Authority](https://www.autoriteitpersoonsgegevens.nl).\n";

/// `new document SLUG`: a document owned by the publisher, with a draft of
/// version 1.0.
pub(crate) fn new_document(
    root: &Path,
    slug: &str,
    today: Date,
    lang: Language,
) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, Noun::Document)?;
    let facts = site_facts(root)?;
    let d = iso(today);
    let mut files = vec![
        file(
            &format!("content/documents/{slug}/document.toml"),
            format!(
                "title = {}\nowner = \"{}\"\nkind = \"statement\"   # statement | regulation | cookies | other\n",
                to_fill_in(&facts.languages),
                facts.publisher
            ),
        ),
        file(
            &format!("content/documents/{slug}/1.0/version.toml"),
            format!(
                "{}# published = {d}\neffective = {d}\nmaterial = false\nshort = {}\n",
                comment(
                    lang,
                    "Een concept: het wordt niet gepubliceerd tot hier een datum van publicatie staat.",
                    "A draft: it is not published until it has a publication date."
                ),
                to_fill_in(&facts.languages)
            ),
        ),
    ];
    for l in &facts.languages {
        let p = placeholder_in(l);
        files.push(file(
            &format!("content/documents/{slug}/1.0/{l}.md"),
            format!("## {p}\n\n{p}\n"),
        ));
    }
    create(root, files)
}

/// The next version number: 2.1 → 2.2, 1.9 → 1.10, 2.1.3 → 2.2; with
/// `major`, 2.1 → 3.0.
pub(crate) fn next_version(v: &VersionNumber, major: bool) -> VersionNumber {
    let [a, b, _] = v.parts();
    let next = if major {
        format!("{}.0", a + 1)
    } else {
        format!("{a}.{}", b + 1)
    };
    VersionNumber::parse(&next).expect("bug: a bumped version number is valid")
}

/// `new version DOC`: a draft of the next version (the next major one with
/// `major`), with the latest texts copied, an effective date after the
/// notice period, and no publication date.
pub(crate) fn new_version(
    root: &Path,
    doc: &str,
    major: bool,
    today: Date,
    lang: Language,
) -> Result<(VersionNumber, Vec<PathBuf>), Failure> {
    check_slug(doc, Noun::Document)?;
    let facts = site_facts(root)?;
    let dir = root.join("content/documents").join(doc);
    if !dir.join("document.toml").exists() {
        return Err(Failure::finding(
            Message::NoSuchDocument {
                document: doc.to_string(),
            }
            .error(),
        ));
    }
    let mut latest: Option<VersionNumber> = None;
    for entry in std::fs::read_dir(&dir).doing("reading the folder", &dir)? {
        let entry = entry.doing("reading the folder", &dir)?;
        if let Some(n) = entry.file_name().to_str().and_then(VersionNumber::parse)
            && latest.as_ref().is_none_or(|l| n > *l)
        {
            latest = Some(n);
        }
    }
    let next = latest.as_ref().map_or_else(
        || VersionNumber::parse("1.0").expect("bug: 1.0 is valid"),
        |l| next_version(l, major),
    );
    let days = facts.notice_days;
    let effective = iso(today + time::Duration::days(i64::from(days)));
    let notes = comment(
        lang,
        &format!(
            "Een concept: het wordt niet gepubliceerd tot hier een datum van publicatie\nstaat (published = JJJJ-MM-DD). Een wezenlijke wijziging moet {days} dagen\nvoor de inwerkingtreding gepubliceerd zijn."
        ),
        &format!(
            "A draft: it is not published until it has a publication date\n(published = YYYY-MM-DD). A material change must be published {days} days\nbefore it takes effect."
        ),
    );
    let mut files = vec![file(
        &format!("content/documents/{doc}/{next}/version.toml"),
        format!(
            "{notes}effective = {effective}\nmaterial = false\nsummary = {}\nshort = {}\n",
            to_fill_in(&facts.languages),
            to_fill_in(&facts.languages)
        ),
    )];
    for l in &facts.languages {
        let text = latest.as_ref().and_then(|p| {
            std::fs::read_to_string(dir.join(p.as_str()).join(format!("{l}.md"))).ok()
        });
        if let Some(text) = text {
            files.push(file(
                &format!("content/documents/{doc}/{next}/{l}.md"),
                text,
            ));
        }
    }
    create(root, files).map(|f| (next, f))
}

/// `new school SLUG`.
pub(crate) fn new_school(root: &Path, slug: &str, lang: Language) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, Noun::School)?;
    let facts = site_facts(root)?;
    let v = facts.placeholder();
    create(
        root,
        vec![file(
            &format!("content/schools/{slug}.toml"),
            format!(
                "name = \"{v}\"\nboard = \"{}\"\n{}brin = \"{v}\"\naddress = \"{v}\"\n{}# documents = [\"privacyverklaring\"]\n",
                facts.publisher,
                comment(
                    lang,
                    "De BRIN-code: twee cijfers en twee hoofdletters of cijfers, bijvoorbeeld 12AB.",
                    "The BRIN code: two digits and two capitals or digits, e.g. 12AB."
                ),
                comment(
                    lang,
                    "Zonder `documents` gelden alle documenten van het bestuur voor de school.",
                    "Without `documents`, every document of the board applies to the school."
                ),
            ),
        )],
    )
}

/// `new relationship SLUG`: the relationship, and its party's organisation
/// file when there is none yet.
pub(crate) fn new_relationship(
    root: &Path,
    slug: &str,
    lang: Language,
) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, Noun::Relationship)?;
    let facts = site_facts(root)?;
    let v = facts.placeholder();
    let t = to_fill_in(&facts.languages);
    let c = |nl: &str, en: &str| comment(lang, nl, en);
    let mut files = vec![file(
        &format!("content/relationships/{slug}.toml"),
        format!(
            r#"kind = "processor"            # processor | recipient | joint-controller
controller = "{publisher}"
party = "{slug}"               # content/organisations/{slug}.toml
schools = "all"                # "all" | ["slug-of-a-school", …]
purposes = [{t}]
data_subjects = [{t}]
data_categories = [{t}]
{basis}legal_basis = "{v}"
retention = {t}
{location}location = {{ countries = ["{v}"], transfer = "{v}" }}
{agreement}agreement = {{ name = "{v}", signed = "{v}" }}
# statement = {{ url = "https://…" }}
# sub_processors = []
{special}special_categories = ["{v}"]
{dpia}dpia = {{ done = "{v}", url = "{v}" }}
{bijsluiter}bijsluiter = {{ url = "{v}", version = "{v}" }}
{since}since = "{v}"

{history}# [[change]]
# from = 2027-03-01
# announced = 2026-11-15
# sub_processors = ["slug-of-a-sub-processor"]
"#,
            publisher = facts.publisher,
            history = c(
                "Wat later verandert (een nieuwe subverwerker, een andere plaats, overeenkomst,\ndoel of soort gegevens) schrijft u in een [[change]]-tabel: `from` is de eerste dag,\nde andere sleutels zijn wat vanaf die dag anders is. `announced` is de dag\nwaarop scholen en ouders het hoorden.",
                "What changes later (a new sub-processor, another location, agreement,\npurpose or kind of data) goes in a [[change]] table: `from` is its first day,\nthe other keys are what is different from that day. `announced` is the day\nschools and parents were told."
            ),
            basis = c(
                "De grondslag (AVG art. 6 lid 1): consent | contract | legal-obligation |\nvital-interests | public-task | legitimate-interests",
                "The legal basis (AVG art. 6(1)): consent | contract | legal-obligation |\nvital-interests | public-task | legitimate-interests"
            ),
            location = c(
                "Waar de gegevens worden verwerkt: de landen met hun code uit ISO 3166-1, bijvoorbeeld\n[\"NL\"] of [\"IE\", \"US\"]. Buiten de EER ook de grondslag van de doorgifte:\nadequacy | scc | bcr | derogation. Blijven de gegevens in de EER, haal transfer dan weg.",
                "Where the data is processed: the countries by their ISO 3166-1 codes, e.g.\n[\"NL\"] or [\"IE\", \"US\"]. Outside the EEA also the basis of the transfer:\nadequacy | scc | bcr | derogation. When the data stays in the EEA, remove transfer."
            ),
            special = c(
                "Bijzondere persoonsgegevens (AVG art. 9 en 10) en het BSN of onderwijsnummer:\nhealth | ethnicity | religion | political | trade-union | genetic | biometric |\nsex-life | criminal | national-id. Verwerkt de leverancier die niet, haal de regel weg.",
                "Special categories of personal data (AVG art. 9 and 10) and the BSN or education\nnumber: health | ethnicity | religion | political | trade-union | genetic | biometric |\nsex-life | criminal | national-id. When the supplier processes none, remove the line."
            ),
            dpia = c(
                "De DPIA (gegevensbeschermingseffectbeoordeling): de dag dat die af was (JJJJ-MM-DD,\nzonder aanhalingstekens) en waar die te lezen is. Geen DPIA? Haal de regel weg.",
                "The DPIA (data protection impact assessment): the day it was completed (YYYY-MM-DD,\nwithout quotes) and where it can be read. No DPIA? Remove the line."
            ),
            bijsluiter = c(
                "De privacybijsluiter van het product (Privacyconvenant Onderwijs): het webadres en de versie.",
                "The product's privacybijsluiter (Privacyconvenant Onderwijs): its web address and version."
            ),
            agreement = c(
                "De verwerkersovereenkomst: de naam (bijvoorbeeld \"Model Verwerkersovereenkomst 4.0\")\nen de datum van ondertekening (JJJJ-MM-DD, zonder aanhalingstekens).",
                "The data processing agreement: its name (e.g. \"Model Verwerkersovereenkomst 4.0\")\nand the date it was signed (YYYY-MM-DD, without quotes)."
            ),
            since = c(
                "De eerste dag van de relatie (JJJJ-MM-DD, zonder aanhalingstekens).",
                "The first day of the relationship (YYYY-MM-DD, without quotes)."
            ),
        ),
    )];
    if !root
        .join(format!("content/organisations/{slug}.toml"))
        .exists()
    {
        files.push(file(
            &format!("content/organisations/{slug}.toml"),
            format!(
                "name = \"{v}\"\n# website = \"https://…\"\n# email = \"privacy@…\"\n{}# location = {{ countries = [\"NL\"] }}\n",
                comment(
                    lang,
                    "Als subverwerker: waar de organisatie de gegevens verwerkt (landen uit ISO 3166-1,\nbuiten de EER met transfer = \"scc\" of een andere grondslag).",
                    "As a sub-processor: where the organisation processes data (ISO 3166-1 countries,\noutside the EEA with transfer = \"scc\" or another basis)."
                )
            ),
        ));
    }
    create(root, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_bumps() {
        let n = |s| VersionNumber::parse(s).unwrap();
        assert_eq!(next_version(&n("2.1"), false).as_str(), "2.2");
        assert_eq!(next_version(&n("1.9"), false).as_str(), "1.10");
        assert_eq!(next_version(&n("2.1.3"), false).as_str(), "2.2");
        assert_eq!(next_version(&n("2.1"), true).as_str(), "3.0");
        assert_eq!(next_version(&n("9.3.1"), true).as_str(), "10.0");
    }
}
