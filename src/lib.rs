//! # Sift
//!
//! A reader-view engine for news pages, built for syndicated stories: it finds the article,
//! tells whether it is wire copy and from which agency, takes out promos, broken image markup,
//! repeated leads and feed disclaimers, and returns clean, sanitized HTML and text.
//!
//! The crate is pure: no file, network or browser access. The command-line tool and the
//! WebAssembly binding are thin shells over [`extract`].
//!
//! ```
//! let html = r#"<html><head><title>Rain due</title></head><body><article>
//!   <h1>Rain due</h1>
//!   <p>Heavy rain is expected across the region on Tuesday, forecasters said, with flooding
//!   possible in low-lying areas near the river and travel disruption likely for commuters.</p>
//!   <p>Join our WhatsApp channel for alerts! <a href="https://chat.whatsapp.com/x">Join Now</a></p>
//!   <p>The weather service said up to 60mm could fall in places, and urged drivers to take care
//!   on roads that flooded last winter, especially after dark when visibility is poor.</p>
//! </article></body></html>"#;
//! let article = sift::extract(html, Some("https://news.example/rain"), &sift::Options::default())?;
//! assert!(article.text.contains("Heavy rain"));
//! assert!(!article.text.contains("WhatsApp"));
//! # Ok::<(), sift::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod address;
mod blocks;
mod clean;
mod dom;
mod error;
mod extract;
mod facts;
mod images;
mod measure;
mod metadata;
mod output;
mod readable;
mod rules;
mod settings;
mod syndication;
mod text;
mod types;
#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::Error;
pub use rules::{Rule, RuleFile};
pub use settings::{
    Bounds, Font, KeyFactsSettings, LIMITS, Limits, OpenMode, Problem, ReaderSettings,
    SCHEMA_VERSION, Settings, SiteSettings, Theme, read_stored as read_stored_settings,
    validate as validate_settings,
};
pub use types::{
    Article, DateFact, Entity, Evidence, FactSource, Image, KeyFacts, NumberFact, Options, Person,
    Quote, Removed, RemovedKind, Sentence, Span, Stats, Syndication,
};

use dom::{Document, NodeId, Selector};
use measure::Measure;
use url::Url;

/// Words a minute assumed for the reading-time estimate.
const READING_SPEED: usize = 230;

