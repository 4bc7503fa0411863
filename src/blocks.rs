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
    let mut run = String::new();
    walk(doc, root, root, &mut run, &mut out);
    flush(root, &mut run, &mut out);
    out
}

fn flush(node: NodeId, run: &mut String, out: &mut Vec<Block>) {
    let text = crate::text::collapse(run);
    run.clear();
    if !text.is_empty() {
        out.push(Block { node, text });
    }
}

fn walk(doc: &Document, id: NodeId, owner: NodeId, run: &mut String, out: &mut Vec<Block>) {
    for c in doc.children(id) {
        match doc.kind(c) {
            Kind::Text => {
                if let Some(t) = doc.text_node(c) {
                    run.push_str(t);
                }
            }
            Kind::Element => {
                let tag = doc.tag(c).unwrap_or("");
                if is_block_tag(tag) {
                    flush(owner, run, out);
                    if tag == "pre" {
                        let text = doc.text(c).trim_matches('\n').to_string();
                        if !text.trim().is_empty() {
                            out.push(Block { node: c, text });
                        }
                        continue;
                    }
                    walk(doc, c, c, run, out);
                    flush(c, run, out);
                } else if tag == "br" {
                    run.push(' ');
                } else if !matches!(tag, "script" | "style" | "template" | "noscript") {
                    walk(doc, c, owner, run, out);
                }
            }
            _ => {}
        }
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
}
