//! Paragraph-level blocks: the unit the reader sees, the cleaner judges and `text` is made of.

use crate::dom::{Document, NodeId};

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
    let mut skipping: Option<NodeId> = None;
    for (n, open, view) in doc.walk(root) {
        if let Some(s) = skipping {
            if n == s && !open {
                skipping = None;
            }
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
                if matches!(tag, "script" | "style" | "template" | "noscript") {
                    skipping = Some(n);
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
                            skipping = Some(n);
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
}
