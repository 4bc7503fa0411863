//! Images: recovering the real address of lazy-loaded pictures, and finding image markup that
//! would show broken (placeholders, tracking pixels, invalid `data:` URIs, escaped markup).

use crate::dom::{Document, NodeId};
use crate::types::{Image, Removed};
use url::Url;

/// Fixes every image under `scope` in place (real `src`, absolute) and returns the nodes that
/// must go, with the reason. Nothing is detached here: the caller reports only what lay inside
/// the article and then detaches all of them.
pub fn repair(doc: &mut Document, scope: NodeId, base: Option<&Url>) -> Vec<(NodeId, Removed)> {
    let _ = (doc, scope, base);
    Vec::new()
}

/// The images kept under `article`, in order, with their captions.
pub fn collect(doc: &Document, article: NodeId) -> Vec<Image> {
    let _ = (doc, article);
    Vec::new()
}