/// Cleans one page. `url` is the page's address (used to resolve relative links and to judge
/// whether a canonical URL points elsewhere).
///
/// Fails only on inputs the caller controls: an address that is not an absolute URL, or an
/// option that is not valid (such as a malformed CSS selector). Any HTML is accepted.
pub fn extract(html: &str, url: Option<&str>, options: &Options) -> Result<Article, Error> {
    let clock = Clock::start();
    let base = match url {
        Some(u) if !u.trim().is_empty() => {
            Some(Url::parse(u.trim()).map_err(|e| Error::BadUrl {
                url: u.to_string(),
                reason: e.to_string(),
            })?)
        }
        _ => None,
    };
    let selectors = options
        .remove_selectors
        .iter()
        .map(|s| Selector::parse(s))
        .collect::<Result<Vec<_>, _>>()?;

    let mut doc = Document::parse(html);
    let base = document_base(&doc, base);
    let meta = metadata::read(&doc, base.as_ref());
    let readable = readable::probably_readable(&doc);
    let Some(body) = doc.body() else {
        return Ok(empty(meta, readable, clock));
    };
    let mut image_cuts = prepare(&mut doc, body, base.as_ref(), options);

    // Strictest pass first; loosen until enough text is found, else keep the longest result.
    // Each pass changes the tree, so the next one starts from the tree rolled back to how
    // preparation left it; if an earlier pass found more, it is run again at the end (passes
    // are deterministic).
    let passes = extract::Flags::PASSES;
    doc.checkpoint();
    // Measured once: every pass starts from the tree as preparation left it.
    let sizes = extract::measure(&doc, body);
    let mut best: Option<(usize, usize)> = None;
    let mut last: Option<(usize, extract::Found)> = None;
    for (i, &flags) in passes.iter().enumerate() {
        if i > 0 {
            doc.rollback();
        }
        let found = extract::grab(&mut doc, body, flags, sizes.clone());
        let enough = found.text_len >= extract::article_chars();
        if best.is_none_or(|(_, len)| found.text_len > len) {
            best = Some((i, found.text_len));
        }
        last = Some((i, found));
        if enough {
            break;
        }
    }
    let found = match (best, last) {
        (Some((b, _)), Some((l, found))) if b == l => found,
        (Some((b, _)), _) => {
            doc.rollback();
            extract::grab(&mut doc, body, passes[b], sizes)
        }
        _ => return Ok(empty(meta, readable, clock)),
    };
    doc.commit();
    let article = found.article;
    let mut sizes = found.sizes;

    if let Some(key) = meta.image.as_deref().and_then(image_key) {
        // The picture may sit in what the scoring cut away (a header box), so look there too.
        let mut places = vec![body];
        places.extend(found.cuts.iter().map(|c| c.node));
        if let Some(moved) = bring_lead_image(&mut doc, &places, article, &key) {
            sizes.refresh(&doc, moved, blocks::is_block_tag);
            sizes.adopt(&doc, article);
        }
    }

    // What was cut inside the article region, in the order it was cut.
    let mut removed: Vec<Removed> = Vec::new();
    for (parent, r) in image_cuts.drain(..) {
        if parent.is_some_and(|p| doc.contains(article, p)) {
            removed.push(r);
        }
    }
    for mut c in found.cuts {
        if c.parent.is_some_and(|p| doc.contains(article, p)) {
            c.removed.text = text::snippet(doc.texts(c.node), 160);
            removed.push(c.removed);
        }
    }

    drop_title_heading(&mut doc, article, &mut sizes, meta.title.as_deref());

    let lead = meta.description.clone();
    let mut site_names: Vec<String> = meta.site_name.iter().cloned().collect();
    if let Some(host) = base.as_ref().and_then(|b| b.host_str()) {
        site_names.push(host.trim_start_matches("www.").to_string());
    }
    let cx = clean::Context {
        lead: lead.as_deref(),
        site_names,
        user_selectors: &selectors,
        user_phrases: &options.promo_phrases,
    };
    let cleaned = clean::clean(&mut doc, article, sizes, &cx);
    removed.extend(cleaned.removed);

    // Syndication: judged on the cleaned blocks; its notices leave the text.
    let block_list = cleaned
        .blocks
        .unwrap_or_else(|| blocks::blocks(&doc, article));
    let detection = syndication::detect(&meta, &block_list, base.as_ref());
    for notice in &detection.notices {
        let Some(block) = block_list.get(notice.block) else {
            continue;
        };
        match &notice.strip {
            None => {
                if doc.contains(article, block.node) && block.node != article {
                    doc.detach(block.node);
                }
            }
            Some(s) => strip_text(&mut doc, block.node, s),
        }
        removed.push(notice.removed.clone());
    }

    // The blocks change only if a notice or a non-content element left the tree.
    let tidied = output::tidy(&mut doc, article);
    let changed = tidied || !detection.notices.is_empty();
    let images = if options.no_images {
        Vec::new()
    } else {
        images::collect(&doc, article)
    };
    output::absolutize(&mut doc, article, base.as_ref());
    let final_blocks = if changed {
        blocks::blocks(&doc, article)
    } else {
        block_list
    };
    let text = output::text(&final_blocks);
    output::mark_blocks(&mut doc, article, &final_blocks);
    let content_html = output::article_html(&doc, article);
    let words = text::word_count(&text);
    let declared = |id: &str| {
        let types = builtin_words("scoring", "listing", id);
        let og = meta
            .meta
            .iter()
            .any(|(k, v)| k == "og:type" && types.iter().any(|t| t.eq_ignore_ascii_case(v)));
        og || meta.json_ld.iter().any(|v| match &v["@type"] {
            serde_json::Value::String(t) => types.iter().any(|x| x == t),
            serde_json::Value::Array(a) => a
                .iter()
                .any(|t| t.as_str().is_some_and(|t| types.iter().any(|x| x == t))),
            _ => false,
        })
    };
    let collection_page = declared("listing.page_types");
    let listing = !declared("listing.article_types")
        && extract::looks_like_listing(&doc, article, words, collection_page);
    let is_article = !listing && judge_article(&final_blocks, readable);
    let mut result = empty(meta, readable, clock);
    result.removed = removed;
    result.syndication = detection.syndication;
    if listing {
        // A list of stories: say so rather than present a made-up article. (A short page that
        // is not quite an article keeps its text; it is only flagged.)
        return Ok(result);
    }
    if result.excerpt.is_none() {
        result.excerpt = final_blocks
            .iter()
            .map(|b| b.text.clone())
            .find(|t| text::word_count(t) >= 8);
    }
    if result.lead_image.is_none() {
        result.lead_image = images.first().map(|i| i.src.clone());
    }
    result.is_article = is_article;
    // The page's tree is no longer needed: free it before the key-facts stage allocates.
    drop(doc);
    if options.key_facts {
        result.key_facts = facts::key_facts(
            &facts::Input {
                text: &text,
                title: result.title.as_deref(),
                published: result.published.as_deref(),
                lang: result.lang.as_deref(),
                byline: result.byline.as_deref(),
                site_name: result.site_name.as_deref(),
                syndication: &result.syndication,
            },
            options.summary_sentences,
        );
    }
    result.content_html = content_html;
    result.text = text;
    result.images = images;
    result.stats = Stats {
        words,
        reading_minutes: words.div_ceil(READING_SPEED),
        elapsed_ms: clock.elapsed_ms(),
    };
    Ok(result)
}

