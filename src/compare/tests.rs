//! Tests of the comparison as a reader sees it, and of its parts.

use similar::{Algorithm, DiffOp};

use super::blocks::{Unit, bounded_diff, lcs_len, similar_enough};
use super::words::{WordCount, class, class_at, count_letter_words, tokens_of_text};
use super::*;

/// Ten thousand nested quotes must neither overflow the stack nor lose
/// the words at the bottom.
#[test]
fn deep_nesting_is_read_as_text() {
    let deep = format!(
        "{}bodem{}",
        "<blockquote>".repeat(10_000),
        "</blockquote>".repeat(10_000)
    );
    let changed = deep.replace("bodem", "grond");
    let c = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || compare(&deep, &changed, &labels()))
        .unwrap()
        .join()
        .unwrap();
    // One word each: a rewrite, written whole as deep as it was.
    let w = c.rewritten.expect("one word for another is a rewrite");
    assert!(w.new_html.contains("grond"), "{}", w.new_html);
    assert!(w.old_html.contains("bodem"), "{}", w.old_html);
}

/// `html` after a passage both texts share, so that two texts are an
/// edit of each other rather than a rewrite, however small the change.
fn in_context(html: &str) -> String {
    format!(
        "<p>{}</p>\n{html}",
        "Dit deel van de tekst is in beide versies hetzelfde gebleven. ".repeat(8)
    )
}

fn labels() -> Labels {
    Labels {
        added: "added:".into(),
        removed: "removed:".into(),
        unchanged_one: "1 unchanged paragraph".into(),
        unchanged_many: "{count} unchanged paragraphs".into(),
    }
}

#[test]
fn words_not_lines_are_marked() {
    let c = compare(
        "<p>We keep the file for two years.</p>",
        "<p>We keep the file for five years.</p>",
        &labels(),
    );
    assert_eq!(
        c.html.trim(),
        "<p class=\"diff-changed\">We keep the file for <del><span class=\"visually-hidden\">removed: </span>two</del><ins><span class=\"visually-hidden\">added: </span>five</ins> years.</p>"
    );
    assert_eq!(c.changed_blocks, 1);
}

#[test]
fn a_huge_changed_paragraph_is_compared_in_bounded_time() {
    // 40,000 words against two: the smallest edit would take minutes to
    // search for; the whole paragraph is shown as replaced instead.
    // Both after a long passage they share, so the texts are an edit.
    let shared = format!("<p>{}</p>\n", "dolor sit ".repeat(20_000));
    let long = format!("{shared}<p>{}</p>", "lorem ipsum ".repeat(20_000));
    let started = std::time::Instant::now();
    let c = compare(&format!("{shared}<p>Hallo wereld.</p>"), &long, &labels());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    // One paragraph removed, one added.
    assert_eq!(c.changed_blocks, 2);
    assert!(
        c.html.contains("removed: </span>Hallo wereld.</del>"),
        "{}",
        &c.html[..300]
    );
    assert_eq!(c.html.matches("<ins>").count(), 1);
}

#[test]
fn one_word_changed_in_a_huge_paragraph_is_still_marked_as_one_word() {
    let words = "lorem ipsum ".repeat(10_000);
    let old = format!("<p>{words}two {words}</p>");
    let new = format!("<p>{words}five {words}</p>");
    let c = compare(&old, &new, &labels());
    assert!(
        c.html.contains("<del><span class=\"visually-hidden\">removed: </span>two</del><ins><span class=\"visually-hidden\">added: </span>five</ins>"),
        "the change is not marked word by word"
    );
}

#[test]
fn unchanged_paragraphs_are_folded_and_counted() {
    let old = "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n<p>Four.</p>";
    let new = "<p>One.</p>\n<p>Two.</p>\n<p>Three.</p>\n<p>Four!</p>";
    let c = compare(old, new, &labels());
    assert!(
        c.html.starts_with("<details class=\"diff-unchanged\"><summary>3 unchanged paragraphs</summary>\n<p>One.</p>"),
        "{}",
        c.html
    );
    assert!(c.html.contains("Four<del>"));
    let one = compare("<p>A.</p><p>B.</p>", "<p>A.</p><p>C.</p>", &labels());
    assert!(
        one.html
            .contains("<summary>1 unchanged paragraph</summary>")
    );
}

