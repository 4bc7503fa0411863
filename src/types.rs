//! The result of cleaning one page, and the options that steer it.
//!
//! Field names here are a contract shared with the browser extension: the WASM layer serializes
//! [`Article`] with serde and the reader view reads those names.

use serde::{Deserialize, Serialize};

/// Everything Sift learned about one page.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Article {
    /// Whether the page holds one article (false for section fronts, listings, search pages).
    pub is_article: bool,
    /// The cheap check's answer for the same page (see [`crate::probably_readable`]).
    pub probably_readable: bool,
    /// The headline.
    pub title: Option<String>,
    /// The author line as shown (a person, or a wire name such as "PTI").
    pub byline: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// Publication time, ISO 8601 where it could be normalized, else as found.
    pub published: Option<String>,
    /// Language code, from the page or detected.
    pub lang: Option<String>,
    /// Text direction, `ltr` or `rtl`.
    pub dir: Option<String>,
    /// A short summary: the page's description, else the first paragraph.
    pub excerpt: Option<String>,
    /// Absolute URL of the picture that leads the article.
    pub lead_image: Option<String>,
    /// The canonical address of the article, absolute.
    pub canonical_url: Option<String>,
    /// Wire / partner copy detection.
    pub syndication: Syndication,
    /// The article as sanitized HTML.
    pub content_html: String,
    /// The article as plain text: one block per paragraph, blocks separated by a blank line.
    pub text: String,
    /// Every image kept in the article.
    pub images: Vec<Image>,
    /// Everything taken out of the article region, with the rule that took it.
    pub removed: Vec<Removed>,
    /// Facts pulled from the article (filled by the key-facts stage).
    pub key_facts: KeyFacts,
    /// Size and timing.
    pub stats: Stats,
}

/// Whether the story is wire or partner copy, and what gave it away.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Syndication {
    /// True for wire copy or partner copy carried by an aggregator.
    pub syndicated: bool,
    /// The agency's short name ("AFP", "Reuters", "AP", "PTI", …), if one was identified.
    pub wire_source: Option<String>,
    /// The site carrying the story, when it is syndicated.
    pub republisher: Option<String>,
    /// Each clue, strongest first.
    pub evidence: Vec<Evidence>,
}

/// One clue that a story is syndicated.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Evidence {
    /// What sort of clue: `disclaimer`, `dateline`, `byline`, `copyright`, `json_ld`, `meta`,
    /// `canonical`, `wire_slug`, `credit`.
    pub kind: String,
    /// The id of the rule that recognised it.
    pub rule: String,
    /// The text or value as found on the page.
    pub text: String,
    /// The agency this clue names, if any.
    pub wire: Option<String>,
}

/// An image kept in the article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Image {
    /// Absolute URL, recovered from lazy-loading attributes where the `src` was a placeholder.
    pub src: String,
    /// Alternative text.
    pub alt: Option<String>,
    /// The caption shown with it.
    pub caption: Option<String>,
}

/// Why a piece of the page was left out.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    /// A call to action: join, follow, download, subscribe.
    Promo,
    /// Image markup that would show broken: placeholders, escaped markup, invalid data URIs.
    BrokenImage,
    /// A 1×1 or analytics image.
    TrackingPixel,
    /// A lead paragraph repeated as the first body paragraph.
    DuplicateLead,
    /// A "published from a syndicated feed" note, wire slug or agency copyright line.
    SyndicationNotice,
    /// "Also read", related stories, more-from lists.
    RelatedLinks,
    /// Share buttons and counters.
    ShareBar,
    /// Advertising slots and their labels.
    Ad,
    /// Subscription gates.
    Paywall,
    /// Newsletter sign-up boxes.
    Newsletter,
    /// Comment sections and their buttons.
    Comments,
    /// Anything else outside the story.
    Other,
}

/// One piece taken out of the article region.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Removed {
    /// The category shown to the reader.
    pub kind: RemovedKind,
    /// The id of the rule that fired.
    pub rule: String,
    /// The removed text (or the image address), shortened for display.
    pub text: String,
}

