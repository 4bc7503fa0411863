//! The result of cleaning one page, and the options that steer it.
//!
//! Field names here are a contract shared with the browser extension: the WASM layer serializes
//! [`Article`] with serde and the reader view reads those names.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// Facts pulled from the article. Empty until the key-facts stage fills it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct KeyFacts {
    /// Placeholder for the fields the key-facts stage adds.
    #[serde(flatten)]
    pub fields: BTreeMap<String, serde_json::Value>,
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
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    /// Extra CSS selectors whose elements are removed from the article (a site's own junk).
    pub remove_selectors: Vec<String>,
    /// Extra promo phrases: a block whose text contains one is removed as a promo.
    pub promo_phrases: Vec<String>,
    /// Keep no images at all.
    pub no_images: bool,
}
