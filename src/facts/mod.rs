//! Key facts: the summary, people, organizations, places, dates, amounts, quotes and source
//! of an article, read from its cleaned `text` without any downloaded model. Each finder is its
//! own module; the word lists are rules data (`rules/facts.json`).
//!
//! Rules that only hold for English (speech verbs, roles before names, tense) apply only to
//! English text; the summary needs no word lists and works in any language.

mod dates;
mod entities;
mod lang;
mod lists;
mod numbers;
mod quotes;
mod sentences;
mod summary;
mod tokens;

use crate::types::{
    DateFact, Entity, FactSource, KeyFacts, NumberFact, Person, Quote, Sentence, Syndication,
};
use tokens::{Doc, Loc};

/// What the key-facts stage reads about one article.
pub struct Input<'a> {
    /// The article's text: paragraphs separated by a blank line.
    pub text: &'a str,
    pub title: Option<&'a str>,
    /// Publication time, ISO 8601 where known (relative dates resolve against it).
    pub published: Option<&'a str>,
    /// The page's declared language.
    pub lang: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub site_name: Option<&'a str>,
    pub syndication: &'a Syndication,
}

/// The key facts of one article; `summary_sentences` is brought into 3..=5.
pub fn key_facts(input: &Input, summary_sentences: usize) -> KeyFacts {
    // Bounded work on any input: the paragraphs within the first `facts.max_chars` bytes.
    // (Word places are held in 32 bits, so no rule can raise it past that.)
    let max = (crate::rules::threshold("facts", "text", "facts.max_chars", 200_000.0) as usize)
        .min(u32::MAX as usize);
    let text = if input.text.len() > max {
        let cut = sentences::floor(input.text, max);
        &input.text[..input.text[..cut].rfind("\n\n").unwrap_or(0)]
    } else {
        input.text
    };
    let lang = lang::detect(input.lang, text);
    let doc = Doc::new(text, lang.clone());
    let found = entities::find(&doc, input.title, input.byline);
    let date_list = dates::find(&doc, input.published);
    let date_locs: Vec<Loc> = date_list.iter().map(|d| d.loc).collect();
    let amounts = numbers::find(&doc, &date_locs);
    let quote_list = quotes::find(&doc, &found);
    let mut fact_locs: Vec<Loc> = found.mentions().copied().collect();
    fact_locs.extend(&date_locs);
    fact_locs.extend(amounts.iter().map(|n| n.loc));
    let summary = summary::pick(&doc, input.title, &fact_locs, summary_sentences.clamp(3, 5));

    let text_of = |l: &Loc| doc.blocks[l.block][l.start..l.end].to_string();
    let entity = |f: &entities::Found| Entity {
        name: f.name.clone(),
        mentions: f.mentions.iter().map(|m| doc.span(*m)).collect(),
    };
    KeyFacts {
        lang,
        summary: summary
            .iter()
            .map(|l| {
                let span = doc.span(*l);
                Sentence {
                    text: text_of(l),
                    block: span.block,
                    start: span.start,
                    end: span.end,
                }
            })
            .collect(),
        people: found
            .people
            .iter()
            .map(|p| Person {
                name: p.name.clone(),
                role: p.role.clone(),
                mentions: p.mentions.iter().map(|m| doc.span(*m)).collect(),
            })
            .collect(),
        organizations: found.orgs.iter().map(entity).collect(),
        places: found.places.iter().map(entity).collect(),
        dates: date_list
            .iter()
            .map(|d| DateFact {
                text: text_of(&d.loc),
                date: d.date.clone(),
                span: doc.span(d.loc),
            })
            .collect(),
        numbers: amounts
            .iter()
            .map(|n| NumberFact {
                text: text_of(&n.loc),
                context: n.context.clone(),
                span: doc.span(n.loc),
            })
            .collect(),
        quotes: quote_list
            .iter()
            .map(|q| Quote {
                speaker: q.speaker.clone(),
                text: text_of(&q.loc),
                span: doc.span(q.loc),
            })
            .collect(),
        source: source(input),
        sentences: doc
            .sents
            .iter()
            .map(|s| {
                doc.span(Loc {
                    block: s.block,
                    start: s.start,
                    end: s.end,
                })
            })
            .collect(),
    }
}

/// Who wrote the story (a byline that is not an agency's name) and who carries it.
fn source(input: &Input) -> FactSource {
    let l = lists::lists();
    let wire = input.syndication.wire_source.clone();
    let author = input.byline.map(|b| {
        let b = b.trim();
        b.strip_prefix("By ")
            .or_else(|| b.strip_prefix("by "))
            .unwrap_or(b)
            .trim()
    });
    let author = author.filter(|b| {
        !b.is_empty()
            && l.wire(b).is_none()
            && wire.as_deref().is_none_or(|w| !b.eq_ignore_ascii_case(w))
    });
    FactSource {
        author: author.map(str::to_string),
        republisher: input.syndication.republisher.clone().or_else(|| {
            wire.is_some()
                .then(|| input.site_name.map(str::to_string))
                .flatten()
        }),
        wire,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_point_at_the_fact_in_utf16() {
        let syndication = Syndication::default();
        let input = Input {
            text: "Caf\u{e9} \u{1F600} owner Ann Lee said prices rose 14% on Tuesday in Paris.\n\n\
                   \u{201C}We will stay open all winter long,\u{201D} Lee said on Monday.",
            title: Some("Paris caf\u{e9} raises prices"),
            published: Some("2025-02-17"),
            lang: None,
            byline: Some("By Jo Writer"),
            site_name: None,
            syndication: &syndication,
        };
        let k = key_facts(&input, 4);
        assert_eq!(k.lang.as_deref(), Some("en"));
        let js: Vec<u16> = input
            .text
            .split("\n\n")
            .next()
            .unwrap()
            .encode_utf16()
            .collect();
        let person = &k.people[0];
        assert_eq!(person.name, "Ann Lee");
        assert_eq!(person.role.as_deref(), Some("owner"));
        let m = person.mentions[0];
        assert_eq!(String::from_utf16(&js[m.start..m.end]).unwrap(), "Ann Lee");
        assert_eq!(person.mentions.len(), 2);
        assert_eq!(k.quotes[0].speaker.as_deref(), Some("Ann Lee"));
        assert_eq!(k.places[0].name, "Paris");
        assert_eq!(k.numbers[0].text, "14%");
        assert_eq!(k.dates[0].date.as_deref(), Some("2025-02-11"));
        assert_eq!(k.source.author.as_deref(), Some("Jo Writer"));
    }
}
