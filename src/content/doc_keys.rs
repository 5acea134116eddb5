//! Holds `docs/content-format.md` to the readers: the keys each reader asks
//! for are exactly the keys the reference documents for its kind of file,
//! so a key cannot be added to one and forgotten in the other.

use std::collections::BTreeSet;

use super::{FileKind, read_given};

/// The reference's heading for each kind of TOML file.
const SECTIONS: [(FileKind, &str); 6] = [
    (FileKind::Site, "content/site.toml"),
    (
        FileKind::Organisation,
        "content/organisations/&lt;slug&gt;.toml",
    ),
    (FileKind::School, "content/schools/&lt;slug&gt;.toml"),
    (
        FileKind::Document,
        "content/documents/&lt;doc&gt;/document.toml",
    ),
    (
        FileKind::Version,
        "content/documents/&lt;doc&gt;/&lt;version&gt;/version.toml",
    ),
    (
        FileKind::Relationship,
        "content/relationships/&lt;slug&gt;.toml",
    ),
];

/// The rows of the key table under the heading `## {heading}`.
fn rows<'d>(doc: &'d str, heading: &str) -> Vec<&'d str> {
    let start = doc
        .find(&format!("\n## {heading}\n"))
        .unwrap_or_else(|| panic!("the reference has no section `## {heading}`"));
    doc[start + 1..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| key ") && !l.starts_with("| ---"))
        .collect()
}

/// The code spans of a piece of Markdown: what is between backticks.
fn code_spans(md: &str) -> impl Iterator<Item = &str> {
    md.split('`').skip(1).step_by(2)
}

/// The keys a section documents, dotted below the top table: the keys of
/// the first column (`name`, `[dpo] email`: `dpo` and `dpo.email`), and
/// the keys of the inline tables in the meaning column
/// (`{ name = "…", signed = 2023-05-01 }` under `agreement`).
fn documented(doc: &str, heading: &str) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for row in rows(doc, heading) {
        let cells: Vec<&str> = row.split(" | ").collect();
        let mut row_keys = Vec::new();
        for key in code_spans(cells[0]) {
            match key.strip_prefix('[').and_then(|k| k.split_once(']')) {
                Some((table, "")) => row_keys.push(table.to_string()),
                Some((table, key)) => {
                    keys.insert(table.to_string());
                    keys.insert(format!("{table}.{}", key.trim()));
                }
                None => row_keys.push(key.to_string()),
            }
        }
        let meaning = cells.last().expect("bug: a table row has cells");
        for table in code_spans(meaning).filter(|s| s.starts_with('{')) {
            let parsed: toml::Table = toml::from_str(&format!("x = {table}"))
                .unwrap_or_else(|e| panic!("`{table}` in the reference is not TOML: {e}"));
            let inner = parsed["x"].as_table().expect("bug: parsed as a table");
            for owner in &row_keys {
                keys.extend(inner.keys().map(|k| format!("{owner}.{k}")));
            }
        }
        keys.extend(row_keys);
    }
    keys
}

/// The keys `kind`'s reader asks for, given a file in which each of `keys`
/// is an empty table, so that every nested table the reader knows of is
/// opened and read too.
fn asked(kind: FileKind, keys: &BTreeSet<String>) -> BTreeSet<String> {
    let file: String = keys
        .iter()
        .filter(|k| !k.contains('.'))
        .map(|k| format!("{k} = {{}}\n"))
        .collect();
    let (l, _) = read_given(kind, file.into_bytes());
    l.asked.into_iter().collect()
}

#[test]
fn the_reference_documents_exactly_the_keys_the_readers_read() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/content-format.md");
    let doc = std::fs::read_to_string(path).expect("docs/content-format.md is readable");
    let mut drift = Vec::new();
    for (kind, heading) in SECTIONS {
        let documented = documented(&doc, heading);
        let asked = asked(kind, &documented);
        let undocumented: Vec<_> = asked.difference(&documented).collect();
        let unread: Vec<_> = documented.difference(&asked).collect();
        if !undocumented.is_empty() || !unread.is_empty() {
            drift.push(format!(
                "{kind:?}: read but not documented: {undocumented:?}; documented but not read: {unread:?}"
            ));
        }
    }
    assert!(
        drift.is_empty(),
        "docs/content-format.md and the readers differ:\n{}",
        drift.join("\n")
    );
}

#[test]
fn the_reference_is_parsed_as_meant() {
    let doc = "\n## x.toml\n\n| key | required | meaning |\n| --- | --- | --- |\n\
               | `a`, `b` | yes | text, e.g. `\"all\"` |\n\
               | `[t] c` | no | |\n\
               | `d` | no | `{ e = 1, f = \"…\" }` or `{ g = 2019-04-01 }` |\n\n## next\n| `h` | | |\n";
    let keys: Vec<String> = documented(doc, "x.toml").into_iter().collect();
    assert_eq!(keys, ["a", "b", "d", "d.e", "d.f", "d.g", "t", "t.c"]);
}
