//! The user's settings: their schema, the two readers and what they mean for one page.
//!
//! Settings are one JSON document (the field names are a contract with the extension, which
//! stores each top-level field under its own key in `chrome.storage.sync`):
//!
//! ```json
//! {
//!   "schema": 1,
//!   "reader": { "theme": "system", "font": "serif", "font_size": 19, "line_width": 68, "line_height": 1.6 },
//!   "key_facts": { "enabled": true, "summary_sentences": 4 },
//!   "auto_open_syndicated": false,
//!   "sites": { "news.example.com": { "open": "always", "remove_selectors": [".promo-box"] } },
//!   "promo_phrases": ["download our app"]
//! }
//! ```
//!
//! Two readers share one walk over the document:
//!
//! - [`validate`] is **strict**, for the user's edits and imported files: any problem (a value out
//!   of range, an unknown field, settings from a newer Sift) and nothing is accepted.
//! - [`read_stored`] is **lenient**, for what comes out of storage (possibly corrupt, possibly
//!   written by an older version): each invalid value falls back to its default and is reported,
//!   everything valid is kept, unknown fields are ignored, and it never fails.
//!
//! Both fill in defaults for missing fields and tidy what can be tidied without guessing:
//! surrounding spaces are trimmed, host names lower-cased (and internationalized names turned
//! into their `xn--` form), choice names matched regardless of case. `sites` may also be given
//! as a list of rows `{ "host", "open", "remove_selectors" }`, as the options page edits them;
//! the result always has the object form.
//!
//! Every limit and range is in [`LIMITS`]; the defaults are in the `Default` impls below.

use crate::Options;
use crate::dom::Selector;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::fmt;
use url::Url;

/// The settings version this Sift writes and reads.
pub const SCHEMA_VERSION: u64 = 1;

/// An inclusive range of allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bounds<T> {
    /// The smallest allowed value.
    pub min: T,
    /// The largest allowed value.
    pub max: T,
}

impl<T: PartialOrd + Copy> Bounds<T> {
    /// Whether `v` lies within the range.
    pub fn contains(&self, v: T) -> bool {
        self.min <= v && v <= self.max
    }
}

/// Every limit on the settings, in one place. The options page reads it (through the WASM
/// binding) for its inputs' `min` and `max`; the readers enforce it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Limits {
    /// Reader font size, in CSS pixels.
    pub font_size: Bounds<u32>,
    /// Reader line width, in characters.
    pub line_width: Bounds<u32>,
    /// Reader line height, as a multiple of the font size.
    pub line_height: Bounds<f64>,
    /// Sentences in the key-facts summary.
    pub summary_sentences: Bounds<u32>,
    /// Sites with their own settings.
    pub max_sites: usize,
    /// Extra selectors to remove, per site.
    pub max_selectors_per_site: usize,
    /// The user's extra promo phrases.
    pub max_promo_phrases: usize,
    /// Characters in one promo phrase.
    pub max_phrase_chars: usize,
    /// Characters in a host name (DNS limit).
    pub max_host_chars: usize,
    /// Characters in one label of a host name (DNS limit).
    pub max_label_chars: usize,
}

/// The limits every reader enforces.
pub const LIMITS: Limits = Limits {
    font_size: Bounds { min: 12, max: 40 },
    line_width: Bounds { min: 40, max: 120 },
    line_height: Bounds { min: 1.0, max: 2.5 },
    summary_sentences: Bounds { min: 3, max: 5 },
    max_sites: 500,
    max_selectors_per_site: 100,
    max_promo_phrases: 500,
    max_phrase_chars: 200,
    max_host_chars: 253,
    max_label_chars: 63,
};

/// Everything the user can set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// The settings version ([`SCHEMA_VERSION`]).
    pub schema: u64,
    /// How the reader view looks.
    pub reader: ReaderSettings,
    /// The key-facts panel.
    pub key_facts: KeyFactsSettings,
    /// Open the reader view by itself on pages Sift finds to be syndicated.
    pub auto_open_syndicated: bool,
    /// Per-site settings, keyed by host name (`*.` prefix: any subdomain).
    pub sites: BTreeMap<String, SiteSettings>,
    /// The user's extra promo phrases (added to the built-in ones on every page).
    pub promo_phrases: Vec<String>,
}

/// How the reader view looks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReaderSettings {
    /// Colour theme.
    pub theme: Theme,
    /// Typeface.
    pub font: Font,
    /// Font size in CSS pixels.
    pub font_size: u32,
    /// Line width in characters.
    pub line_width: u32,
    /// Line height as a multiple of the font size.
    pub line_height: f64,
}

/// The key-facts panel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyFactsSettings {
    /// Whether the panel is shown.
    pub enabled: bool,
    /// How many sentences the summary has.
    pub summary_sentences: u32,
}

/// Settings for one site.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SiteSettings {
    /// Whether the reader view opens by itself on this site.
    pub open: OpenMode,
    /// Extra CSS selectors whose elements are removed from this site's articles.
    pub remove_selectors: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            schema: SCHEMA_VERSION,
            reader: ReaderSettings::default(),
            key_facts: KeyFactsSettings::default(),
            auto_open_syndicated: false,
            sites: BTreeMap::new(),
            promo_phrases: Vec::new(),
        }
    }
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            theme: Theme::System,
            font: Font::Serif,
            font_size: 19,
            line_width: 68,
            line_height: 1.6,
        }
    }
}

impl Default for KeyFactsSettings {
    fn default() -> Self {
        KeyFactsSettings {
            enabled: true,
            summary_sentences: 4,
        }
    }
}

