//! Paragraph-level blocks: the unit the reader sees, the cleaner judges and `text` is made of.

use crate::dom::{Document, Kind, NodeId};

/// Elements that start a new block of text.
pub fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "caption"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "pre"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "picture"
    )
}

/// One block: the element it belongs to and its text, whitespace collapsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The innermost block element holding the text.
    pub node: NodeId,
    /// Collapsed text.
    pub text: String,
}

/// The blocks under `root`, in reading order. Inline runs directly inside a container form
/// their own block (attributed to the container); `<br>` is a space, except that a `<pre>`
/// keeps its lines.
pub fn blocks(doc: &Document, root: NodeId) -> Vec<Block> {
    let mut out = Vec::new();
    // The text gathered for the current block, already collapsed; `gap`: a space is owed.
    let mut run = String::new();
    let mut gap = false;
    // The block element that owns the text being gathered, innermost last.
    let mut owners: Vec<NodeId> = vec![root];
    // Subtrees whose text is not gathered (preformatted blocks are taken whole; scripts
    // and styles never).
    let mut skipping = Skipping::default();
    for (n, open, view) in doc.walk(root) {
        if skipping.inside(n, open) {
            continue;
        }
        if n == root {
            continue;
        }
        match (view.tag(), view.text()) {
            (None, Some(t)) if open => {
                crate::text::push_words(&mut run, &mut gap, t, usize::MAX);
            }
            (Some(tag), _) => {
                if skipped(tag) {
                    skipping.start(n);
                } else if tag == "br" {
                    if open {
                        gap = true;
                    }
                } else if is_block_tag(tag) {
                    let owner = owners.last().copied().unwrap_or(root);
                    if open {
                        flush(owner, &mut run, &mut gap, &mut out);
                        if tag == "pre" {
                            let text = doc.text(n).trim_matches('\n').to_string();
                            if !text.trim().is_empty() {
                                out.push(Block { node: n, text });
                            }
                            skipping.start(n);
                        } else {
                            owners.push(n);
                        }
                    } else {
                        flush(owner, &mut run, &mut gap, &mut out);
                        owners.pop();
                    }
                }
            }
            _ => {}
        }
    }
    flush(root, &mut run, &mut gap, &mut out);
    out
}

/// Whether taking `n` out of the tree leaves the blocks of every element around it as they
/// were: `n` is never read (a script, style, template or noscript), or nothing in it is
/// (no text, not even a blank one, no `<br>`, no block element) outside such elements.
pub fn unread(doc: &Document, n: NodeId) -> bool {
    let mut skipping = Skipping::default();
    for (d, open, view) in doc.walk(n) {
        if skipping.inside(d, open) {
            continue;
        }
        match (view.tag(), view.text()) {
            (Some(tag), _) if open => {
                if skipped(tag) {
                    skipping.start(d);
                } else if tag == "br" || is_block_tag(tag) {
                    return false;
                }
            }
            (None, Some(t)) if !t.is_empty() => return false,
            _ => {}
        }
    }
    true
}

/// Whether taking `n` out of `root`'s tree leaves every other block as it was: the blocks
/// after the cut are then the blocks before it less those inside `n`. True when `n` is never
/// read ([`unread`]), or when `n` is a block element whose owner (the block element or root
/// above it) has no text on one side of it at least: text on both sides would join into one
/// block once `n` is gone. False inside a `<pre>` (taken whole) or a skipped element, and
/// wherever an inline neighbour holds text or blocks, so it may say false where the blocks
/// would in fact be kept, never the other way round.
pub fn cut_keeps_others(doc: &Document, root: NodeId, n: NodeId) -> bool {
    let mut owner = None;
    let mut under_root = false;
    for a in doc.ancestors(n) {
        if a == root {
            under_root = true;
            break;
        }
        match doc.tag(a) {
            Some(t) if t == "pre" || skipped(t) => return false,
            Some(t) if owner.is_none() && is_block_tag(t) => owner = Some(a),
            _ => {}
        }
    }
    if !under_root {
        return false;
    }
    if unread(doc, n) {
        return true;
    }
    let owner = owner.unwrap_or(root);
    doc.tag(n).is_some_and(is_block_tag)
        && (no_text_beside(doc, owner, n, Document::prev_sibling)
            || no_text_beside(doc, owner, n, Document::next_sibling))
}

/// True if the owner's inline run that ends (or starts) at `n` is blank: walking away from `n`
/// with `step`, through its siblings and those of the inline elements around it, a block
/// element or the owner itself comes before any text.
fn no_text_beside(
    doc: &Document,
    owner: NodeId,
    n: NodeId,
    step: fn(&Document, NodeId) -> Option<NodeId>,
) -> bool {
    let mut at = n;
    loop {
        let mut side = step(doc, at);
        while let Some(s) = side {
            match doc.kind(s) {
                Kind::Text if !doc.text_node(s).is_some_and(crate::text::is_blank) => return false,
                Kind::Element => match doc.tag(s) {
                    Some(t) if is_block_tag(t) => return true,
                    Some(t) if t == "br" || skipped(t) => {}
                    // An inline element: blank only if it holds no text and no block at all.
                    _ => {
                        let holds = |d: NodeId| match doc.kind(d) {
                            Kind::Text => !doc.text_node(d).is_some_and(crate::text::is_blank),
                            Kind::Element => doc.tag(d).is_some_and(is_block_tag),
                            _ => false,
                        };
                        if doc.descendants(s).any(holds) {
                            return false;
                        }
                    }
                },
                _ => {}
            }
            side = step(doc, s);
        }
        match doc.parent(at) {
            Some(p) if p != owner => at = p,
            _ => return true,
        }
    }
}

