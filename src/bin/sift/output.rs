//! The output formats of `sift extract`.

use crate::markdown;
use sift::{Article, RemovedKind};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How `sift extract` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The Article as pretty JSON; an array when there are several inputs.
    Json,
    /// One compact Article per line, in input order.
    Jsonl,
    /// A standalone reader page.
    Html,
    /// The title, a blank line, then the text.
    Text,
    /// The title as a heading, a metadata line, then the body as Markdown.
    Markdown,
}

impl Format {
    /// Every accepted name, for help and error messages.
    pub const NAMES: &'static str = "json, jsonl, html, text or markdown";

    /// Parses a `--format` value.
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name {
            "json" => Format::Json,
            "jsonl" => Format::Jsonl,
            "html" => Format::Html,
            "text" => Format::Text,
            "markdown" | "md" => Format::Markdown,
            _ => return None,
        })
    }
}

/// Renders the results for all inputs, in input order. The result ends with a newline.
pub fn render(format: Format, articles: &[Article]) -> String {
    match format {
        Format::Json => {
            let json = match articles {
                [one] => serde_json::to_string_pretty(one),
                many => serde_json::to_string_pretty(many),
            };
            json.expect("an Article always serializes") + "\n"
        }
        Format::Jsonl => articles
            .iter()
            .map(|a| serde_json::to_string(a).expect("an Article always serializes") + "\n")
            .collect(),
        Format::Text => articles.iter().map(text).collect::<Vec<_>>().join("\n"),
        Format::Markdown => articles
            .iter()
            .map(markdown_page)
            .collect::<Vec<_>>()
            .join("\n---\n\n"),
        Format::Html => html_page(articles),
    }
}

