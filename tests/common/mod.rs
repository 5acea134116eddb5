//! Helpers shared by the integration tests: fixture paths, builds through
//! the library and the binary, reading output trees, and small HTML tools.
// Shared by several test crates, each of which uses a part.
#![allow(unreachable_pub, dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use policypress::BuildOptions;
use policypress::model::Date;

/// The as-of date every fixture test uses: between the statement's announced
/// version being published (2025-02-10) and taking effect (2025-04-01).
pub const AS_OF: &str = "2025-03-01";

pub fn date(s: &str) -> Date {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format).expect("bug: a test date is not YYYY-MM-DD")
}

/// tests/fixtures/<name>
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The repository root, which holds the example site.
pub fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds a site in memory through the library; panics with the messages if
/// the build fails.
pub fn build(site: &Path, as_of: &str, drafts: bool) -> BTreeMap<String, Vec<u8>> {
    let opts = BuildOptions {
        as_of: date(as_of),
        drafts,
        preview: false,
    };
    match policypress::site::build(site, opts) {
        Ok(built) => built.files.into_iter().map(|f| (f.path, f.bytes)).collect(),
        Err(diags) => {
            let text: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
            panic!("{} did not build:\n{}", site.display(), text.join("\n"));
        }
    }
}

/// Runs the policypress binary with `args`.
pub fn run(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_policypress"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("bug: could not start the policypress binary")
}

/// Runs `policypress build --site SITE --out OUT --as-of DATE [extra…]`.
pub fn run_build(site: &Path, out: &Path, as_of: &str, extra: &[&str]) -> Output {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "build".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--as-of".as_ref(),
        as_of.as_ref(),
    ];
    args.extend(extra.iter().map(|s| std::ffi::OsStr::new(*s)));
    run(&args)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `dir`, by its path relative to `dir` (with `/`).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in
            std::fs::read_dir(&d).unwrap_or_else(|e| panic!("reading {}: {e}", d.display()))
        {
            let entry = entry.expect("bug: unreadable folder entry");
            let path = entry.path();
            if entry.file_type().expect("bug: no file type").is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .expect("bug: walked outside the folder")
                    .to_string_lossy()
                    .replace('\\', "/");
                let bytes = std::fs::read(&path)
                    .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
                out.insert(rel, bytes);
            }
        }
    }
    out
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("creating {}: {e}", to.display()));
    for entry in
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("reading {}: {e}", from.display()))
    {
        let entry = entry.expect("bug: unreadable folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("bug: no file type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target)
                .unwrap_or_else(|e| panic!("copying {}: {e}", entry.path().display()));
        }
    }
}

/// The `<main …>…</main>` part of a page, which is what a page is about;
/// header and footer are the same everywhere and tested separately.
pub fn main_of(html: &str) -> String {
    let start = html.find("<main").expect("page has no <main>");
    let end = html[start..].find("</main>").expect("page has no </main>") + start + "</main>".len();
    // Blank lines left by template tags say nothing about the page.
    html[start..end]
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes HTML character references in an attribute value or text.
pub fn decode_entities(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let hit = rest.find(';').filter(|&e| e <= 12).and_then(|end| {
            let name = &rest[1..end];
            let c = if let Some(h) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
            } else if let Some(d) = name.strip_prefix('#') {
                d.parse().ok().and_then(char::from_u32)
            } else {
                match name {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => None,
                }
            };
            c.map(|c| (c, end))
        });
        match hit {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Changes the file `file` of `site` with `change`. A change that changes
/// nothing fails the test: a test whose edit stopped applying (the fixture
/// moved on) would otherwise pass while testing nothing.
pub fn edit(site: &Path, file: &str, change: impl FnOnce(String) -> String) {
    let path = site.join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let changed = change(text.clone());
    assert_ne!(changed, text, "{file}: the change changed nothing");
    std::fs::write(&path, changed).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// `text` without the lines that start with `start`.
pub fn without_lines(text: &str, start: &str) -> String {
    text.lines()
        .filter(|l| !l.starts_with(start))
        .map(|l| format!("{l}\n"))
        .collect()
}
