//! The rights block as a parent meets it: on a school's page and on each
//! relationship page it says whom to ask, links to the rights section of
//! the statement in force, and tells what the legal basis allows —
//! withdrawing consent, objecting, or why neither applies — and how to
//! complain; `[rights]` adapts it; the contact page and the glossary
//! exist and the words link to it; `short` shows above the contents.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{AS_OF, build, copy_tree, fixture};

/// The rights block of `page` in `files`, as text between its tags.
fn rights_block(files: &BTreeMap<String, Vec<u8>>, page: &str) -> String {
    let html = String::from_utf8(files[page].clone()).unwrap();
    let start = html
        .find("<section class=\"rights\"")
        .unwrap_or_else(|| panic!("{page} has no rights block"));
    let end = start + html[start..].find("</section>").unwrap();
    html[start..end].to_string()
}

/// A copy of the basic fixture whose relationship `leerwolk-leerplatform`
/// has `basis` as its legal basis.
fn with_basis(dir: &Path, basis: &str) {
    copy_tree(&fixture("basic"), dir);
    let file = dir.join("content/relationships/leerwolk-leerplatform.toml");
    let text = fs::read_to_string(&file).unwrap();
    let text = text.replace(
        "legal_basis = \"public-task\"",
        &format!("legal_basis = \"{basis}\""),
    );
    fs::write(&file, text).unwrap();
}

/// Every legal basis gives the block of the relationship's own page (and
/// of the school's account of it) what the reader may do under it, and
/// never what it does not allow.
#[test]
fn the_block_follows_the_legal_basis() {
    let cases = [
        ("consent", "withdraw", "You may withdraw it at any time"),
        (
            "public-task",
            "object",
            "our task as a school. You may object",
        ),
        ("legitimate-interests", "object", "in our interest"),
        ("legal-obligation", "none", "The law requires this"),
        ("contract", "none", "needed for an agreement with you"),
        ("vital-interests", "none", "life or health"),
    ];
    for (basis, kind, words) in cases {
        let tmp = tempfile::tempdir().unwrap();
        with_basis(tmp.path(), basis);
        let files = build(tmp.path(), AS_OF, false);
        for page in [
            "en/relationships/leerwolk-leerplatform/index.html",
            "en/schools/de-linde/leerwolk-leerplatform/index.html",
        ] {
            let block = rights_block(&files, page);
            assert!(
                block.contains(&format!("id=\"rights-{kind}\"")),
                "{basis}: {page} lacks the {kind} part:\n{block}"
            );
            assert!(block.contains(words), "{basis}: {page}:\n{block}");
            assert!(block.contains(&format!("data-basis=\"{basis}\"")));
            for other in ["withdraw", "object", "none"] {
                if other != kind {
                    assert!(
                        !block.contains(&format!("id=\"rights-{other}\"")),
                        "{basis}: {page} has the {other} part too:\n{block}"
                    );
                }
            }
            assert!(block.contains("Autoriteit Persoonsgegevens"), "{page}");
        }
    }
}

/// A school's block gathers the legal bases of all its processors and
/// recipients, names them, and says whom to ask, in order.
#[test]
fn the_school_block_names_whom_to_ask_and_each_basis() {
    let tmp = tempfile::tempdir().unwrap();
    with_basis(tmp.path(), "consent");
    let files = build(tmp.path(), AS_OF, false);
    let block = rights_block(&files, "en/schools/de-linde/index.html");
    // DUO by law, Leerwolk by consent.
    for part in ["withdraw", "none"] {
        assert!(block.contains(&format!("id=\"rights-{part}\"")), "{block}");
    }
    let withdraw = block.find("rights-withdraw").unwrap();
    let none = block.find("rights-none").unwrap();
    assert!(withdraw < none, "what one can do comes first:\n{block}");
    assert!(block.contains("mailto:"), "{block}");
    let dutch = rights_block(&files, "nl/schools/de-linde/index.html");
    assert!(dutch.contains("Uw rechten"), "{dutch}");
    assert!(dutch.contains("Toestemming intrekken"), "{dutch}");
    assert!(
        dutch.contains("Waarom u hiertegen geen bezwaar kunt maken"),
        "{dutch}"
    );
}