/// The subtree a walk is stepping over, if any.
#[derive(Default)]
struct Skipping(Option<NodeId>);

impl Skipping {
    /// Steps over the subtree of `n`, which the walk has just entered.
    fn start(&mut self, n: NodeId) {
        self.0 = Some(n);
    }

    /// Whether the walk's step at `n` lies in the subtree stepped over (its end included).
    fn inside(&mut self, n: NodeId, open: bool) -> bool {
        match self.0 {
            Some(s) => {
                if n == s && !open {
                    self.0 = None;
                }
                true
            }
            None => false,
        }
    }
}

/// Elements whose text is never part of a block.
fn skipped(tag: &str) -> bool {
    matches!(tag, "script" | "style" | "template" | "noscript")
}

impl AsRef<str> for Block {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

fn flush(node: NodeId, run: &mut String, gap: &mut bool, out: &mut Vec<Block>) {
    *gap = false;
    if !run.is_empty() {
        out.push(Block {
            node,
            text: std::mem::take(run),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_split_at_block_elements() {
        let doc = Document::parse(
            "<div>lead <b>in</b><p>one\n two</p>tail<ul><li>a</li><li>b</li></ul></div>",
        );
        let texts: Vec<String> = blocks(&doc, doc.body().unwrap())
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["lead in", "one two", "tail", "a", "b"]);
    }

    #[test]
    fn breaks_and_split_words_collapse_like_the_joined_text() {
        let doc = Document::parse(
            "<p>a<br>b<br><br> c </p><div> x <i>y</i>z\u{a0}<br></div><p> <br> </p><pre>\n keep  this\n</pre>",
        );
        let texts: Vec<String> = blocks(&doc, doc.body().unwrap())
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["a b c", "x yz", " keep  this"]);
    }

    #[test]
    fn a_cut_said_to_keep_the_other_blocks_keeps_them() {
        let pages = [
            "<div>lead<p>one</p><div>promo</div>tail<p>two</p></div>",
            "<div>a<div>x</div>b</div><p>c<span>d<div>e</div></span></p><p>f<span><div>g</div></span> </p>",
            "<section><p>p1</p> <aside><p>ad</p></aside> <p>p2</p>text<ul><li>i</li></ul>more</section>",
            "<div><span>a</span><div>b</div><span> <br></span><div>c</div>d<i><b></b></i><p>e</p></div>",
            "<pre>code<div>x</div>more</pre><div>e<!-- c --><div>f</div><script>s</script></div>",
            "<div>x<div>y</div><p>z</p><figure><img><figcaption>cap</figcaption></figure>w</div>",
            "<div><em>a<p>b</p></em><div>c</div><em><p>d</p>e</em></div><p>\u{a0}<div>n</div>\u{a0}</p>",
        ];
        let (mut kept, mut changed) = (0, 0);
        for page in pages {
            let doc = Document::parse(page);
            let body = doc.body().unwrap();
            let before = blocks(&doc, body);
            for n in doc.descendant_elements(body).collect::<Vec<_>>() {
                let mut cut = doc.clone();
                cut.detach(n);
                let after = blocks(&cut, body);
                let outside: Vec<Block> = before
                    .iter()
                    .filter(|b| !doc.contains(n, b.node))
                    .cloned()
                    .collect();
                if cut_keeps_others(&doc, body, n) {
                    kept += 1;
                    assert_eq!(after, outside, "{page} without <{}>", doc.tag(n).unwrap());
                } else {
                    changed += usize::from(after != outside);
                }
            }
            // The root itself and what lies outside it are never said to keep anything.
            assert!(!cut_keeps_others(&doc, body, body));
            assert!(!cut_keeps_others(&doc, body, doc.html_element()));
        }
        // Both answers were given, and "no" was right at least some of the time.
        assert!(kept >= 30, "{kept}");
        assert!(changed >= 6, "{changed}");
    }

    #[test]
    fn taking_out_an_unread_element_changes_no_block() {
        let pages = [
            "<p>a<svg><path/></svg>b</p><div>x<button></button> y<input></div>",
            "<p>a<svg>\n</svg>b</p><p>c<button><i></i></button>d</p>",
            "<div>one<noscript><p>no</p></noscript>two<script>s</script><video><source></video></div>",
            "<div>lead<span><br></span>tail<object><p>x</p></object><canvas></canvas></div>",
            "<pre>code<button></button> more</pre><p>end<select><option>o</option></select></p>",
        ];
        let mut unread_seen = 0;
        let mut read_seen = 0;
        for page in pages {
            let doc = Document::parse(page);
            let body = doc.body().unwrap();
            let before = blocks(&doc, body);
            for n in doc.descendant_elements(body).collect::<Vec<_>>() {
                let mut changed = doc.clone();
                changed.detach(n);
                let same = blocks(&changed, body) == before;
                if unread(&doc, n) {
                    unread_seen += 1;
                    assert!(same, "{page} without <{}>", doc.tag(n).unwrap());
                } else {
                    read_seen += usize::from(!same);
                }
            }
        }
        // Both answers were given, and "read" was right at least some of the time.
        assert!(unread_seen >= 8, "{unread_seen}");
        assert!(read_seen >= 8, "{read_seen}");
    }
}
