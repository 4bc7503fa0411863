//! The summary: the few sentences that say the most, chosen by position, overlap with the
//! title and density of names, numbers and dates, shown in article order. Works in any
//! language (it needs no word lists).

use super::tokens::{Doc, Loc};
use crate::text::TermSet;

/// The words of a text that count for overlap: three letters or more (or any length in
/// scripts without spaces).
fn term_words<'t>(text: &'t str, mut f: impl FnMut(&'t str)) {
    crate::text::alnum_runs(text, |w, chars, spaceless| {
        if chars >= 3 || spaceless {
            f(w);
        }
    });
}

/// One word, lower-cased and lightly stemmed ("batteries" meets "battery", "talks" meets
/// "talk"), written into `out`.
fn term_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    if let Some(stem) = out.strip_suffix("ies").filter(|s| s.chars().count() >= 3) {
        let keep = stem.len();
        out.truncate(keep);
        out.push('y');
    } else if let Some(stem) = out
        .strip_suffix('s')
        .filter(|s| s.chars().count() >= 3 && !s.ends_with('s'))
    {
        let keep = stem.len();
        out.truncate(keep);
    }
}

/// The distinct terms of a text ([`term_words`], each through [`term_into`]).
fn terms_of(text: &str) -> TermSet {
    let mut set = TermSet::with_capacity(text.len());
    let mut one = String::new();
    term_words(text, |w| {
        term_into(w, &mut one);
        set.push_with(|buf| buf.push_str(&one));
    });
    set.ordered()
}

