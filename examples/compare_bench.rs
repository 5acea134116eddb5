//! Benchmark and byte-identity check (not a test) for `compare`, the
//! word-level comparison of two versions' texts.
//!
//! `compare_bench hash [SITE…]` runs `compare` over a deterministic corpus of
//! pairs and prints one SHA-256 over every result (HTML, outline, count):
//! the consecutive versions of every given site (the example site and the
//! test fixtures are always included), realistic edits of the sample texts
//! in `$COMPARE_SAMPLES` (Markdown files; default `/work/shared/samples`)
//! and of the sites' bodies (reworded sentences, inserted and removed
//! paragraphs, list items and table rows, changed cells, reordered
//! sections), and broken HTML made by cutting and splicing rendered bodies.
//! A change meant to be invisible (a speed-up) must leave this hash as it
//! was. `--dump FILE` also writes one hash per pair, to find the first pair
//! that differs; `show N` prints pair N and its comparison.
//! `COMPARE_MUTATIONS` sets how many broken-HTML pairs there are (3000);
//! `COMPARE_FUZZ_CORPUS=DIR` adds the inputs of the `compare_bodies` fuzz
//! target found in DIR.
//!
//! `compare_bench time SITE [ITERATIONS]` times `compare` on what a build
//! compares: every pair of consecutive versions of SITE in every language,
//! ITERATIONS times (default 20), and prints the median wall time per round
//! and per pair.
//!
//! Run in release mode:
//! `python3 bench/gen.py --pages 1000 --out /tmp/cmpbench` then
//! `cargo run --release --example compare_bench -- time /tmp/cmpbench/policypress`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use policypress::compare::{Comparison, Labels, compare};
use policypress::markdown::{BodyKind, MarkdownOptions, render};
use sha2::{Digest, Sha256};

/// Counts allocations, so `time` can say how many a comparison makes.
struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Pair {
    name: String,
    old: String,
    new: String,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mode = args.first().map(String::as_str).unwrap_or("");
    match mode {
        "hash" => {
            let mut sites = Vec::new();
            let mut dump = None;
            let mut it = args[1..].iter();
            while let Some(a) = it.next() {
                if a == "--dump" {
                    dump = it.next().map(PathBuf::from);
                } else {
                    sites.push(PathBuf::from(a));
                }
            }
            hash(&corpus(&sites), dump.as_deref());
        }
        "show" => {
            let n: usize = args
                .get(1)
                .and_then(|s| s.parse().ok())
                .expect("show N [SITE…]");
            let sites: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
            let pairs = corpus(&sites);
            let p = &pairs[n];
            let c = compare(&p.old, &p.new, &labels(n));
            println!(
                "== {}\n== old\n{}\n== new\n{}\n== result\n{}\n{:?}",
                p.name, p.old, p.new, c.html, c.outline
            );
        }
        "time" => {
            let site = args
                .get(1)
                .map(PathBuf::from)
                .expect("time SITE [ITERATIONS]");
            let iterations: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(20);
            time(&site, iterations);
        }
        _ => {
            eprintln!(
                "usage: compare_bench hash [SITE…] [--dump FILE] | show N [SITE…] | time SITE [ITERATIONS]"
            );
            std::process::exit(2);
        }
    }
}

/// Two sets of labels: the real Dutch ones, and ones that need escaping.
fn labels(n: usize) -> Labels {
    if n.is_multiple_of(2) {
        Labels {
            added: "toegevoegd:".into(),
            removed: "verwijderd:".into(),
            unchanged_one: "1 ongewijzigde alinea".into(),
            unchanged_many: "{count} ongewijzigde alinea's".into(),
        }
    } else {
        Labels {
            added: "<added> & \"new\":".into(),
            removed: "removed > old:".into(),
            unchanged_one: "one <same> & folded".into(),
            unchanged_many: "{count} & {count} <same>".into(),
        }
    }
}