#[test]
fn outline_lists_changed_sections_with_their_anchors() {
    let old = "<h2 id=\"a\">A</h2>\n<p>same</p>\n<h2 id=\"b\">B</h2>\n<p>old text here</p>\n<h2 id=\"c\">C</h2>\n<p>gone</p>";
    let new = "<h2 id=\"a\">A</h2>\n<p>same</p>\n<h2 id=\"b\">B</h2>\n<p>new text here</p>\n<h2 id=\"d\">D new</h2>\n<p>fresh words entirely</p>";
    let c = compare(old, new, &labels());
    let got: Vec<(Option<&str>, &str, SectionChange)> = c
        .outline
        .iter()
        .map(|e| (e.heading.as_deref(), e.id.as_str(), e.change))
        .collect();
    assert_eq!(
        got,
        [
            (Some("B"), "b", SectionChange::Changed),
            (Some("C"), "c", SectionChange::Removed),
            (Some("D new"), "d", SectionChange::Added),
        ]
    );
    // Unchanged headings stay visible; the outline's anchors exist once.
    assert!(c.html.contains("<h2 id=\"a\">A</h2>"));
    for id in ["a", "b", "c", "d"] {
        assert_eq!(c.html.matches(&format!("id=\"{id}\"")).count(), 1, "{id}");
    }
}

#[test]
fn changes_before_any_heading_link_to_the_text() {
    let c = compare("<p>Hello there.</p>", "<p>Hello here.</p>", &labels());
    assert_eq!(c.outline[0].heading, None);
    assert_eq!(c.outline[0].id, INTRO_ID);
}

#[test]
fn a_changed_cell_stays_inside_its_table() {
    let old = "<table>\n<thead>\n<tr>\n<th>Data</th>\n<th>Kept</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>Pupil file</td>\n<td>5 years</td>\n</tr>\n<tr>\n<td>Logins</td>\n<td>6 months</td>\n</tr>\n</tbody>\n</table>";
    let new = old.replace("6 months", "12 months");
    let c = compare(old, &new, &labels());
    assert!(
        c.html.starts_with("<table class=\"diff-changed\">"),
        "{}",
        c.html
    );
    assert!(c.html.contains("<td class=\"diff-changed\"><del><span class=\"visually-hidden\">removed: </span>6</del><ins><span class=\"visually-hidden\">added: </span>12</ins> months</td>"), "{}", c.html);
    assert!(c.html.contains("<td>Pupil file</td>"));
    assert_eq!(c.html.matches("<table").count(), 1);
}

#[test]
fn an_added_list_item_is_marked_inside_the_list() {
    let old = "<ol type=\"a\">\n<li>teaching;</li>\n<li>administration.</li>\n</ol>";
    let new = "<ol type=\"a\">\n<li>teaching;</li>\n<li>monitoring wellbeing;</li>\n<li>administration.</li>\n</ol>";
    let c = compare(old, new, &labels());
    assert!(
        c.html.starts_with("<ol type=\"a\" class=\"diff-changed\">"),
        "{}",
        c.html
    );
    assert!(c.html.contains("<li class=\"diff-added\"><ins><span class=\"visually-hidden\">added: </span>monitoring wellbeing;</ins></li>"), "{}", c.html);
    assert!(!c.html.contains("<ins><li"));
}

#[test]
fn links_split_by_a_change_stay_balanced() {
    let c = compare(
        "<p>See <a href=\"/x\" id=\"r\">the old rules</a>.</p>",
        "<p>See <a href=\"/x\" id=\"r\">the new rules</a>.</p>",
        &labels(),
    );
    assert_eq!(
        c.html.matches("<a ").count(),
        c.html.matches("</a>").count()
    );
    assert_eq!(c.html.matches("id=\"r\"").count(), 1, "{}", c.html);
}

#[test]
fn unrelated_paragraphs_are_replaced_not_interleaved() {
    let c = compare(
        &in_context("<p>Completely different words here.</p>"),
        &in_context("<p>Nothing alike at all, truly.</p>"),
        &labels(),
    );
    assert!(
        c.html.contains("<p class=\"diff-removed\"><del>"),
        "{}",
        c.html
    );
    assert!(
        c.html.contains("<p class=\"diff-added\"><ins>"),
        "{}",
        c.html
    );
}

