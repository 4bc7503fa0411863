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
#[derive(Clone)]
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
///
/// The collapsed length is the characters that are not whitespace plus one for each gap
/// between two runs of them. Text is read 32 bytes at a time without a branch per byte (the
/// compiler vectorizes the block); a block holding other than ASCII first has its characters'
/// bytes marked one by one, decoding only the lead bytes a Unicode space or comma can start
/// with.
fn text_sizes(t: &str) -> (u32, u32) {
    let bytes = t.as_bytes();
    // Most text nodes of a page are the blank line and indentation between two tags.
    if crate::text::is_blank(t) {
        return (0, 0);
    }
    // Whether the character whose lead byte was read last is a space: its continuation bytes
    // take the same mark, in this block or the next.
    let mut lead_space = 0u8;
    // Marks one byte of a character outside ASCII: (space, comma).
    let mut mark_high = |at: usize, b: u8| -> (u8, u8) {
        if b < 0xC0 {
            return (lead_space, 0);
        }
        let (space, comma) = if matches!(b, 0xC2 | 0xD8 | 0xE1 | 0xE2 | 0xE3 | 0xEF) {
            let c = crate::text::char_at(t, at).0;
            (c.is_whitespace(), matches!(c, '，' | '、' | '،'))
        } else {
            (false, false)
        };
        lead_space = u8::from(space);
        (lead_space, u8::from(comma))
    };
    // Characters that are not spaces, runs of them, commas; and whether the last byte was a
    // space (the text's start counts as one).
    let (mut solid, mut runs, mut commas) = (0u32, 0u32, 0u32);
    let mut prev = 1u8;
    let mut blocks = bytes.chunks_exact(32);
    for (n, block) in (&mut blocks).enumerate() {
        let mut space = [0u8; 32];
        let mut comma = [0u8; 32];
        let mut high = 0u8;
        for ((s, c), &b) in space.iter_mut().zip(comma.iter_mut()).zip(block) {
            *s = u8::from(crate::text::is_ascii_space(b));
            *c = u8::from(b == b',');
            high |= b;
        }
        // Bytes that start a character (all but UTF-8 continuation bytes).
        let mut lead = [1u8; 32];
        if high >= 0x80 {
            for (j, &b) in block.iter().enumerate() {
                if b >= 0x80 {
                    (space[j], comma[j]) = mark_high(n * 32 + j, b);
                    lead[j] = u8::from(b >= 0xC0);
                }
            }
        }
        let (mut s, mut r, mut c) = (0u8, prev & (1 - space[0]), 0u8);
        for j in 0..32 {
            s += lead[j] & (1 - space[j]);
            c += comma[j];
        }
        for j in 1..32 {
            r += space[j - 1] & (1 - space[j]);
        }
        solid += u32::from(s);
        runs += u32::from(r);
        commas += u32::from(c);
        prev = space[31];
    }
    // The last 0 to 31 bytes, eight at a time.
    let mut at = bytes.len() - blocks.remainder().len();
    let mut prev = u64::from(prev) << 7;
    while at < bytes.len() {
        let (x, valid) = crate::text::word_at(bytes, at);
        let f = crate::text::ByteFlags::of(x);
        let (mut space, mut comma, mut more) = (f.space, f.comma, 0u64);
        let mut high = f.high & valid;
        while high != 0 {
            let bit = high.trailing_zeros();
            high &= high - 1;
            let j = at + (bit / 8) as usize;
            let (s, c) = mark_high(j, bytes[j]);
            space |= u64::from(s) << bit;
            comma |= u64::from(c) << bit;
            more |= u64::from(bytes[j] < 0xC0) << bit;
        }
        solid += crate::text::count_flags(valid & !space & !more);
        runs += crate::text::count_flags(valid & !space & ((space << 8) | prev));
        commas += crate::text::count_flags(comma);
        prev = (space >> 56) & 0x80;
        at += 8;
    }
    (solid + runs.saturating_sub(1), commas)
}

impl Measure {
    /// Measures every node under `root` (inclusive); `is_block` says which tags start a block.
    pub fn new(doc: &Document, root: NodeId, is_block: impl Fn(&str) -> bool) -> Measure {
        let mut stats = DenseMap::with_capacity(doc.node_count());
        let mut stack: Vec<Stat> = Vec::new();
        for (id, open, view) in doc.walk(root) {
            if open {
                stack.push(Stat::default());
                continue;
            }
            let mut own = stack.pop().unwrap_or_default();
            let (as_block, as_media) = match view.tag() {
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
                    if let Some(t) = view.text() {
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

    /// The plain definition [`text_sizes`] is a faster form of: the length of the text with
    /// whitespace runs made single spaces and the ends trimmed, and its commas.
    fn text_sizes_by_definition(t: &str) -> (u32, u32) {
        let collapsed = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let commas = t
            .chars()
            .filter(|c| matches!(c, ',' | '，' | '、' | '،'))
            .count() as u32;
        (collapsed.chars().count() as u32, commas)
    }

    #[test]
    fn text_sizes_match_their_definition_at_every_offset() {
        // Spaces, commas and other characters of every UTF-8 length, including the spaces and
        // commas outside ASCII and characters sharing their lead bytes, placed at every offset
        // across a block boundary.
        let chars = [
            "a",
            " ",
            ",",
            "\t",
            "\n",
            "\u{b}",
            "\u{1}",
            "\u{85}",
            "\u{a0}",
            "\u{a9}",
            "\u{60c}",
            "\u{600}",
            "\u{1680}",
            "\u{1681}",
            "\u{2003}",
            "\u{2019}",
            "\u{3000}",
            "\u{3001}",
            "\u{3042}",
            "\u{ff0c}",
            "\u{ff0d}",
            "\u{1f600}",
        ];
        for fill in ["x", " "] {
            for c in chars {
                for d in chars {
                    for at in 0..40 {
                        let t = format!("{}{c}{d}{}", fill.repeat(at), fill.repeat(70 - at));
                        assert_eq!(text_sizes(&t), text_sizes_by_definition(&t), "{t:?}");
                        let t = &t[at..];
                        assert_eq!(text_sizes(t), text_sizes_by_definition(t), "{t:?}");
                    }
                }
            }
        }
    }

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
            assert_eq!(text_sizes(t), text_sizes_by_definition(t), "{t:?}");
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
