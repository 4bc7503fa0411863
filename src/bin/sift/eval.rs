//! `sift eval`: scores the engine on the syndicated fixtures and on the Readability corpus.
//!
//! Fixtures (`page.html` + `gold.json`) are pass/fail checks: every body paragraph present once
//! and in order, no leaked promo or dropped image, kept images kept, the syndication verdict
//! right. The corpus (`source.html` + `expected.html` + `expected-metadata.json`) is measured:
//! word-level F1 of our text against Readability's, and how often each metadata field matches.

use crate::decode;
use serde::{Deserialize, Serialize};
use sift::{Article, Options};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The address every corpus page was saved under.
const CORPUS_URL: &str = "http://fakehost/test/page.html";

/// The whole evaluation, as printed by `--format json`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// Pass/fail results on the syndicated fixtures.
    pub fixtures: FixtureSummary,
    /// Measurements on the Readability corpus.
    pub corpus: CorpusSummary,
    /// Key-facts recall over the fixtures whose gold has `key_facts`.
    pub key_facts: crate::keyfacts::Summary,
}

/// All fixture results.
#[derive(Debug, Default, Serialize)]
pub struct FixtureSummary {
    /// Number of fixture pages.
    pub total: usize,
    /// Pages whose checks all passed.
    pub passed: usize,
    /// Promo/junk strings and dropped images that reached the output, over all pages.
    pub leaks: usize,
    /// One entry per page.
    pub pages: Vec<FixtureReport>,
}

/// The result of one fixture page.
#[derive(Debug, Default, Serialize)]
pub struct FixtureReport {
    /// The fixture folder's name.
    pub name: String,
    /// Whether every required check passed.
    pub pass: bool,
    /// Required checks that passed.
    pub checks_passed: usize,
    /// Required checks that failed.
    pub checks_failed: usize,
    /// Leaks on this page (must_not_contain and images_drop violations).
    pub leaks: usize,
    /// One readable line per failed check.
    pub failures: Vec<String>,
    /// Metadata comparisons (title, byline, site_name, published): reported, not required.
    pub metadata: BTreeMap<String, bool>,
    /// One line per metadata mismatch.
    pub notes: Vec<String>,
    /// Key-facts recall, when the gold has `key_facts` (reported, not required).
    pub key_facts: Option<crate::keyfacts::PageScore>,
}

/// All corpus results.
#[derive(Debug, Default, Serialize)]
pub struct CorpusSummary {
    /// Number of pages.
    pub total: usize,
    /// Mean word F1.
    pub mean_f1: f64,
    /// Median word F1.
    pub median_f1: f64,
    /// Share of pages (0–1) whose field matched the expected metadata.
    pub title: f64,
    /// See `title`.
    pub byline: f64,
    /// See `title`.
    pub excerpt: f64,
    /// See `title`.
    pub site_name: f64,
    /// See `title`.
    pub published: f64,
    /// Share of pages where `probably_readable` agreed with the expected answer.
    pub readerable: f64,
    /// One entry per page, sorted by F1, worst first.
    pub pages: Vec<CorpusReport>,
}

/// The result of one corpus page.
#[derive(Debug, Default, Clone, Serialize)]
pub struct CorpusReport {
    /// The page folder's name.
    pub name: String,
    /// Word-level F1 of our text against the expected text.
    pub f1: f64,
    /// Share of our words that are expected.
    pub precision: f64,
    /// Share of expected words that we have.
    pub recall: f64,
    /// Metadata field → whether it matched.
    pub matches: BTreeMap<String, bool>,
    /// Set when the page could not be read or the engine failed on it.
    pub error: Option<String>,
}

/// The gold file of a fixture.
#[derive(Debug, Default, Deserialize)]
pub struct Gold {
    url: Option<String>,
    title: Option<String>,
    byline: Option<String>,
    published: Option<String>,
    site_name: Option<String>,
    is_article: Option<bool>,
    syndicated: Option<bool>,
    wire_source: Option<String>,
    #[serde(default)]
    lead_repeated: bool,
    lead: Option<String>,
    #[serde(default)]
    body_paragraphs: Vec<String>,
    #[serde(default)]
    must_not_contain: Vec<String>,
    #[serde(default)]
    images_keep: Vec<String>,
    #[serde(default)]
    image_alternates: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    images_drop: Vec<String>,
    #[serde(default)]
    other_blocks: Vec<String>,
    key_facts: Option<crate::keyfacts::Gold>,
}

