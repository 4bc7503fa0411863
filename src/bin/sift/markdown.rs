//! A small HTML → Markdown converter for the engine's sanitized `content_html`.
//!
//! It covers what a cleaned article holds: headings, paragraphs, line breaks, lists (nested and
//! numbered), block quotes, links, images, emphasis, inline code, code blocks, rules, figures with
//! captions and simple tables. Anything else is reduced to its text.

use ego_tree::NodeRef;
use scraper::{Html, Node};

/// Elements that start a block of their own.
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
];

/// Elements whose content is never shown.
const HIDDEN_TAGS: &[&str] = &["script", "style", "template", "head", "title"];

/// Converts an HTML fragment to Markdown. Blocks are separated by one blank line; the result has
/// no trailing newline.
pub fn to_markdown(html: &str) -> String {
    let fragment = Html::parse_fragment(html);
    let mut blocks = Vec::new();
    container(*fragment.root_element(), &mut blocks);
    blocks.join("\n\n")
}

type Ref<'a> = NodeRef<'a, Node>;

fn name_of(node: Ref<'_>) -> Option<&str> {
    node.value().as_element().map(|e| e.name())
}

fn attr<'a>(node: Ref<'a>, name: &str) -> Option<&'a str> {
    node.value().as_element().and_then(|e| e.attr(name))
}

fn is_block(node: Ref<'_>) -> bool {
    name_of(node).is_some_and(|n| BLOCK_TAGS.contains(&n))
}

/// Renders the children of `node`: runs of inline content become paragraphs, block children
/// render themselves.
fn container(node: Ref<'_>, out: &mut Vec<String>) {
    let mut inline = String::new();
    for child in node.children() {
        if is_block(child) {
            flush(&mut inline, out);
            block(child, out);
        } else {
            inline_of(child, &mut inline);
        }
    }
    flush(&mut inline, out);
}

fn flush(inline: &mut String, out: &mut Vec<String>) {
    let paragraph = finish_inline(inline);
    if !paragraph.is_empty() {
        out.push(paragraph);
    }
    inline.clear();
}

fn block(node: Ref<'_>, out: &mut Vec<String>) {
    let Some(name) = name_of(node) else { return };
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            let level = usize::from(name.as_bytes()[1] - b'0');
            let text = inline_children(node).replace("  \n", " ");
            if !text.is_empty() {
                out.push(format!("{} {text}", "#".repeat(level)));
            }
        }
        "ul" | "ol" => {
            let list = list(node, name == "ol");
            if !list.is_empty() {
                out.push(list);
            }
        }
        "blockquote" => {
            let mut inner = Vec::new();
            container(node, &mut inner);
            if !inner.is_empty() {
                out.push(prefix_lines(&inner.join("\n\n"), "> ", ">"));
            }
        }
        "pre" => out.push(code_block(node)),
        "hr" => out.push("---".to_owned()),
        "table" => {
            let table = table(node);
            if !table.is_empty() {
                out.push(table);
            }
        }
        "figcaption" => {
            let text = inline_children(node);
            if !text.is_empty() {
                out.push(format!("*{text}*"));
            }
        }
        "dt" => {
            let text = inline_children(node);
            if !text.is_empty() {
                out.push(format!("**{text}**"));
            }
        }
        _ => container(node, out),
    }
}

/// The inline rendering of a node's children, as one finished paragraph.
fn inline_children(node: Ref<'_>) -> String {
    let mut buf = String::new();
    for child in node.children() {
        inline_of(child, &mut buf);
    }
    finish_inline(&buf)
}

/// Collapses spaces, trims each line, turns the line-break marker into a Markdown hard break
/// and protects characters that would start a block construct at the beginning of a line.
fn finish_inline(buf: &str) -> String {
    let lines: Vec<String> = buf
        .split('\n')
        .map(|line| protect_line_start(&collapse_spaces(line)))
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last].join("  \n"),
        _ => String::new(),
    }
}

fn collapse_spaces(line: &str) -> String {
    line.split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn protect_line_start(line: &str) -> String {
    let bytes = line.as_bytes();
    let marker_then_space = |i: usize| bytes.get(i + 1).is_none_or(|b| *b == b' ');
    match bytes.first() {
        Some(b'#' | b'>') => format!("\\{line}"),
        Some(b'-' | b'+') if marker_then_space(0) => format!("\\{line}"),
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if marker_then_space(digits) => {
                    format!("{}\\{}", &line[..digits], &line[digits..])
                }
                _ => line.to_owned(),
            }
        }
        _ => line.to_owned(),
    }
}

