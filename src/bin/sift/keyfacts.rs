//! The `key-facts` part of `sift eval`: recall of the `key_facts` gold entries (people,
//! places, organizations, dates by phrase, quotes by speaker and opening words, summary terms)
//! on every fixture whose gold file has them.

use serde::{Deserialize, Serialize};
use sift::KeyFacts;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The `key_facts` section of a gold file.
#[derive(Debug, Default, Deserialize)]
pub struct Gold {
    #[serde(default)]
    people: Vec<String>,
    #[serde(default)]
    places: Vec<String>,
    #[serde(default)]
    organizations: Vec<String>,
    #[serde(default)]
    dates: Vec<String>,
    #[serde(default)]
    quotes: Vec<GoldQuote>,
    #[serde(default)]
    summary_must_mention: Vec<String>,
}

/// A gold quote: who said it and how it starts.
#[derive(Debug, Default, Deserialize)]
struct GoldQuote {
    speaker: String,
    text_start: String,
}

/// The categories, in the order they are printed.
pub const CATEGORIES: &[&str] = &[
    "people",
    "places",
    "organizations",
    "dates",
    "quotes",
    "summary",
];

/// Found and expected counts of one category.
#[derive(Debug, Default, Clone, Copy, Serialize)]
pub struct Count {
    /// Gold entries found.
    pub found: usize,
    /// Gold entries.
    pub total: usize,
}

impl Count {
    /// Found over expected (1 when nothing is expected).
    pub fn recall(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.found as f64 / self.total as f64
        }
    }
}

/// The key-facts result of one page.
#[derive(Debug, Default, Serialize)]
pub struct PageScore {
    /// Category → counts.
    pub counts: BTreeMap<String, Count>,
    /// One line per gold entry not found: `category: entry`.
    pub missed: Vec<String>,
}

/// Key-facts recall over all pages that have gold.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Pages with key-facts gold.
    pub pages: usize,
    /// Category → counts over all pages.
    pub counts: BTreeMap<String, Count>,
    /// Category → recall (0–1).
    pub recall: BTreeMap<String, f64>,
}

/// Case, typographic quotes and spacing do not matter.
fn norm(s: &str) -> String {
    let mut out = String::new();
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in w.chars() {
            match c {
                '\u{2018}' | '\u{2019}' => out.push('\''),
                '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => out.push('"'),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    out
}

/// A name as given matches a gold name when they are the same, or the gold gives the surname
/// (or, for quotes, a shorter form) of ours.
fn same_name(ours: &str, gold: &str) -> bool {
    let (o, g) = (norm(ours), norm(gold));
    o == g || o.ends_with(&format!(" {g}")) || o.starts_with(&format!("{g} "))
}

/// Scores one page's key facts against its gold.
pub fn score(gold: &Gold, facts: &KeyFacts) -> PageScore {
    let mut page = PageScore::default();
    let mut tally = |category: &str, entries: Vec<(String, bool)>| {
        let c = page.counts.entry(category.to_owned()).or_default();
        for (entry, ok) in entries {
            c.total += 1;
            if ok {
                c.found += 1;
            } else {
                page.missed.push(format!("{category}: {entry}"));
            }
        }
    };
    let names = |list: &[String], ours: Vec<&str>, people: bool| -> Vec<(String, bool)> {
        list.iter()
            .map(|g| {
                let ok = ours.iter().any(|o| {
                    if people {
                        same_name(o, g)
                    } else {
                        norm(o) == norm(g)
                    }
                });
                (g.clone(), ok)
            })
            .collect()
    };
    tally(
        "people",
        names(
            &gold.people,
            facts.people.iter().map(|p| p.name.as_str()).collect(),
            true,
        ),
    );
    tally(
        "places",
        names(
            &gold.places,
            facts.places.iter().map(|p| p.name.as_str()).collect(),
            false,
        ),
    );
    tally(
        "organizations",
        names(
            &gold.organizations,
            facts
                .organizations
                .iter()
                .map(|p| p.name.as_str())
                .collect(),
            false,
        ),
    );
    tally(
        "dates",
        gold.dates
            .iter()
            .map(|g| {
                let ok = facts.dates.iter().any(|d| norm(&d.text).contains(&norm(g)));
                (g.clone(), ok)
            })
            .collect(),
    );
    tally(
        "quotes",
        gold.quotes
            .iter()
            .map(|g| {
                let ok = facts.quotes.iter().any(|q| {
                    q.speaker
                        .as_deref()
                        .is_some_and(|s| same_name(s, &g.speaker))
                        && norm(&q.text).starts_with(&norm(&g.text_start))
                });
                (format!("{} \"{}\"", g.speaker, g.text_start), ok)
            })
            .collect(),
    );
    let summary = norm(
        &facts
            .summary
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" "),
    );
    tally(
        "summary",
        gold.summary_must_mention
            .iter()
            .map(|g| (g.clone(), summary.contains(&norm(g))))
            .collect(),
    );
    page
}

/// Adds up the pages' scores.
pub fn summarize<'a>(pages: impl IntoIterator<Item = &'a PageScore>) -> Summary {
    let mut s = Summary::default();
    for page in pages {
        s.pages += 1;
        for (k, c) in &page.counts {
            let t = s.counts.entry(k.clone()).or_default();
            t.found += c.found;
            t.total += c.total;
        }
    }
    s.recall = s
        .counts
        .iter()
        .map(|(k, c)| (k.clone(), c.recall()))
        .collect();
    s
}

/// One line: recall per category.
pub fn line(s: &Summary) -> String {
    let mut out = format!("key facts: {} pages, recall", s.pages);
    for (i, cat) in CATEGORIES.iter().enumerate() {
        let c = s.counts.get(*cat).copied().unwrap_or_default();
        let _ = write!(
            out,
            "{} {cat} {:.3} ({}/{})",
            if i == 0 { "" } else { "," },
            c.recall(),
            c.found,
            c.total
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sift::{DateFact, Entity, Person, Quote, Sentence};

    #[test]
    fn recall_counts_each_category() {
        let gold: Gold = serde_json::from_value(serde_json::json!({
            "people": ["Dmitry Peskov", "Peskov", "Ann Lee"],
            "places": ["Riyadh"],
            "organizations": ["NATO"],
            "dates": ["Tuesday"],
            "quotes": [{"speaker": "Peskov", "text_start": "devoted primarily"}],
            "summary_must_mention": ["truce", "Ukraine"]
        }))
        .unwrap();
        let facts = KeyFacts {
            people: vec![Person {
                name: "Dmitry Peskov".into(),
                ..Person::default()
            }],
            places: vec![Entity {
                name: "riyadh".into(),
                mentions: vec![],
            }],
            dates: vec![DateFact {
                text: "on Tuesday".into(),
                ..DateFact::default()
            }],
            quotes: vec![Quote {
                speaker: Some("Dmitry Peskov".into()),
                text: "Devoted primarily to restoring".into(),
                ..Quote::default()
            }],
            summary: vec![Sentence {
                text: "A truce in Ukraine.".into(),
                ..Sentence::default()
            }],
            ..KeyFacts::default()
        };
        let p = score(&gold, &facts);
        assert_eq!(p.counts["people"].found, 2);
        assert_eq!(p.counts["organizations"].found, 0);
        assert_eq!(p.missed, ["people: Ann Lee", "organizations: NATO"]);
        let s = summarize([&p]);
        assert!(
            line(&s).starts_with("key facts: 1 pages, recall people 0.667 (2/3), places 1.000")
        );
    }
}