/// Readability's expected metadata for a corpus page.
#[derive(Debug, Default, Deserialize)]
struct ExpectedMeta {
    title: Option<String>,
    byline: Option<String>,
    excerpt: Option<String>,
    #[serde(rename = "siteName")]
    site_name: Option<String>,
    #[serde(rename = "publishedTime")]
    published_time: Option<String>,
    readerable: Option<bool>,
}

/// Runs the whole evaluation.
pub fn run(fixture_roots: &[PathBuf], corpus_root: Option<&Path>) -> Result<Report, String> {
    let mut fixture_dirs = Vec::new();
    for root in fixture_roots {
        fixture_dirs.extend(case_dirs(root, "page.html")?);
    }
    let corpus_dirs = match corpus_root {
        Some(root) => case_dirs(root, "source.html")?,
        None => Vec::new(),
    };

    let fixtures: Vec<FixtureReport> = fixture_dirs.iter().map(|d| run_fixture(d)).collect();
    let mut corpus = parallel_map(&corpus_dirs, |d| run_corpus_page(d));
    corpus.sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.name.cmp(&b.name)));

    let key_facts =
        crate::keyfacts::summarize(fixtures.iter().filter_map(|f| f.key_facts.as_ref()));
    Ok(Report {
        key_facts,
        fixtures: FixtureSummary {
            total: fixtures.len(),
            passed: fixtures.iter().filter(|f| f.pass).count(),
            leaks: fixtures.iter().map(|f| f.leaks).sum(),
            pages: fixtures,
        },
        corpus: summarize_corpus(corpus),
    })
}

/// The case folders under `root`: `root` itself if it holds `marker`, else its sub-folders that
/// do, sorted by name.
fn case_dirs(root: &Path, marker: &str) -> Result<Vec<PathBuf>, String> {
    if root.join(marker).is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let entries = std::fs::read_dir(root)
        .map_err(|e| format!("cannot read {}: {}", root.display(), crate::io_reason(&e)))?;
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join(marker).is_file())
        .collect();
    dirs.sort();
    Ok(dirs)
}

fn folder_name(dir: &Path) -> String {
    dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Runs `f` over `items` on a few threads, keeping the input order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let result = f(item);
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.expect("every item was processed"))
        .collect()
}

/// Reads and decodes a page the way `sift extract` does.
fn read_page(path: &Path) -> Result<String, String> {
    std::fs::read(path)
        .map(|bytes| decode::decode(&bytes).text)
        .map_err(|e| format!("cannot read {}: {}", path.display(), crate::io_reason(&e)))
}

/// Runs the engine, turning a panic into an error so one bad page does not end the run.
fn extract_guarded(html: &str, url: Option<&str>) -> Result<Article, String> {
    let options = Options::default();
    match catch_unwind(AssertUnwindSafe(|| sift::extract(html, url, &options))) {
        Ok(Ok(article)) => Ok(article),
        Ok(Err(e)) => Err(format!("engine error: {e}")),
        Err(panic) => {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(format!("engine panicked: {message}"))
        }
    }
}

fn run_fixture(dir: &Path) -> FixtureReport {
    let name = folder_name(dir);
    let failed = |reason: String| FixtureReport {
        name: name.clone(),
        checks_failed: 1,
        failures: vec![reason],
        ..FixtureReport::default()
    };
    let gold_path = dir.join("gold.json");
    let gold: Gold = match std::fs::read_to_string(&gold_path) {
        Ok(json) => match serde_json::from_str(&json) {
            Ok(gold) => gold,
            Err(e) => return failed(format!("bad {}: {e}", gold_path.display())),
        },
        Err(e) => {
            return failed(format!(
                "cannot read {}: {}",
                gold_path.display(),
                crate::io_reason(&e)
            ));
        }
    };
    let html = match read_page(&dir.join("page.html")) {
        Ok(html) => html,
        Err(e) => return failed(e),
    };
    match extract_guarded(&html, gold.url.as_deref()) {
        Ok(article) => {
            let mut report = check_fixture(&name, &gold, &article);
            report.key_facts = gold
                .key_facts
                .as_ref()
                .map(|k| crate::keyfacts::score(k, &article.key_facts));
            report
        }
        Err(e) => failed(e),
    }
}

