//! Amounts: money, percentages and counts with their unit, each with the words that say
//! what it measures.

use super::lists::lists;
use super::tokens::{Doc, Loc};

/// One amount.
#[derive(Debug, Clone)]
pub struct Found {
    pub loc: Loc,
    pub context: String,
}

fn numeric(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
        && w.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '\u{2013}'))
}

/// Finds the amounts of the article, in order, leaving out numbers inside `dates`.
pub fn find(doc: &Doc, dates: &[Loc]) -> Vec<Found> {
    let l = lists();
    let mut out = Vec::new();
    // Each amount once, at its first mention.
    let mut seen = super::lists::HashSet::default();
    for sent in &doc.sents {
        if doc.skip[sent.block] {
            continue;
        }
        let (lo, hi) = (sent.toks.start, sent.toks.end);
        let block = doc.blocks[sent.block];
        let mut t = lo;
        while t < hi {
            let w = doc.word(t);
            let tok = doc.toks[t];
            if !numeric(w) {
                t += 1;
                continue;
            }
            // Dates are in order: the last one starting at or before this word may hold it.
            let k = dates.partition_point(|d| (d.block, d.start) <= (tok.block(), tok.start()));
            let in_date = k > 0 && {
                let d = dates[k - 1];
                d.block == tok.block() && tok.end() <= d.end
            };
            if in_date {
                t += 1;
                continue;
            }
            let mut start = tok.start();
            let mut e = t;
            let mut money = false;
            // A currency sign or code before: "$512", "£2.4", "Rs 25,000", "US$ 3".
            let before = block[..tok.start()].trim_end();
            if let Some(sign) = before
                .chars()
                .last()
                .filter(|c| matches!(c, '$' | '£' | '€' | '¥' | '₹'))
            {
                start = before.len() - sign.len_utf8();
                if block[..start].ends_with(|c: char| c.is_ascii_uppercase()) {
                    start = block[..start]
                        .trim_end_matches(|c: char| c.is_ascii_uppercase())
                        .len();
                }
                money = true;
            } else if t > lo && doc.adjacent(t - 1) && doc.listed(t - 1, &l.currencies) {
                start = doc.toks[t - 1].start();
                money = true;
            }
            let next = |k: usize| (k < hi && doc.adjacent(k - 1)).then(|| doc.word(k));
            // Ranges: "3 to 4", "8 and 10".
            if let (Some(link), Some(n2)) = (next(e + 1), next(e + 2)) {
                if l.range_links.has(link) && numeric(n2) {
                    e += 2;
                }
            }
            if next(e + 1).is_some_and(|m| l.multipliers.has(m)) {
                e += 1;
            }
            let mut end = doc.toks[e].end();
            let after = &block[end..];
            let mut unit = false;
            if after.starts_with('%') || after.starts_with(" %") {
                end += after.find('%').unwrap_or(0) + 1;
                unit = true;
            } else if !money {
                // "per cent", "Prozent", "yen", "tons", "plows".
                for n in (1..=l.percent.longest).rev() {
                    if e + n < hi && (e + 1..=e + n).all(|k| doc.adjacent(k - 1)) {
                        let phrase = doc.text(e + 1, e + n);
                        if l.percent.has(phrase) {
                            e += n;
                            unit = true;
                            break;
                        }
                    }
                }
                if !unit {
                    if let Some(u) = next(e + 1) {
                        if l.currencies.has(u) {
                            money = true;
                            e += 1;
                        } else {
                            // The unit: up to three words, ending at the first plural
                            // ("48 component makers", "40 stranded motorists", "3 feet").
                            let mut k = e + 1;
                            while let Some(u) = next(k).filter(|u| unit_word(doc, u)) {
                                unit = true;
                                e = k;
                                k += 1;
                                if u.ends_with('s') || k > t + 3 {
                                    break;
                                }
                            }
                        }
                    }
                }
                end = doc.toks[e].end();
            }
            // Times of day ("6.30am", "9 p.m.", "5:40 p.m.") are not amounts.
            let unit_text = &block[doc.toks[t].end()..end];
            let time = block[..tok.start()].ends_with(':')
                || ["a.m", "p.m", "am", "pm", "h"]
                    .contains(&unit_text.trim().trim_end_matches('.'));
            if (money || unit) && !time && seen.insert(&block[start..end]) {
                let loc = Loc {
                    block: tok.block(),
                    start,
                    end,
                };
                out.push(Found {
                    loc,
                    context: context(block, sent.start, sent.end, start, end),
                });
            }
            t = e + 1;
        }
    }
    out
}

/// A word that can be (part of) the unit of a count: lower case, a word of the language
/// rather than a common function word.
fn unit_word(doc: &Doc, u: &str) -> bool {
    u.chars().next().is_some_and(|c| !c.is_uppercase())
        && !doc.stopword(u)
        && u.chars().count() > 1
        && u.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
}

/// The clause around `start..end` within the sentence `s..e`: from the previous comma, colon
/// or dash to the next, at most twelve words either side.
fn context(block: &str, s: usize, e: usize, start: usize, end: usize) -> String {
    let stops = [
        ',', ';', ':', '(', ')', '\u{2014}', '\u{201C}', '\u{201D}', '"',
    ];
    let left = block[s..start]
        .char_indices()
        .rfind(|(_, c)| stops.contains(c))
        .map_or(s, |(i, c)| s + i + c.len_utf8());
    let right = block[end..e]
        .find(|c| stops.contains(&c))
        .map_or(e, |i| end + i);
    let before: Vec<&str> = block[left..start].split_whitespace().collect();
    let after: Vec<&str> = block[end..right].split_whitespace().collect();
    let before = &before[before.len().saturating_sub(12)..];
    let after = &after[..after.len().min(12)];
    let mut words: Vec<&str> = before.to_vec();
    words.push(&block[start..end]);
    words.extend(after);
    words
        .join(" ")
        .trim_end_matches(['.', '!', '?'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amounts(text: &str) -> Vec<String> {
        let doc = Doc::new(text, Some("en".into()));
        find(&doc, &[])
            .into_iter()
            .map(|f| doc.blocks[f.loc.block][f.loc.start..f.loc.end].to_string())
            .collect()
    }

    #[test]
    fn money_percentages_and_counts() {
        assert_eq!(
            amounts(
                "A \u{a3}2.4 million restoration, revenue growth of 8-10 per cent and Rs 25,000 crore. \
                 More than 200 plows worked; 3 to 4 inches fell; sales rose 14% to $512 million \
                 and 9.8 billion yen. It opens at 6.30am on 3 of the days."
            ),
            [
                "\u{a3}2.4 million",
                "8-10 per cent",
                "Rs 25,000 crore",
                "200 plows",
                "3 to 4 inches",
                "14%",
                "$512 million",
                "9.8 billion yen"
            ]
        );
    }

    #[test]
    fn context_says_what_is_measured() {
        let text = "The industry is expected to post revenue growth of 8-10 per cent in the year, analysts said.";
        let doc = Doc::new(text, Some("en".into()));
        let f = find(&doc, &[]);
        assert_eq!(
            f[0].context,
            "The industry is expected to post revenue growth of 8-10 per cent in the year"
        );
    }
}