/// Appends the inline rendering of `node`. Line breaks are written as `\n` and finished by
/// [`finish_inline`].
fn inline_of(node: Ref<'_>, buf: &mut String) {
    match node.value() {
        Node::Text(text) => push_text(buf, text),
        Node::Element(element) => {
            let name = element.name();
            if HIDDEN_TAGS.contains(&name) {
                return;
            }
            match name {
                "br" => buf.push('\n'),
                "img" => {
                    let src = element.attr("src").unwrap_or("").trim();
                    if !src.is_empty() {
                        let alt = escape(&collapse_ws(element.attr("alt").unwrap_or("")));
                        buf.push_str(&format!("![{alt}]({})", destination(src)));
                    }
                }
                "a" => {
                    let mut inner = String::new();
                    children_inline(node, &mut inner);
                    let href = element.attr("href").unwrap_or("").trim();
                    if href.is_empty() || href.starts_with('#') || href.starts_with("javascript:") {
                        buf.push_str(&inner);
                    } else {
                        let label = inner.trim();
                        if label.is_empty() {
                            buf.push_str(&format!("<{}>", destination(href)));
                        } else {
                            let lead = if inner.starts_with(' ') { " " } else { "" };
                            let tail = if inner.ends_with(' ') { " " } else { "" };
                            buf.push_str(&format!("{lead}[{label}]({}){tail}", destination(href)));
                        }
                    }
                }
                "strong" | "b" => wrap(node, buf, "**"),
                "em" | "i" | "cite" => wrap(node, buf, "*"),
                "del" | "s" | "strike" => wrap(node, buf, "~~"),
                "code" | "kbd" | "samp" | "tt" => {
                    let code = collapse_ws(&raw_text(node));
                    if !code.is_empty() {
                        let fence = "`".repeat(longest_run(&code, '`') + 1);
                        let pad = if code.starts_with('`') || code.ends_with('`') {
                            " "
                        } else {
                            ""
                        };
                        buf.push_str(&format!("{fence}{pad}{code}{pad}{fence}"));
                    }
                }
                _ => {
                    // Inline elements, and block elements met inside inline context (a `<div>`
                    // inside a link): keep their words apart from their neighbours'.
                    let block = BLOCK_TAGS.contains(&name);
                    if block {
                        buf.push(' ');
                    }
                    children_inline(node, buf);
                    if block {
                        buf.push(' ');
                    }
                }
            }
        }
        _ => {}
    }
}

fn children_inline(node: Ref<'_>, buf: &mut String) {
    for child in node.children() {
        inline_of(child, buf);
    }
}

/// Surrounds the node's inline content with `marker`, keeping outer spaces outside it.
fn wrap(node: Ref<'_>, buf: &mut String, marker: &str) {
    let mut inner = String::new();
    children_inline(node, &mut inner);
    let trimmed = inner.trim_matches(' ');
    if trimmed.is_empty() || trimmed.contains('\n') {
        buf.push_str(&inner);
        return;
    }
    if inner.starts_with(' ') {
        buf.push(' ');
    }
    buf.push_str(marker);
    buf.push_str(trimmed);
    buf.push_str(marker);
    if inner.ends_with(' ') {
        buf.push(' ');
    }
}

fn push_text(buf: &mut String, text: &str) {
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\u{a0}' {
            pending_space = true;
            continue;
        }
        if pending_space {
            buf.push(' ');
            pending_space = false;
        }
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|') {
            buf.push('\\');
        }
        buf.push(c);
    }
    if pending_space {
        buf.push(' ');
    }
}

/// Escapes text so Markdown shows it literally (also collapses whitespace).
pub fn escape(text: &str) -> String {
    let mut out = String::new();
    push_text(&mut out, text);
    out
}

fn collapse_ws(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A link or image address made safe for `(...)`.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            _ => out.push(c),
        }
    }
    out
}

/// All text below `node`, unprocessed.
fn raw_text(node: Ref<'_>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect()
}

fn longest_run(text: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in text.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

fn code_block(node: Ref<'_>) -> String {
    let code = raw_text(node);
    let code = code.strip_prefix('\n').unwrap_or(&code);
    let code = code.trim_end_matches(['\n', ' ', '\t']);
    let language = node
        .children()
        .filter(|c| name_of(*c) == Some("code"))
        .chain(std::iter::once(node))
        .filter_map(|c| attr(c, "class"))
        .flat_map(|class| class.split_whitespace())
        .find_map(|class| {
            class
                .strip_prefix("language-")
                .or_else(|| class.strip_prefix("lang-"))
        })
        .unwrap_or("");
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    format!("{fence}{language}\n{code}\n{fence}")
}

fn list(node: Ref<'_>, ordered: bool) -> String {
    let mut number: u64 = attr(node, "start")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    let mut items: Vec<String> = Vec::new();
    for child in node.children() {
        match name_of(child) {
            Some("li") => {
                let marker = if ordered {
                    format!("{number}. ")
                } else {
                    "- ".to_owned()
                };
                number += 1;
                let mut inner = Vec::new();
                container(child, &mut inner);
                let body = join_item_blocks(&inner);
                let indent = " ".repeat(marker.len());
                let body = prefix_lines(&body, &indent, "");
                items.push(format!("{marker}{}", &body[indent.len().min(body.len())..]));
            }
            Some("ul" | "ol") => {
                // A list nested directly in a list (invalid, but common): it belongs to the
                // item before it.
                let nested = list(child, name_of(child) == Some("ol"));
                if nested.is_empty() {
                    continue;
                }
                let nested = prefix_lines(&nested, "  ", "");
                match items.last_mut() {
                    Some(last) => {
                        last.push('\n');
                        last.push_str(&nested);
                    }
                    None => items.push(nested),
                }
            }
            _ => {}
        }
    }
    items
        .iter()
        .map(|item| item.trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Joins the blocks of one list item: a nested list follows its text directly, other blocks are
/// separated by a blank line.
fn join_item_blocks(blocks: &[String]) -> String {
    let mut out = String::new();
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if starts_list(block) { "\n" } else { "\n\n" });
        }
        out.push_str(block);
    }
    out
}

