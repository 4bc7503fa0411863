//! Direct quotes and who said them: `"…," Peskov said`, `said Dana Whitfield`, `X told
//! reporters: "…"`, `according to X`; a quote that carries on without attribution keeps the
//! speaker of the one before.

use super::entities::Entities;
use super::lists::lists;
use super::tokens::{Doc, Loc};

/// One quote: where its words are and who said it.
#[derive(Debug, Clone)]
pub struct Found {
    pub loc: Loc,
    pub speaker: Option<String>,
}

/// The closing marks that end a quote opened by `open`.
fn closers(open: char) -> &'static [char] {
    match open {
        '\u{201C}' => &['\u{201D}'],
        '"' => &['"'],
        '\u{201E}' => &['\u{201C}', '\u{201D}'],
        '\u{00AB}' => &['\u{00BB}'],
        _ => &[],
    }
}

/// The marks [`closers`] knows, searched for in one pass.
const OPENERS: [char; 4] = ['\u{201C}', '"', '\u{201E}', '\u{00AB}'];

/// The first of [`OPENERS`] at or after byte `from`, and where it is. Only `"` and the lead
/// bytes of the others' encodings are decoded.
fn next_opener(text: &str, from: usize) -> Option<(char, usize)> {
    let bytes = text.as_bytes();
    let mut k = from;
    while let Some(p) = memchr::memchr3(b'"', 0xE2, 0xC2, &bytes[k..]) {
        k += p;
        let c = text[k..].chars().next()?;
        if OPENERS.contains(&c) {
            return Some((c, k));
        }
        k += c.len_utf8();
    }
    None
}

/// Finds the quotes of the article, in order.
pub fn find(doc: &Doc, entities: &Entities) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    let mut last_speaker: Option<String> = None;
    for (b, text) in doc.blocks.iter().enumerate() {
        if doc.skip[b] {
            continue;
        }
        let mut from = 0;
        let mut in_block = 0;
        while let Some((open, o)) = next_opener(text, from) {
            let inner = o + open.len_utf8();
            let found = match closers(open) {
                &[one] => text[inner..].find(one),
                several => text[inner..].find(several),
            };
            let Some(c) = found.map(|i| inner + i) else {
                break;
            };
            let close_len = text[c..].chars().next().map_or(1, char::len_utf8);
            from = c + close_len;
            let words = text[inner..c].split_whitespace().count();
            let long = words >= 4 || (words <= 1 && text[inner..c].chars().count() >= 15);
            if !long {
                continue;
            }
            let quoted = text[inner..c].trim_end_matches([',', ' ']);
            let loc = Loc {
                block: b,
                start: inner,
                end: inner + quoted.len(),
            };
            let speaker = attribute(doc, entities, b, o, from).or_else(|| {
                // Carrying on: the paragraph is the quote, or an earlier quote in it had a speaker.
                let whole = text[..o].trim().is_empty() || in_block > 0;
                whole.then(|| last_speaker.clone()).flatten()
            });
            if speaker.is_none() && !text[..o].trim().is_empty() {
                continue; // a scare quote or a title, not speech
            }
            if speaker.is_some() {
                last_speaker.clone_from(&speaker);
            }
            in_block += 1;
            out.push(Found { loc, speaker });
        }
    }
    out
}

