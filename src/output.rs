//! Turning the cleaned article into what the reader sees: sanitized HTML with absolute URLs,
//! and plain text one block per paragraph.
//!
//! Sanitizing is ammonia's job (an allow-list of tags, attributes and URL schemes); this module
//! only states the policy and tidies the tree first.

use crate::blocks::Block;
use crate::dom::{Document, NodeId};
use crate::rules::builtin;
use ammonia::{Builder, UrlRelative};
use std::borrow::Cow;
use std::collections::HashSet;
use url::Url;

/// Tags the reader view may show.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "iframe",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
];

/// Elements dropped with everything inside them before sanitizing (their text is never
/// article text).
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "noscript", "svg", "canvas", "object", "embed", "audio",
    "video", "map", "select", "textarea", "button", "input", "head", "title", "meta", "link",
    "source",
];

/// True if an iframe plays a video from an allowed host.
pub fn is_video_embed(src: &str) -> bool {
    let src = src
        .trim_start_matches("https:")
        .trim_start_matches("http:")
        .trim_start_matches("//");
    builtin()
        .section("boilerplate", "embeds")
        .iter()
        .flat_map(|r| r.words.iter())
        .any(|host| src.starts_with(host.as_str()))
        && {
            crate::rules::note("embed.video_hosts");
            true
        }
}

/// Prepares the article tree for output: headings demoted below the title, non-video iframes
/// and non-content elements dropped.
pub fn tidy(doc: &mut Document, article: NodeId) {
    let all: Vec<NodeId> = doc.descendant_elements(article).collect();
    for n in all {
        let Some(tag) = doc.tag(n).map(str::to_string) else {
            continue;
        };
        if DROP_WITH_CONTENT.contains(&tag.as_str()) {
            doc.detach(n);
        } else if tag == "iframe" {
            let keep = doc.attr(n, "src").is_some_and(is_video_embed);
            if !keep {
                doc.detach(n);
            }
        } else if tag == "h1" {
            doc.rename(n, "h2");
        }
    }
}

/// Makes every link, image and embed address under `article` absolute against `base`.
/// Addresses that do not resolve are dropped (the sanitizer then removes what is left empty).
pub fn absolutize(doc: &mut Document, article: NodeId, base: Option<&Url>) {
    let Some(base) = base else { return };
    let targets: Vec<(NodeId, &str)> = doc
        .descendant_elements(article)
        .filter_map(|n| match doc.tag(n) {
            Some("a") => Some((n, "href")),
            Some("img" | "iframe") => Some((n, "src")),
            _ => None,
        })
        .collect();
    for (n, attr) in targets {
        let Some(value) = doc.attr(n, attr).map(str::trim) else {
            continue;
        };
        if value.starts_with('#') || value.starts_with("data:") {
            continue;
        }
        match base.join(value) {
            Ok(u) => {
                let u = u.to_string();
                doc.set_attr(n, attr, &u);
            }
            Err(_) => doc.remove_attr(n, attr),
        }
    }
}

/// Attributes the reader view keeps on any allowed tag.
const GENERIC_ATTRIBUTES: &[&str] = &["title", "lang", "dir"];

/// Attributes the reader view keeps on particular tags.
const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("img", &["src", "alt", "width", "height"]),
    ("iframe", &["src", "width", "height", "allowfullscreen"]),
    ("td", &["colspan", "rowspan"]),
    ("th", &["colspan", "rowspan", "scope"]),
    ("ol", &["start", "reversed"]),
    ("time", &["datetime"]),
    ("col", &["span"]),
];

/// Whether the sanitizer could keep attribute `attr` of a `tag` element, or the attribute
/// could change how the sanitizer's parser builds the tree: it compares the attributes of
/// formatting elements (`b`, `em`, …; not `a`, of which it keeps one open at a time) and
/// reads a few (`input type`, `font color`, `template shadowrootmode`), so those elements
/// keep them all.
fn attribute_may_matter(tag: &str, attr: &str) -> bool {
    matches!(
        tag,
        "b" | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
            | "input"
            | "template"
    ) || GENERIC_ATTRIBUTES.contains(&attr)
        || TAG_ATTRIBUTES
            .iter()
            .any(|&(t, attrs)| t == tag && attrs.contains(&attr))
}