/// A quick guess, without full extraction, at whether the page holds an article worth a reader
/// view. Cheap enough to run on every page load.
pub fn probably_readable(html: &str) -> bool {
    readable::probably_readable(&Document::parse(html))
}

/// The address relative links resolve against: the page's `<base href>` (itself resolved
/// against the page address) where there is one, else the page address.
fn document_base(doc: &Document, page: Option<Url>) -> Option<Url> {
    let href = doc.head().and_then(|head| {
        doc.descendant_elements(head)
            .find(|&n| doc.is(n, "base"))
            .and_then(|n| doc.attr(n, "href"))
    });
    match (href, &page) {
        (Some(h), Some(p)) => p.join(h.trim()).ok().or(page),
        (Some(h), None) => Url::parse(h.trim()).ok(),
        _ => page,
    }
}

/// The result for a page with nothing to extract.
fn empty(meta: metadata::Metadata, readable: bool, clock: Clock) -> Article {
    Article {
        probably_readable: readable,
        title: meta.title,
        byline: meta.byline,
        site_name: meta.site_name,
        published: meta.published,
        lang: meta.lang,
        dir: meta.dir,
        excerpt: meta.description,
        lead_image: meta.image,
        canonical_url: meta.canonical_url,
        stats: Stats {
            elapsed_ms: clock.elapsed_ms(),
            ..Stats::default()
        },
        ..Article::default()
    }
}

/// Page-wide preparation before scoring: images repaired (while `<noscript>` copies are still
/// there), then scripts, styles and hidden elements removed. Returns the image removals with
/// the parent each had, for the caller to report those inside the article.
fn prepare(
    doc: &mut Document,
    body: NodeId,
    base: Option<&Url>,
    options: &Options,
) -> Vec<(Option<NodeId>, Removed)> {
    let mut cuts = Vec::new();
    for (node, removed) in images::repair(doc, body, base) {
        let parent = doc.parent_element(node);
        doc.detach(node);
        cuts.push((parent, removed));
    }
    if options.no_images {
        let imgs: Vec<NodeId> = doc
            .descendant_elements(body)
            .filter(|&n| doc.is(n, "img"))
            .collect();
        for n in imgs {
            doc.detach(n);
        }
    }
    let junk = doc.outermost(body, |n| {
        matches!(
            doc.tag(n),
            Some("script" | "style" | "noscript" | "template" | "link" | "meta")
        ) || !readable::visible(doc, n)
    });
    for n in junk {
        doc.detach(n);
    }
    cuts
}

/// What identifies a picture across its sizes: the file name at the end of its address (or of
/// the address an image proxy carries in its query).
fn image_key(src: &str) -> Option<String> {
    let url = Url::parse(src).ok()?;
    let inner = url
        .query_pairs()
        .find(|(k, v)| k == "url" && v.starts_with("http"))
        .and_then(|(_, v)| Url::parse(&v).ok());
    let url = inner.unwrap_or(url);
    let last = url.path_segments()?.rev().find(|s| !s.is_empty())?;
    let (stem, ext) = last.rsplit_once('.')?;
    // "photo-780x440.jpg", "photo-ogp.jpg" and "photo.jpg" are one picture in three sizes.
    let renditions = builtin_words("images", "size_suffixes", "images.size_suffix");
    let stem = match stem.rsplit_once(['-', '_']) {
        Some((head, size))
            if is_size(size) || renditions.iter().any(|w| w.eq_ignore_ascii_case(size)) =>
        {
            head
        }
        _ => stem,
    };
    (!stem.is_empty()).then(|| format!("{stem}.{ext}"))
}

/// True for a size token: "640" or "WIDTHxHEIGHT".
fn is_size(token: &str) -> bool {
    if !token.is_empty() && token.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    token.split_once('x').is_some_and(|(w, h)| {
        !w.is_empty() && !h.is_empty() && (w.chars().chain(h.chars())).all(|c| c.is_ascii_digit())
    })
}

