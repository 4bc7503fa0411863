//! Turning the cleaned article into what the reader sees: sanitized HTML with absolute URLs,
//! and plain text one block per paragraph.
//!
//! Sanitizing walks the tree itself with an allow-list of tags, attributes and URL schemes
//! (the page is parsed once; nothing is serialized only to be parsed again).

use crate::blocks::Block;
use crate::dom::{Document, Namespace, NodeId, escape_into, is_void};
use crate::rules::builtin;
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
/// and non-content elements dropped. Returns whether the article's blocks may have changed:
/// whether anything dropped held text, a line break or a block (renaming a heading changes no
/// block).
pub fn tidy(doc: &mut Document, article: NodeId) -> bool {
    let all: Vec<NodeId> = doc.descendant_elements(article).collect();
    let mut dropped = false;
    for n in all {
        let drop = match doc.tag(n) {
            Some(t) if DROP_WITH_CONTENT.contains(&t) => true,
            Some("iframe") => !doc.attr(n, "src").is_some_and(is_video_embed),
            Some("h1") => {
                doc.rename(n, "h2");
                false
            }
            _ => false,
        };
        if drop {
            dropped |= !crate::blocks::unread(doc, n);
            doc.detach(n);
        }
    }
    dropped
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
        // Already absolute in the parser's form: kept as it is, without parsing.
        if crate::address::is_written_form(value) {
            if doc.attr(n, attr).is_some_and(|v| v.len() != value.len()) {
                let value = value.to_string();
                doc.set_attr(n, attr, &value);
            }
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

/// Schemes an absolute link or image address may use (relative addresses pass).
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "data"];

/// What links carry, so that a followed link cannot reach back into the reader view.
const LINK_REL: &str = "noopener noreferrer";

/// What the sanitizer does with one element.
enum Verdict<'a> {
    /// Written, with its allowed attributes, under this tag name.
    Keep(&'a str),
    /// Left out, but its content is written.
    Unwrap,
    /// Left out with everything inside it.
    Drop,
}

fn verdict<'d>(doc: &'d Document, n: NodeId) -> Verdict<'d> {
    let tag = doc.tag(n).unwrap_or("");
    if DROP_WITH_CONTENT.contains(&tag) {
        return Verdict::Drop;
    }
    match doc.namespace(n) {
        Some(Namespace::Html) if TAGS.binary_search(&tag).is_ok() => Verdict::Keep(tag),
        Some(Namespace::Html) => Verdict::Unwrap,
        // A formula's own elements mean nothing outside it; only its bare text is kept.
        Some(Namespace::MathMl) if tag == "math" => Verdict::Unwrap,
        // Elements of other vocabularies are never written as HTML.
        _ => Verdict::Drop,
    }
}

/// Whether attribute `attr="value"` may stay on a `tag` element: allowed for the tag, an
/// address with an allowed scheme (or relative), `data:` only for an image's own picture, and
/// an iframe only when it plays a video from an allowed host.
fn keep_attribute(tag: &str, attr: &str, value: &str) -> bool {
    if attr == BLOCK_ATTRIBUTE {
        // Only the marks `mark_blocks` wrote (the page's own were removed first).
        return !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit());
    }
    let allowed = GENERIC_ATTRIBUTES.contains(&attr)
        || TAG_ATTRIBUTES
            .iter()
            .any(|&(t, attrs)| t == tag && attrs.contains(&attr));
    if !allowed {
        return false;
    }
    // An address that starts with an allowed scheme's name and colon has that scheme (the URL
    // standard strips or ignores nothing before it); only other forms need the full parser,
    // which would copy a long inline image byte by byte.
    let plain_scheme = ["http://", "https://", "data:"].iter().any(|p| {
        value
            .as_bytes()
            .get(..p.len())
            .is_some_and(|v| v.eq_ignore_ascii_case(p.as_bytes()))
    });
    if matches!(attr, "href" | "src") && !plain_scheme {
        match Url::parse(value) {
            Ok(u) if !URL_SCHEMES.contains(&u.scheme()) => return false,
            Ok(_) | Err(url::ParseError::RelativeUrlWithoutBase) => {}
            Err(_) => return false,
        }
    }
    let trimmed = value.trim_start();
    let starts = |prefix: &str| {
        trimmed
            .as_bytes()
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    if starts("data:") {
        // Pictures may be inline; nothing else may.
        return tag == "img" && attr == "src" && starts("data:image/");
    }
    !(tag == "iframe" && attr == "src" && !is_video_embed(value))
}