/// Scores one extracted fixture against its gold file.
pub fn check_fixture(name: &str, gold: &Gold, article: &Article) -> FixtureReport {
    let mut report = FixtureReport {
        name: name.to_owned(),
        ..FixtureReport::default()
    };
    let mut check = |ok: bool, why: &dyn Fn() -> String, leak: bool| {
        if ok {
            report.checks_passed += 1;
        } else {
            report.checks_failed += 1;
            report.failures.push(why());
            if leak {
                report.leaks += 1;
            }
        }
    };

    let text = collapse(&article.text);
    let visible = VisibleText::of(&article.content_html);

    // Body paragraphs: each present exactly once, in order.
    let mut cursor = 0;
    for (i, paragraph) in gold.body_paragraphs.iter().enumerate() {
        let paragraph = collapse(paragraph);
        let label = format!("paragraph {} \"{}\"", i + 1, clip(&paragraph, 60));
        let lead = (i == 0 && gold.lead_repeated)
            .then(|| gold.lead.as_deref().map(collapse))
            .flatten()
            .filter(|l| !l.is_empty());
        let count = occurrences(&text, &paragraph);
        let lead_count = lead.as_deref().map_or(0, |l| occurrences(&text, l));
        let verdict = if count + lead_count == 0 {
            Err(format!("missing {label}"))
        } else if count > 1 {
            Err(format!("{label} appears {count} times"))
        } else if lead_count > 1 {
            Err(format!(
                "the lead (standing for {label}) appears {lead_count} times"
            ))
        } else if count == 1 && lead_count == 1 {
            Err(format!(
                "repeated lead: both the lead and {label} are shown"
            ))
        } else {
            let shown = if count == 1 {
                paragraph.as_str()
            } else {
                lead.as_deref().unwrap_or_default()
            };
            match text.find(shown) {
                Some(at) if at >= cursor => {
                    cursor = at + shown.len();
                    Ok(())
                }
                _ => Err(format!("{label} is out of order")),
            }
        };
        check(verdict.is_ok(), &|| verdict.clone().unwrap_err(), false);
    }

    for block in &gold.other_blocks {
        let block = collapse(block);
        check(
            text.contains(&block),
            &|| format!("missing block \"{}\"", clip(&block, 60)),
            false,
        );
    }

    for needle in &gold.must_not_contain {
        let needle = collapse(needle);
        if needle.is_empty() {
            continue;
        }
        let in_text = text.contains(&needle);
        let in_html = visible.contains(&needle);
        let place = match (in_text, in_html) {
            (true, true) => "text and content_html",
            (true, false) => "text",
            _ => "content_html",
        };
        check(
            !in_text && !in_html,
            &|| format!("leak in {place}: \"{}\"", clip(&needle, 60)),
            true,
        );
    }

    let srcs: Vec<&str> = article.images.iter().map(|i| i.src.as_str()).collect();
    for keep in &gold.images_keep {
        let mut wanted = vec![keep.as_str()];
        if let Some(alternates) = gold.image_alternates.get(keep) {
            wanted.extend(alternates.iter().map(String::as_str));
        }
        check(
            wanted.iter().any(|w| srcs.contains(w)),
            &|| format!("image not kept: {keep}"),
            false,
        );
    }

    for drop in &gold.images_drop {
        let Some(value) = literal_drop_value(drop) else {
            continue;
        };
        let in_images = srcs.iter().any(|s| s.contains(value));
        let in_html = article.content_html.contains(value) || visible.in_attributes(value);
        let place = if in_images {
            "images[]"
        } else {
            "content_html"
        };
        check(
            !in_images && !in_html,
            &|| format!("dropped image kept in {place}: {}", clip(value, 80)),
            true,
        );
    }

    let syn = &article.syndication;
    if let Some(want) = gold.syndicated {
        check(
            syn.syndicated == want,
            &|| format!("syndicated: got {}, want {want}", syn.syndicated),
            false,
        );
    }
    check(
        syn.wire_source == gold.wire_source,
        &|| {
            format!(
                "wire_source: got {}, want {}",
                show(&syn.wire_source),
                show(&gold.wire_source)
            )
        },
        false,
    );
    if let Some(want) = gold.is_article {
        check(
            article.is_article == want,
            &|| format!("is_article: got {}, want {want}", article.is_article),
            false,
        );
    }

    let fields = [
        ("title", &article.title, &gold.title, false),
        ("byline", &article.byline, &gold.byline, false),
        ("site_name", &article.site_name, &gold.site_name, false),
        ("published", &article.published, &gold.published, true),
    ];
    for (field, got, want, is_date) in fields {
        let ok = if is_date {
            same_date(got, want)
        } else {
            same_text(got, want)
        };
        report.metadata.insert(field.to_owned(), ok);
        if !ok {
            report
                .notes
                .push(format!("{field}: got {}, want {}", show(got), show(want)));
        }
    }

    report.pass = report.checks_failed == 0;
    report
}