/// A closed set of names, stored as lower-case strings.
trait Choice: Sized + Copy + 'static {
    /// Every value, in the order they are listed to the user.
    const ALL: &'static [Self];
    /// The stored name.
    fn name(self) -> &'static str;

    /// The value a stored string names (case and surrounding spaces ignored).
    fn parse(v: &Value) -> Option<Self> {
        let s = v.as_str()?.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|c| c.name().eq_ignore_ascii_case(s))
    }

    /// "a, b or c".
    fn listed() -> String {
        or_list(Self::ALL.iter().map(|c| c.name()))
    }
}

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl Choice for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl $name {
            /// The stored name.
            pub fn as_str(self) -> &'static str {
                self.name()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

choice!(
    /// The reader view's colour theme.
    Theme {
        /// Follow the system's light or dark preference.
        #[default]
        System = "system",
        /// Dark text on white.
        Light = "light",
        /// Dark brown text on cream.
        Sepia = "sepia",
        /// Light text on near-black.
        Dark = "dark",
    }
);

choice!(
    /// The reader view's typeface.
    Font {
        /// A serif face.
        #[default]
        Serif = "serif",
        /// A sans-serif face.
        Sans = "sans",
        /// A face designed for readers with dyslexia.
        Dyslexic = "dyslexic",
    }
);

choice!(
    /// Whether the reader view opens by itself on a site.
    OpenMode {
        /// Follow the general setting (auto-open on syndicated articles or not).
        #[default]
        Default = "default",
        /// Always open the reader view on this site's articles.
        Always = "always",
        /// Never open it by itself on this site.
        Never = "never",
    }
);

/// One thing wrong with a settings document, for the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The dotted path of the field, such as `reader.font_size` or
    /// `sites["news.example.com"].remove_selectors[2]`; empty for the document as a whole.
    pub field: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// Strict reading, for edits and imported files: the settings, or every problem found (and then
/// nothing is accepted). Missing fields take their defaults; unknown fields are problems;
/// settings from a newer Sift are refused.
pub fn validate(value: Value) -> Result<Settings, Vec<Problem>> {
    let (settings, problems) = read(&value, Mode::Strict);
    if problems.is_empty() {
        Ok(settings)
    } else {
        Err(problems)
    }
}

/// Lenient reading, for what comes out of storage: every invalid value falls back to its default
/// and is reported, valid values are kept, unknown fields are ignored. Never fails; `null`
/// (nothing stored yet) gives the defaults without a problem.
pub fn read_stored(value: Value) -> (Settings, Vec<Problem>) {
    read(&value, Mode::Lenient)
}

impl Settings {
    /// The engine options for one page: the matching site's extra selectors plus the user's
    /// promo phrases, and the key-facts panel's switch and summary length.
    pub fn options_for(&self, url: Option<&str>) -> Options {
        let remove_selectors = url
            .and_then(|u| self.site_for(u))
            .map(|s| s.remove_selectors.clone())
            .unwrap_or_default();
        Options {
            remove_selectors,
            promo_phrases: self.promo_phrases.clone(),
            key_facts: self.key_facts.enabled,
            summary_sentences: self.key_facts.summary_sentences as usize,
            ..Options::default()
        }
    }

    /// Whether the reader view opens by itself on this page's site: the matching site's mode,
    /// else [`OpenMode::Default`].
    pub fn site_mode(&self, url: &str) -> OpenMode {
        self.site_for(url).map(|s| s.open).unwrap_or_default()
    }

    /// Whether these settings need access to every site (auto-opening reads pages by itself).
    pub fn needs_host_access(&self) -> bool {
        self.auto_open_syndicated || self.sites.values().any(|s| s.open == OpenMode::Always)
    }

    /// The settings of the site a page belongs to. An exact host beats a wildcard, and a longer
    /// wildcard beats a shorter one; a leading `www.` is ignored on both sides, and `*.x` also
    /// covers `x` itself.
    pub fn site_for(&self, url: &str) -> Option<&SiteSettings> {
        let page = Url::parse(url.trim()).ok()?;
        let host = page.host_str()?.trim_end_matches('.').to_ascii_lowercase();
        let host = without_www(&host);
        let mut best: Option<(usize, &SiteSettings)> = None;
        for (key, site) in &self.sites {
            let rank = match key.strip_prefix("*.") {
                Some(base) => {
                    let base = without_www(base);
                    let covered = host == base
                        || (host.len() > base.len()
                            && host.ends_with(base)
                            && host[..host.len() - base.len()].ends_with('.'));
                    if !covered {
                        continue;
                    }
                    base.len()
                }
                None if without_www(key) == host => usize::MAX,
                None => continue,
            };
            if best.is_none_or(|(b, _)| rank > b) {
                best = Some((rank, site));
            }
        }
        best.map(|(_, s)| s)
    }
}

fn without_www(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Strict,
    Lenient,
}

/// One walk over a settings document, collecting problems.
struct Reader {
    mode: Mode,
    problems: Vec<Problem>,
    /// Unknown fields, listed after the problems with known ones.
    unknown: Vec<Problem>,
}

impl Reader {
    fn problem(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.problems.push(Problem {
            field: field.into(),
            message: message.into(),
        });
    }

    /// The object `v`, or a problem saying `what` must be a group of settings.
    fn object<'a>(
        &mut self,
        v: &'a Value,
        field: &str,
        what: &str,
    ) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.problem(
                    field,
                    format!(
                        "{what} must be a group of settings; got {}.",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// In strict mode, a problem for each field of `m` not in `known`.
    fn unknown(&mut self, m: &Map<String, Value>, known: &[&str], prefix: &str, what: &str) {
        if self.mode != Mode::Strict {
            return;
        }
        for key in m.keys().filter(|k| !known.contains(&k.as_str())) {
            let field = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            self.unknown.push(Problem {
                field,
                message: format!(
                    "“{}” is not a Sift setting; {what} are {}.",
                    shorten(key),
                    and_list(known.iter().copied())
                ),
            });
        }
    }

    /// A whole number within `bounds`, or a problem.
    fn whole(&mut self, v: &Value, field: &str, bounds: Bounds<u32>, what: &str) -> Option<u32> {
        let n = whole_number(v)
            .and_then(|n| u32::try_from(n).ok())
            .filter(|&n| bounds.contains(n));
        if n.is_none() {
            self.problem(
                field,
                format!(
                    "{what} from {} to {}; got {}.",
                    bounds.min,
                    bounds.max,
                    describe(v)
                ),
            );
        }
        n
    }

    /// `true` or `false`, or a problem.
    fn switch(&mut self, v: &Value, field: &str, what: &str) -> Option<bool> {
        let b = v.as_bool();
        if b.is_none() {
            self.problem(
                field,
                format!(
                    "{what} must be on or off (true or false); got {}.",
                    describe(v)
                ),
            );
        }
        b
    }

    /// One of a choice's names, or a problem.
    fn choice<T: Choice>(&mut self, v: &Value, field: &str, what: &str) -> Option<T> {
        let c = T::parse(v);
        if c.is_none() {
            self.problem(
                field,
                format!(
                    "{what} must be one of {}; got {}.",
                    T::listed(),
                    describe(v)
                ),
            );
        }
        c
    }
}

fn read(value: &Value, mode: Mode) -> (Settings, Vec<Problem>) {
    let mut r = Reader {
        mode,
        problems: Vec::new(),
        unknown: Vec::new(),
    };
    let mut s = Settings::default();
    let doc = match value {
        Value::Null if mode == Mode::Lenient => return (s, r.problems),
        Value::Object(m) => m,
        other => {
            r.problem(
                "",
                format!(
                    "Sift settings are one JSON object (a group of settings); got {}.",
                    describe(other)
                ),
            );
            return (s, r.problems);
        }
    };
    r.unknown(
        doc,
        &[
            "schema",
            "reader",
            "key_facts",
            "auto_open_syndicated",
            "sites",
            "promo_phrases",
        ],
        "",
        "the settings",
    );

    if let Some(v) = doc.get("schema") {
        match whole_number(v) {
            Some(n) if n == SCHEMA_VERSION as i64 => {}
            Some(n) if n > SCHEMA_VERSION as i64 => {
                let message = match mode {
                    Mode::Strict => format!(
                        "These settings come from a newer version of Sift (settings version {n}); \
                         this version reads version {SCHEMA_VERSION}. Update Sift to use them."
                    ),
                    Mode::Lenient => format!(
                        "These settings were saved by a newer version of Sift (settings version \
                         {n}); this version reads version {SCHEMA_VERSION}, so anything it does \
                         not understand was left at its default."
                    ),
                };
                r.problem("schema", message);
                if mode == Mode::Strict {
                    // Other complaints would only be noise about fields this version predates.
                    return (Settings::default(), r.problems);
                }
            }
            _ => r.problem(
                "schema",
                format!(
                    "The settings version must be {SCHEMA_VERSION}; got {}.",
                    describe(v)
                ),
            ),
        }
    }

    if let Some(m) = doc
        .get("reader")
        .and_then(|v| r.object(v, "reader", "Reader settings"))
    {
        read_reader(&mut r, m, &mut s.reader);
    }
    if let Some(m) = doc
        .get("key_facts")
        .and_then(|v| r.object(v, "key_facts", "Key facts settings"))
    {
        r.unknown(
            m,
            &["enabled", "summary_sentences"],
            "key_facts",
            "key facts settings",
        );
        if let Some(v) = m.get("enabled") {
            if let Some(b) = r.switch(v, "key_facts.enabled", "Key facts") {
                s.key_facts.enabled = b;
            }
        }
        if let Some(v) = m.get("summary_sentences") {
            let what = "Summary length must be a whole number of sentences";
            if let Some(n) = r.whole(
                v,
                "key_facts.summary_sentences",
                LIMITS.summary_sentences,
                what,
            ) {
                s.key_facts.summary_sentences = n;
            }
        }
    }
    if let Some(v) = doc.get("auto_open_syndicated") {
        let what = "Opening syndicated articles automatically";
        if let Some(b) = r.switch(v, "auto_open_syndicated", what) {
            s.auto_open_syndicated = b;
        }
    }
    if let Some(v) = doc.get("sites") {
        s.sites = read_sites(&mut r, v);
    }
    if let Some(v) = doc.get("promo_phrases") {
        s.promo_phrases = read_phrases(&mut r, v);
    }
    r.problems.append(&mut r.unknown);
    (s, r.problems)
}

fn read_reader(r: &mut Reader, m: &Map<String, Value>, reader: &mut ReaderSettings) {
    r.unknown(
        m,
        &["theme", "font", "font_size", "line_width", "line_height"],
        "reader",
        "reader settings",
    );
    if let Some(v) = m.get("theme") {
        if let Some(t) = r.choice(v, "reader.theme", "Theme") {
            reader.theme = t;
        }
    }
    if let Some(v) = m.get("font") {
        if let Some(f) = r.choice(v, "reader.font", "Font") {
            reader.font = f;
        }
    }
    if let Some(v) = m.get("font_size") {
        let what = "Font size must be a whole number";
        if let Some(n) = r.whole(v, "reader.font_size", LIMITS.font_size, what) {
            reader.font_size = n;
        }
    }
    if let Some(v) = m.get("line_width") {
        let what = "Line width must be a whole number of characters";
        if let Some(n) = r.whole(v, "reader.line_width", LIMITS.line_width, what) {
            reader.line_width = n;
        }
    }
    if let Some(v) = m.get("line_height") {
        let b = LIMITS.line_height;
        match v.as_f64().filter(|&x| b.contains(x)) {
            Some(x) => reader.line_height = x,
            None => r.problem(
                "reader.line_height",
                format!(
                    "Line height must be a number from {:.1} to {:.1}; got {}.",
                    b.min,
                    b.max,
                    describe(v)
                ),
            ),
        }
    }
}

fn read_sites(r: &mut Reader, v: &Value) -> BTreeMap<String, SiteSettings> {
    let mut sites = BTreeMap::new();
    // (the host as given, its settings, whether it came as a row with its own "host" field)
    let mut entries: Vec<(String, &Value, bool)> = Vec::new();
    match v {
        Value::Object(m) => entries.extend(m.iter().map(|(k, v)| (k.clone(), v, false))),
        Value::Array(rows) => {
            for (i, row) in rows.iter().enumerate() {
                match row.get("host").and_then(Value::as_str) {
                    Some(h) => entries.push((h.to_string(), row, true)),
                    None => r.problem(
                        format!("sites[{i}]"),
                        format!(
                            "Each site needs a host name, such as news.example.com; got {}.",
                            describe(row)
                        ),
                    ),
                }
            }
        }
        other => {
            r.problem(
                "sites",
                format!(
                    "Sites must be a group of host names, each with its settings; got {}.",
                    describe(other)
                ),
            );
            return sites;
        }
    }
    if entries.len() > LIMITS.max_sites {
        r.problem(
            "sites",
            format!(
                "At most {} sites can have their own settings; there are {}.",
                LIMITS.max_sites,
                entries.len()
            ),
        );
        entries.truncate(LIMITS.max_sites);
    }
    for (raw, body, row) in entries {
        let path = format!("sites[{}]", quoted_key(&raw));
        let host = match normalize_host(&raw) {
            Ok(h) => h,
            Err(message) => {
                r.problem(path, message);
                continue;
            }
        };
        if sites.contains_key(&host) {
            r.problem(path, format!("The site {host} is listed twice."));
            continue;
        }
        let site = read_site(r, body, &path, &host, row);
        sites.insert(host, site);
    }
    sites
}

fn read_site(r: &mut Reader, body: &Value, path: &str, host: &str, row: bool) -> SiteSettings {
    let mut site = SiteSettings::default();
    let Some(m) = r.object(body, path, &format!("The settings for {host}")) else {
        return site;
    };
    let known: &[&str] = if row {
        &["host", "open", "remove_selectors"]
    } else {
        &["open", "remove_selectors"]
    };
    r.unknown(m, known, path, "a site's settings");
    if let Some(v) = m.get("open") {
        let what = format!("Opening the reader view on {host}");
        if let Some(o) = r.choice(v, &format!("{path}.open"), &what) {
            site.open = o;
        }
    }
    if let Some(v) = m.get("remove_selectors") {
        let field = format!("{path}.remove_selectors");
        let Some(items) = v.as_array() else {
            r.problem(
                &field,
                format!(
                    "Selectors to remove on {host} must be a list of CSS selectors; got {}.",
                    describe(v)
                ),
            );
            return site;
        };
        let mut items = items.as_slice();
        if items.len() > LIMITS.max_selectors_per_site {
            r.problem(
                &field,
                format!(
                    "A site can have at most {} selectors to remove; {host} has {}.",
                    LIMITS.max_selectors_per_site,
                    items.len()
                ),
            );
            items = &items[..LIMITS.max_selectors_per_site];
        }
        for (i, item) in items.iter().enumerate() {
            let field = format!("{field}[{i}]");
            match item.as_str().map(str::trim) {
                None => r.problem(
                    field,
                    format!(
                        "Each selector to remove on {host} must be text; got {}.",
                        describe(item)
                    ),
                ),
                Some("") => r.problem(
                    field,
                    format!("One of the selectors to remove on {host} is empty."),
                ),
                Some(css) if Selector::parse(css).is_err() => r.problem(
                    field,
                    format!(
                        "“{}” is not a CSS selector Sift understands; write one such as \
                         .promo-box, #sidebar or aside.related.",
                        shorten(css)
                    ),
                ),
                Some(css) => site.remove_selectors.push(css.to_string()),
            }
        }
    }
    site
}

fn read_phrases(r: &mut Reader, v: &Value) -> Vec<String> {
    let mut phrases = Vec::new();
    let Some(items) = v.as_array() else {
        r.problem(
            "promo_phrases",
            format!(
                "Promo phrases must be a list of phrases; got {}.",
                describe(v)
            ),
        );
        return phrases;
    };
    let mut items = items.as_slice();
    if items.len() > LIMITS.max_promo_phrases {
        r.problem(
            "promo_phrases",
            format!(
                "At most {} promo phrases are allowed; there are {}.",
                LIMITS.max_promo_phrases,
                items.len()
            ),
        );
        items = &items[..LIMITS.max_promo_phrases];
    }
    for (i, item) in items.iter().enumerate() {
        let field = format!("promo_phrases[{i}]");
        match item.as_str().map(str::trim) {
            None => r.problem(
                field,
                format!("Each promo phrase must be text; got {}.", describe(item)),
            ),
            Some("") => r.problem(field, "One of the promo phrases is empty."),
            Some(p) if p.chars().count() > LIMITS.max_phrase_chars => r.problem(
                field,
                format!(
                    "The promo phrase “{}” is {} characters long; the limit is {}.",
                    shorten(p),
                    p.chars().count(),
                    LIMITS.max_phrase_chars
                ),
            ),
            Some(p) => phrases.push(p.to_string()),
        }
    }
    phrases
}

/// The stored form of a host name typed by the user, or a sentence saying what is wrong.
fn normalize_host(raw: &str) -> Result<String, String> {
    let t = raw.trim().trim_end_matches('.').to_lowercase();
    if t.is_empty() {
        return Err("Enter a host name, such as news.example.com.".to_string());
    }
    if t.contains("://") || t.contains('/') {
        return Err(format!(
            "“{}” is an address; enter just its host name, such as news.example.com.",
            shorten(raw.trim())
        ));
    }
    let (wild, name) = match t.strip_prefix("*.") {
        Some(rest) => ("*.", rest),
        None => ("", t.as_str()),
    };
    let name = if name.is_ascii() {
        Some(name.to_string())
    } else {
        // An internationalized name: stored in the form page addresses use, where the URL
        // parser can convert it (the WASM build leaves out the Unicode tables that takes).
        match url::Host::parse(name) {
            Ok(url::Host::Domain(d)) if d.is_ascii() => Some(d),
            _ => {
                return Err(format!(
                    "“{}” has letters outside A–Z; enter the name in its xn-- form (for \
                     bücher.de that is xn--bcher-kva.de).",
                    shorten(raw.trim())
                ));
            }
        }
    };
    let valid = name.as_deref().is_some_and(|n| {
        n.len() <= LIMITS.max_host_chars
            && n.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= LIMITS.max_label_chars
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            })
    });
    match name {
        Some(n) if valid => Ok(format!("{wild}{n}")),
        _ => Err(format!(
            "“{}” is not a host name: use letters, digits, hyphens and dots, such as \
             news.example.com, or start with *. to cover every subdomain.",
            shorten(raw.trim())
        )),
    }
}