/// The speaker of the quote opening at byte `open` and closing just before `after` in
/// paragraph `b`: a speech verb near the quote with a name beside it.
fn attribute(
    doc: &Doc,
    entities: &Entities,
    b: usize,
    open: usize,
    after: usize,
) -> Option<String> {
    let l = lists();
    let text = doc.blocks[b];
    // After the quote, up to the end of its sentence or the next quote.
    let rest = &text[after..];
    let stop = rest
        .find(['.', '!', '?', '\u{201C}', '"', '\u{00AB}', '\u{201E}'])
        .unwrap_or(rest.len());
    let window_after = (after, after + stop);
    // Before it, from the start of its sentence.
    let first = doc
        .sents
        .partition_point(|s| (s.block, s.start) <= (b, open));
    let sent_start = first
        .checked_sub(1)
        .map(|i| &doc.sents[i])
        .filter(|s| s.block == b)
        .map_or(0, |s| s.start);
    let window_before = (sent_start, open);
    let verb_in = |(s, e): (usize, usize)| {
        doc.words_in(b, s, e)
            .find(|&i| doc.listed(i, &l.speech))
            .map(|i| doc.toks[i].start())
    };
    for window in [window_after, window_before] {
        let Some(verb) = verb_in(window) else {
            continue;
        };
        if let Some(p) = entities.person_in(b, window, verb) {
            return Some(p.name.clone());
        }
        // An organization speaking ("the agency said" has no name; "Crestline said" has).
        if let Some(o) = entities.orgs.iter().find(|o| {
            o.mentions
                .iter()
                .any(|m| m.block == b && m.start >= window.0 && m.end <= window.1)
        }) {
            return Some(o.name.clone());
        }
        // "he said", "sagte sie": the last person named before the quote.
        return entities
            .people
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p, m)))
            .filter(|(_, m)| (m.block, m.start) < (b, open))
            .max_by_key(|(_, m)| (m.block, m.start))
            .map(|(p, _)| p.name.clone());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(Option<String>, String)> {
        let doc = Doc::new(text, Some("en".into()));
        let e = super::super::entities::find(&doc, None, None);
        find(&doc, &e)
            .into_iter()
            .map(|q| {
                (
                    q.speaker,
                    doc.blocks[q.loc.block][q.loc.start..q.loc.end].to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn speakers_resolve_to_full_names() {
        let got = quotes(
            "Kremlin spokesman Dmitry Peskov spoke to reporters.\n\n\
             The talks will be \u{201C}devoted primarily to restoring the whole complex of relations,\u{201D} Peskov said.\n\n\
             \u{201C}This is a dangerous, fast-moving band,\u{201D} said Dana Whitfield, a meteorologist. \
             \u{201C}If you don\u{2019}t have to be on the road, stay home.\u{201D}\n\n\
             Officials called it a \u{201C}possible\u{201D} truce. Ann Lee said: \"We will rebuild every single house.\"",
        );
        assert_eq!(
            got,
            [
                (
                    Some("Dmitry Peskov".into()),
                    "devoted primarily to restoring the whole complex of relations".into()
                ),
                (
                    Some("Dana Whitfield".into()),
                    "This is a dangerous, fast-moving band".into()
                ),
                (
                    Some("Dana Whitfield".into()),
                    "If you don\u{2019}t have to be on the road, stay home.".into()
                ),
                (
                    Some("Ann Lee".into()),
                    "We will rebuild every single house.".into()
                ),
            ]
        );
    }

    #[test]
    fn next_opener_agrees_with_a_plain_search() {
        let text = "a \u{2014} b\u{a0}\u{201D} \u{201C}x\u{201D} \"y\" \u{201E}z\u{201C} \u{00AB}w\u{00BB} \u{e9}";
        let mut from = 0;
        while from <= text.len() {
            let want = text[from..]
                .char_indices()
                .find(|&(_, c)| OPENERS.contains(&c))
                .map(|(i, c)| (c, from + i));
            assert_eq!(next_opener(text, from), want, "{from}");
            from += text[from..].chars().next().map_or(1, char::len_utf8);
        }
    }

    #[test]
    fn openers_are_exactly_the_marks_with_closers() {
        for c in OPENERS {
            assert!(!closers(c).is_empty(), "{c}");
        }
        for c in ['\u{201D}', '\u{00BB}', '\'', '(', 'a'] {
            assert!(closers(c).is_empty() && !OPENERS.contains(&c), "{c}");
        }
    }

    #[test]
    fn german_and_french_marks() {
        let doc = Doc::new(
            "\u{201E}Der Ausbau kommt endlich in der Fl\u{e4}che an\u{201C}, sagte Gesch\u{e4}ftsf\u{fc}hrerin Katrin Mehlhorn.",
            Some("de".into()),
        );
        let e = super::super::entities::find(&doc, None, None);
        let q = find(&doc, &e);
        assert_eq!(q[0].speaker.as_deref(), Some("Katrin Mehlhorn"));
    }
}
