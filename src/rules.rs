//! Heuristics as data. Every word list, phrase, selector and weight the engine uses lives in a
//! JSON file under `rules/`, embedded at build time. Each rule has an `id` (reported in
//! `removed[].rule` and `syndication.evidence[].rule`) and a one-line `reason`.
//!
//! The options page hands user rules over in the same schema ([`Rule`]).

use crate::error::Error;
use crate::types::RemovedKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One rule. Which fields are used depends on the section it sits in; unknown fields are
/// rejected so a typo cannot silently disable a rule.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Rule {
    /// Stable identifier, `section.name` style, unique across all files.
    pub id: String,
    /// One line: why this rule exists.
    pub reason: String,
    /// What a removal by this rule is reported as.
    pub kind: Option<RemovedKind>,
    /// Phrases matched case-insensitively against normalized text.
    pub phrases: Vec<String>,
    /// Words matched against class/id tokens, attribute names or URL parts.
    pub words: Vec<String>,
    /// CSS selectors.
    pub selectors: Vec<String>,
    /// A score added when the rule matches.
    pub weight: Option<f64>,
    /// A size limit (words, pixels, bytes) whose meaning the section documents.
    pub max: Option<f64>,
    /// For wire rules: the agency's short display name.
    pub wire: Option<String>,
}

/// A rules file: named sections, each a list of rules.
pub type RuleFile = BTreeMap<String, Vec<Rule>>;

/// The built-in rules files, by name.
pub const BUILTIN: &[(&str, &str)] = &[
    ("scoring", include_str!("../rules/scoring.json")),
    ("boilerplate", include_str!("../rules/boilerplate.json")),
    ("syndication", include_str!("../rules/syndication.json")),
    ("images", include_str!("../rules/images.json")),
    ("facts", include_str!("../rules/facts.json")),
    ("metadata", include_str!("../rules/metadata.json")),
];

/// Parses one rules document.
pub fn parse(source_name: &str, json: &str) -> Result<RuleFile, Error> {
    serde_json::from_str(json).map_err(|e| Error::BadRules {
        source_name: source_name.to_string(),
        reason: e.to_string(),
    })
}

/// All built-in rules, parsed once.
pub fn builtin() -> &'static Rules {
    static RULES: OnceLock<Rules> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut files = BTreeMap::new();
        for (name, json) in BUILTIN {
            // The rules test checks every file parses; a failure here is a build defect.
            let file = parse(name, json).unwrap_or_else(|e| panic!("{e}"));
            files.insert(*name, file);
        }
        Rules { files }
    })
}

/// The built-in rules, grouped by file and section.
#[derive(Debug)]
pub struct Rules {
    files: BTreeMap<&'static str, RuleFile>,
}

impl Rules {
    /// The rules of one section of one file (empty if either is missing).
    pub fn section(&self, file: &str, section: &str) -> &[Rule] {
        self.files
            .get(file)
            .and_then(|f| f.get(section))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Every rule of every file, with its file and section names.
    #[cfg(test)]
    pub fn all(&self) -> impl Iterator<Item = (&str, &str, &Rule)> {
        self.files.iter().flat_map(|(file, sections)| {
            sections
                .iter()
                .flat_map(move |(sec, rules)| rules.iter().map(move |r| (*file, sec.as_str(), r)))
        })
    }
}

/// Rules noted so far, across all test threads: rule lists are prepared once per process, on
/// whichever thread first needs them, so a per-thread record would miss them.
#[cfg(test)]
static FIRED: std::sync::Mutex<std::collections::BTreeSet<String>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

/// Records that a rule influenced a decision. Only tests read the record (to show every rule
/// fires on some fixture); in other builds this does nothing.
#[inline]
pub fn note(id: &str) {
    #[cfg(test)]
    FIRED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id.to_string());
    #[cfg(not(test))]
    let _ = id;
}

/// The rules noted so far (tests only).
#[cfg(test)]
pub fn fired() -> std::collections::BTreeSet<String> {
    FIRED.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// A numeric threshold (`max`) of one rule, noted as used; `default` if the rule is missing.
pub fn threshold(file: &str, section: &str, id: &str, default: f64) -> f64 {
    note(id);
    builtin()
        .section(file, section)
        .iter()
        .find(|r| r.id == id)
        .and_then(|r| r.max)
        .unwrap_or(default)
}

/// Lower-cases and collapses whitespace so phrases match however the page spaced them.
pub fn normalize(text: &str) -> String {
    normalize_parts(std::iter::once(text))
}

/// [`normalize`] of the concatenation of `parts` (such as the text nodes of an element),
/// without building the concatenation first.
pub fn normalize_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    normalize_counted(parts).0
}