/// A JSON number with no fractional part.
fn whole_number(v: &Value) -> Option<i64> {
    if let Some(n) = v.as_i64() {
        return Some(n);
    }
    let f = v.as_f64()?;
    (f.fract() == 0.0 && f.abs() < 1e15).then_some(f as i64)
}

/// A value as the user would recognise it in a message.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.trim().is_empty() => "an empty value".to_string(),
        Value::String(s) => format!("“{}”", shorten(s)),
        Value::Array(_) => "a list".to_string(),
        Value::Object(_) => "a group of settings".to_string(),
    }
}

/// At most 60 characters of `s`, with an ellipsis when cut.
fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}

/// A host key as it appears in a field path: a JSON string.
fn quoted_key(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_else(|_| format!("\"{key}\""))
}

fn joined<'a>(items: impl Iterator<Item = &'a str>, last: &str) -> String {
    let items: Vec<&str> = items.collect();
    match items.split_last() {
        None => String::new(),
        Some((only, [])) => only.to_string(),
        Some((tail, head)) => format!("{} {last} {tail}", head.join(", ")),
    }
}

/// "a, b or c".
fn or_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    joined(items, "or")
}

/// "a, b and c".
fn and_list<'a>(items: impl Iterator<Item = &'a str>) -> String {
    joined(items, "and")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(v: Value) -> Vec<Problem> {
        validate(v).expect_err("should be refused")
    }

    fn fields(ps: &[Problem]) -> Vec<&str> {
        ps.iter().map(|p| p.field.as_str()).collect()
    }

    fn example() -> Value {
        json!({
            "schema": 1,
            "reader": { "theme": "dark", "font": "sans", "font_size": 22, "line_width": 72, "line_height": 1.8 },
            "key_facts": { "enabled": false, "summary_sentences": 3 },
            "auto_open_syndicated": true,
            "sites": {
                "news.example.com": { "open": "always", "remove_selectors": [".promo-box"] },
                "*.wire.example": { "open": "never", "remove_selectors": ["aside.related", "#ad"] }
            },
            "promo_phrases": ["download our app"]
        })
    }

    #[test]
    fn defaults_round_trip() {
        let d = Settings::default();
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(
            v,
            json!({
                "schema": 1,
                "reader": { "theme": "system", "font": "serif", "font_size": 19, "line_width": 68, "line_height": 1.6 },
                "key_facts": { "enabled": true, "summary_sentences": 4 },
                "auto_open_syndicated": false,
                "sites": {},
                "promo_phrases": []
            })
        );
        assert_eq!(validate(v.clone()).unwrap(), d);
        assert_eq!(read_stored(v), (d.clone(), vec![]));
        assert_eq!(validate(json!({})).unwrap(), d);
        assert_eq!(read_stored(Value::Null), (d, vec![]));
    }

    #[test]
    fn example_round_trips() {
        let s = validate(example()).unwrap();
        assert_eq!(s.reader.theme, Theme::Dark);
        assert_eq!(s.reader.font, Font::Sans);
        assert_eq!(s.key_facts.summary_sentences, 3);
        assert_eq!(s.sites["news.example.com"].open, OpenMode::Always);
        let again = serde_json::to_value(&s).unwrap();
        assert_eq!(again, example());
        assert_eq!(validate(again).unwrap(), s);
    }

    #[test]
    fn integer_ranges_are_inclusive() {
        let cases = [
            ("reader", "font_size", LIMITS.font_size),
            ("reader", "line_width", LIMITS.line_width),
            ("key_facts", "summary_sentences", LIMITS.summary_sentences),
        ];
        for (group, key, b) in cases {
            for ok in [b.min, b.max] {
                assert!(
                    validate(json!({ group: { key: ok } })).is_ok(),
                    "{key} {ok}"
                );
            }
            for bad in [
                json!(b.min - 1),
                json!(b.max + 1),
                json!(b.min as f64 + 0.5),
                json!("20"),
                json!(null),
            ] {
                let ps = problems(json!({ group: { key: bad } }));
                assert_eq!(fields(&ps), [format!("{group}.{key}")], "{key} {bad}");
            }
        }
        // A whole number written with a decimal point is still whole.
        assert_eq!(
            validate(json!({"reader": {"font_size": 20.0}}))
                .unwrap()
                .reader
                .font_size,
            20
        );
    }

    #[test]
    fn font_size_message_is_a_sentence() {
        let ps = problems(json!({"reader": {"font_size": 90}}));
        assert_eq!(
            ps,
            [Problem {
                field: "reader.font_size".into(),
                message: "Font size must be a whole number from 12 to 40; got 90.".into()
            }]
        );
    }

    #[test]
    fn line_height_bounds() {
        for ok in [1.0, 1.75, 2.5] {
            assert_eq!(
                validate(json!({"reader": {"line_height": ok}}))
                    .unwrap()
                    .reader
                    .line_height,
                ok
            );
        }
        for bad in [json!(0.99), json!(2.51), json!("1.5"), json!(true)] {
            let ps = problems(json!({"reader": {"line_height": bad}}));
            assert_eq!(fields(&ps), ["reader.line_height"]);
            assert!(
                ps[0]
                    .message
                    .starts_with("Line height must be a number from 1.0 to 2.5; got")
            );
        }
    }

    #[test]
    fn choices_and_switches() {
        let s = validate(json!({"reader": {"theme": " Sepia ", "font": "DYSLEXIC"}})).unwrap();
        assert_eq!(
            (s.reader.theme, s.reader.font),
            (Theme::Sepia, Font::Dyslexic)
        );
        let ps = problems(
            json!({"reader": {"theme": "neon"}, "key_facts": {"enabled": "yes"}, "auto_open_syndicated": 1}),
        );
        assert_eq!(
            fields(&ps),
            ["reader.theme", "key_facts.enabled", "auto_open_syndicated"]
        );
        assert_eq!(
            ps[0].message,
            "Theme must be one of system, light, sepia or dark; got “neon”."
        );
        assert_eq!(
            ps[1].message,
            "Key facts must be on or off (true or false); got “yes”."
        );
    }

    #[test]
    fn unknown_fields_are_problems_when_strict_only() {
        let v = json!({"fontsize": 20, "reader": {"colour": "red"}, "sites": {"a.example": {"opne": "always"}}});
        let ps = problems(v.clone());
        assert_eq!(
            fields(&ps),
            ["fontsize", "reader.colour", "sites[\"a.example\"].opne"]
        );
        assert!(
            ps[1]
                .message
                .contains("theme, font, font_size, line_width and line_height"),
            "{}",
            ps[1].message
        );
        // Unknown fields are listed after the problems with known ones.
        let ps = problems(json!({"zzz": 1, "reader": {"font_size": 90, "aaa": 1}}));
        assert_eq!(fields(&ps), ["reader.font_size", "zzz", "reader.aaa"]);
        let (s, ps) = read_stored(v);
        assert!(ps.is_empty());
        assert!(s.sites.contains_key("a.example"));
    }

    #[test]
    fn not_an_object() {
        for v in [json!([1, 2]), json!("x"), json!(3), Value::Null] {
            let ps = problems(v.clone());
            assert_eq!(fields(&ps), [""]);
        }
        let (s, ps) = read_stored(json!([1]));
        assert_eq!(s, Settings::default());
        assert_eq!(ps.len(), 1);
    }

    #[test]
    fn newer_schema_is_refused() {
        let ps = problems(json!({"schema": 2, "reader": {"font_size": 90}, "future": true}));
        assert_eq!(fields(&ps), ["schema"]);
        assert!(
            ps[0].message.contains("newer version of Sift"),
            "{}",
            ps[0].message
        );
        // Stored settings from a newer Sift: what this version understands is kept.
        let (s, ps) = read_stored(json!({"schema": 2, "reader": {"font_size": 30}}));
        assert_eq!(s.reader.font_size, 30);
        assert_eq!(fields(&ps), ["schema"]);
        assert!(ps[0].message.contains("newer version of Sift"));
        for bad in [json!(0), json!("1"), json!(-3), json!(1.5)] {
            assert_eq!(fields(&problems(json!({"schema": bad}))), ["schema"]);
        }
    }

    #[test]
    fn corrupt_stored_values_fall_back_one_by_one() {
        let stored = json!({
            "schema": 1,
            "reader": {"theme": "dark", "font": 7, "font_size": 90, "line_width": 80, "line_height": "tall"},
            "key_facts": "on",
            "auto_open_syndicated": true,
            "sites": {
                "good.example": {"open": "always", "remove_selectors": [".ok", "div[", 5, ""]},
                "bad host!": {"open": "always"},
                "odd.example": {"open": "sometimes"},
                "list.example": "x"
            },
            "promo_phrases": ["keep me", "", 3, "x".repeat(201)]
        });
        let (s, ps) = read_stored(stored);
        let d = Settings::default();
        assert_eq!(s.reader.theme, Theme::Dark);
        assert_eq!(s.reader.font, d.reader.font);
        assert_eq!(s.reader.font_size, d.reader.font_size);
        assert_eq!(s.reader.line_width, 80);
        assert_eq!(s.reader.line_height, d.reader.line_height);
        assert_eq!(s.key_facts, d.key_facts);
        assert!(s.auto_open_syndicated);
        assert_eq!(s.sites["good.example"].remove_selectors, [".ok"]);
        assert_eq!(s.sites["good.example"].open, OpenMode::Always);
        assert_eq!(s.sites["odd.example"].open, OpenMode::Default);
        assert_eq!(s.sites["list.example"], SiteSettings::default());
        assert!(!s.sites.contains_key("bad host!"));
        assert_eq!(s.promo_phrases, ["keep me"]);
        assert_eq!(
            fields(&ps),
            [
                "reader.font",
                "reader.font_size",
                "reader.line_height",
                "key_facts",
                "sites[\"bad host!\"]",
                "sites[\"good.example\"].remove_selectors[1]",
                "sites[\"good.example\"].remove_selectors[2]",
                "sites[\"good.example\"].remove_selectors[3]",
                "sites[\"list.example\"]",
                "sites[\"odd.example\"].open",
                "promo_phrases[1]",
                "promo_phrases[2]",
                "promo_phrases[3]",
            ]
        );
        // The same document is refused outright when strict.
        assert!(ps.iter().all(|p| p.message.ends_with('.')));
    }

    #[test]
    fn selectors_use_the_engine_parser() {
        let ps = problems(
            json!({"sites": {"a.example": {"remove_selectors": [".ok", "div[", "p:nth-child(2)", "##x"]}}}),
        );
        assert_eq!(
            fields(&ps),
            [
                "sites[\"a.example\"].remove_selectors[1]",
                "sites[\"a.example\"].remove_selectors[3]"
            ]
        );
        assert!(ps[0].message.starts_with("“div[” is not a CSS selector"));
        let s = validate(json!({"sites": {"a.example": {"remove_selectors": ["  .promo  "]}}}))
            .unwrap();
        assert_eq!(s.sites["a.example"].remove_selectors, [".promo"]);
        // Whatever validates is accepted by the engine.
        let opts = s.options_for(Some("https://a.example/x"));
        assert!(crate::extract("<p>x</p>", Some("https://a.example/x"), &opts).is_ok());
    }

    #[test]
    fn list_limits() {
        let many: Vec<String> = (0..=LIMITS.max_selectors_per_site)
            .map(|i| format!(".c{i}"))
            .collect();
        let ps = problems(json!({"sites": {"a.example": {"remove_selectors": many}}}));
        assert_eq!(fields(&ps), ["sites[\"a.example\"].remove_selectors"]);
        let (s, _) = read_stored(json!({"sites": {"a.example": {"remove_selectors": many}}}));
        assert_eq!(
            s.sites["a.example"].remove_selectors.len(),
            LIMITS.max_selectors_per_site
        );

        let phrases: Vec<String> = (0..=LIMITS.max_promo_phrases)
            .map(|i| format!("p{i}"))
            .collect();
        assert_eq!(
            fields(&problems(json!({"promo_phrases": phrases}))),
            ["promo_phrases"]
        );
        let ok: Vec<String> = (0..LIMITS.max_promo_phrases)
            .map(|i| format!("p{i}"))
            .collect();
        assert!(validate(json!({"promo_phrases": ok})).is_ok());
        let long = "x".repeat(LIMITS.max_phrase_chars);
        assert!(validate(json!({"promo_phrases": [long]})).is_ok());
        let ps = problems(json!({"promo_phrases": [format!("{long}x")]}));
        assert!(
            ps[0]
                .message
                .contains("201 characters long; the limit is 200"),
            "{}",
            ps[0].message
        );
        assert_eq!(
            validate(json!({"promo_phrases": ["  Join us  "]}))
                .unwrap()
                .promo_phrases,
            ["Join us"]
        );

        let sites: Map<String, Value> = (0..=LIMITS.max_sites)
            .map(|i| (format!("s{i}.example"), json!({})))
            .collect();
        let ps = problems(Value::Object(sites.clone()).pipe_sites());
        assert_eq!(fields(&ps), ["sites"]);
        let (s, _) = read_stored(Value::Object(sites).pipe_sites());
        assert_eq!(s.sites.len(), LIMITS.max_sites);
    }

    trait PipeSites {
        fn pipe_sites(self) -> Value;
    }
    impl PipeSites for Value {
        fn pipe_sites(self) -> Value {
            json!({ "sites": self })
        }
    }

    #[test]
    fn host_names() {
        let ok = [
            ("News.Example.COM", "news.example.com"),
            (" *.example.org. ", "*.example.org"),
            ("localhost", "localhost"),
            ("xn--bcher-kva.de", "xn--bcher-kva.de"),
            ("a-b.c1.example", "a-b.c1.example"),
        ];
        for (raw, stored) in ok {
            assert_eq!(normalize_host(raw).as_deref(), Ok(stored), "{raw}");
        }
        match normalize_host("bücher.de") {
            Ok(h) => assert_eq!(h, "xn--bcher-kva.de"),
            Err(e) => assert!(e.contains("xn--"), "{e}"),
        }
        let long_label = "a".repeat(64);
        for bad in [
            "",
            "  ",
            "news example.com",
            "-a.example",
            "a..example",
            "*",
            "a.*.example",
            "under_score.example",
            "news.example.com:8080",
            "https://news.example.com/x",
            long_label.as_str(),
        ] {
            assert!(normalize_host(bad).is_err(), "{bad}");
        }
        let ps = problems(json!({"sites": {"News.Example.com": {}, "news.example.com": {}}}));
        assert_eq!(ps.len(), 1);
        assert!(ps[0].message.contains("listed twice"));
        let s = validate(json!({"sites": {"News.Example.com": {"open": "Always"}}})).unwrap();
        assert_eq!(s.sites["news.example.com"].open, OpenMode::Always);
    }

    #[test]
    fn sites_as_rows() {
        let v = json!({"sites": [
            {"host": "News.Example.com", "open": "always", "remove_selectors": [".promo"]},
            {"host": "*.wire.example", "open": "never", "remove_selectors": []}
        ]});
        let s = validate(v).unwrap();
        assert_eq!(
            serde_json::to_value(&s.sites).unwrap(),
            json!({
                "*.wire.example": {"open": "never", "remove_selectors": []},
                "news.example.com": {"open": "always", "remove_selectors": [".promo"]}
            })
        );
        let ps = problems(
            json!({"sites": [{"host": "a.example"}, {"host": "a.example", "open": "x"}, {"open": "always"}, {"host": ""}]}),
        );
        assert_eq!(
            fields(&ps),
            ["sites[2]", "sites[\"a.example\"]", "sites[\"\"]"]
        );
    }

    #[test]
    fn site_matching() {
        let s = validate(json!({"sites": {
            "news.example.com": {"open": "always", "remove_selectors": [".exact"]},
            "*.example.com": {"open": "never", "remove_selectors": [".wild"]},
            "*.deep.example.com": {"open": "default", "remove_selectors": [".deeper"]},
            "www.other.example": {"open": "always"}
        }}))
        .unwrap();
        let mode = |u: &str| s.site_mode(u);
        assert_eq!(mode("https://news.example.com/a"), OpenMode::Always);
        assert_eq!(mode("https://www.news.example.com/a"), OpenMode::Always);
        assert_eq!(mode("https://NEWS.example.com./a"), OpenMode::Always);
        assert_eq!(mode("https://sport.example.com/a"), OpenMode::Never);
        assert_eq!(mode("https://example.com/a"), OpenMode::Never);
        assert_eq!(mode("https://www.example.com/a"), OpenMode::Never);
        assert_eq!(mode("https://a.b.example.com/a"), OpenMode::Never);
        assert_eq!(mode("https://badexample.com/a"), OpenMode::Default);
        assert_eq!(mode("https://other.example/a"), OpenMode::Always);
        assert_eq!(mode("https://www.other.example/a"), OpenMode::Always);
        assert_eq!(mode("https://sub.other.example/a"), OpenMode::Default);
        assert_eq!(mode("not a url"), OpenMode::Default);
        assert_eq!(mode("file:///tmp/page.html"), OpenMode::Default);
        let sel = |u: &str| s.options_for(Some(u)).remove_selectors;
        assert_eq!(sel("https://x.deep.example.com/"), [".deeper"]);
        assert_eq!(sel("https://deep.example.com/"), [".deeper"]);
        assert_eq!(sel("https://news.example.com/"), [".exact"]);
    }

    #[test]
    fn options_for_a_page() {
        let s = validate(example()).unwrap();
        let o = s.options_for(Some("https://news.example.com/story"));
        assert_eq!(o.remove_selectors, [".promo-box"]);
        assert_eq!(o.promo_phrases, ["download our app"]);
        assert!(!o.no_images);
        let o = s.options_for(Some("https://elsewhere.example/story"));
        assert!(o.remove_selectors.is_empty());
        assert_eq!(o.promo_phrases, ["download our app"]);
        assert_eq!(s.options_for(None).promo_phrases, ["download our app"]);
        assert!(s.options_for(None).remove_selectors.is_empty());
        // The example turns key facts off and asks for three sentences.
        assert!(!o.key_facts);
        assert_eq!(o.summary_sentences, 3);
        let d = Settings::default().options_for(None);
        assert!(d.key_facts);
        assert_eq!(d.summary_sentences, 4);
    }

    #[test]
    fn host_access() {
        assert!(!Settings::default().needs_host_access());
        assert!(validate(example()).unwrap().needs_host_access());
        let s = validate(json!({"sites": {"a.example": {"open": "always"}}})).unwrap();
        assert!(s.needs_host_access());
        let s = validate(json!({"sites": {"a.example": {"open": "never"}}})).unwrap();
        assert!(!s.needs_host_access());
    }

    #[test]
    fn messages_are_sentences() {
        let ps = problems(json!({
            "reader": {"theme": 1, "font": null, "font_size": "big", "line_width": [], "line_height": {}},
            "key_facts": {"enabled": null, "summary_sentences": 9},
            "auto_open_syndicated": "no",
            "sites": {"x y": {}, "ok.example": {"open": 3, "remove_selectors": "p"}},
            "promo_phrases": "x"
        }));
        assert_eq!(ps.len(), 12);
        for p in &ps {
            let first = p.message.chars().next().unwrap();
            assert!(first.is_uppercase() || first == '“', "{p}");
            assert!(p.message.ends_with('.'), "{p}");
            assert!(!p.message.contains("Value::"), "{p}");
        }
    }
}