fn starts_list(block: &str) -> bool {
    if block.starts_with("- ") {
        return true;
    }
    let digits = block.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && block[digits..].starts_with(". ")
}

/// Prefixes every line; empty lines get `empty_prefix` instead.
fn prefix_lines(text: &str, prefix: &str, empty_prefix: &str) -> String {
    text.split('\n')
        .map(|line| {
            if line.is_empty() {
                empty_prefix.to_owned()
            } else {
                format!("{prefix}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn table(node: Ref<'_>) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    collect_rows(node, &mut rows);
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return String::new();
    }
    let line = |cells: &[String]| {
        let mut cells = cells.to_vec();
        cells.resize(columns, String::new());
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0]), line(&vec!["---".to_owned(); columns])];
    out.extend(rows[1..].iter().map(|row| line(row)));
    out.join("\n")
}

fn collect_rows(node: Ref<'_>, rows: &mut Vec<Vec<String>>) {
    for child in node.children() {
        match name_of(child) {
            Some("thead" | "tbody" | "tfoot") => collect_rows(child, rows),
            Some("tr") => {
                let cells: Vec<String> = child
                    .children()
                    .filter(|c| matches!(name_of(*c), Some("td" | "th")))
                    .map(|cell| {
                        let mut buf = String::new();
                        children_inline(cell, &mut buf);
                        finish_inline(&buf.replace('\n', " "))
                    })
                    .collect();
                if !cells.is_empty() {
                    rows.push(cells);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::to_markdown;

    #[test]
    fn headings_paragraphs_and_emphasis() {
        let md = to_markdown(
            "<h2>Big  news</h2><p>Rain is <strong>due</strong> on <em>Tuesday</em>.</p>\
             <p>Second<br>line</p>",
        );
        assert_eq!(
            md,
            "## Big news\n\nRain is **due** on *Tuesday*.\n\nSecond  \nline"
        );
    }

    #[test]
    fn links_and_images() {
        let md = to_markdown(
            r#"<p>See <a href="https://x.example/a b">the report</a> here.</p>
               <figure><img src="https://x.example/p.jpg" alt="A [river]"><figcaption>The river</figcaption></figure>"#,
        );
        assert_eq!(
            md,
            "See [the report](https://x.example/a%20b) here.\n\n\
             ![A \\[river\\]](https://x.example/p.jpg)\n\n*The river*"
        );
    }

    #[test]
    fn nested_and_numbered_lists() {
        let md = to_markdown(
            "<ul><li>One<ul><li>One a</li></ul></li><li>Two</li></ul>\
             <ol start=\"3\"><li><p>Three</p><p>More</p></li><li>Four</li></ol>",
        );
        assert_eq!(
            md,
            "- One\n  - One a\n- Two\n\n3. Three\n\n   More\n4. Four"
        );
    }

    #[test]
    fn blockquote_and_code() {
        let md = to_markdown(
            "<blockquote><p>We will act.</p><p>Soon.</p></blockquote>\
             <pre><code class=\"language-rust\">fn main() {\n    let x = a*b;\n}\n</code></pre>\
             <p>Call <code>run()</code> now</p><hr>",
        );
        assert_eq!(
            md,
            "> We will act.\n>\n> Soon.\n\n```rust\nfn main() {\n    let x = a*b;\n}\n```\n\n\
             Call `run()` now\n\n---"
        );
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped() {
        let md = to_markdown("<p># not a heading, 2*3_4</p><p>1. not a list</p><p>- nor this</p>");
        assert_eq!(
            md,
            "\\# not a heading, 2\\*3\\_4\n\n1\\. not a list\n\n\\- nor this"
        );
    }

    #[test]
    fn tables_and_loose_text() {
        let md = to_markdown(
            "Loose <b>text</b><div><table><tr><th>City</th><th>Rain</th></tr>\
             <tr><td>Pune</td><td>12mm</td></tr></table></div><script>x()</script>",
        );
        assert_eq!(
            md,
            "Loose **text**\n\n| City | Rain |\n| --- | --- |\n| Pune | 12mm |"
        );
    }

    #[test]
    fn empty_input() {
        assert_eq!(to_markdown(""), "");
        assert_eq!(to_markdown("<p> </p><div></div>"), "");
    }
}
