//! `policypress new`: starting points for a site and for each kind of
//! content file, so editors copy a correct shape instead of guessing one.
//! Never overwrites a file that exists.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Failure, IoContext};
use crate::i18n::iso;
use crate::lint::PLACEHOLDER;
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
            Diagnostic::error(
                "this file exists already; `policypress new` never overwrites a file",
            )
            .in_file(existing.path.clone())
            .hint("choose another name, or edit the existing file"),
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

fn check_slug(slug: &str, what: &str) -> Result<(), Failure> {
    if crate::source::is_slug(slug) {
        Ok(())
    } else {
        Err(Failure::finding(
            Diagnostic::error(format!("\"{slug}\" is not a valid {what} slug")).hint(format!(
                "use lowercase letters, digits and hyphens, e.g. \"{}\"",
                crate::source::suggest_slug(slug)
            )),
        ))
    }
}

/// The site's publisher and default language, read from site.toml.
fn site_facts(root: &Path) -> Result<(String, Vec<String>, u32), Failure> {
    let (site, diags) = crate::content::load(root);
    if let Some(site) = site {
        return Ok((
            site.config.publisher.clone(),
            site.config.languages.clone(),
            site.config.material_notice_days,
        ));
    }
    // Fall back to site.toml alone, so `new` works while other files are broken.
    let path = root.join("content/site.toml");
    let text = std::fs::read_to_string(&path).map_err(|_| {
        Failure::finding(
            Diagnostic::error(format!("there is no site in {}", root.display())).hint(
                "run this in a site folder (one that holds content/site.toml), or pass --site DIR",
            ),
        )
    })?;
    let table: toml::Table = toml::from_str(&text).map_err(|_| {
        Failure::finding(
            diags
                .into_iter()
                .find(|d| d.is_error())
                .unwrap_or_else(|| Diagnostic::error("content/site.toml cannot be read")),
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
    let days = table
        .get("material_notice_days")
        .and_then(|v| v.as_integer())
        .unwrap_or(30) as u32;
    Ok((publisher, languages, days))
}

fn text_table(langs: &[String], nl: &str, en: &str) -> String {
    let parts: Vec<String> = langs
        .iter()
        .map(|l| match l.as_str() {
            "nl" => format!("{l} = \"{nl}\""),
            "en" => format!("{l} = \"{en}\""),
            _ => format!("{l} = \"{PLACEHOLDER}\""),
        })
        .collect();
    format!("{{ {} }}", parts.join(", "))
}

/// `new site DIR`: a complete starter site in Dutch and English.
pub(crate) fn new_site(dir: &Path, today: Date) -> Result<Vec<PathBuf>, Failure> {
    let d = iso(today);
    let files = vec![
        file("content/site.toml", format!(r#"# The site: its title, where it will be hosted, its languages (the first
# is the default) and the organisation that publishes it.
title = {{ nl = "Privacy bij Stichting Voorbeeldbestuur", en = "Privacy at Stichting Voorbeeldbestuur" }}
base_url = "https://privacy.voorbeeld.nl/"
languages = ["nl", "en"]
publisher = "voorbeeldbestuur"
theme = "default"
material_notice_days = 30

# Uncomment once the site has been evaluated for accessibility; the
# accessibility statement is then generated in every language.
# [accessibility]
# contact = "webredactie@voorbeeld.nl"
# evaluated = {d}
# method = "self"
# status = "compliant"
"#)),
        file("content/organisations/voorbeeldbestuur.toml", r#"name = "Stichting Voorbeeldbestuur"
kvk = "12345678"
address = "Schoolstraat 1, 1234 AB Voorbeeld"
email = "privacy@voorbeeld.nl"
website = "https://www.voorbeeld.nl"

[dpo]
name = "Functionaris gegevensbescherming"
email = "fg@voorbeeld.nl"
"#.to_string()),
        file("content/organisations/duo.toml", r#"name = "Dienst Uitvoering Onderwijs (DUO)"
website = "https://duo.nl"
description = { nl = "Uitvoeringsorganisatie van het ministerie van Onderwijs, Cultuur en Wetenschap.", en = "The executive agency of the Ministry of Education, Culture and Science." }
"#.to_string()),
        file("content/schools/de-voorbeeldschool.toml", r#"name = "Basisschool De Voorbeeldschool"
board = "voorbeeldbestuur"
brin = "00AA"
address = "Schoolstraat 1, 1234 AB Voorbeeld"
"#.to_string()),
        file("content/documents/privacyverklaring/document.toml", r#"title = { nl = "Privacyverklaring", en = "Privacy statement" }
owner = "voorbeeldbestuur"
kind = "statement"
"#.to_string()),
        file("content/documents/privacyverklaring/1.0/version.toml", format!(r#"published = {d}
effective = {d}
material = false
approved_by = {{ nl = "College van Bestuur", en = "Executive board" }}
approved_on = {d}
"#)),
        file("content/documents/privacyverklaring/1.0/nl.md", STARTER_NL.to_string()),
        file("content/documents/privacyverklaring/1.0/en.md", STARTER_EN.to_string()),
        file("content/relationships/duo.toml", r#"kind = "recipient"
controller = "voorbeeldbestuur"
party = "duo"
schools = "all"
purposes = [
  { nl = "Inschrijving van leerlingen in het basisregister onderwijs (BRON)", en = "Registering pupils in the education register (BRON)" },
  { nl = "Bekostiging van de school", en = "Funding of the school" },
]
data_subjects = [{ nl = "leerlingen", en = "pupils" }]
data_categories = [
  { nl = "persoonsgebonden nummer (burgerservicenummer of onderwijsnummer)", en = "personal identification number (citizen service number or education number)" },
  { nl = "naam, geboortedatum en postcode", en = "name, date of birth and postcode" },
]
legal_basis = "legal-obligation"
retention = { nl = "Volgens de wettelijke bewaartermijnen van DUO.", en = "According to DUO's statutory retention periods." }
location = "Nederland"
since = 2020-08-01
"#.to_string()),
        file("content/pages/contact/nl.md", "# Contact\n\nHeeft u een vraag over privacy? Mail naar privacy@voorbeeld.nl. U kunt ook contact opnemen met onze functionaris gegevensbescherming: fg@voorbeeld.nl.\n".to_string()),
        file("content/pages/contact/en.md", "# Contact\n\nDo you have a question about privacy? Email privacy@voorbeeld.nl. You can also contact our data protection officer: fg@voorbeeld.nl.\n".to_string()),
        file(".gitignore", "/public\n".to_string()),
    ];
    create(dir, files)
}

const STARTER_NL: &str = "## Wie zijn wij\n\nStichting Voorbeeldbestuur is het bevoegd gezag van de scholen op deze website. Wij zijn verwerkingsverantwoordelijke voor de persoonsgegevens van leerlingen, ouders en medewerkers.\n\n## Welke gegevens wij verwerken\n\nWij verwerken alleen de gegevens die nodig zijn om onderwijs te geven en leerlingen te begeleiden, zoals naam, adres, geboortedatum, groep en resultaten.\n\n## Waarom wij dat doen\n\nWij gebruiken de gegevens om:\n\na. onderwijs te geven en de voortgang te volgen;\nb. leerlingen te begeleiden;\nc. te voldoen aan wettelijke verplichtingen, zoals de leerplicht.\n\n## Uw rechten\n\nU heeft het recht op inzage, rectificatie, verwijdering en beperking van de verwerking van uw gegevens, en u kunt bezwaar maken. Een verzoek beantwoorden wij binnen een maand.\n\n## Klachten\n\nBent u het niet eens met hoe wij met uw gegevens omgaan? Neem dan eerst contact met ons op. U kunt ook een klacht indienen bij de [Autoriteit Persoonsgegevens](https://www.autoriteitpersoonsgegevens.nl).\n";

const STARTER_EN: &str = "## Who we are\n\nStichting Voorbeeldbestuur is the competent authority of the schools on this website. We are the controller of the personal data of pupils, parents and staff.\n\n## Which data we process\n\nWe only process the data needed to teach and support pupils, such as name, address, date of birth, class and results.\n\n## Why we do so\n\nWe use the data to:\n\na. teach and follow progress;\nb. support pupils;\nc. meet legal obligations, such as compulsory education.\n\n## Your rights\n\nYou have the right of access, rectification, erasure and restriction of processing of your data, and you can object. We answer a request within one month.\n\n## Complaints\n\nDo you disagree with how we handle your data? Please contact us first. You can also lodge a complaint with the [Dutch Data Protection Authority](https://www.autoriteitpersoonsgegevens.nl).\n";

/// `new document SLUG`: a document owned by the publisher, with version 1.0.
pub(crate) fn new_document(root: &Path, slug: &str, today: Date) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, "document")?;
    let (publisher, langs, _) = site_facts(root)?;
    let d = iso(today);
    let mut files = vec![
        file(
            &format!("content/documents/{slug}/document.toml"),
            format!(
                "title = {}\nowner = \"{publisher}\"\nkind = \"statement\"   # statement | regulation | cookies | other\n",
                text_table(&langs, PLACEHOLDER, PLACEHOLDER)
            ),
        ),
        file(
            &format!("content/documents/{slug}/1.0/version.toml"),
            format!("published = {d}\neffective = {d}\nmaterial = false\n"),
        ),
    ];
    for l in &langs {
        files.push(file(
            &format!("content/documents/{slug}/1.0/{l}.md"),
            format!("## {PLACEHOLDER}\n\n{PLACEHOLDER}\n"),
        ));
    }
    create(root, files)
}

/// The next version number: 2.1 → 2.2, 1.9 → 1.10, 2.1.3 → 2.2.
pub(crate) fn next_version(v: &VersionNumber) -> VersionNumber {
    let [major, minor, _] = v.parts();
    VersionNumber::parse(&format!("{major}.{}", minor + 1))
        .expect("bug: a bumped version number is valid")
}

/// `new version DOC`: the next version, with the latest texts copied.
pub(crate) fn new_version(
    root: &Path,
    doc: &str,
    today: Date,
) -> Result<(VersionNumber, Vec<PathBuf>), Failure> {
    check_slug(doc, "document")?;
    let (_, langs, notice_days) = site_facts(root)?;
    let dir = root.join("content/documents").join(doc);
    if !dir.join("document.toml").exists() {
        return Err(Failure::finding(
            Diagnostic::error(format!("there is no document \"{doc}\""))
                .hint(format!("its folder would be content/documents/{doc}/; create a document with `policypress new document {doc}`")),
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
        next_version,
    );
    let d = iso(today);
    let effective = iso(today + time::Duration::days(i64::from(notice_days)));
    let mut files = vec![file(
        &format!("content/documents/{doc}/{next}/version.toml"),
        format!(
            "published = {d}\n# A material change (wezenlijke wijziging) needs {notice_days} days of notice.\neffective = {effective}\nmaterial = false\nsummary = {}\n",
            text_table(&langs, PLACEHOLDER, PLACEHOLDER)
        ),
    )];
    for l in &langs {
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
pub(crate) fn new_school(root: &Path, slug: &str) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, "school")?;
    let (publisher, _, _) = site_facts(root)?;
    create(
        root,
        vec![file(
            &format!("content/schools/{slug}.toml"),
            format!(
                "name = \"{PLACEHOLDER}\"\nboard = \"{publisher}\"\n# brin = \"00AA\"\n# address = \"Straat 1, 1234 AB Plaats\"\n# documents = [\"privacyverklaring\"]   # default: every document of the board\n"
            ),
        )],
    )
}

/// `new relationship SLUG`: the relationship, and its party's organisation
/// file when there is none yet.
pub(crate) fn new_relationship(
    root: &Path,
    slug: &str,
    today: Date,
) -> Result<Vec<PathBuf>, Failure> {
    check_slug(slug, "relationship")?;
    let (publisher, langs, _) = site_facts(root)?;
    let t = |nl: &str, en: &str| text_table(&langs, nl, en);
    let mut files = vec![file(
        &format!("content/relationships/{slug}.toml"),
        format!(
            r#"kind = "processor"            # processor | recipient | joint-controller
controller = "{publisher}"
party = "{slug}"               # the organisation file in content/organisations/
schools = "all"                # or a list of school slugs
purposes = [{p}]
data_subjects = [{s}]
data_categories = [{c}]
legal_basis = "public-task"    # consent | contract | legal-obligation | vital-interests | public-task | legitimate-interests
retention = {p}
location = "EU"
agreement = {{ name = "Model Verwerkersovereenkomst 4.0", signed = {d} }}
# statement = {{ url = "https://…" }}
# sub_processors = []
since = {d}
"#,
            p = t(PLACEHOLDER, PLACEHOLDER),
            s = t("leerlingen", "pupils"),
            c = t(PLACEHOLDER, PLACEHOLDER),
            d = iso(today),
        ),
    )];
    if !root
        .join(format!("content/organisations/{slug}.toml"))
        .exists()
    {
        files.push(file(
            &format!("content/organisations/{slug}.toml"),
            format!(
                "name = \"{PLACEHOLDER}\"\n# website = \"https://…\"\n# email = \"privacy@…\"\n"
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
        assert_eq!(next_version(&n("2.1")).as_str(), "2.2");
        assert_eq!(next_version(&n("1.9")).as_str(), "1.10");
        assert_eq!(next_version(&n("2.1.3")).as_str(), "2.2");
    }
}