#[test]
fn identical_texts_have_no_changes_and_output_is_deterministic() {
    let t = "<h2 id=\"x\">X</h2>\n<p>a &amp; b &lt;c&gt;</p>";
    let c = compare(t, t, &labels());
    assert!(c.identical() && c.outline.is_empty());
    assert!(c.html.contains("a &amp; b &lt;c&gt;"));
    assert_eq!(c, compare(t, t, &labels()));
}

#[test]
fn broken_html_never_panics_and_comes_out_balanced() {
    for bad in [
        "<p>open",
        "</div></p>text",
        "<a href='x\">",
        "<",
        "<p><b>x</p></b>",
        "&#xffffffff; &bogus;",
    ] {
        let c = compare(bad, "<p>other</p>", &labels());
        assert_eq!(
            c.html.matches("<p").count(),
            c.html.matches("</p>").count(),
            "{bad}: {}",
            c.html
        );
    }
}

/// SplitMix64: a fixed stream of test inputs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n as u64) as usize
    }
}

/// The longest common subsequence by the textbook table.
fn lcs_by_table(a: &[u32], b: &[u32]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diag = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
            diag = up;
        }
    }
    row[b.len()]
}

#[test]
fn common_subsequence_is_counted_exactly_across_machine_words() {
    let mut rng = Rng(1);
    let mut t = Tables::default();
    for w in 0..12 {
        t.word_id(&w.to_string());
    }
    for round in 0..400 {
        let alphabet = 2 + round % 10;
        // Lengths on both sides of 64 and 128 bits.
        let a: Vec<u32> = (0..rng.below(200))
            .map(|_| rng.below(alphabet) as u32)
            .collect();
        let b: Vec<u32> = (0..rng.below(200))
            .map(|_| rng.below(alphabet) as u32)
            .collect();
        assert_eq!(
            lcs_len(&a, &b, &mut t),
            lcs_by_table(&a, &b),
            "{a:?} / {b:?}"
        );
    }
}

/// The check before the word diff must decide exactly as the word diff
/// alone did: same pairs, so the same comparison.
#[test]
fn pairing_by_similarity_is_decided_as_by_the_word_diff_alone() {
    fn by_word_diff(a: &str, b: &str) -> bool {
        let words = |s: &str| -> Vec<String> {
            let text = s.split_whitespace().collect::<Vec<_>>().join(" ");
            tokens_of_text(&text)
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
                .collect()
        };
        let (wa, wb) = (words(a), words(b));
        if wa.is_empty() && wb.is_empty() {
            return true;
        }
        let common: usize = bounded_diff(Algorithm::Myers, &wa, &wb)
            .iter()
            .map(|op| match op {
                DiffOp::Equal { len, .. } => *len,
                _ => 0,
            })
            .sum();
        (2 * common) as f32 / (wa.len() + wb.len()) as f32 >= 0.3
    }
    let vocabulary = [
        "de", "het", "school", "gegevens", ",", ".", "leerling", "ouders",
    ];
    let mut rng = Rng(2);
    let (mut paired, mut unpaired) = (0, 0);
    for _ in 0..2000 {
        let mut text = || {
            (0..rng.below(40))
                .map(|_| vocabulary[rng.below(vocabulary.len())])
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (a, b) = (text(), text());
        let (ta, tb) = (parse(&a), parse(&b));
        let (ua, ub) = (Unit::Inline(&ta), Unit::Inline(&tb));
        let expected = by_word_diff(&a, &b);
        assert_eq!(
            similar_enough(&ua, &ub, &mut Tables::default()),
            expected,
            "{a:?} / {b:?}"
        );
        if expected {
            paired += 1;
        } else {
            unpaired += 1;
        }
    }
    // Both outcomes were tried, many times.
    assert!(paired > 200 && unpaired > 200, "{paired} / {unpaired}");
}

#[test]
fn words_are_split_as_by_character_class() {
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        let s = c.to_string();
        assert_eq!(class_at(&s, 0), (class(c), c.len_utf8()), "{c:?}");
    }
    let got: Vec<&str> = tokens_of_text("Héllo,  wereld_2\u{a0}\u{b}x…!").collect();
    assert_eq!(
        got,
        ["Héllo", ",", "  ", "wereld_2", "\u{a0}\u{b}", "x", "…", "!"]
    );
}