/// Writes the start tag of a kept element.
fn write_start(doc: &Document, n: NodeId, tag: &str, out: &mut String) {
    out.push('<');
    out.push_str(tag);
    for (k, v) in doc.attr_iter(n) {
        if keep_attribute(tag, k, v) {
            out.push(' ');
            out.push_str(k);
            out.push_str("=\"");
            escape_into(v, true, out);
            out.push('"');
        }
    }
    if tag == "a" {
        out.push_str(" rel=\"");
        out.push_str(LINK_REL);
        out.push('"');
    }
    out.push('>');
}

/// The article under `article` as sanitized HTML, written straight from the tree: only
/// allowed tags (others are unwrapped, or dropped with their content when their content is
/// never article text or belongs to another vocabulary) and allowed attributes; no scripts,
/// comments, handlers, `javascript:` or non-image `data:` URLs. Text and attribute values are
/// escaped, and iframes are written empty, so a browser parsing the result builds only the
/// elements written. Relative URLs are left as they are (see [`absolutize`]).
pub fn article_html(doc: &Document, article: NodeId) -> String {
    let mut out = String::new();
    // The element whose subtree is being left out.
    let mut skipping: Option<NodeId> = None;
    // For each element open around the walk: the tag it was written under, or `None` when
    // unwrapped (so that its end needs no second verdict).
    let mut written: Vec<Option<&str>> = Vec::new();
    for (n, open, view) in doc.walk(article) {
        if let Some(s) = skipping {
            if n == s && !open {
                skipping = None;
            }
            continue;
        }
        if n == article {
            continue;
        }
        match (view.tag(), view.text()) {
            (None, Some(t)) if open => escape_into(t, false, &mut out),
            (Some(_), _) if open => match verdict(doc, n) {
                Verdict::Drop => skipping = Some(n),
                Verdict::Unwrap => written.push(None),
                Verdict::Keep(tag) => {
                    write_start(doc, n, tag, &mut out);
                    if tag == "iframe" {
                        out.push_str("</iframe>");
                        skipping = Some(n);
                    } else if is_void(tag) {
                        skipping = Some(n);
                    } else {
                        written.push(Some(tag));
                    }
                }
            },
            (Some(_), _) => {
                if let Some(Some(tag)) = written.pop() {
                    out.push_str("</");
                    out.push_str(tag);
                    out.push('>');
                }
            }
            _ => {}
        }
    }
    out
}

/// The attribute that ties an element of `content_html` to its paragraph of `text`.
const BLOCK_ATTRIBUTE: &str = "data-block";