/// Brings the page's lead picture into the article when the story region missed it (it often
/// sits above the body, beside the headline). The picture is recognised as the one the page's
/// own preview image names; its figure or wrapper (with the caption) comes along.
/// Returns the element moved into the article, if one was.
fn bring_lead_image(
    doc: &mut Document,
    places: &[NodeId],
    article: NodeId,
    key: &str,
) -> Option<NodeId> {
    let matches = |doc: &Document, n: NodeId| {
        doc.is(n, "img") && doc.attr(n, "src").and_then(image_key).as_deref() == Some(key)
    };
    if doc.descendant_elements(article).any(|n| matches(doc, n)) {
        return None;
    }
    let img = places
        .iter()
        .find_map(|&p| doc.descendants(p).find(|&n| matches(doc, n)))?;
    // Climb to the smallest wrapper that holds the picture and at most a caption.
    let mut wrapper = img;
    while let Some(p) = doc.parent_element(wrapper) {
        if places.contains(&p) || doc.element_children(p).count() > 3 {
            break;
        }
        let text = text::collapse_parts(doc.texts(p));
        let images = doc
            .descendant_elements(p)
            .filter(|&n| doc.is(n, "img"))
            .count();
        if text.chars().count() > 300 || images > 1 {
            break;
        }
        wrapper = p;
        if doc.is(p, "figure") {
            break;
        }
    }
    let first = doc.children(article).next();
    match first {
        Some(first) => doc.insert_before(first, wrapper),
        None => doc.append(article, wrapper),
    }
    Some(wrapper)
}

/// Removes the first heading that repeats the title (the reader view shows the title itself).
fn drop_title_heading(
    doc: &mut Document,
    article: NodeId,
    sizes: &mut Measure,
    title: Option<&str>,
) {
    let Some(title) = title else { return };
    let title = text::collapse(title);
    let heading = doc
        .descendant_elements(article)
        .filter(|&n| matches!(doc.tag(n), Some("h1" | "h2" | "h3")))
        .take(2)
        .find(|&n| {
            let h = text::collapse_parts(doc.texts(n));
            !h.is_empty() && (h == title || text::overlap(&h, &title) >= 0.9)
        });
    if let Some(h) = heading {
        sizes.forget(doc, h);
        doc.detach(h);
    }
}

/// Cuts the exact text `s` out of the text nodes under `node`.
fn strip_text(doc: &mut Document, node: NodeId, s: &str) {
    let texts: Vec<NodeId> = doc
        .descendants(node)
        .filter(|&d| doc.text_node(d).is_some())
        .collect();
    for t in texts.into_iter().rev() {
        let Some(value) = doc.text_node(t) else {
            continue;
        };
        if let Some(pos) = value.rfind(s) {
            let mut v = value.to_string();
            v.replace_range(pos..pos + s.len(), "");
            let fresh = doc.create_text(v.trim_end());
            doc.insert_before(t, fresh);
            doc.detach(t);
            return;
        }
    }
}

/// The words of one built-in rule.
fn builtin_words(file: &str, section: &str, id: &str) -> &'static [String] {
    rules::builtin()
        .section(file, section)
        .iter()
        .find(|r| r.id == id)
        .map(|r| {
            rules::note(&r.id);
            r.words.as_slice()
        })
        .unwrap_or(&[])
}

/// Whether what was found is one article rather than a stub: enough text, in paragraphs.
/// Characters rather than words, so that scripts written without spaces count fairly.
fn judge_article(blocks: &[blocks::Block], readable: bool) -> bool {
    let min_chars = extract::article_chars();
    let chars: usize = blocks.iter().map(|b| b.text.chars().count()).sum();
    let paragraphs = blocks
        .iter()
        .filter(|b| b.text.chars().count() >= 100)
        .count();
    chars >= min_chars && (readable || paragraphs >= 2)
}

/// Wall-clock timing where the platform has a clock (not in bare WebAssembly, where the
/// binding measures instead).
#[derive(Clone, Copy)]
struct Clock {
    #[cfg(not(target_arch = "wasm32"))]
    start: std::time::Instant,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            #[cfg(not(target_arch = "wasm32"))]
            start: std::time::Instant::now(),
        }
    }

    fn elapsed_ms(&self) -> f64 {
        #[cfg(not(target_arch = "wasm32"))]
        {
            self.start.elapsed().as_secs_f64() * 1000.0
        }
        #[cfg(target_arch = "wasm32")]
        {
            0.0
        }
    }
}