/// [`normalize_parts`] and the [`word_count`](crate::text::word_count) of the result, counted
/// on the way.
///
/// ASCII words joined by one plain space (most of any text) are copied and lower-cased as one
/// stretch; characters beyond ASCII one at a time.
pub fn normalize_counted<'a>(parts: impl IntoIterator<Item = &'a str>) -> (String, usize) {
    use crate::text::{char_at, is_ascii_space, joins_words, plain_run, space_run};
    let mut out = String::new();
    // A space is owed before the next word.
    let mut gap = false;
    // Words counted so far, and whether the word being written has been.
    let (mut words, mut counted) = (0usize, false);
    for part in parts {
        out.reserve(part.len());
        let bytes = part.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if is_ascii_space(b) {
                gap = true;
                i += space_run(bytes, i);
                continue;
            }
            let wide = (b >= 0x80).then(|| char_at(part, i));
            if wide.is_some_and(|(c, _)| c.is_whitespace()) {
                gap = true;
                i += wide.map_or(1, |(_, len)| len);
                continue;
            }
            if gap {
                if !out.is_empty() {
                    out.push(' ');
                }
                counted = false;
            }
            gap = false;
            match wide {
                Some((c, len)) => {
                    i += len;
                    let from = out.len();
                    // Typographic quotes match the plain ones written in rules.
                    match c {
                        '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
                        '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
                        c => out.extend(c.to_lowercase()),
                    }
                    if !counted && out[from..].chars().any(char::is_alphanumeric) {
                        words += 1;
                        counted = true;
                    }
                }
                None => {
                    // Printable ASCII words (or one control byte), and the words joined to
                    // them by one plain space: one stretch.
                    let start = i;
                    loop {
                        let run = plain_run(bytes, i).max(1);
                        if !counted && bytes[i..i + run].iter().any(u8::is_ascii_alphanumeric) {
                            words += 1;
                            counted = true;
                        }
                        i += run;
                        if !joins_words(bytes, i) {
                            break;
                        }
                        i += 1;
                        counted = false;
                    }
                    let from = out.len();
                    out.push_str(&part[start..i]);
                    out[from..].make_ascii_lowercase();
                }
            }
        }
    }
    (out, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain definition [`normalize`] is a faster form of.
    fn normalize_by_words(text: &str) -> String {
        let mut out = String::new();
        for word in text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            for c in word.chars() {
                match c {
                    '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
                    '\u{201C}' | '\u{201D}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
                    c => out.extend(c.to_lowercase()),
                }
            }
        }
        out
    }

    #[test]
    fn normalize_matches_its_definition() {
        for text in [
            "",
            "   ",
            " Join OUR\u{a0}WhatsApp\tChannel\n ",
            "\u{2018}Quoted\u{2019} \u{201C}Words\u{201D} \u{00AB}fr\u{00BB} \u{02BC}x",
            "İSTANBUL ΣΟΦΊΑ Straße \u{3000}日本\u{2003}語 \u{0b}v\u{0c}f\r",
        ] {
            assert_eq!(normalize(text), normalize_by_words(text), "{text:?}");
        }
        let parts = ["  Hello", "World ", " again", "", "\u{a0}", "AND"];
        assert_eq!(normalize_parts(parts), normalize_by_words(&parts.concat()));
    }

    #[test]
    fn normalized_parts_and_their_counts_match_the_definition_whatever_the_cut() {
        // Parts cut anywhere between single, double, tab and no-break spaces, punctuation-only
        // words, control characters and letters beyond ASCII.
        let pieces = [
            "Ab", "é", " ", "  ", "\t", "\u{a0}", "C d", " — ", "x\u{1}", "...", "",
        ];
        for parts in crate::text::part_lists(&pieces, 11, 4000) {
            let joined = parts.concat();
            let (norm, words) = normalize_counted(parts.iter().map(String::as_str));
            assert_eq!(norm, normalize_by_words(&joined), "{parts:?}");
            assert_eq!(words, crate::text::word_count(&joined), "{parts:?}");
        }
    }

    #[test]
    fn builtin_rules_parse() {
        assert!(builtin().all().count() > 0);
    }

    #[test]
    fn unknown_field_is_rejected_with_a_clear_message() {
        let err = parse(
            "user rules",
            r#"{"promo":[{"id":"x","reason":"y","phrase":["a"]}]}"#,
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("user rules") && msg.contains("phrase"),
            "{msg}"
        );
    }

    #[test]
    fn every_rule_is_well_formed() {
        let mut ids = std::collections::BTreeSet::new();
        for (name, json) in BUILTIN {
            let file = parse(name, json).unwrap();
            for (section, rules) in &file {
                let order: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
                let mut sorted = order.clone();
                sorted.sort_unstable();
                assert_eq!(
                    order, sorted,
                    "{name}.{section}: rules are not sorted by id"
                );
                for r in rules {
                    assert!(ids.insert(r.id.clone()), "duplicate rule id {}", r.id);
                    assert!(!r.reason.trim().is_empty(), "{} has no reason", r.id);
                    assert!(
                        r.reason.len() < 240 && !r.reason.contains('\n'),
                        "{}: the reason should be one line",
                        r.id
                    );
                    for sel in &r.selectors {
                        crate::dom::Selector::parse(sel)
                            .unwrap_or_else(|e| panic!("{}: {e}", r.id));
                    }
                    for list in [&r.phrases, &r.words] {
                        let mut seen = std::collections::BTreeSet::new();
                        for item in list {
                            assert!(!item.trim().is_empty(), "{}: empty entry", r.id);
                            assert!(seen.insert(item.to_lowercase()), "{}: `{item}` twice", r.id);
                        }
                    }
                }
            }
        }
    }

    /// Every built-in rule must influence at least one decision on the pages we test with:
    /// the shared syndicated fixtures, our own regression pages and the Readability corpus.
    #[test]
    fn every_rule_fires_on_some_page() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
        let mut pages = Vec::new();
        for dir in [
            format!("{root}/shared/fixtures/syndicated"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures").to_string(),
        ] {
            for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let gold = std::fs::read_to_string(e.path().join("gold.json"));
                let page = std::fs::read_to_string(e.path().join("page.html"));
                if let (Ok(gold), Ok(page)) = (gold, page) {
                    let url = serde_json::from_str::<serde_json::Value>(&gold).unwrap()["url"]
                        .as_str()
                        .map(str::to_string);
                    pages.push((page, url));
                }
            }
        }
        // Small pages of our own for rules the fixtures above do not reach (`tests/pages/`).
        let own = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages");
        for e in std::fs::read_dir(own).into_iter().flatten().flatten() {
            if let Ok(page) = std::fs::read_to_string(e.path()) {
                pages.push((
                    page,
                    Some("https://www.example.com/news/page.html".to_string()),
                ));
            }
        }
        for e in std::fs::read_dir(format!("{root}/shared/corpus/readability"))
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(page) = std::fs::read_to_string(e.path().join("source.html")) {
                pages.push((page, Some("http://fakehost/test/page.html".to_string())));
            }
        }
        if pages.is_empty() {
            eprintln!("no fixture pages found beside the crate; skipping");
            return;
        }
        let mut fired = std::collections::BTreeSet::new();
        for (page, url) in &pages {
            let a = crate::extract(page, url.as_deref(), &crate::Options::default()).unwrap();
            fired.extend(a.removed.into_iter().map(|r| r.rule));
            fired.extend(a.syndication.evidence.into_iter().map(|e| e.rule));
        }
        fired.extend(super::fired());
        let silent: Vec<&str> = builtin()
            .all()
            .map(|(_, _, r)| r.id.as_str())
            .filter(|id| !fired.contains(*id))
            .collect();
        assert!(silent.is_empty(), "rules that fired on no page: {silent:?}");
    }

    #[test]
    fn normalize_collapses_and_lowercases() {
        assert_eq!(normalize("  Join\n NOW\t- "), "join now -");
        assert_eq!(
            normalize("L\u{2019}appli \u{201C}X\u{201D}"),
            "l'appli \"x\""
        );
    }
}