/// The literal value of an `images_drop` entry (`"VALUE"` or `"VALUE (note)"`), or `None` for
/// an entry that only describes the images in words.
fn literal_drop_value(entry: &str) -> Option<&str> {
    let entry = entry.trim();
    if !(entry.starts_with("http") || entry.starts_with("data:")) {
        return None;
    }
    let value = match entry.rfind(" (") {
        Some(at) if entry.ends_with(')') => &entry[..at],
        _ => entry,
    };
    Some(value.trim()).filter(|v| !v.is_empty())
}

/// What a reader of `content_html` would see, plus every attribute value in it.
struct VisibleText {
    /// Text nodes concatenated as they are, whitespace collapsed.
    joined: String,
    /// Text nodes joined with spaces, whitespace collapsed.
    spaced: String,
    attributes: Vec<String>,
}

impl VisibleText {
    fn of(html: &str) -> VisibleText {
        let fragment = scraper::Html::parse_fragment(html);
        let texts = text_nodes(&fragment);
        let attributes = fragment
            .tree
            .nodes()
            .filter_map(|n| n.value().as_element())
            .flat_map(|e| e.attrs().map(|(_, v)| v.to_owned()))
            .collect();
        VisibleText {
            joined: collapse(&texts.concat()),
            spaced: collapse(&texts.join(" ")),
            attributes,
        }
    }

    fn contains(&self, needle: &str) -> bool {
        self.joined.contains(needle) || self.spaced.contains(needle)
    }

    fn in_attributes(&self, value: &str) -> bool {
        self.attributes.iter().any(|a| a.contains(value))
    }
}

/// The document's text nodes, leaving out scripts, styles and templates.
fn text_nodes(document: &scraper::Html) -> Vec<&str> {
    document
        .tree
        .nodes()
        .filter_map(|node| {
            let text = node.value().as_text()?;
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "template"))
            });
            (!hidden).then_some(&**text)
        })
        .collect()
}