fn digest(c: &Comparison) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut field = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    field(c.html.as_bytes());
    field(&(c.changed_blocks as u64).to_le_bytes());
    for e in &c.outline {
        field(format!("{:?}|{}|{:?}", e.heading, e.id, e.change).as_bytes());
    }
    h.finalize().into()
}

fn hash(pairs: &[Pair], dump: Option<&Path>) {
    let mut all = Sha256::new();
    let mut lines = String::new();
    let mut bytes = 0usize;
    for (i, p) in pairs.iter().enumerate() {
        let c = compare(&p.old, &p.new, &labels(i));
        bytes += c.html.len();
        let d = digest(&c);
        all.update(d);
        let _ = writeln!(lines, "{i} {} {}", hex(&d), p.name);
    }
    if let Some(path) = dump {
        std::fs::write(path, lines).expect("writing the dump");
    }
    println!(
        "{} pairs, {} bytes of output, sha256 {}",
        pairs.len(),
        bytes,
        hex(&all.finalize())
    );
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

// ---------------------------------------------------------------- corpus

/// Every version body of a site, rendered as a build renders it: per
/// document, per language, the HTML of each version in order.
fn site_bodies(root: &Path) -> Vec<(String, Vec<String>)> {
    let (site, diags) = policypress::content::load(root);
    let Some(site) = site else {
        eprintln!(
            "skipping {}: {} errors",
            root.display(),
            diags.error_count()
        );
        return Vec::new();
    };
    let opts = MarkdownOptions {
        kind: BodyKind::Version,
        unsafe_html: site.config.unsafe_html,
    };
    let mut out = Vec::new();
    for doc in site.documents.values() {
        let mut langs: Vec<&String> = doc.versions.iter().flat_map(|v| v.bodies.keys()).collect();
        langs.sort();
        langs.dedup();
        for lang in langs {
            let htmls: Vec<String> = doc
                .versions
                .iter()
                .filter_map(|v| v.bodies.get(lang))
                .map(|b| render(&b.source, &opts).html)
                .collect();
            out.push((format!("{}:{}/{lang}", root.display(), doc.slug), htmls));
        }
    }
    out
}

fn consecutive(name: &str, htmls: &[String], out: &mut Vec<Pair>) {
    for (i, w) in htmls.windows(2).enumerate() {
        out.push(Pair {
            name: format!("{name} {i}->{}", i + 1),
            old: w[0].clone(),
            new: w[1].clone(),
        });
    }
}

fn corpus(extra_sites: &[PathBuf]) -> Vec<Pair> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sites = vec![repo.to_path_buf()];
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(repo.join("tests/fixtures"))
        .expect("listing tests/fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("content/site.toml").is_file())
        .collect();
    fixtures.sort();
    sites.extend(fixtures);
    sites.extend(extra_sites.iter().cloned());

    let mut pairs = Vec::new();
    let mut rng = Rng(0x5eed_c0de);
    let mut site_htmls = Vec::new();
    for root in &sites {
        for (name, htmls) in site_bodies(root) {
            consecutive(&name, &htmls, &mut pairs);
            // Backwards, and two versions apart.
            for i in 0..htmls.len().saturating_sub(1) {
                pairs.push(Pair {
                    name: format!("{name} {}->{i}", i + 1),
                    old: htmls[i + 1].clone(),
                    new: htmls[i].clone(),
                });
                if i + 2 < htmls.len() {
                    pairs.push(Pair {
                        name: format!("{name} {i}->{}", i + 2),
                        old: htmls[i].clone(),
                        new: htmls[i + 2].clone(),
                    });
                }
            }
            site_htmls.extend(htmls.iter().cloned());
        }
        // Edited copies of a few Markdown bodies of each site.
        if let (Some(site), _) = policypress::content::load(root) {
            let sources: Vec<String> = site
                .documents
                .values()
                .flat_map(|d| d.versions.iter())
                .flat_map(|v| v.bodies.values())
                .map(|b| b.source.clone())
                .collect();
            for (i, s) in sources.iter().enumerate().filter(|(i, _)| i % 7 == 0) {
                edit_chain(
                    &format!("{}#{i}", root.display()),
                    s,
                    &mut rng,
                    false,
                    &mut pairs,
                );
            }
        }
    }

    let samples = std::env::var_os("COMPARE_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/work/shared/samples"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&samples)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        eprintln!("no samples in {}", samples.display());
    }
    for f in &files {
        let text = std::fs::read_to_string(f).expect("reading a sample");
        let text = policypress::normalise(&text);
        for round in 0..12 {
            let name = format!("{}#{round}", f.display());
            edit_chain(&name, &text, &mut rng, round % 3 == 2, &mut pairs);
            if round < 3 {
                site_htmls.push(render(&text, &opts(round % 3 == 2)).html);
            }
        }
    }

    // Inputs of the `compare_bodies` fuzz target (a selector byte, then two
    // Markdown texts split at a NUL), if a corpus is named.
    if let Some(dir) = std::env::var_os("COMPARE_FUZZ_CORPUS") {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .expect("listing the fuzz corpus")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).expect("reading a fuzz input");
            let Some((&selector, bytes)) = data.split_first() else {
                continue;
            };
            let Ok(text) = std::str::from_utf8(bytes) else {
                continue;
            };
            let (old, new) = text.split_once('\0').unwrap_or((text, ""));
            let o = MarkdownOptions {
                kind: if selector & 1 == 0 {
                    BodyKind::Version
                } else {
                    BodyKind::Page
                },
                unsafe_html: selector & 2 != 0,
            };
            let old = render(&policypress::normalise(old), &o).html;
            let new = render(&policypress::normalise(new), &o).html;
            pairs.push(Pair {
                name: format!("fuzz {}", f.display()),
                old: old.clone(),
                new: new.clone(),
            });
            pairs.push(Pair {
                name: format!("fuzz {} back", f.display()),
                old: new,
                new: old,
            });
        }
    }

    // Broken HTML: rendered bodies cut and spliced at random places, with
    // stray tags, entities and comments, against their originals and each
    // other.
    const SNIPPETS: &[&str] = &[
        "<p>",
        "</p>",
        "</div>",
        "<a href='x\">",
        "<b>",
        "</b>",
        "<br>",
        "<br/>",
        "<img src=\"a.png\" alt=\"x &amp; y\">",
        "&amp;",
        "&#x41;",
        "&#65;",
        "&bogus;",
        "&#xffffffff;",
        "&nbsp;",
        "<!-- note -->",
        "<!doctype html>",
        "<?xml?>",
        "<script>if (a < b) {}</script>",
        "<style>p{}</style>",
        "<textarea><p>x</p></textarea>",
        "<h2 id=\"dup\">Dup</h2>",
        "<h3 id=\"dup\" class=\"k\">Dup</h3>",
        "<p class=\"\" id=\"q\">",
        "<td>",
        "</tr>",
        "<li>",
        "<ol type=\"a\">",
        "<ul>",
        "</ol>",
        "<blockquote>",
        "<em>",
        "</em>",
        "<input disabled>",
        "<span title=a<b>",
        "<DIV CLASS=X>",
        "</P>",
        "<",
        ">",
        "\"",
        "  \n ",
        "<hr />",
        "<details><summary>s</summary>",
        "</details>",
    ];
    let n = site_htmls.len();
    let mutations = std::env::var("COMPARE_MUTATIONS")
        .ok()
        .and_then(|m| m.parse().ok())
        .unwrap_or(3000);
    for k in 0..if n == 0 { 0 } else { mutations } {
        let base = &site_htmls[rng.below(n)];
        let a = mutate_html(base, &mut rng, SNIPPETS);
        let b = if k % 3 == 0 {
            base.clone()
        } else {
            mutate_html(&a, &mut rng, SNIPPETS)
        };
        pairs.push(Pair {
            name: format!("html mutation {k}"),
            old: b,
            new: a,
        });
    }
    pairs
}