/// An unchanged block is written as it was fingerprinted only when it
/// has no id: an id inside it must still be made unique on the page.
#[test]
fn ids_in_unchanged_blocks_stay_unique() {
    let old = "<h2 id=\"a\">A</h2>\n<blockquote>\n<p id=\"a\">quote</p>\n</blockquote>\n<p>old</p>";
    let new = old.replace("<p>old</p>", "<p>new</p>");
    let c = compare(old, &new, &labels());
    assert!(c.html.contains("<h2 id=\"a\">A</h2>"), "{}", c.html);
    assert!(c.html.contains("<p id=\"a-2\">quote</p>"), "{}", c.html);
}

/// A character reference followed closely by characters of more than one
/// byte (`&gt; één`) once cut a character in two and stopped the build.
#[test]
fn references_before_accented_letters_are_read() {
    // Every alignment of the two-byte letters against the reference.
    for pad in ["", " ", "  ", "   "] {
        let old = format!("<p>ouder &gt;{pad}ééééééé jaar</p>");
        let new = old.replace("jaar", "maand");
        let c = compare(&old, &new, &labels());
        assert!(
            c.html.starts_with(&format!(
                "<p class=\"diff-changed\">ouder &gt;{pad}ééééééé <del>"
            )),
            "{}",
            c.html
        );
    }
}

#[test]
fn script_text_ends_at_its_end_tag_in_any_case() {
    let old = "<p>a</p><SCRIPT>x<p>y</p></ScRiPt><p>b</p>";
    let c = compare(&in_context(old), &in_context("<p>a</p><p>c</p>"), &labels());
    assert!(
        c.html.contains("<script>x&lt;p&gt;y&lt;/p&gt;</script>"),
        "{}",
        c.html
    );
}

#[test]
fn a_changed_subsection_is_named_with_its_section() {
    let old = "<h2 id=\"a\">Bijlage 1</h2>\n<p>Inleiding.</p>\n<h3 id=\"b\">3. Sollicitanten</h3>\n<p>Vier weken.</p>\n<h2 id=\"c\">Bijlage 2</h2>\n<h3 id=\"d\">1. Leerlingen</h3>\n<p>Twee jaar.</p>";
    let new = old
        .replace("Vier weken.", "Een jaar.")
        .replace("Twee jaar.", "Drie jaar.");
    let c = compare(old, &new, &labels());
    let headings: Vec<_> = c.outline.iter().map(|o| o.heading.as_deref()).collect();
    assert_eq!(
        headings,
        [
            Some("Bijlage 1 › 3. Sollicitanten"),
            Some("Bijlage 2 › 1. Leerlingen")
        ]
    );
    assert_eq!(c.outline[0].id, "b");
}