/// Marks each block's element with `data-block="N"`, N being the index of its first paragraph
/// in `text.split("\n\n")` (what key-facts spans count), so the reader view can find
/// paragraph N. An element holding several blocks keeps the first one's index; blocks whose
/// element is not written (or is the article itself) go unmarked. Marks the page carried
/// itself are removed first.
pub fn mark_blocks(doc: &mut Document, article: NodeId, blocks: &[Block]) {
    let marked: Vec<NodeId> = doc
        .descendant_elements(article)
        .filter(|&n| doc.attr(n, BLOCK_ATTRIBUTE).is_some())
        .collect();
    for n in marked {
        doc.remove_attr(n, BLOCK_ATTRIBUTE);
    }
    let mut paragraph = 0;
    for b in blocks {
        if b.node != article && doc.attr(b.node, BLOCK_ATTRIBUTE).is_none() {
            doc.set_attr(b.node, BLOCK_ATTRIBUTE, &paragraph.to_string());
        }
        // A preformatted block may hold blank lines: it is then several paragraphs of `text`.
        paragraph += 1 + if b.text.contains('\n') {
            b.text.matches("\n\n").count()
        } else {
            0
        };
    }
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
    use std::borrow::Cow;

    /// The same policy expressed for ammonia, which parses markup itself: the reference the
    /// tree walk is checked against.
    fn ammonia_clean(html: &str) -> String {
        let mut b = ammonia::Builder::default();
        b.tags(TAGS.iter().copied().collect())
            .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
            .tag_attributes(
                TAG_ATTRIBUTES
                    .iter()
                    .map(|&(tag, attrs)| (tag, attrs.iter().copied().collect()))
                    .collect(),
            )
            .url_schemes(URL_SCHEMES.iter().copied().collect())
            .url_relative(ammonia::UrlRelative::PassThrough)
            .link_rel(Some(LINK_REL))
            .strip_comments(true)
            .attribute_filter(|element, attribute, value| {
                let lower = value.trim_start().to_ascii_lowercase();
                if lower.starts_with("data:") {
                    let image =
                        element == "img" && attribute == "src" && lower.starts_with("data:image/");
                    return image.then_some(Cow::Borrowed(value));
                }
                if element == "iframe" && attribute == "src" && !is_video_embed(value) {
                    return None;
                }
                Some(Cow::Borrowed(value))
            });
        b.clean(html).to_string()
    }

    fn fragment_html(html: &str) -> String {
        let doc = Document::parse_fragment(html);
        let root = doc.root();
        article_html(&doc, root)
    }

    const HOSTILE: &str = "<p onclick=\"x()\" class=\"c\" style=\"color:red\">Hi <a href=\"javascript:alert(1)\">bad</a>
        <a href=\" JaVaScRiPt:alert(2)\">bad2</a> <a href=\"java&#9;script:alert(3)\">bad3</a>
        <a href=\"/rel\" target=\"_blank\" rel=\"opener\">rel</a> <a href=\"https://ok.example/?a=1&amp;b=&quot;2&quot;\">ok</a>
        <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"\" onerror=\"e()\"> <a href=\"data:text/html,x\">d</a>
        <img src=\" DATA:text/html,x\"> <span title=\"data:x\">t</span> <a href=\"vbscript:x\">v</a>
        <a href=\"mailto:a@b.example\">m</a> <a href=\"http://[bad\">broken</a>
        <script>alert(1)</script><style>p{}</style><!-- comment --><iframe src=\"https://evil.example/ad\"></iframe>
        <iframe src=\"https://www.youtube.com/embed/abc\" width=\"5\" onload=\"l()\"></iframe></p>
        <section><h2 id=\"h\">Head</h2><ul><li>one</li></ul><form action=\"/x\"><input name=\"q\"></form></section>
        <svg><a href=\"#\"><text>svg text</text></a><script>alert(5)</script></svg>
        <math><mi>x</mi><annotation-xml encoding=\"text/html\"><img src=x onerror=alert(6)></annotation-xml></math>
        <table><tr><td colspan=\"2\" bgcolor=\"red\">cell &lt;b&gt; &amp; more\u{a0}</td></tr></table>
        <object data=\"x.swf\"><embed src=\"y.swf\"></object><custom-el data-x=\"1\">custom</custom-el>
        <pre>
code</pre><time datetime=\"2024-01-01\">then</time>";

    #[test]
    fn scripts_handlers_and_bad_urls_go() {
        let base = Url::parse("https://news.example/a/b.html").unwrap();
        let mut doc = Document::parse_fragment(HOSTILE);
        let root = doc.root();
        absolutize(&mut doc, root, Some(&base));
        let out = article_html(&doc, root);
        let lower = out.to_lowercase();
        for bad in [
            "onclick",
            "onerror",
            "onload",
            "javascript",
            "vbscript",
            "alert",
            "evil.example",
            "data:text",
            "<script",
            "<style",
            "<svg",
            "<math",
            "<form",
            "<input",
            "<object",
            "<embed",
            "<section",
            "comment",
            "style=",
            "class=",
            "target=",
            "opener\"",
            "bgcolor",
            "data-x",
            "<custom",
            "svg text",
            "id=",
        ] {
            assert!(!lower.contains(bad), "{bad} in {out}");
        }
        assert!(out.contains("https://news.example/rel"), "{out}");
        assert!(out.contains("data:image/png"), "{out}");
        assert!(out.contains("youtube.com/embed/abc"), "{out}");
        assert!(out.contains("mailto:a@b.example"), "{out}");
        assert!(out.contains("rel=\"noopener noreferrer\""), "{out}");
        assert!(out.contains("cell &lt;b&gt; &amp; more&nbsp;"), "{out}");
        assert!(
            out.contains("custom") && out.contains("<h2>Head</h2>"),
            "{out}"
        );
    }

    #[test]
    fn agrees_with_ammonia_on_hostile_markup() {
        // Both read back through the reference sanitizer, which parses as a browser would:
        // the reader view shows the same thing either way.
        let ours = fragment_html(HOSTILE);
        let doc = Document::parse_fragment(HOSTILE);
        let reference = ammonia_clean(&doc.inner_html(doc.root()));
        assert_eq!(ammonia_clean(&ours), reference);
    }

    #[test]
    fn output_parses_back_to_what_was_written() {
        // Escaped text and values, empty iframes, no raw-text elements: parsing the output
        // and writing it again gives the same markup.
        let once = fragment_html(HOSTILE);
        assert_eq!(fragment_html(&once), once);
    }

    #[test]
    fn iframes_are_written_empty() {
        let out = fragment_html(
            "<iframe src=\"https://www.youtube.com/embed/abc\">fallback <a href=x>text</a></iframe>",
        );
        assert_eq!(
            out,
            "<iframe src=\"https://www.youtube.com/embed/abc\"></iframe>"
        );
    }

    #[test]
    fn blocks_are_marked_with_their_paragraph_index() {
        let mut doc = Document::parse_fragment(
            "<p data-block=\"7\">One.</p><div>Two<p>Three</p></div><pre>a\n\nb</pre><ul><li>Four</li></ul>",
        );
        let root = doc.root();
        let list = crate::blocks::blocks(&doc, root);
        mark_blocks(&mut doc, root, &list);
        let out = article_html(&doc, root);
        assert_eq!(
            out,
            "<p data-block=\"0\">One.</p><div data-block=\"1\">Two<p data-block=\"2\">Three</p></div>\
             <pre data-block=\"3\">a\n\nb</pre><ul><li data-block=\"5\">Four</li></ul>"
        );
        let text = text(&list);
        assert_eq!(text.split("\n\n").nth(5), Some("Four"));
        assert!(!keep_attribute("p", BLOCK_ATTRIBUTE, "1 onclick"));
    }

    #[test]
    fn addresses_are_judged_by_scheme_with_or_without_the_parser() {
        // Spelled plainly (no parser needed) or not, the scheme decides.
        assert!(keep_attribute("a", "href", "HTTPS://news.example/a"));
        assert!(keep_attribute("img", "src", "Data:image/png;base64,AAAA"));
        assert!(!keep_attribute("a", "href", "DATA:text/html,<b>x</b>"));
        assert!(!keep_attribute("img", "src", "data:text/html,<b>x</b>"));
        assert!(!keep_attribute("a", "href", " javascript:alert(1)"));
        assert!(!keep_attribute("a", "href", "java\tscript:alert(1)"));
        assert!(keep_attribute("a", "href", "/relative/path"));
    }

    #[test]
    fn allow_list_is_sorted_for_lookup() {
        assert!(TAGS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn deeply_nested_markup_is_handled() {
        let html = "<div>".repeat(20_000) + "deep" + &"</div>".repeat(20_000);
        let out = fragment_html(&html);
        assert!(out.contains("deep"));
    }
}
