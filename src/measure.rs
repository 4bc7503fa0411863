//! Text measurements of every node of a subtree, computed in one bottom-up pass and kept exact
//! as nodes are removed, so scoring and pruning never re-walk a subtree to count its text.

use crate::dom::{DenseMap, Document, NodeId};

/// The sizes of one node's text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stat {
    /// Characters of text, whitespace runs counted once.
    pub chars: u32,
    /// Characters inside links (in-page `#` links weighted down).
    pub link_chars: f32,
    /// Commas in the text (any script's comma).
    pub commas: u32,
    /// Descendant elements that start a block (by the caller's definition).
    pub blocks: u32,
    /// Descendant pictures, videos and embeds.
    pub media: u32,
}

/// Per-node text sizes under one root.
pub struct Measure {
    stats: DenseMap<Stat>,
}

/// Weight of text in links that point inside the page (footnotes, tables of contents).
const HASH_LINK_WEIGHT: f32 = 0.3;

/// Characters in `t` with each inner whitespace run counted as one and the ends trimmed.
pub fn collapsed_len(t: &str) -> u32 {
    text_sizes(t).0
}

/// [`collapsed_len`] of `t`, and its commas (any script's comma), in one pass.
fn text_sizes(t: &str) -> (u32, u32) {
    let bytes = t.as_bytes();
    let (mut n, mut commas) = (0u32, 0u32);
    let mut pending_space = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (space, comma) = if b < 0x80 {
            i += 1;
            (crate::text::is_ascii_space(b), b == b',')
        } else {
            let c = t[i..].chars().next().unwrap_or(' ');
            i += c.len_utf8();
            (c.is_whitespace(), matches!(c, '，' | '、' | '،'))
        };
        if space {
            pending_space = n > 0;
        } else {
            if pending_space {
                n += 1;
                pending_space = false;
            }
            n += 1;
            commas += u32::from(comma);
        }
    }
    (n, commas)
}

impl Measure {
    /// Measures every node under `root` (inclusive); `is_block` says which tags start a block.
    pub fn new(doc: &Document, root: NodeId, is_block: fn(&str) -> bool) -> Measure {
        let mut stats = DenseMap::default();
        let mut stack: Vec<Stat> = Vec::new();
        for (id, open) in doc.edges(root) {
            if open {
                stack.push(Stat::default());
                continue;
            }
            let mut own = stack.pop().unwrap_or_default();
            let (as_block, as_media) = match doc.tag(id) {
                Some(t) => {
                    if t == "a" {
                        let weight = match doc.attr(id, "href") {
                            Some(h) if h.starts_with('#') && h.len() > 1 => HASH_LINK_WEIGHT,
                            _ => 1.0,
                        };
                        own.link_chars = own.chars as f32 * weight;
                    }
                    (
                        u32::from(is_block(t)),
                        u32::from(matches!(
                            t,
                            "img"
                                | "picture"
                                | "video"
                                | "iframe"
                                | "svg"
                                | "object"
                                | "embed"
                                | "figure"
                        )),
                    )
                }
                None => {
                    if let Some(t) = doc.text_node(id) {
                        (own.chars, own.commas) = text_sizes(t);
                    }
                    (0, 0)
                }
            };
            if let Some(parent) = stack.last_mut() {
                parent.chars += own.chars;
                parent.link_chars += own.link_chars;
                parent.commas += own.commas;
                parent.blocks += own.blocks + as_block;
                parent.media += own.media + as_media;
            }
            stats.insert(id, own);
        }
        Measure { stats }
    }

    /// The sizes of `id` (zero for nodes not measured, such as ones created later).
    pub fn get(&self, id: NodeId) -> Stat {
        self.stats.get(&id).copied().unwrap_or_default()
    }

    /// Characters of text in `id`.
    pub fn chars(&self, id: NodeId) -> usize {
        self.get(id).chars as usize
    }