/// Facts pulled from the article's `text` for the reader view's fact panel.
///
/// Every fact keeps where it came from as [`Span`]s: `block` is the index of a paragraph in
/// `text.split("\n\n")` (and of the element marked `data-block` in `content_html`), `start`
/// and `end` are offsets in UTF-16 code units into that paragraph, as JavaScript indexes strings.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KeyFacts {
    /// The language the facts were read in (a primary language code such as `en`), if known.
    pub lang: Option<String>,
    /// The most informative sentences, in article order.
    pub summary: Vec<Sentence>,
    /// People named, most important first.
    pub people: Vec<Person>,
    /// Organizations named, most important first.
    pub organizations: Vec<Entity>,
    /// Places named, most important first.
    pub places: Vec<Entity>,
    /// Dates and times mentioned, in article order.
    pub dates: Vec<DateFact>,
    /// Money, percentages and counts, in article order.
    pub numbers: Vec<NumberFact>,
    /// Direct quotes with the person they are attributed to, in article order.
    pub quotes: Vec<Quote>,
    /// Who wrote the story and who carries it.
    pub source: FactSource,
    /// Every sentence the facts were read from, in article order: where a fact's mention
    /// sits, the reader view can show the whole sentence around it.
    pub sentences: Vec<Span>,
}

/// Where a fact sits: paragraph `block` of `text`, UTF-16 offsets `start..end` within it.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    /// Index of the paragraph in `text.split("\n\n")`.
    pub block: usize,
    /// Start offset, in UTF-16 code units.
    pub start: usize,
    /// End offset (exclusive), in UTF-16 code units.
    pub end: usize,
}

/// One sentence of the article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Sentence {
    /// The sentence as written.
    pub text: String,
    /// Index of its paragraph.
    pub block: usize,
    /// Start offset in the paragraph, in UTF-16 code units.
    pub start: usize,
    /// End offset (exclusive), in UTF-16 code units.
    pub end: usize,
}

/// A person named in the article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Person {
    /// The fullest form of the name found.
    pub name: String,
    /// What the text says they are ("Kremlin spokesman"), if it says.
    pub role: Option<String>,
    /// Every mention, the first first (a later surname alone counts).
    pub mentions: Vec<Span>,
}

/// An organization or place named in the article.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    /// The fullest form of the name found.
    pub name: String,
    /// Every mention, the first first.
    pub mentions: Vec<Span>,
}

/// A date or time phrase.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DateFact {
    /// The phrase as written ("on Tuesday", "February 2022", "last week").
    pub text: String,
    /// The date it names, resolved against the publication date: ISO 8601 (`2025-02-18`,
    /// `2022-02`, `2019`) or an interval (`2025-02-10/2025-02-16`); null where unknown.
    pub date: Option<String>,
    /// Where it was found.
    pub span: Span,
}

/// An amount: money, a percentage, or a count with its unit.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct NumberFact {
    /// The amount as written ("£2.4 million", "8-10 per cent", "200 plows").
    pub text: String,
    /// The words around it that say what it measures.
    pub context: String,
    /// Where it was found.
    pub span: Span,
}

/// A direct quote.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Quote {
    /// Who said it, by full name where the article gives one; null if unattributed.
    pub speaker: Option<String>,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Where the quoted words are.
    pub span: Span,
}

/// Who wrote the story and who carries it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FactSource {
    /// The author, when the byline names a person rather than an agency.
    pub author: Option<String>,
    /// The wire agency the story comes from.
    pub wire: Option<String>,
    /// The site carrying it.
    pub republisher: Option<String>,
}

/// Size and timing of one extraction.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Stats {
    /// Words in `text`.
    pub words: usize,
    /// Estimated reading time at 230 words a minute, at least one minute for any text.
    pub reading_minutes: usize,
    /// Milliseconds spent in the engine (0 where no clock is available).
    pub elapsed_ms: f64,
}

/// Settings for one extraction. Every field has a default; unknown fields are rejected so a typo
/// in a settings file is reported instead of ignored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Extra CSS selectors whose elements are removed from the article (a site's own junk).
    pub remove_selectors: Vec<String>,
    /// Extra promo phrases: a block whose text contains one is removed as a promo.
    pub promo_phrases: Vec<String>,
    /// Keep no images at all.
    pub no_images: bool,
    /// Fill `key_facts` (when false, the work is skipped and `key_facts` stays empty).
    pub key_facts: bool,
    /// Sentences in the key-facts summary (3 to 5; other values are brought into that range).
    pub summary_sentences: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            remove_selectors: Vec::new(),
            promo_phrases: Vec::new(),
            no_images: false,
            key_facts: true,
            summary_sentences: 4,
        }
    }
}