fn policy() -> &'static Builder<'static> {
    static POLICY: std::sync::OnceLock<Builder<'static>> = std::sync::OnceLock::new();
    POLICY.get_or_init(|| {
        let tags: HashSet<&str> = TAGS.iter().copied().collect();
        let mut b = Builder::default();
        b.tags(tags)
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|&(tag, attrs)| (tag, attrs.iter().copied().collect()))
                    .collect(),
            )
            .url_schemes(
                ["http", "https", "mailto", "tel", "data"]
                    .into_iter()
                    .collect(),
            )
            .url_relative(UrlRelative::PassThrough)
            .link_rel(Some("noopener noreferrer"))
            .strip_comments(true)
            .attribute_filter(|element, attribute, value| {
                let lower = value.trim_start().to_ascii_lowercase();
                if lower.starts_with("data:") {
                    // Pictures may be inline; nothing else may.
                    let image =
                        element == "img" && attribute == "src" && lower.starts_with("data:image/");
                    return if image {
                        Some(Cow::Borrowed(value))
                    } else {
                        None
                    };
                }
                if element == "iframe" && attribute == "src" && !is_video_embed(value) {
                    return None;
                }
                Some(Cow::Borrowed(value))
            });
        b
    })
}

/// The article under `article`, sanitized. Attributes the sanitizer would drop anyway are
/// left out of the markup it is given (less for it to parse); the result is the same.
pub fn article_html(doc: &Document, article: NodeId) -> String {
    sanitize(&doc.inner_html_with(article, &attribute_may_matter))
}

/// Sanitized HTML: only allowed tags and attributes; no scripts, handlers, `javascript:` or
/// non-image `data:` URLs. Relative URLs are left as they are (see [`absolutize`]).
pub fn sanitize(html: &str) -> String {
    policy().clean(html).to_string()
}

/// The article as text: one block per paragraph, blocks separated by a blank line.
pub fn text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_bad_urls_go() {
        let base = Url::parse("https://news.example/a/b.html").unwrap();
        let mut doc = Document::parse_fragment(
            r#"<p onclick="x()">Hi <a href="javascript:alert(1)">bad</a> <a href="/rel">rel</a>
               <img src="data:image/png;base64,iVBORw0KGgo=" alt=""> <a href="data:text/html,x">d</a>
               <script>alert(1)</script><iframe src="https://evil.example/ad"></iframe>
               <iframe src="https://www.youtube.com/embed/abc"></iframe></p>"#,
        );
        let root = doc.root();
        absolutize(&mut doc, root, Some(&base));
        let out = sanitize(&doc.inner_html(root));
        assert!(!out.contains("onclick"), "{out}");
        assert!(!out.contains("javascript"), "{out}");
        assert!(!out.contains("alert"), "{out}");
        assert!(out.contains("https://news.example/rel"), "{out}");
        assert!(out.contains("data:image/png"), "{out}");
        assert!(!out.contains("data:text"), "{out}");
        assert!(!out.contains("evil.example"), "{out}");
        assert!(out.contains("youtube.com/embed/abc"), "{out}");
    }

    #[test]
    fn leaving_out_dropped_attributes_changes_nothing() {
        // Misnested formatting elements with attributes (the parser compares them), foreign
        // content, attributes the parser reads, and plain furniture attributes.
        let html = r#"<div class="x" data-a="1"><p id="p1" style="c"><b class="a"><b class="b"><b class="c"><b class="d"><span data-x="y">text</span></b></b></b></b></p>
            <p><em title="t" class="q">one<p>two</em> <a href="/x" class="l" data-t="1" rel="nofollow">link <a href="/y">inner</a></a></p>
            <math><mi class="m">x</mi><font color="red" face="serif">f</font><annotation-xml encoding="text/html"><p class="z">h</p></annotation-xml></math>
            <table class="t"><tr><td colspan="2" class="c" data-d="4">cell<input type="hidden" name="n"></td></tr></table>
            <img src="a.jpg" srcset="a-2x.jpg 2x" data-src="lazy.jpg" alt="A" width="10" loading="lazy">
            <ol start="3" class="o"><li value="9" class="i">item</li></ol><time datetime="2024-01-01" class="d">then</time>
            <template shadowrootmode="open"><p>shadow</p></template></div>"#;
        let mut doc = Document::parse_fragment(html);
        let root = doc.root();
        // A block inside the formatting elements: the parser closes and reopens them.
        let span = doc.descendants(root).find(|&n| doc.is(n, "span")).unwrap();
        doc.rename(span, "div");
        assert_eq!(
            article_html(&doc, root),
            sanitize(&doc.inner_html(root)),
            "{}",
            doc.inner_html(root)
        );
    }

    #[test]
    fn deeply_nested_markup_is_handled() {
        let html = "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000);
        let out = sanitize(&html);
        assert!(out.contains("deep"));
    }
}