fn run_corpus_page(dir: &Path) -> CorpusReport {
    let mut report = CorpusReport {
        name: folder_name(dir),
        ..CorpusReport::default()
    };
    let loaded = (|| -> Result<(String, String, ExpectedMeta), String> {
        let source = read_page(&dir.join("source.html"))?;
        let expected = read_page(&dir.join("expected.html"))?;
        let meta_path = dir.join("expected-metadata.json");
        let meta = std::fs::read_to_string(&meta_path).map_err(|e| {
            format!(
                "cannot read {}: {}",
                meta_path.display(),
                crate::io_reason(&e)
            )
        })?;
        let meta =
            serde_json::from_str(&meta).map_err(|e| format!("bad {}: {e}", meta_path.display()))?;
        Ok((source, expected, meta))
    })();
    let (source, expected, meta) = match loaded {
        Ok(loaded) => loaded,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    let expected_text = text_nodes(&scraper::Html::parse_fragment(&expected)).concat();
    let readerable = catch_unwind(AssertUnwindSafe(|| sift::probably_readable(&source)));
    if let (Some(want), Ok(got)) = (meta.readerable, &readerable) {
        report.matches.insert("readerable".to_owned(), *got == want);
    }
    let article = match extract_guarded(&source, Some(CORPUS_URL)) {
        Ok(article) => article,
        Err(e) => {
            report.error = Some(e);
            let (f1, precision, recall) = word_f1("", &expected_text);
            (report.f1, report.precision, report.recall) = (f1, precision, recall);
            for field in ["title", "byline", "excerpt", "site_name", "published"] {
                report.matches.insert(field.to_owned(), false);
            }
            return report;
        }
    };
    let (f1, precision, recall) = word_f1(&article.text, &expected_text);
    (report.f1, report.precision, report.recall) = (f1, precision, recall);
    let m = &mut report.matches;
    m.insert("title".into(), same_text(&article.title, &meta.title));
    m.insert("byline".into(), same_text(&article.byline, &meta.byline));
    m.insert("excerpt".into(), same_text(&article.excerpt, &meta.excerpt));
    m.insert(
        "site_name".into(),
        same_text(&article.site_name, &meta.site_name),
    );
    m.insert(
        "published".into(),
        same_date(&article.published, &meta.published_time),
    );
    report
}

fn summarize_corpus(pages: Vec<CorpusReport>) -> CorpusSummary {
    let total = pages.len();
    let rate = |field: &str| {
        let seen: Vec<bool> = pages
            .iter()
            .filter_map(|p| p.matches.get(field).copied())
            .collect();
        if seen.is_empty() {
            0.0
        } else {
            seen.iter().filter(|&&ok| ok).count() as f64 / seen.len() as f64
        }
    };
    let mut f1s: Vec<f64> = pages.iter().map(|p| p.f1).collect();
    f1s.sort_by(f64::total_cmp);
    let mean_f1 = if total == 0 {
        0.0
    } else {
        f1s.iter().sum::<f64>() / total as f64
    };
    let median_f1 = match total {
        0 => 0.0,
        n if n % 2 == 1 => f1s[n / 2],
        n => (f1s[n / 2 - 1] + f1s[n / 2]) / 2.0,
    };
    CorpusSummary {
        total,
        mean_f1,
        median_f1,
        title: rate("title"),
        byline: rate("byline"),
        excerpt: rate("excerpt"),
        site_name: rate("site_name"),
        published: rate("published"),
        readerable: rate("readerable"),
        pages,
    }
}

/// Bag-of-words precision, recall and F1 of `ours` against `expected`: (f1, precision, recall).
pub fn word_f1(ours: &str, expected: &str) -> (f64, f64, f64) {
    let ours = tokens(ours);
    let expected = tokens(expected);
    if ours.is_empty() && expected.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    if ours.is_empty() || expected.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    let mut bag: HashMap<&str, usize> = HashMap::new();
    for token in &expected {
        *bag.entry(token.as_str()).or_default() += 1;
    }
    let mut overlap = 0usize;
    for token in &ours {
        if let Some(n) = bag.get_mut(token.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            overlap += 1;
        }
    }
    let precision = overlap as f64 / ours.len() as f64;
    let recall = overlap as f64 / expected.len() as f64;
    let f1 = if overlap == 0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    (f1, precision, recall)
}

/// Lowercased words with surrounding punctuation stripped.
fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whitespace collapsed to single spaces, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Non-overlapping occurrences of `needle` in `haystack`.
fn occurrences(haystack: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    haystack.matches(needle).count()
}

/// Equal after collapsing whitespace; missing and blank count as the same.
fn same_text(got: &Option<String>, want: &Option<String>) -> bool {
    let norm = |v: &Option<String>| v.as_deref().map(collapse).filter(|s| !s.is_empty());
    norm(got) == norm(want)
}

/// Dates match when both parse and name the same instant or the same calendar day; values that
/// do not parse are compared as text.
fn same_date(got: &Option<String>, want: &Option<String>) -> bool {
    let norm = |v: &Option<String>| v.as_deref().map(collapse).filter(|s| !s.is_empty());
    match (norm(got), norm(want)) {
        (None, None) => true,
        (Some(a), Some(b)) => match (Stamp::parse(&a), Stamp::parse(&b)) {
            (Some(x), Some(y)) => {
                x.date == y.date || (x.instant.is_some() && x.instant == y.instant)
            }
            _ => a == b,
        },
        _ => false,
    }
}

/// An ISO 8601 date or date-time: the calendar date as written, and the instant (seconds since
/// the epoch) when a time and an offset are both given.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    date: (i64, u32, u32),
    instant: Option<i64>,
}