/// `[rights]` sends requests elsewhere, links the section it names and
/// adds its note.
#[test]
fn rights_table_adapts_the_block() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), tmp.path());
    let site = tmp.path().join("content/site.toml");
    let mut text = fs::read_to_string(&site).unwrap();
    text.push_str(
        "\n[rights]\ncontact = \"verzoeken@example.nl\"\nsection = { nl = \"rechten\", en = \"rights\" }\nnote = { nl = \"Vanaf 16 jaar zelf.\", en = \"From 16 on their own.\" }\n",
    );
    fs::write(&site, text).unwrap();
    let files = build(tmp.path(), AS_OF, false);
    let block = rights_block(&files, "en/schools/de-linde/index.html");
    assert!(block.contains("mailto:verzoeken@example.nl"), "{block}");
    assert!(block.contains("From 16 on their own."), "{block}");
    assert!(block.contains("#rights\""), "{block}");
    let dutch = rights_block(&files, "nl/schools/de-linde/index.html");
    assert!(dutch.contains("#rechten\""), "{dutch}");
}

/// "Contact" is in the main menu of every page; the glossary explains the
/// four words and the pages link to it where the words appear.
#[test]
fn contact_in_the_menu_and_a_glossary() {
    let files = build(&fixture("basic"), AS_OF, false);
    let home = String::from_utf8(files["nl/index.html"].clone()).unwrap();
    let menu = &home[home.find("class=\"main-nav\"").unwrap()..];
    let menu = &menu[..menu.find("</nav>").unwrap()];
    assert!(
        menu.contains("<a href=\"/nl/contact/\">Contact</a>"),
        "{menu}"
    );
    let contact = String::from_utf8(files["en/contact/index.html"].clone()).unwrap();
    assert!(contact.contains("class=\"rights\""));
    let glossary = String::from_utf8(files["nl/glossary/index.html"].clone()).unwrap();
    for (id, word) in [
        ("processor", "Verwerker"),
        ("recipient", "Ontvanger"),
        ("legal-basis", "Grondslag"),
        ("material-change", "Wezenlijke wijziging"),
    ] {
        assert!(
            glossary.contains(&format!("id=\"{id}\"><dt>{word}</dt>")),
            "{id}"
        );
    }
    let school = String::from_utf8(files["nl/schools/de-linde/index.html"].clone()).unwrap();
    assert!(school.contains("href=\"/nl/glossary/#legal-basis\">Grondslag</a>"));
    assert!(school.contains("href=\"/nl/glossary/#processor\">Verwerker</a>"));
}

/// `short` is shown above the table of contents, in the reader's language.
#[test]
fn in_short_above_the_contents() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), tmp.path());
    let doc = tmp.path().join("content/documents");
    let version = fs::read_dir(&doc)
        .unwrap()
        .flat_map(|d| fs::read_dir(d.unwrap().path()).unwrap())
        .map(|e| e.unwrap().path().join("version.toml"))
        .find(|p| p.exists())
        .unwrap();
    let mut text = fs::read_to_string(&version).unwrap();
    text.push_str("short = { nl = \"Kort gezegd.\", en = \"Put briefly.\" }\n");
    fs::write(&version, text).unwrap();
    let rel = version.strip_prefix(&doc).unwrap().parent().unwrap();
    let (slug, number) = (
        rel.parent().unwrap().to_str().unwrap(),
        rel.file_name().unwrap().to_str().unwrap(),
    );
    let files = build(tmp.path(), AS_OF, true);
    let page = format!("en/documents/{slug}/{number}/index.html");
    let html = String::from_utf8(files[&page].clone()).unwrap();
    let short = html.find("Put briefly.").expect("the summary is shown");
    if let Some(toc) = html.find("id=\"toc-title\"") {
        assert!(short < toc, "above the table of contents");
    }
    assert!(html.contains("<h2 id=\"in-short-title\">In short</h2>"));
}
