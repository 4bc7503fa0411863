//! Syndication: is the story wire or partner copy, from which agency, and which text on the page
//! is the wrapper's note about it (disclaimers, wire slugs, copyright lines).

use crate::metadata::Metadata;
use crate::types::{Removed, Syndication};
use url::Url;

/// What the detector concluded, and what it wants out of the article text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    /// The verdict and its evidence.
    pub syndication: Syndication,
    /// Blocks (by index into the `blocks` given) or parts of blocks to take out.
    pub notices: Vec<Notice>,
}

/// A syndication note found in the article's blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// Index of the block in the slice given to [`detect`].
    pub block: usize,
    /// `None`: remove the whole block. `Some(s)`: cut the exact substring `s` out of the block.
    pub strip: Option<String>,
    /// How to report it.
    pub removed: Removed,
}

/// Judges syndication from the page metadata and the article's blocks (the text of each
/// paragraph-level block, in order).
pub fn detect(meta: &Metadata, blocks: &[String], page_url: Option<&Url>) -> Detection {
    let _ = (meta, blocks, page_url);
    Detection::default()
}