    /// Share of `id`'s text inside links.
    pub fn link_density(&self, id: NodeId) -> f64 {
        let s = self.get(id);
        if s.chars == 0 {
            0.0
        } else {
            f64::from(s.link_chars) / f64::from(s.chars)
        }
    }

    /// Sizes a new element from its children (for elements created after measuring, around
    /// measured nodes).
    pub fn adopt(&mut self, doc: &Document, id: NodeId) {
        let mut own = Stat::default();
        for c in doc.children(id) {
            let s = self.get(c);
            own.chars += s.chars;
            own.link_chars += s.link_chars;
            own.commas += s.commas;
            own.blocks += s.blocks;
            own.media += s.media;
        }
        self.stats.insert(id, own);
    }

    /// Measures the subtree under `root` again (after it was moved or changed), replacing what
    /// was known about its nodes. Its ancestors are not updated.
    pub fn refresh(&mut self, doc: &Document, root: NodeId, is_block: fn(&str) -> bool) {
        let fresh = Measure::new(doc, root, is_block);
        for id in doc.descendants(root) {
            self.stats.insert(id, fresh.get(id));
        }
    }

    /// Takes `id` out of its ancestors' sizes; call just before detaching it.
    pub fn forget(&mut self, doc: &Document, id: NodeId) {
        let s = self.get(id);
        for a in doc.ancestors(id) {
            if let Some(x) = self.stats.get_mut(&a) {
                x.chars = x.chars.saturating_sub(s.chars);
                x.link_chars = (x.link_chars - s.link_chars).max(0.0);
                x.commas = x.commas.saturating_sub(s.commas);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_add_up_and_follow_removals() {
        let doc = Document::parse(
            "<div><p>abc <a href='/x'>link</a></p><p><a href='#n'>1234567890</a></p></div>",
        );
        let div = doc.element_children(doc.body().unwrap()).next().unwrap();
        let mut m = Measure::new(&doc, div, |t| t == "p");
        assert_eq!(m.get(div).blocks, 2);
        // Each text node counts its words and inner spaces, not the spaces at its ends.
        assert_eq!(m.chars(div), 17);
        let expected = (4.0 + 10.0 * 0.3) / 17.0;
        assert!((m.link_density(div) - expected).abs() < 1e-6);
        let second = doc.element_children(div).nth(1).unwrap();
        m.forget(&doc, second);
        assert_eq!(m.chars(div), 7);
    }

    #[test]
    fn a_changed_subtree_is_measured_again() {
        let mut doc = Document::parse("<div><p>one two</p></div><figure><p>caption</p></figure>");
        let body = doc.body().unwrap();
        let div = doc.element_children(body).next().unwrap();
        let figure = doc.element_children(body).nth(1).unwrap();
        let mut m = Measure::new(&doc, div, |_| false);
        assert_eq!(m.chars(figure), 0);
        doc.append(div, figure);
        m.refresh(&doc, figure, |_| false);
        m.adopt(&doc, div);
        assert_eq!(m.chars(figure), 7);
        assert_eq!(m.chars(div), Measure::new(&doc, div, |_| false).chars(div));
    }

    #[test]
    fn text_sizes_match_their_definition() {
        for t in [
            "",
            "  ",
            " a, b ",
            "x\u{a0}\u{a0}y，z、 ،",
            "one\ttwo\n\nthree ",
            "é,é",
            "a\u{1} ,b  \u{7f}",
            "  lead and trail  ",
            " a  b ",
            "a,b,,c",
            "\u{b} x\t",
            "x",
        ] {
            let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
            let commas = t
                .chars()
                .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
                .count() as u32;
            assert_eq!(
                text_sizes(t),
                (collapsed.chars().count() as u32, commas),
                "{t:?}"
            );
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(3_000) + "x" + &"</div>".repeat(3_000);
        let doc = Document::parse(&html);
        let body = doc.body().unwrap();
        assert_eq!(Measure::new(&doc, body, |_| false).chars(body), 1);
    }
}