/// `n` distinct words, `w{from}` to `w{from + n - 1}`.
fn distinct_words(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn unrelated_texts_are_shown_whole_not_word_by_word() {
    let old = "<h2 id=\"purpose\">Purpose</h2>\n<p>We keep the pupil file for teaching.</p>";
    let new = "<h2 id=\"scope\">Scope</h2>\n<p>This regulation applies to every board member and volunteer.</p>";
    let c = compare(old, new, &labels());
    let w = c.rewritten.as_ref().expect("unrelated texts are a rewrite");
    assert_eq!(c.html, "");
    assert!(c.outline.is_empty());
    assert!(!c.identical());
    assert!(
        w.old_html.contains("We keep the pupil file for teaching."),
        "{}",
        w.old_html
    );
    assert!(
        w.new_html.contains("every board member and volunteer"),
        "{}",
        w.new_html
    );
    for html in [&w.old_html, &w.new_html] {
        assert!(!html.contains("<ins") && !html.contains("<del"), "{html}");
    }
}

#[test]
fn a_rewrite_is_decided_at_a_quarter_of_the_words_shared() {
    // 100 words each, in the same order: the words in common are exactly
    // those the two share.
    let text = |shared: usize| {
        (
            format!("<p>{}</p>", distinct_words(0, 100)),
            format!(
                "<p>{} {}</p>",
                distinct_words(0, shared),
                distinct_words(1000, 100 - shared)
            ),
        )
    };
    let (old, new) = text(24);
    let c = compare(&old, &new, &labels());
    assert_eq!(c.rewritten.as_ref().map(|w| w.shared_percent), Some(24));
    let (old, new) = text(25);
    let c = compare(&old, &new, &labels());
    assert!(c.rewritten.is_none(), "25% shared is still an edit");
    assert!(c.html.contains("<ins>"), "{}", c.html);
}

#[test]
fn words_used_in_another_order_are_not_shared() {
    // The same words, reversed: every word is used by both texts, but a
    // word diff could leave only one of them unmarked.
    let words: Vec<String> = (0..60).map(|i| format!("w{i}")).collect();
    let mut reversed = words.clone();
    reversed.reverse();
    let c = compare(
        &format!("<p>{}</p>", words.join(" ")),
        &format!("<p>{}</p>", reversed.join(" ")),
        &labels(),
    );
    assert_eq!(c.rewritten.map(|w| w.shared_percent), Some(1));
}

#[test]
fn an_edit_and_identical_texts_are_not_rewrites() {
    let old = format!("<p>{}</p>", distinct_words(0, 40));
    let edited = format!("<p>{} changed</p>", distinct_words(0, 39));
    assert!(compare(&old, &edited, &labels()).rewritten.is_none());
    let same = compare(&old, &old, &labels());
    assert!(same.rewritten.is_none() && same.identical());
    assert!(compare("", "", &labels()).rewritten.is_none());
}

#[test]
fn a_rewrite_keeps_ids_unique_and_its_own_links_working() {
    // Both texts have a heading "Scope" and a first footnote: the new text
    // keeps its ids, the old one's get a suffix, and its footnote link and
    // back link follow.
    let old = "<h2 id=\"scope\">Scope</h2>\n<p>Old words about pupils.<sup><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup> See <a href=\"#scope\">scope</a> and <a href=\"https://example.nl/#scope\">elsewhere</a>.</p>\n<ol><li id=\"fn-1\"><p>A note. <a href=\"#fnref-1\">↩</a></p></li></ol>";
    let new = "<h2 id=\"scope\">Scope</h2>\n<p>Entirely different sentences here, nothing alike at all.<sup><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup></p>\n<ol><li id=\"fn-1\"><p>Another remark. <a href=\"#fnref-1\">↩</a></p></li></ol>";
    let c = compare(old, new, &labels());
    let w = c.rewritten.expect("a rewrite");
    assert!(w.new_html.contains("<h2 id=\"scope\">"), "{}", w.new_html);
    assert!(
        w.new_html.contains("href=\"#fn-1\" id=\"fnref-1\""),
        "{}",
        w.new_html
    );
    assert!(w.old_html.contains("<h2 id=\"scope-2\">"), "{}", w.old_html);
    assert!(
        w.old_html.contains("href=\"#fn-1-2\" id=\"fnref-1-2\""),
        "{}",
        w.old_html
    );
    assert!(w.old_html.contains("<li id=\"fn-1-2\">"), "{}", w.old_html);
    assert!(
        w.old_html.contains("<a href=\"#fnref-1-2\">"),
        "{}",
        w.old_html
    );
    assert!(
        w.old_html.contains("<a href=\"#scope-2\">scope</a>"),
        "{}",
        w.old_html
    );
    assert!(
        w.old_html.contains("href=\"https://example.nl/#scope\""),
        "{}",
        w.old_html
    );
}

#[test]
fn long_unrelated_texts_are_told_apart_without_a_word_diff() {
    // Beyond the search limit of a word diff, and beyond the quick bound
    // (both texts use the same words), the common subsequence decides.
    let words: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
    let mut reversed = words.clone();
    reversed.reverse();
    let c = compare(
        &format!("<p>{}</p>", words.join(" ")),
        &format!("<p>{}</p>", reversed.join(" ")),
        &labels(),
    );
    assert_eq!(c.rewritten.map(|w| w.shared_percent), Some(0));
}

#[test]
fn words_are_counted_as_the_tokens_cut_them() {
    for s in [
        "",
        "   ",
        "een twee, drie.",
        "__ _a_ a_b __ 1_000",
        "één café—naïef ÆØÅ 東京 ١٢٣ x\u{a0}y\u{2003}z",
        "e-mail (AVG) art. 6 lid 1 sub e",
        "\u{300}combining\u{301} ²³ ½",
        "tail_",
    ] {
        let want = tokens_of_text(s)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        assert_eq!(count_letter_words(s), want, "{s:?}");
        // Read in two pieces cut anywhere, a word running on across the
        // cut counts once.
        for (cut, _) in s.char_indices().skip(1) {
            let mut count = WordCount::default();
            count.read(&s[..cut]);
            count.read(&s[cut..]);
            assert_eq!(count.total(), want, "{s:?} cut at {cut}");
        }
    }
}

/// The share of a rewrite is the longest common subsequence of the two
/// texts' words, also when each text has words the other never uses
/// (which the count leaves out before matching).
#[test]
fn the_share_of_a_rewrite_counts_the_common_subsequence_of_all_words() {
    let mut rng = Rng(7);
    let mut unique = 0;
    let mut rewrites = 0;
    for round in 0..300 {
        let alphabet = 2 + round % 12;
        let mut text = |n: usize, rng: &mut Rng| -> Vec<String> {
            (0..n)
                .map(|_| {
                    if rng.below(3) == 0 {
                        unique += 1;
                        format!("u{unique}")
                    } else {
                        format!("w{}", rng.below(alphabet))
                    }
                })
                .collect()
        };
        let (a, b) = (
            text(rng.below(150), &mut rng),
            text(rng.below(150), &mut rng),
        );
        let c = compare(
            &format!("<p>{}</p>", a.join(" ")),
            &format!("<p>{}</p>", b.join(" ")),
            &labels(),
        );
        let mut numbers = std::collections::HashMap::new();
        let mut number = |w: &String| {
            let next = numbers.len() as u32;
            *numbers.entry(w.clone()).or_insert(next)
        };
        let (na, nb): (Vec<u32>, Vec<u32>) = (
            a.iter().map(&mut number).collect(),
            b.iter().map(&mut number).collect(),
        );
        let total = a.len() + b.len();
        let share = |common: usize| (2 * common) as f64 / total.max(1) as f64;
        // The words both use, without regard to order, decide first (and
        // give the share) when they already fall short.
        let mut left = na.clone();
        let in_both = nb
            .iter()
            .filter(|w| {
                left.iter()
                    .position(|x| x == *w)
                    .map(|at| left.swap_remove(at))
                    .is_some()
            })
            .count();
        let by_order = share(lcs_by_table(&na, &nb));
        let want = if total == 0 {
            None
        } else if share(in_both) < REWRITTEN_BELOW {
            Some((share(in_both) * 100.0).floor() as u8)
        } else {
            rewrites += usize::from(by_order < REWRITTEN_BELOW);
            (by_order < REWRITTEN_BELOW).then(|| (by_order * 100.0).floor() as u8)
        };
        assert_eq!(c.rewritten.map(|w| w.shared_percent), want, "{a:?} / {b:?}");
    }
    assert!(
        rewrites > 30,
        "the rounds must make rewrites decided by the order of the words: {rewrites}"
    );
}

/// Word counts kept between comparisons of the same texts (a build
/// compares each text with the version before and after it) decide as
/// counting afresh does, also after a rewrite read only part of a text.
#[test]
fn kept_word_counts_decide_as_counting_afresh() {
    let text = |from: usize, n: usize| {
        format!(
            "<h2>Kop</h2><p>{}</p><p>{}</p>",
            distinct_words(from, n),
            distinct_words(from + 500, n)
        )
    };
    let texts = [
        text(0, 120),
        // A rewrite of the first: read only as far as the decision needs.
        text(2000, 120),
        // An edit of the first: one paragraph kept.
        format!(
            "<h2>Kop</h2><p>{}</p><p>{}</p>",
            distinct_words(0, 120),
            distinct_words(3000, 40)
        ),
        text(0, 120),
        // Shares one paragraph with the second, under a quarter of the
        // words: a rewrite only counted by both texts' whole counts.
        format!(
            "<h2>Kop</h2><p>{}</p><p>{}</p>",
            distinct_words(2000, 120),
            distinct_words(7000, 700)
        ),
    ];
    let counts = WordCounts::default();
    for (i, j) in [
        (0, 1),
        (1, 4),
        (1, 0),
        (0, 2),
        (2, 0),
        (1, 2),
        (2, 3),
        (3, 0),
        (4, 1),
    ] {
        assert_eq!(
            compare_counted(&texts[i], &texts[j], &labels(), &counts),
            compare(&texts[i], &texts[j], &labels()),
            "{i} → {j}"
        );
    }
    assert!(compare(&texts[0], &texts[1], &labels()).rewritten.is_some());
    assert!(compare(&texts[0], &texts[2], &labels()).rewritten.is_none());
    assert!(compare(&texts[1], &texts[4], &labels()).rewritten.is_some());
}

/// The quick decision that an edit is not a rewrite, from the blocks the
/// texts keep and each unit's own word count, is never taken for texts
/// whose words, matched whole, share under a quarter: short blocks (where
/// the two words taken off each kept block matter), inline text between
/// blocks (whose words join across the edge when the whole text is read),
/// visually hidden text and blocks kept, edited, dropped and added.
#[test]
fn the_quick_decision_never_hides_a_rewrite() {
    let mut rng = Rng(24);
    let word = |rng: &mut Rng| format!("w{}", rng.below(6));
    let piece = |rng: &mut Rng| -> String {
        let words: Vec<String> = (0..1 + rng.below(5)).map(|_| word(rng)).collect();
        let words = words.join(if rng.below(4) == 0 { "" } else { " " });
        match rng.below(6) {
            0 => format!("<h2>{words}</h2>"),
            1 => words,
            2 => format!("<p>{words}<span class=\"visually-hidden\"> w1 w2</span></p>"),
            3 => format!("<ul><li>{words}</li><li>{words}</li></ul>"),
            _ => format!("<p>{words}</p>"),
        }
    };
    let (mut decided, mut rewrites) = (0, 0);
    for round in 0..2000 {
        let old: Vec<String> = (0..1 + rng.below(12)).map(|_| piece(&mut rng)).collect();
        let churn = round % 10;
        let mut new = Vec::new();
        for p in &old {
            match rng.below(10) {
                n if n < churn => new.push(piece(&mut rng)),
                n if n == churn => {}
                _ => new.push(p.clone()),
            }
            if rng.below(10) < churn / 3 {
                new.push(piece(&mut rng));
            }
        }
        let (a, b) = (old.concat(), new.concat());
        let (old_nodes, new_nodes) = (parse(&a), parse(&b));
        let (ou, nu) = (units(&old_nodes), units(&new_nodes));
        let mut t = Tables::default();
        let ok: Vec<_> = ou.iter().map(|u| fingerprint(u, &mut t)).collect();
        let nk: Vec<_> = nu.iter().map(|u| fingerprint(u, &mut t)).collect();
        let exact = rewritten_share(&old_nodes, &new_nodes);
        rewrites += usize::from(exact.is_some());
        let ops = super::blocks::unit_ops(&ok, &nk);
        if surely_shared([(&a, &ou), (&b, &nu)], &ops, &WordCounts::default()) {
            decided += 1;
            assert_eq!(exact, None, "decided an edit, but a rewrite: {a:?} / {b:?}");
        }
    }
    assert!(
        decided > 500 && rewrites > 100,
        "the rounds must take the quick decision and make rewrites: {decided}, {rewrites}"
    );
}

/// Counting eight ASCII bytes at a time counts as a character at a time
/// does: random texts of letters, digits, `_`, spaces, punctuation and
/// characters that are not ASCII, every byte value under 0x80 among them.
#[test]
fn words_are_counted_alike_eight_bytes_at_a_time() {
    let mut rng = Rng(8);
    let alphabet: Vec<char> = (0u8..128)
        .map(char::from)
        .chain(['é', 'Æ', '\u{a0}', '—', '東', '١', '\u{301}', '²'])
        .collect();
    for _ in 0..3000 {
        let s: String = (0..rng.below(40))
            .map(|_| {
                if rng.below(3) == 0 {
                    alphabet[rng.below(alphabet.len())]
                } else {
                    ['a', 'Z', '7', ' ', '_', '.'][rng.below(6)]
                }
            })
            .collect();
        let want = tokens_of_text(&s)
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        assert_eq!(count_letter_words(&s), want, "{s:?}");
    }
}