fn text(article: &Article) -> String {
    let mut out = String::new();
    if let Some(title) = non_empty(&article.title) {
        out.push_str(title);
        out.push_str("\n\n");
    }
    out.push_str(article.text.trim_end());
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn markdown_page(article: &Article) -> String {
    let mut parts = Vec::new();
    if let Some(title) = non_empty(&article.title) {
        parts.push(format!("# {}", markdown::escape(title.trim())));
    }
    let meta = meta_line(article);
    if !meta.is_empty() {
        parts.push(format!("*{}*", markdown::escape(&meta.join(" · "))));
    }
    let body = markdown::to_markdown(&article.content_html);
    if !body.is_empty() {
        parts.push(body);
    }
    parts.join("\n\n") + "\n"
}

/// Byline, site and date, as shown under the title.
fn meta_line(article: &Article) -> Vec<String> {
    let mut parts = Vec::new();
    if let Some(byline) = non_empty(&article.byline) {
        parts.push(collapse(byline));
    }
    if let Some(site) = non_empty(&article.site_name) {
        if !parts.iter().any(|p| p.eq_ignore_ascii_case(site.trim())) {
            parts.push(collapse(site));
        }
    }
    if let Some(published) = non_empty(&article.published) {
        parts.push(display_date(published).to_owned());
    }
    parts
}

/// The date part of an ISO 8601 timestamp, or the value as found.
fn display_date(value: &str) -> &str {
    let value = value.trim();
    let b = value.as_bytes();
    let iso_date = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if iso_date { &value[..10] } else { value }
}

/// One line saying whose copy this is, or `None` for original reporting.
pub fn syndication_line(article: &Article) -> Option<String> {
    let s = &article.syndication;
    if !s.syndicated {
        return None;
    }
    let mut line = match non_empty(&s.wire_source) {
        Some(wire) => format!("Wire copy: {}", wire.trim()),
        None => "Syndicated copy".to_owned(),
    };
    if let Some(by) = non_empty(&s.republisher) {
        let _ = write!(line, ", carried by {}", by.trim());
    }
    Some(line)
}

const STYLE: &str = "\
:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fbfaf7;--muted:#6b6b70;--accent:#8a4b08}\
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e3;--bg:#1b1c1e;--muted:#a0a0a6;--accent:#f0b35a}}\
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,'Times New Roman',serif}\
main{max-width:42rem;margin:0 auto;padding:2rem 1.25rem 4rem}\
article+article{border-top:1px solid var(--muted);margin-top:3rem;padding-top:2rem}\
h1{font-size:2rem;line-height:1.2;margin:0 0 .5rem}\
.sift-meta{color:var(--muted);font:.95rem/1.4 system-ui,sans-serif;margin:0 0 .75rem}\
.sift-badge{display:inline-block;font:600 .8rem/1 system-ui,sans-serif;color:var(--accent);\
border:1px solid currentColor;border-radius:999px;padding:.3rem .7rem;margin:0 0 1.5rem}\
img,video{max-width:100%;height:auto}figure{margin:1.5rem 0}\
figcaption{color:var(--muted);font-size:.9rem}\
blockquote{margin:1.5rem 0;padding-left:1rem;border-left:3px solid var(--muted)}\
pre{overflow-x:auto;font-size:.9rem}a{color:var(--accent)}\
.sift-removed{color:var(--muted);font:.85rem/1.4 system-ui,sans-serif;margin-top:3rem}";

/// A standalone reader page. `content_html` is inserted as is (the engine sanitized it); every
/// other value is escaped.
fn html_page(articles: &[Article]) -> String {
    let first = articles.first();
    let page_title = match articles {
        [one] => non_empty(&one.title).map(collapse),
        _ => None,
    }
    .unwrap_or_else(|| "Reader view".to_owned());
    let mut html_attrs = String::new();
    if let Some(lang) = first.and_then(|a| non_empty(&a.lang)) {
        let _ = write!(html_attrs, " lang=\"{}\"", escape(lang.trim()));
    }
    if let Some(dir) = first.and_then(|a| non_empty(&a.dir)) {
        let _ = write!(html_attrs, " dir=\"{}\"", escape(dir.trim()));
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html{html_attrs}>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         img-src http: https: data:; media-src http: https:; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"Sift\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&page_title)
    );
    for article in articles {
        out.push_str(&article_html(article));
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn article_html(article: &Article) -> String {
    let mut out = String::from("<article>\n<header>\n");
    if let Some(title) = non_empty(&article.title) {
        let _ = writeln!(out, "<h1>{}</h1>", escape(&collapse(title)));
    }
    let mut meta = Vec::new();
    if let Some(byline) = non_empty(&article.byline) {
        meta.push(format!(
            "<span class=\"sift-byline\">{}</span>",
            escape(&collapse(byline))
        ));
    }
    if let Some(site) = non_empty(&article.site_name) {
        let same_as_byline =
            non_empty(&article.byline).is_some_and(|b| b.trim().eq_ignore_ascii_case(site.trim()));
        if !same_as_byline {
            meta.push(format!(
                "<span class=\"sift-site\">{}</span>",
                escape(&collapse(site))
            ));
        }
    }
    if let Some(published) = non_empty(&article.published) {
        meta.push(format!(
            "<time datetime=\"{}\">{}</time>",
            escape(published.trim()),
            escape(display_date(published))
        ));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "<p class=\"sift-meta\">{}</p>", meta.join(" · "));
    }
    if let Some(line) = syndication_line(article) {
        let _ = writeln!(out, "<p class=\"sift-badge\">{}</p>", escape(&line));
    }
    out.push_str("</header>\n");
    out.push_str(article.content_html.trim());
    out.push('\n');
    if let Some(summary) = removed_summary(article) {
        let _ = writeln!(
            out,
            "<footer class=\"sift-removed\">{}</footer>",
            escape(&summary)
        );
    }
    out.push_str("</article>\n");
    out
}

/// "Removed 5 items: promo 3, ad 2", or `None` when nothing was removed.
fn removed_summary(article: &Article) -> Option<String> {
    if article.removed.is_empty() {
        return None;
    }
    let mut counts: BTreeMap<RemovedKind, usize> = BTreeMap::new();
    for removed in &article.removed {
        *counts.entry(removed.kind).or_default() += 1;
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| {
            let name = serde_json::to_value(kind)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default();
            format!("{name} {n}")
        })
        .collect();
    let total = article.removed.len();
    let noun = if total == 1 { "item" } else { "items" };
    Some(format!("Sift removed {total} {noun}: {}", parts.join(", ")))
}

/// Escapes text for use in HTML content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use sift::{Removed, Syndication};

    fn sample() -> Article {
        Article {
            is_article: true,
            title: Some("Rain <script>alert(1)</script> & \"floods\"".into()),
            byline: Some("PTI".into()),
            site_name: Some("Daily Example".into()),
            published: Some("2025-03-04T10:00:00+05:30".into()),
            lang: Some("en\" onload=\"x".into()),
            syndication: Syndication {
                syndicated: true,
                wire_source: Some("PTI".into()),
                republisher: Some("Daily Example".into()),
                evidence: vec![],
            },
            content_html: "<p>Heavy rain is due.</p>".into(),
            text: "Heavy rain is due.".into(),
            removed: vec![
                Removed {
                    kind: RemovedKind::Promo,
                    rule: "promo.join".into(),
                    text: "Join now".into(),
                },
                Removed {
                    kind: RemovedKind::SyndicationNotice,
                    rule: "syndication.feed".into(),
                    text: "From a feed".into(),
                },
            ],
            ..Article::default()
        }
    }

    #[test]
    fn html_escapes_everything_but_the_content() {
        let page = render(Format::Html, &[sample()]);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains(
            "<title>Rain &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;floods&quot;</title>"
        ));
        assert!(page.contains("<h1>Rain &lt;script&gt;"));
        assert!(page.contains(r#"lang="en&quot; onload=&quot;x""#));
        assert!(page.contains("<meta charset=\"utf-8\">"));
        assert!(page.contains("<p>Heavy rain is due.</p>"));
        assert!(page.contains("Wire copy: PTI, carried by Daily Example"));
        assert!(page.contains("<time datetime=\"2025-03-04T10:00:00+05:30\">2025-03-04</time>"));
        assert!(page.contains("Sift removed 2 items: promo 1, syndication notice 1"));
    }

    #[test]
    fn text_is_title_blank_line_text() {
        let out = render(Format::Text, &[sample()]);
        assert_eq!(
            out,
            "Rain <script>alert(1)</script> & \"floods\"\n\nHeavy rain is due.\n"
        );
        let untitled = Article {
            text: "Body only".into(),
            ..Article::default()
        };
        assert_eq!(render(Format::Text, &[untitled]), "Body only\n");
    }

    #[test]
    fn json_is_one_object_or_an_array_and_jsonl_one_line_each() {
        let one: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &[sample()])).unwrap();
        assert!(one.is_object());
        let two: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &[sample(), Article::default()])).unwrap();
        assert_eq!(two.as_array().map(Vec::len), Some(2));
        let lines = render(Format::Jsonl, &[sample(), Article::default(), sample()]);
        assert_eq!(lines.lines().count(), 3);
        for line in lines.lines() {
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert!(value.get("syndication").is_some());
        }
    }

    #[test]
    fn markdown_has_heading_meta_and_body() {
        let out = render(Format::Markdown, &[sample()]);
        assert!(
            out.starts_with("# Rain \\<script>alert(1)\\</script> & \"floods\"\n"),
            "{out}"
        );
        assert!(out.contains("*PTI · Daily Example · 2025-03-04*"));
        assert!(out.ends_with("Heavy rain is due.\n"));
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("jsonl"), Some(Format::Jsonl));
        assert_eq!(Format::parse("md"), Some(Format::Markdown));
        assert_eq!(Format::parse("xml"), None);
    }
}