/// Picks up to `n` sentences. `facts` are the places of every fact found (names, numbers,
/// dates); a sentence holding more of them says more. Returns (place, text start) pairs in
/// article order, the text start skipping a wire dateline.
pub fn pick(doc: &Doc, title: Option<&str>, facts: &[Loc], n: usize) -> Vec<Loc> {
    let title_terms = terms_of(title.unwrap_or(""));
    let mut title_firsts = [false; 256];
    for k in 0..title_terms.len() {
        if let Some(&b) = title_terms.get(k).1.as_bytes().first() {
            title_firsts[usize::from(b)] = true;
        }
    }
    let max_candidates =
        crate::rules::threshold("facts", "text", "facts.summary_candidates", 40.0) as usize;
    let mut buf = String::new();
    let mut by_block: Vec<Vec<Loc>> = vec![Vec::new(); doc.blocks.len()];
    for f in facts {
        if let Some(b) = by_block.get_mut(f.block) {
            b.push(*f);
        }
    }
    let body_blocks = doc.skip.iter().filter(|s| !**s).count().max(1) as f64;
    let mut scored: Vec<(f64, usize, Loc, f64)> = Vec::new();
    let mut rank_in_body = 0usize;
    let mut last_block = usize::MAX;
    for (i, s) in doc.sents.iter().enumerate() {
        if doc.skip[s.block] {
            continue;
        }
        if s.block != last_block {
            last_block = s.block;
            rank_in_body += 1;
        }
        // The summary comes from the story's first part: later sentences are not scored.
        if scored.len() >= max_candidates {
            break;
        }
        let text = &doc.blocks[s.block][s.start..s.end];
        let (words, chars) = (crate::text::field_count(text), text.chars().count());
        // Too short to stand alone, or a fragment without a closing stop (a label).
        // A question asks rather than tells: it does not sum a story up.
        if (words < 8 && chars < 50)
            || words > 70
            || text.contains('|')
            || text
                .trim_end_matches(super::sentences::closing)
                .ends_with('?')
        {
            continue;
        }
        let start = s.start + super::sentences::dateline_end(text);
        let loc = Loc {
            block: s.block,
            start,
            end: s.end,
        };
        // Share of the title's terms the sentence has (no set built per sentence).
        let overlap = if title_terms.is_empty() {
            0.0
        } else {
            let mut hit = vec![false; title_terms.len()];
            term_words(text, |w| {
                // An ASCII word's term starts with its own first letter, in lower case: most
                // words match no title term's, and are not lower-cased and stemmed.
                let first = w.as_bytes()[0];
                if first < 0x80 && !title_firsts[usize::from(first.to_ascii_lowercase())] {
                    return;
                }
                term_into(w, &mut buf);
                if let Some(k) = title_terms.find(&buf) {
                    hit[k] = true;
                }
            });
            hit.iter().filter(|h| **h).count() as f64 / title_terms.len() as f64
        };
        let density = by_block[s.block]
            .iter()
            .filter(|f| f.start >= s.start && f.end <= s.end)
            .count() as f64
            / (words as f64).sqrt().max(1.0);
        let first_in_block = s.start == 0
            || doc
                .sents
                .get(i.wrapping_sub(1))
                .is_none_or(|p| p.block != s.block);
        let position = 1.0 - (rank_in_body as f64 - 1.0) / body_blocks;
        let score = 2.0 * position
            + if first_in_block { 0.5 } else { 0.0 }
            + if rank_in_body == 1 && first_in_block {
                1.0
            } else {
                0.0
            }
            + 2.0 * overlap
            + 0.8 * density;
        scored.push((score, i, loc, density));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut chosen: Vec<(usize, Loc, TermSet, f64)> = Vec::new();
    for (_, i, loc, density) in scored {
        if chosen.len() >= n {
            break;
        }
        let t = terms_of(&doc.blocks[loc.block][loc.start..loc.end]);
        // A lead repeated in other words is said once, in its fuller form.
        let repeat = chosen.iter().position(|(_, _, c, _)| {
            let shared = t.shared(c) as f64;
            shared / (t.len().min(c.len()).max(1) as f64) >= 0.6
        });
        match repeat {
            None => chosen.push((i, loc, t, density)),
            Some(r) if density > chosen[r].3 && t.len() > chosen[r].2.len() => {
                chosen[r] = (i, loc, t, density);
            }
            Some(_) => {}
        }
    }
    chosen.sort_by_key(|(i, _, _, _)| *i);
    chosen.into_iter().map(|(_, l, _, _)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_words_are_the_runs_of_letters_and_digits_worth_comparing() {
        for text in [
            "Prices rose 14% to $512 million -- in U.S. markets, the 3rd day",
            "",
            "  ab,cde ",
            "Préfet: déjà vu à Paris, 東京 ok",
            "x-yz, a1b2c3",
            "\u{201C}Prices rose,\u{201D} she said \u{2014} it\u{2019}s 12\u{a0}000 \u{20AC}, Ωmega",
        ] {
            let expected: Vec<&str> = text
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 3 || w.chars().any(|c| (c as u32) > 0x2E80))
                .collect();
            let mut got = Vec::new();
            term_words(text, |w| got.push(w));
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn term_sets_find_and_share_like_hash_sets() {
        let set = |text: &str| {
            let mut out = std::collections::HashSet::new();
            let mut buf = String::new();
            term_words(text, |w| {
                term_into(w, &mut buf);
                out.insert(buf.clone());
            });
            out
        };
        let texts = [
            "Officials to meet in Riyadh to discuss Ukraine truce",
            "Senior officials are to meet in Riyadh on Tuesday for talks on a Ukraine truce.",
            "Batteries and battery talks: the talk of the town, the towns, the TALKS.",
            "Pr\u{e9}fet: d\u{e9}j\u{e0} vu \u{e0} Paris, \u{6771}\u{4eac} ok",
            "",
        ];
        for a in texts {
            let (terms, want) = (terms_of(a), set(a));
            assert_eq!(terms.len(), want.len(), "{a}");
            for b in texts {
                let other = set(b);
                assert_eq!(
                    terms.shared(&terms_of(b)),
                    want.intersection(&other).count(),
                    "{a} / {b}"
                );
                for t in &other {
                    assert_eq!(terms.find(t).is_some(), want.contains(t), "{t}");
                }
            }
        }
    }

    #[test]
    fn leads_titles_and_facts_win_and_repeats_go() {
        let text = "Top officials will meet in Riyadh on Tuesday to discuss a truce in Ukraine.\n\n\
                    Senior officials are to meet in Riyadh on Tuesday for talks on a Ukraine truce.\n\n\
                    The weather was mild and people walked their dogs in the park all day long.\n\n\
                    Prices rose 14% to $512 million in January, the ministry said on Monday.\n\n\
                    Follow us for more updates and news from around the world every day.";
        let doc = Doc::new(text, Some("en".into()));
        let facts = [
            Loc {
                block: 3,
                start: 12,
                end: 15,
            },
            Loc {
                block: 3,
                start: 19,
                end: 31,
            },
        ];
        let got = pick(
            &doc,
            Some("Officials to meet in Riyadh to discuss Ukraine truce"),
            &facts,
            2,
        );
        let blocks: Vec<usize> = got.iter().map(|l| l.block).collect();
        assert_eq!(blocks, [0, 3]);
    }

    #[test]
    fn questions_are_not_summed_up() {
        let text = "Will the officials meeting in Riyadh on Tuesday agree on a Ukraine truce?\n\n\
                    Top officials will meet in Riyadh on Tuesday to discuss a truce in Ukraine.\n\n\
                    \u{201C}Can a truce in Ukraine hold through the winter months this time?\u{201D}\n\n\
                    The weather was mild and people walked their dogs in the park all day long.";
        let doc = Doc::new(text, Some("en".into()));
        let got = pick(
            &doc,
            Some("Officials meet in Riyadh on Ukraine truce"),
            &[],
            3,
        );
        let blocks: Vec<usize> = got.iter().map(|l| l.block).collect();
        assert_eq!(blocks, [1, 3]);
    }
}
