//! The quick "is this an article?" check, cheap enough for every page load: enough long,
//! visible paragraphs outside obvious sidebars and comment areas.

use crate::dom::{Document, Kind};
use crate::extract::{WordList, matches_any, word_list};

fn threshold(id: &str, default: f64) -> f64 {
    crate::rules::threshold("scoring", "thresholds", id, default)
}

/// True if the page has enough article-like text to be worth a reader view.
pub fn probably_readable(doc: &Document) -> bool {
    let min_chars = threshold("threshold.readable_min_chars", 140.0);
    let min_score = threshold("threshold.readable_min_score", 20.0);
    static LISTS: std::sync::OnceLock<(WordList, WordList)> = std::sync::OnceLock::new();
    let (unlikely, maybe) =
        LISTS.get_or_init(|| (word_list("unlikely_class"), word_list("maybe_candidate")));
    let Some(body) = doc.body() else { return false };
    let mut score = 0.0;
    let mut seen_parents = crate::dom::NodeSet::default();
    for id in doc.descendant_elements(body) {
        let node = match doc.tag(id) {
            Some("p" | "pre" | "article") => id,
            Some("br") => match doc.parent_element(id) {
                Some(p) if doc.is(p, "div") && seen_parents.insert(p) => p,
                _ => continue,
            },
            _ => continue,
        };
        if !visible(doc, node) {
            continue;
        }
        let names = doc.class_and_id_lower(node);
        if !names.is_empty() && matches_any(&names, unlikely) && !matches_any(&names, maybe) {
            continue;
        }
        if doc.is(node, "p") && doc.ancestors(node).any(|a| doc.is(a, "li")) {
            continue;
        }
        let len = doc.text(node).trim().chars().count() as f64;
        if len < min_chars {
            continue;
        }
        score += (len - min_chars).sqrt();
        if score > min_score {
            return true;
        }
    }
    false
}

/// False for elements hidden by attribute or inline style.
pub fn visible(doc: &Document, id: crate::dom::NodeId) -> bool {
    if doc.kind(id) != Kind::Element {
        return true;
    }
    // One pass over the attributes (this runs for every element of the page).
    let (mut aria_hidden, mut class) = (false, "");
    for (name, value) in doc.attr_iter(id) {
        match name {
            "hidden" => return false,
            "aria-hidden" => aria_hidden = value == "true",
            "class" => class = value,
            "style" if style_hides(value) => return false,
            _ => {}
        }
    }
    // (The class is read only when it matters: most elements have one.)
    !aria_hidden || class.contains("fallback-image")
}

/// True if an inline style says `display: none` or `visibility: hidden` (any spacing or case).
fn style_hides(style: &str) -> bool {
    let lower = style.to_ascii_lowercase();
    if !lower.contains("none") && !lower.contains("hidden") {
        return false;
    }
    let s: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    s.contains("display:none") || s.contains("visibility:hidden")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn long(n: usize) -> String {
        "word ".repeat(n)
    }

    #[test]
    fn long_paragraphs_are_readable() {
        let html = format!("<p>{}</p><p>{}</p>", long(200), long(200));
        assert!(probably_readable(&Document::parse(&html)));
    }

    #[test]
    fn hidden_elements_are_recognised_by_attribute_and_style() {
        let doc = Document::parse(
            "<p hidden>a</p><p style='Display : NONE'>b</p><p style='visibility:\thidden'>c</p>\
             <p aria-hidden='true'>d</p><p aria-hidden='true' class='x fallback-image'>e</p>\
             <p style='display:block' aria-hidden='false'>f</p><p style='color: none'>g</p>",
        );
        let seen: String = doc
            .element_children(doc.body().unwrap())
            .filter(|&p| visible(&doc, p))
            .map(|p| doc.text(p))
            .collect();
        assert_eq!(seen, "efg");
    }

    #[test]
    fn short_or_hidden_or_sidebar_text_is_not() {
        let html = format!(
            "<p>short</p><p style='display: none'>{}</p><p class='sidebar-note'>{}</p>",
            long(400),
            long(400)
        );
        assert!(!probably_readable(&Document::parse(&html)));
    }
}