impl Stamp {
    /// Parses `YYYY-MM-DD`, optionally followed by `T` or a space, `HH:MM[:SS[.fff]]` and `Z`
    /// or `±HH[:MM]`.
    fn parse(s: &str) -> Option<Stamp> {
        let b = s.trim().as_bytes();
        let num = |from: usize, len: usize| -> Option<i64> {
            let digits = b.get(from..from + len)?;
            digits
                .iter()
                .all(u8::is_ascii_digit)
                .then(|| std::str::from_utf8(digits).ok()?.parse().ok())?
        };
        let year = num(0, 4)?;
        if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
            return None;
        }
        let month = u32::try_from(num(5, 2)?).ok()?;
        let day = u32::try_from(num(8, 2)?).ok()?;
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return None;
        }
        let date = (year, month, day);
        if b.len() == 10 {
            return Some(Stamp {
                date,
                instant: None,
            });
        }
        if !matches!(b[10], b'T' | b't' | b' ') || b.get(13) != Some(&b':') {
            return None;
        }
        let (hour, minute) = (num(11, 2)?, num(14, 2)?);
        let mut at = 16;
        let mut second = 0;
        if b.get(at) == Some(&b':') {
            second = num(at + 1, 2)?;
            at += 3;
        }
        if b.get(at) == Some(&b'.') {
            at += 1;
            let digits = b[at..].iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            at += digits;
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let offset = match b.get(at) {
            None => None,
            Some(b'Z' | b'z') if at + 1 == b.len() => Some(0),
            Some(&sign @ (b'+' | b'-')) => {
                let hours = num(at + 1, 2)?;
                let rest = &b[at + 3..];
                let minutes = match rest {
                    [] => 0,
                    [b':', _, _] => num(at + 4, 2)?,
                    [_, _] => num(at + 3, 2)?,
                    _ => return None,
                };
                let total = hours * 3600 + minutes * 60;
                Some(if sign == b'-' { -total } else { total })
            }
            _ => return None,
        };
        let instant = offset.map(|offset| {
            days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset
        });
        Some(Stamp { date, instant })
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn show(value: &Option<String>) -> String {
    match value {
        Some(v) => format!("\"{}\"", clip(&collapse(v), 60)),
        None => "none".to_owned(),
    }
}

/// At most `max` characters, with an ellipsis when cut.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// The two summary lines.
pub fn summary_lines(report: &Report) -> String {
    let c = &report.corpus;
    let f = &report.fixtures;
    let corpus = if c.total == 0 {
        "corpus: 0 pages".to_owned()
    } else {
        format!(
            "corpus: {} pages, mean F1 {:.3}, median {:.3}, title {}, byline {}, excerpt {}, \
             site {}, published {}, readerable {}",
            c.total,
            c.mean_f1,
            c.median_f1,
            percent(c.title),
            percent(c.byline),
            percent(c.excerpt),
            percent(c.site_name),
            percent(c.published),
            percent(c.readerable)
        )
    };
    let mut out = format!(
        "{corpus}\nfixtures: {}/{} pass, {} leaks\n",
        f.passed, f.total, f.leaks
    );
    if report.key_facts.pages > 0 {
        out.push_str(&crate::keyfacts::line(&report.key_facts));
        out.push('\n');
    }
    out
}

/// The full table: fixtures with their failures, corpus pages worst first, then the summary.
pub fn table(report: &Report) -> String {
    let mut out = String::new();
    let f = &report.fixtures;
    if !f.pages.is_empty() {
        let width = f
            .pages
            .iter()
            .map(|p| p.name.len())
            .max()
            .unwrap_or(4)
            .max(7);
        let _ = writeln!(out, "{:<width$}  {:>9}  result", "fixture", "checks");
        for page in &f.pages {
            let total = page.checks_passed + page.checks_failed;
            let _ = writeln!(
                out,
                "{:<width$}  {:>9}  {}{}",
                page.name,
                format!("{}/{total}", page.checks_passed),
                if page.pass { "pass" } else { "FAIL" },
                if page.leaks > 0 {
                    format!(" ({} leaks)", page.leaks)
                } else {
                    String::new()
                }
            );
            for failure in &page.failures {
                let _ = writeln!(out, "    - {failure}");
            }
            for note in &page.notes {
                let _ = writeln!(out, "    ~ {note}");
            }
            for missed in page.key_facts.iter().flat_map(|k| &k.missed) {
                let _ = writeln!(out, "    ? key facts: {missed}");
            }
        }
        out.push('\n');
    }
    let c = &report.corpus;
    if !c.pages.is_empty() {
        let width = c
            .pages
            .iter()
            .map(|p| p.name.len())
            .max()
            .unwrap_or(4)
            .max(6);
        let _ = writeln!(
            out,
            "{:<width$}  {:>5}  {:>5}  {:>5}  mismatches",
            "corpus", "F1", "P", "R"
        );
        for page in &c.pages {
            let mut flags: Vec<&str> = page
                .matches
                .iter()
                .filter(|(_, ok)| !**ok)
                .map(|(field, _)| field.as_str())
                .collect();
            flags.sort_unstable();
            let mut flags = flags.join(" ");
            if let Some(error) = &page.error {
                flags = format!("{flags} [{}]", clip(error, 80)).trim().to_owned();
            }
            let _ = writeln!(
                out,
                "{:<width$}  {:>5.3}  {:>5.3}  {:>5.3}  {flags}",
                page.name, page.f1, page.precision, page.recall
            );
        }
        out.push('\n');
    }
    out.push_str(&summary_lines(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use sift::{Image, Syndication};

    fn gold() -> Gold {
        serde_json::from_str(
            r#"{
              "url": "https://news.example/a",
              "title": "Rain due", "byline": "PTI", "published": "2025-03-04T10:00:00+05:30",
              "site_name": "Daily Example", "is_article": true, "syndicated": true,
              "wire_source": "PTI", "lead_repeated": true,
              "lead": "Heavy rain is expected on Tuesday.",
              "body_paragraphs": ["Heavy rain is due on Tuesday, forecasters said.", "Drivers should take care."],
              "must_not_contain": ["Join our WhatsApp channel", "Advertisement"],
              "images_keep": ["https://img.example/a-800.jpg"],
              "image_alternates": {"https://img.example/a-800.jpg": ["https://img.example/a-1600.jpg"]},
              "images_drop": ["https://px.example/t.gif?a=1&b=2 (tracking pixel)", "sidebar thumbnails"],
              "key_facts": {"people": []}
            }"#,
        )
        .unwrap()
    }

    fn good_article() -> Article {
        Article {
            is_article: true,
            title: Some("Rain  due".into()),
            byline: Some("PTI".into()),
            site_name: Some("Daily Example".into()),
            published: Some("2025-03-04".into()),
            syndication: Syndication {
                syndicated: true,
                wire_source: Some("PTI".into()),
                ..Syndication::default()
            },
            text: "Heavy rain is due on Tuesday,\nforecasters said.\n\nDrivers should take care."
                .into(),
            content_html: "<p>Heavy rain is due on Tuesday, forecasters said.</p>\
                           <p>Drivers should take care.</p>"
                .into(),
            images: vec![Image {
                src: "https://img.example/a-1600.jpg".into(),
                ..Image::default()
            }],
            ..Article::default()
        }
    }

    #[test]
    fn a_clean_article_passes() {
        let report = check_fixture("x", &gold(), &good_article());
        assert!(report.pass, "{:?}", report.failures);
        // 2 paragraphs + 2 leaks + 1 keep + 1 literal drop + syndicated + wire + is_article.
        assert_eq!(report.checks_passed, 9);
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }

    #[test]
    fn failures_are_explained() {
        let mut article = good_article();
        article.text = "Drivers should take care.\n\nJoin our WhatsApp channel now".into();
        article.content_html =
            "<p>Ad<b>vertisement</b></p><img src=\"https://px.example/t.gif?a=1&amp;b=2\">".into();
        article.images.clear();
        article.syndication.wire_source = None;
        let report = check_fixture("x", &gold(), &article);
        assert!(!report.pass);
        assert_eq!(report.leaks, 3, "{:?}", report.failures);
        let all = report.failures.join("\n");
        assert!(all.contains("missing paragraph 1 \"Heavy rain"), "{all}");
        assert!(
            all.contains("leak in text: \"Join our WhatsApp channel\""),
            "{all}"
        );
        assert!(
            all.contains("leak in content_html: \"Advertisement\""),
            "{all}"
        );
        assert!(
            all.contains("dropped image kept in content_html: https://px.example/t.gif"),
            "{all}"
        );
        assert!(
            all.contains("image not kept: https://img.example/a-800.jpg"),
            "{all}"
        );
        assert!(all.contains("wire_source: got none, want \"PTI\""), "{all}");
    }

    #[test]
    fn repeated_lead_order_and_duplicates() {
        let mut article = good_article();
        article.text = "Heavy rain is expected on Tuesday.\n\nDrivers should take care.".into();
        assert!(
            check_fixture("x", &gold(), &article).pass,
            "the lead may stand in"
        );

        article.text = "Heavy rain is expected on Tuesday.\n\nHeavy rain is due on Tuesday, \
                        forecasters said.\n\nDrivers should take care."
            .into();
        let report = check_fixture("x", &gold(), &article);
        assert!(
            report.failures[0].starts_with("repeated lead"),
            "{:?}",
            report.failures
        );

        article.text = "Drivers should take care. Heavy rain is due on Tuesday, forecasters \
                        said. Drivers should take care."
            .into();
        let report = check_fixture("x", &gold(), &article);
        assert!(
            report
                .failures
                .iter()
                .any(|f| f.contains("appears 2 times")),
            "{:?}",
            report.failures
        );

        article.text =
            "Drivers should take care. Heavy rain is due on Tuesday, forecasters said.".into();
        let report = check_fixture("x", &gold(), &article);
        assert!(
            report.failures.iter().any(|f| f.contains("out of order")),
            "{:?}",
            report.failures
        );
    }

    #[test]
    fn drop_values() {
        assert_eq!(
            literal_drop_value("data:image/gif;base64,R0lG (1x1 placeholder)"),
            Some("data:image/gif;base64,R0lG")
        );
        assert_eq!(
            literal_drop_value("https://x.example/a.gif"),
            Some("https://x.example/a.gif")
        );
        assert_eq!(
            literal_drop_value("author avatar https://x.example/a.jpg"),
            None
        );
    }

    #[test]
    fn f1_counts_words_as_a_bag() {
        assert_eq!(word_f1("", ""), (1.0, 1.0, 1.0));
        assert_eq!(word_f1("", "word"), (0.0, 0.0, 0.0));
        let (f1, p, r) = word_f1("The cat, the HAT!", "the cat sat");
        assert!((p - 0.5).abs() < 1e-9, "{p}");
        assert!((r - 2.0 / 3.0).abs() < 1e-9, "{r}");
        assert!((f1 - 4.0 / 7.0).abs() < 1e-9, "{f1}");
        assert_eq!(word_f1("«Hello» — world…", "hello world").0, 1.0);
    }

    #[test]
    fn dates() {
        let s = |v: &str| Some(v.to_owned());
        assert!(same_date(&s("2015-07-24T05:36:09+01:00"), &s("2015-07-24")));
        assert!(same_date(
            &s("2019-01-03T07:00:02.000Z"),
            &s("2019-01-03T08:00:02+01:00")
        ));
        assert!(same_date(
            &s("2015-07-24T23:30:00-02:00"),
            &s("2015-07-25T01:30:00Z")
        ));
        assert!(same_date(
            &s("2017-11-03 03:01:00.000000"),
            &s("2017-11-03T03:01:00")
        ));
        assert!(same_date(
            &s("2021-11-01T10:52:50+0100"),
            &s("2021-11-01T09:52:50Z")
        ));
        assert!(!same_date(&s("2015-07-24"), &s("2015-07-25")));
        assert!(same_date(&None, &s("  ")));
        assert!(!same_date(&None, &s("2015-07-25")));
        assert!(same_date(&s("yesterday"), &s("yesterday")));
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(
            Stamp::parse("2015-07-24T05:36"),
            Some(Stamp {
                date: (2015, 7, 24),
                instant: None
            })
        );
        assert_eq!(Stamp::parse("2015-13-01"), None);
    }

    #[test]
    fn text_fields_ignore_spacing_and_blank_values() {
        assert!(same_text(
            &Some(" Rain\n due ".into()),
            &Some("Rain due".into())
        ));
        assert!(same_text(&Some("".into()), &None));
        assert!(!same_text(&Some("Rain".into()), &None));
    }

    #[test]
    fn summary_format() {
        let report = Report {
            fixtures: FixtureSummary {
                total: 4,
                passed: 3,
                leaks: 2,
                pages: vec![],
            },
            corpus: summarize_corpus(vec![
                CorpusReport {
                    name: "a".into(),
                    f1: 1.0,
                    matches: [("title".to_owned(), true), ("readerable".to_owned(), false)].into(),
                    ..CorpusReport::default()
                },
                CorpusReport {
                    name: "b".into(),
                    f1: 0.5,
                    matches: [("title".to_owned(), false), ("readerable".to_owned(), true)].into(),
                    ..CorpusReport::default()
                },
            ]),
            key_facts: crate::keyfacts::Summary::default(),
        };
        assert_eq!(
            summary_lines(&report),
            "corpus: 2 pages, mean F1 0.750, median 0.750, title 50.0%, byline 0.0%, \
             excerpt 0.0%, site 0.0%, published 0.0%, readerable 50.0%\n\
             fixtures: 3/4 pass, 2 leaks\n"
        );
    }
}