fn opts(unsafe_html: bool) -> MarkdownOptions {
    MarkdownOptions {
        kind: BodyKind::Version,
        unsafe_html,
    }
}

/// Five successive edits of a Markdown text, each compared with the one
/// before, both ways.
fn edit_chain(name: &str, text: &str, rng: &mut Rng, unsafe_html: bool, out: &mut Vec<Pair>) {
    let o = opts(unsafe_html);
    let mut prev_md = text.to_string();
    let mut prev = render(&prev_md, &o).html;
    for step in 0..5 {
        let mut md = prev_md.clone();
        for _ in 0..1 + rng.below(3) {
            md = edit_markdown(&md, rng);
        }
        let html = render(&md, &o).html;
        out.push(Pair {
            name: format!("{name} edit {step}"),
            old: prev.clone(),
            new: html.clone(),
        });
        if step % 2 == 1 {
            out.push(Pair {
                name: format!("{name} edit {step} back"),
                old: html.clone(),
                new: prev.clone(),
            });
        }
        prev_md = md;
        prev = html;
    }
}

/// A small deterministic generator (SplitMix64), so the corpus is the same
/// on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One edit of the kind a policy's author makes.
fn edit_markdown(md: &str, rng: &mut Rng) -> String {
    let mut blocks: Vec<String> = md.split("\n\n").map(str::to_string).collect();
    let words: Vec<String> = md
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_alphabetic()))
        .map(str::to_string)
        .collect();
    let word = |rng: &mut Rng| -> String {
        if words.is_empty() {
            "woord".into()
        } else {
            words[rng.below(words.len())].clone()
        }
    };
    let nb = blocks.len();
    match rng.below(11) {
        // Reword: replace, drop or add a few words in one block.
        0..=2 => {
            let b = rng.below(nb);
            let mut ws: Vec<String> = blocks[b].split(' ').map(str::to_string).collect();
            for _ in 0..1 + rng.below(3) {
                let i = rng.below(ws.len());
                match rng.below(3) {
                    0 => ws[i] = word(rng),
                    1 if ws.len() > 1 => {
                        ws.remove(i);
                    }
                    _ => ws.insert(i, word(rng)),
                }
            }
            blocks[b] = ws.join(" ");
        }
        // A new paragraph.
        3 => {
            let n = 5 + rng.below(20);
            let mut p: Vec<String> = (0..n).map(|_| word(rng)).collect();
            p[0] = capitalise(&p[0]);
            let at = rng.below(nb + 1);
            blocks.insert(at, p.join(" ") + ".");
        }
        // A paragraph removed.
        4 if nb > 1 => {
            blocks.remove(rng.below(nb));
        }
        // A list item or table row added, removed or changed.
        5 | 6 => {
            let mut lines: Vec<String> = md.lines().map(str::to_string).collect();
            let items: Vec<usize> = lines
                .iter()
                .enumerate()
                .filter(|(_, l)| {
                    let t = l.trim_start();
                    t.starts_with("- ")
                        || t.starts_with("* ")
                        || (t.starts_with('|') && !t.contains("---"))
                        || t.split_once(". ").is_some_and(|(n, _)| {
                            !n.is_empty()
                                && n.len() <= 2
                                && n.chars().all(|c| c.is_ascii_alphanumeric())
                        })
                })
                .map(|(i, _)| i)
                .collect();
            if items.is_empty() {
                return md.to_string() + "\n\n- " + &word(rng) + "\n";
            }
            let i = items[rng.below(items.len())];
            match rng.below(3) {
                0 => {
                    let copy = lines[i].replacen(' ', &format!(" {} ", word(rng)), 1);
                    lines.insert(i + 1, copy);
                }
                1 => {
                    lines.remove(i);
                }
                _ => {
                    if lines[i].contains('|') {
                        let mut cells: Vec<String> =
                            lines[i].split('|').map(str::to_string).collect();
                        if cells.len() > 2 {
                            let c = 1 + rng.below(cells.len() - 2);
                            cells[c] = format!(" {} {} ", word(rng), rng.below(10));
                        }
                        lines[i] = cells.join("|");
                    } else {
                        lines[i].push_str(&format!(" {}", word(rng)));
                    }
                }
            }
            return lines.join("\n") + "\n";
        }
        // Sections reordered.
        7 => {
            let mut secs: Vec<String> = md.split("\n## ").map(str::to_string).collect();
            if secs.len() > 2 {
                let a = 1 + rng.below(secs.len() - 1);
                let b = 1 + rng.below(secs.len() - 1);
                secs.swap(a, b);
                let last = secs.len() - 1;
                for s in &mut secs[1..last] {
                    if !s.ends_with('\n') {
                        s.push('\n');
                    }
                }
            }
            return secs.join("\n## ");
        }
        // A heading renamed or added.
        8 => {
            let at = rng.below(nb + 1);
            let level = if rng.below(2) == 0 { "##" } else { "###" };
            blocks.insert(
                at,
                format!("{level} {} {}", capitalise(&word(rng)), word(rng)),
            );
        }
        // Emphasis, a link, or punctuation.
        _ => {
            let b = rng.below(nb);
            let mut ws: Vec<String> = blocks[b].split(' ').map(str::to_string).collect();
            let i = rng.below(ws.len());
            ws[i] = match rng.below(4) {
                0 => format!("**{}**", ws[i]),
                1 => format!("[{}](https://example.nl/{})", ws[i], rng.below(100)),
                2 => format!("{};", ws[i].trim_end_matches('.')),
                _ => format!("_{}_ &amp; {}", ws[i], word(rng)),
            };
            blocks[b] = ws.join(" ");
        }
    }
    blocks.join("\n\n")
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Cuts, duplicates or splices in snippets at character boundaries.
fn mutate_html(html: &str, rng: &mut Rng, snippets: &[&str]) -> String {
    let mut s = html.to_string();
    for _ in 0..1 + rng.below(4) {
        let bounds: Vec<usize> = (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect();
        let a = bounds[rng.below(bounds.len())];
        let b = bounds[rng.below(bounds.len())];
        let (a, b) = (a.min(b), a.max(b).min(a + 400));
        let b = (a..=b).rev().find(|&i| s.is_char_boundary(i)).unwrap_or(a);
        match rng.below(4) {
            0 => s.replace_range(a..b, ""),
            1 => {
                let piece = s[a..b].to_string();
                s.insert_str(b, &piece);
            }
            _ => s.insert_str(a, snippets[rng.below(snippets.len())]),
        }
    }
    s
}

// ---------------------------------------------------------------- timing

fn time(site: &Path, iterations: usize) {
    let mut pairs = Vec::new();
    for (name, htmls) in site_bodies(site) {
        consecutive(&name, &htmls, &mut pairs);
    }
    let labels = labels(0);
    let mut rounds = Vec::with_capacity(iterations);
    let mut bytes = 0;
    let allocations_before = ALLOCATIONS.load(Ordering::Relaxed);
    for _ in 0..iterations {
        let started = Instant::now();
        for p in &pairs {
            bytes += std::hint::black_box(compare(&p.old, &p.new, &labels))
                .html
                .len();
        }
        rounds.push(started.elapsed());
    }
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - allocations_before;
    rounds.sort();
    let median = rounds[rounds.len() / 2];
    println!(
        "{} pairs × {iterations} rounds ({bytes} bytes written): median {:.2} ms per round, {:.1} µs per pair (min {:.2} ms, max {:.2} ms); {} allocations per pair",
        pairs.len(),
        median.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e6 / pairs.len() as f64,
        rounds[0].as_secs_f64() * 1e3,
        rounds[rounds.len() - 1].as_secs_f64() * 1e3,
        allocations / (iterations * pairs.len()).max(1),
    );
}
