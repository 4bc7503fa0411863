//! The article's paragraphs cut into sentences and words, with what the other fact finders
//! need to know about each word.

use super::lists::{HashMap, List, Memo, lists};
use super::sentences;
use crate::types::Span;
use std::cell::Cell;

/// One word, by byte offsets into its paragraph (held in 32 bits: the key-facts text is
/// bounded by `facts.max_chars`, and a smaller word list is faster to walk).
#[derive(Debug, Clone, Copy)]
pub struct Tok {
    block: u32,
    sent: u32,
    start: u32,
    end: u32,
    /// First word of its sentence, or first after an opening quote, a colon or a dash.
    pub initial: bool,
}

impl Tok {
    /// The word's paragraph.
    pub fn block(&self) -> usize {
        self.block as usize
    }

    /// The word's sentence, in [`Doc::sents`].
    pub fn sent(&self) -> usize {
        self.sent as usize
    }

    /// Where the word starts in its paragraph, in bytes.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Where the word ends in its paragraph, in bytes.
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// One sentence, by byte offsets into its paragraph, with its words `toks`.
#[derive(Debug, Clone)]
pub struct Sent {
    pub block: usize,
    pub start: usize,
    pub end: usize,
    pub toks: std::ops::Range<usize>,
}

/// A place in the text by byte offsets (converted to a [`Span`] for output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub block: usize,
    pub start: usize,
    pub end: usize,
}

/// The article as the fact finders read it.
pub struct Doc<'a> {
    pub blocks: Vec<&'a str>,
    /// Paragraphs that are not story text: photo captions and headings.
    pub skip: Vec<bool>,
    pub sents: Vec<Sent>,
    pub toks: Vec<Tok>,
    /// The language's primary code, if known.
    pub lang: Option<String>,
    /// The text of each word (`toks[i]`'s slice of its paragraph).
    words: Vec<&'a str>,
    /// Each word's number in `vocab`: equal texts, equal numbers.
    ids: Vec<u32>,
    /// The distinct words of the article, numbered in order of first appearance.
    vocab: HashMap<&'a str, u32>,
    /// Per distinct word: [`LOWER`], [`CAPITAL`], [`CAP_MID`].
    shape: Vec<u8>,
    /// Per distinct word: the list tests asked so far and their answers.
    memo: Vec<Cell<Memo>>,
    /// The common words of the article's language (English when unknown), if listed.
    stop: Option<&'static List>,
    ascii: Vec<bool>,
    /// Per paragraph: whether it holds a character outside the Basic Multilingual Plane.
    astral: Vec<bool>,
}

impl<'a> Doc<'a> {
    pub fn new(text: &'a str, lang: Option<String>) -> Doc<'a> {
        let blocks: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            paragraphs(text)
        };
        let skip = blocks.iter().map(|b| caption(b) || heading(b)).collect();
        let mut doc = Doc {
            blocks,
            skip,
            sents: Vec::new(),
            toks: Vec::new(),
            stop: lists().stopwords(lang.as_deref().or(Some("en"))),
            lang,
            words: Vec::new(),
            ids: Vec::new(),
            vocab: HashMap::default(),
            shape: Vec::new(),
            memo: Vec::new(),
            ascii: Vec::new(),
            astral: Vec::new(),
        };
        doc.ascii = doc.blocks.iter().map(|b| b.is_ascii()).collect();
        doc.astral = (doc.blocks.iter().zip(&doc.ascii))
            .map(|(b, &ascii)| !ascii && b.bytes().any(|b| b >= 0xF0))
            .collect();
        // About one word per six bytes, and one word in three new: room for them up front
        // (no rehashing while filling).
        doc.toks.reserve(text.len() / 6);
        doc.words.reserve(text.len() / 6);
        doc.ids.reserve(text.len() / 6);
        doc.vocab.reserve(text.len() / 18);
        doc.shape.reserve(text.len() / 18);
        let Doc {
            blocks,
            sents,
            toks,
            words: texts,
            ids,
            vocab,
            shape: shapes,
            ..
        } = &mut doc;
        for (b, &text) in blocks.iter().enumerate() {
            for (s, e) in sentences::split(text) {
                let first = toks.len();
                let sent = sents.len();
                words(text, s, e, |start, end, initial| {
                    toks.push(Tok {
                        block: b as u32,
                        sent: sent as u32,
                        start: start as u32,
                        end: end as u32,
                        initial,
                    });
                    // Each word is hashed once, here; what is known about its text is kept
                    // per distinct word.
                    let w = &text[start..end];
                    let fresh = shapes.len() as u32;
                    let id = *vocab.entry(w).or_insert(fresh);
                    if id == fresh {
                        shapes.push(shape(w));
                    }
                    let shape = &mut shapes[id as usize];
                    if *shape & CAPITAL != 0 && !initial {
                        *shape |= CAP_MID;
                    }
                    texts.push(w);
                    ids.push(id);
                });
                sents.push(Sent {
                    block: b,
                    start: s,
                    end: e,
                    toks: first..toks.len(),
                });
            }
        }
        doc.memo = vec![Cell::new(Memo::default()); doc.shape.len()];
        doc
    }

    /// The text of word `i`.
    pub fn word(&self, i: usize) -> &'a str {
        self.words[i]
    }

    /// Test `bit` (a [`Memo`] bit) of word `i`'s text, run once per distinct word: `test`
    /// must depend on the text alone.
    pub fn check(&self, i: usize, bit: u32, test: impl FnOnce(&'a str) -> bool) -> bool {
        let cell = &self.memo[self.ids[i] as usize];
        let mut memo = cell.get();
        if let Some(yes) = memo.get(bit) {
            return yes;
        }
        let yes = test(self.words[i]);
        memo.set(bit, yes);
        cell.set(memo);
        yes
    }

    /// Whether word `i` is on `list` (as `list.has(self.word(i))`).
    pub fn listed(&self, i: usize, list: &List) -> bool {
        self.check(i, list.slot(), |w| list.has(w))
    }

    /// Whether word `i` is a common word (as `self.stopword(self.word(i))`).
    pub fn stopword_at(&self, i: usize) -> bool {
        self.stop.is_some_and(|list| self.listed(i, list))
    }

    fn shape_of(&self, word: &str) -> u8 {
        self.vocab
            .get(word)
            .map_or(0, |&id| self.shape[id as usize])
    }

    /// The text between words `a` and `b` (empty if they sit in different paragraphs).
    pub fn gap(&self, a: usize, b: usize) -> &'a str {
        let (x, y) = (&self.toks[a], &self.toks[b]);
        if x.block != y.block || x.end > y.start {
            return "";
        }
        &self.blocks[x.block()][x.end()..y.start()]
    }

    /// Whether words `a` and `a + 1` are separated by spaces alone (same sentence, same line:
    /// a name never runs on past a line break, as in a list or a `<pre>` block).
    pub fn adjacent(&self, a: usize) -> bool {
        a + 1 < self.toks.len()
            && self.toks[a].sent == self.toks[a + 1].sent
            && self
                .gap(a, a + 1)
                .chars()
                .all(|c| c.is_whitespace() && !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'))
    }

    /// The text from the start of word `a` to the end of word `b`.
    pub fn text(&self, a: usize, b: usize) -> &'a str {
        let (x, y) = (&self.toks[a], &self.toks[b]);
        &self.blocks[x.block()][x.start()..y.end().max(x.start())]
    }

    /// The place of words `a..=b`.
    pub fn loc(&self, a: usize, b: usize) -> Loc {
        let (x, y) = (&self.toks[a], &self.toks[b]);
        Loc {
            block: x.block(),
            start: x.start(),
            end: y.end(),
        }
    }

    /// The words of paragraph `block` lying within bytes `s..e`.
    pub fn words_in(&self, block: usize, s: usize, e: usize) -> std::ops::Range<usize> {
        let from = self
            .toks
            .partition_point(|t| (t.block(), t.start()) < (block, s));
        let to = self
            .toks
            .partition_point(|t| (t.block(), t.end()) <= (block, e));
        from..to.max(from)
    }

    /// Whether `word` is also written in lower case somewhere (a common word, not a name).
    pub fn seen_lower(&self, word: &str) -> bool {
        let shape = if word.chars().any(char::is_uppercase) {
            self.shape_of(&word.to_lowercase())
        } else {
            self.shape_of(word)
        };
        shape & LOWER != 0
    }

    /// Whether `word` is capitalised somewhere other than at the start of a sentence.
    pub fn seen_capitalised_mid(&self, word: &str) -> bool {
        self.shape_of(word) & CAP_MID != 0
    }

    /// Whether `word` is a common word of the article's language (or of English when the
    /// language is unknown).
    pub fn stopword(&self, word: &str) -> bool {
        self.stop.is_some_and(|s| s.has(word))
    }

    /// Whether the article is in English (English-only rules apply).
    pub fn english(&self) -> bool {
        matches!(self.lang.as_deref(), Some("en") | None)
    }

    /// A byte place as the contract's span (UTF-16 offsets).
    pub fn span(&self, loc: Loc) -> Span {
        let text = self.blocks[loc.block];
        if self.ascii[loc.block] {
            return Span {
                block: loc.block,
                start: loc.start,
                end: loc.end,
            };
        }
        // UTF-16 units: one per character, two for a character outside the Basic Multilingual
        // Plane (four UTF-8 bytes, lead byte 0xF0 or more; few paragraphs have one).
        let astral = self.astral[loc.block];
        let units = |k: usize| {
            let before = &text.as_bytes()[..k.min(text.len())];
            let chars = match text.get(..before.len()) {
                Some(s) => s.chars().count(),
                None => before.iter().filter(|&&b| (b as i8) >= -0x40).count(),
            };
            chars
                + if astral {
                    before.iter().filter(|&&b| b >= 0xF0).count()
                } else {
                    0
                }
        };
        let (start, end) = (units(loc.start), units(loc.end));
        Span {
            block: loc.block,
            start,
            end,
        }
    }
}

/// `text.split("\n\n")`, searching for line feeds byte by byte.
fn paragraphs(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut k) = (0, 0);
    while let Some(p) = memchr::memchr(b'\n', &bytes[k..]) {
        k += p;
        if bytes.get(k + 1) == Some(&b'\n') {
            out.push(&text[start..k]);
            k += 2;
            start = k;
        } else {
            k += 1;
        }
    }
    out.push(&text[start..]);
    out
}

/// Which byte values `text.to_lowercase()` may hold, as a superset: every byte of the text
/// itself, each ASCII capital's small letter, and each other character's own lower case (a
/// capital sigma may also become a final one). An ASCII text costs one store per byte.
struct LowerBytes([bool; 256]);

impl LowerBytes {
    fn of(text: &str) -> LowerBytes {
        let mut seen = [false; 256];
        for &b in text.as_bytes() {
            seen[usize::from(b)] = true;
        }
        for c in b'A'..=b'Z' {
            if seen[usize::from(c)] {
                seen[usize::from(c.to_ascii_lowercase())] = true;
            }
        }
        if seen[0x80..].contains(&true) {
            let mut buf = [0u8; 4];
            let mut add = |c: char| {
                for &b in c.encode_utf8(&mut buf).as_bytes() {
                    seen[usize::from(b)] = true;
                }
            };
            // Only the characters outside ASCII are decoded, found by their lead bytes.
            // (General Punctuation, U+2000 to U+206F, the typographic quotes and dashes most
            // texts are full of, has no case.)
            let bytes = text.as_bytes();
            let mut k = 0;
            while let Some(p) = bytes[k..].iter().position(|&b| b >= 0xC0) {
                let (c, len) = crate::text::char_at(text, k + p);
                k += p + len;
                if ('\u{2000}'..='\u{206F}').contains(&c) {
                    continue;
                }
                c.to_lowercase().for_each(&mut add);
                if c == '\u{3A3}' {
                    add('\u{3C2}');
                }
            }
        }
        LowerBytes(seen)
    }

    /// Whether every one of `bytes` may occur.
    fn holds(&self, bytes: &[u8]) -> bool {
        bytes.iter().all(|&b| self.0[usize::from(b)])
    }
}

/// A word written in lower case only.
const LOWER: u8 = 1;
/// A word starting with a capital.
const CAPITAL: u8 = 2;
/// A capitalised word seen somewhere other than at the start of a sentence.
const CAP_MID: u8 = 4;

/// What a word's letters say about it: [`LOWER`], [`CAPITAL`] or neither ("iPhone", "3").
fn shape(w: &str) -> u8 {
    match w.chars().next() {
        Some(c) if c.is_lowercase() && !w.chars().any(char::is_uppercase) => LOWER,
        Some(c) if c.is_uppercase() => CAPITAL,
        _ => 0,
    }
}

/// [`BYTE_CLASS`] bit: an ASCII letter or digit.
const ALNUM: u8 = 1;
/// [`BYTE_CLASS`] bit: ASCII that may join two runs of letters into one word.
const JOINS: u8 = 2;
/// [`BYTE_CLASS`] bit: ASCII after which a word is taken as a sentence's first (`"`, `:`).
const OPENS: u8 = 4;
/// [`BYTE_CLASS`] bit: not ASCII (part of a character that must be decoded).
const HIGH: u8 = 8;

/// What each byte can be to the word splitter, looked up once per byte.
const BYTE_CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if c >= 0x80 {
            HIGH
        } else if c.is_ascii_alphanumeric() {
            ALNUM
        } else if matches!(c, b',' | b'\'' | b'-' | b'.' | b'&') {
            JOINS
        } else if matches!(c, b'"' | b':') {
            OPENS
        } else {
            0
        };
        b += 1;
    }
    table
};

/// Calls `f(start, end, initial)` for each word of `text[from..to]`. A word is a run of letters
/// and digits, with `'`, `’`, `-`, `.` or `&` allowed between two of them; a dotted
/// abbreviation keeps its final stop ("U.S."), a possessive loses its "'s", and a plural
/// possessive keeps its apostrophe ("Importers'").
fn words(text: &str, from: usize, to: usize, mut f: impl FnMut(usize, usize, bool)) {
    let s = &text[..to];
    let bytes = s.as_bytes();
    // The character at byte `k` and its length (ASCII without decoding).
    let at = |k: usize| match bytes[k] {
        b if b < 0x80 => (char::from(b), 1),
        _ => crate::text::char_at(s, k),
    };
    let mut initial = true;
    let mut k = from;
    while k < to {
        // ASCII between words: no decoding.
        let class = BYTE_CLASS[usize::from(bytes[k])];
        if class & (ALNUM | HIGH) == 0 {
            initial |= class & OPENS != 0;
            k += 1;
            continue;
        }
        let (c, len) = at(k);
        let i = k;
        k += len;
        if !c.is_alphanumeric() {
            if matches!(
                c,
                '"' | '\u{201C}' | '\u{201E}' | '\u{00AB}' | '\u{2014}' | '\u{2013}' | ':'
            ) {
                initial = true;
            }
            continue;
        }
        let mut end = k;
        // Whether a '.' joined two parts of the word.
        let mut dotted = false;
        while k < to {
            let class = BYTE_CLASS[usize::from(bytes[k])];
            if class & ALNUM != 0 {
                k += 1;
                while k < to && BYTE_CLASS[usize::from(bytes[k])] & ALNUM != 0 {
                    k += 1;
                }
                end = k;
                continue;
            }
            // An ASCII character that joins nothing ends the word at once.
            if class & (JOINS | HIGH) == 0 {
                break;
            }
            let (d, dl) = at(k);
            if d.is_alphanumeric() {
                k += dl;
                end = k;
                continue;
            }
            // Only these join two runs of letters into one word (a comma only between
            // digits, "12,500"); anything else ends it.
            if !matches!(
                d,
                ',' | '\'' | '\u{2019}' | '-' | '.' | '&' | '\u{2010}' | '\u{2011}'
            ) {
                break;
            }
            let after = s[k + dl..].chars().next();
            let joins = if d == ',' {
                s[..k].ends_with(|c: char| c.is_ascii_digit())
                    && after.is_some_and(|c| c.is_ascii_digit())
            } else {
                after.is_some_and(char::is_alphanumeric)
            };
            if joins {
                dotted |= d == '.';
                k += dl;
                end = k;
                continue;
            }
            break;
        }
        let mut word = &s[i..end];
        // "U.S." keeps its last stop.
        if dotted && word.split('.').all(|p| p.chars().count() == 1) && s[end..].starts_with('.') {
            end += 1;
            word = &s[i..end];
        }
        // Possessives: "Ashcombe's" is "Ashcombe"; "Importers'" keeps the apostrophe.
        let mut stop = end;
        // (Both cases end in "s": most words are ruled out by their last byte.)
        if word.ends_with('s') {
            for suffix in ["'s", "\u{2019}s"] {
                if word.len() > suffix.len() + 1 && word.ends_with(suffix) {
                    stop = end - suffix.len();
                }
            }
            let rest = &s[end..];
            if let Some(q) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '\'' | '\u{2019}'))
            {
                if rest[q.len_utf8()..].starts_with(char::is_whitespace) {
                    end += q.len_utf8();
                    stop = end;
                }
            }
        }
        f(i, stop, initial);
        initial = false;
    }
}

/// A photo caption: a short paragraph that carries a photo credit.
fn caption(text: &str) -> bool {
    let l = lists();
    let ascii = text.is_ascii();
    if crate::text::field_count_capped(text, 60) > 60 {
        return false;
    }
    // Most paragraphs lack some byte of every mark, and no lower-case copy is made for them.
    let present = LowerBytes::of(text);
    // An ASCII mark is found in the ASCII lower case (other characters left as they are)
    // exactly where it is in the full one, unless the text holds one of the two characters
    // whose lower case has ASCII in it (see `only_two_characters_lower_case_to_ascii`).
    // (Each character searched for alone: a single character is found with memchr, a set of
    // them by decoding every character.)
    let full_needed = !ascii && (text.contains('\u{130}') || text.contains('\u{212A}'));
    let (mut ascii_lower, mut full_lower) = (None, None);
    let hit = l.caption_marks.iter().any(|(m, bytes)| {
        present.holds(bytes)
            && if m.is_ascii() && !full_needed {
                ascii_lower.get_or_insert_with(|| text.to_ascii_lowercase())
            } else {
                full_lower.get_or_insert_with(|| text.to_lowercase())
            }
            .contains(m.as_str())
    });
    let hit = hit || credit_tail(text);
    if hit {
        crate::rules::note(l.caption_id);
    }
    hit
}

/// "… / AFP", "EFE/Marta Solís", "Foto: X/dpa": a picture credit at the end of a paragraph.
fn credit_tail(text: &str) -> bool {
    let tail = text.trim_end();
    let last = tail.rsplit(['.', '(']).next().unwrap_or("");
    last.contains('/')
        && last.split_whitespace().count() <= 6
        && last.split('/').any(|p| {
            lists()
                .wire(p.trim().trim_end_matches([')', '.']))
                .is_some()
        })
}

/// A heading: short, without a closing stop, most words capitalised; or a short question in
/// headline case ("A Change in Guidelines?").
fn heading(text: &str) -> bool {
    let text = text.trim_end();
    if text.ends_with('?') {
        return question_headline(text);
    }
    if text.ends_with(['.', '!', '"', '\u{201D}', ':']) {
        return false;
    }
    let (mut words, mut caps) = (0, 0);
    for w in text.split_whitespace() {
        words += 1;
        if words > 12 {
            return false;
        }
        caps += usize::from(w.starts_with(char::is_uppercase));
    }
    words > 0 && (words <= 3 || caps * 2 > words)
}

/// A question of two to twelve words, each capitalised or one of the words headline case
/// leaves small ("A Change in Guidelines?", not "Where did Anna go?").
fn question_headline(text: &str) -> bool {
    let minor = &lists().headline_minor;
    let mut words = 0;
    for w in text.split_whitespace() {
        words += 1;
        let capital = w.starts_with(char::is_uppercase);
        if words > 12 || !(capital || (words > 1 && minor.has(w))) {
            return false;
        }
    }
    words >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        words(text, 0, text.len(), |s, e, i| out.push((&text[s..e], i)));
        out
    }

    #[test]
    fn words_keep_abbreviations_and_drop_possessives() {
        let w: Vec<&str> = words_of(
            "Ashcombe\u{2019}s U.S. lido, N.Y., the Importers' Forum, 8-10 per cent, \u{201C}Yes\u{201D}",
        )
        .into_iter()
        .map(|(w, _)| w)
        .collect();
        assert_eq!(
            w,
            [
                "Ashcombe",
                "U.S.",
                "lido",
                "N.Y.",
                "the",
                "Importers'",
                "Forum",
                "8-10",
                "per",
                "cent",
                "Yes"
            ]
        );
        let initial: Vec<bool> = words_of("He said: \u{201C}Go now\u{201D}")
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        assert_eq!(initial, [true, false, true, false]);
        let w: Vec<(&str, bool)> =
            words_of("x: 3,5 a,b \"Q.E.D. R&D\u{2019}s l'eau \u{e9}t\u{e9}-x.y \u{2014} z");
        assert_eq!(
            w,
            [
                ("x", true),
                ("3,5", true),
                ("a", false),
                ("b", false),
                ("Q.E.D.", true),
                ("R&D", false),
                ("l'eau", false),
                ("\u{e9}t\u{e9}-x.y", false),
                ("z", true)
            ]
        );
    }

    #[test]
    fn lower_bytes_hold_every_byte_of_the_lower_case() {
        for text in [
            "",
            "Plain ASCII, Photo: AP",
            "\u{130}STANBUL \u{212A}ELVIN \u{C9}T\u{C9} \u{1F600}",
            "\u{3A3}\u{39F}\u{3A3} \u{3A3}\u{391}. \u{3A3}",
            "\u{635}\u{648}\u{631}\u{629} \u{645}\u{646} EFE/Marta",
        ] {
            let want = text.to_lowercase();
            assert!(LowerBytes::of(text).holds(want.as_bytes()), "{text}");
        }
        assert!(LowerBytes::of("ABC").holds(b"abcABC"));
        assert!(!LowerBytes::of("ABC").holds(b"d") && !LowerBytes::of("ab").holds(b"A"));
        assert!(caption("\u{130}MAGE. GETTY \u{212A}MAGES FOTO: X"));
        assert!(caption(
            "\u{635}\u{648}\u{631}\u{629} \u{645}\u{646} AFP \u{e9}"
        ));
    }

    #[test]
    fn paragraphs_split_like_str_split() {
        for text in [
            "a",
            "a\n\nb",
            "a\n\n\nb",
            "\n\n",
            "a\nb\n\n\n\nc\n",
            "\u{e9}\n\n\u{e9}\n",
        ] {
            assert_eq!(
                paragraphs(text),
                text.split("\n\n").collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn general_punctuation_has_no_case() {
        // What the caption test relies on to pass over typographic quotes and dashes.
        for c in ('\u{2000}'..='\u{206F}').filter(|c| !c.is_ascii()) {
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
        }
    }

    #[test]
    fn only_two_characters_lower_case_to_ascii() {
        // What the caption test relies on to search ASCII marks without a full lower case.
        let odd: Vec<char> = (0x80..=0x10_FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(odd, ['\u{130}', '\u{212A}']);
        assert!(caption(
            "Snow in Erie. \u{201C}Getty\u{201D} PHOTO: \u{212A}ate"
        ));
        // The Kelvin sign's lower case is "k": the mark is only there in the full lower case.
        assert!(caption(
            "A view of the bay at dusk. Photo/SHUTTERSTOC\u{212A}"
        ));
        assert!(caption("\u{130}stanbul harbour. (AP Photo/Emrah Gurel)"));
        assert!(!caption("\u{130}stanbul harbour at dusk, with ferries."));
    }

    #[test]
    fn captions_and_headings_are_not_story_text() {
        assert!(caption(
            "A man clears snow in Orchard Park, N.Y., on Saturday. (AP Photo/Kevin Marsh)"
        ));
        assert!(caption(
            "Una ciclista circula por Madrid. EFE/Marta Sol\u{ed}s"
        ));
        assert!(!caption(
            "The agency said demand would grow in the year to March."
        ));
        assert!(caption("Snow in Erie. GETTY IMAGES"));
        assert!(caption("Schnee in K\u{f6}ln. FOTO: dpa"));
        assert!(heading("Why It Matters"));
        assert!(!heading("Prices rose sharply on Monday after the vote."));
        // A question in headline case is a heading; one in sentence case, or a lone word, is
        // not, though most of its words may be names.
        assert!(heading("A Change in Guidelines?"));
        assert!(heading("Why Monitor? "));
        assert!(!heading("Where did Anna Whitcombe go?"));
        assert!(!heading("Why?"));
        assert!(!heading("in Guidelines?"));
    }

    #[test]
    fn words_are_numbered_once_and_remember_list_answers() {
        let text = "The mayor met Ann Lee. Lee said the mayor left.\n\nThe End";
        let doc = Doc::new(text, Some("en".into()));
        let at = |w: &str| {
            (0..doc.toks.len())
                .filter(|&i| doc.word(i) == w)
                .collect::<Vec<_>>()
        };
        let (the, mayor, lee) = (at("the"), at("mayor"), at("Lee"));
        assert_eq!(doc.ids[mayor[0]], doc.ids[mayor[1]]);
        assert_eq!(doc.ids[lee[0]], doc.ids[lee[1]]);
        assert_ne!(doc.ids[at("The")[0]], doc.ids[the[0]]);
        assert_eq!(doc.vocab.len(), 9);
        let l = lists();
        assert!(doc.stopword_at(the[0]) && doc.stopword_at(at("The")[0]));
        assert!(!doc.stopword_at(lee[0]));
        // The second asking is answered from the memo, not by the test.
        assert!(doc.listed(mayor[0], &l.roles));
        assert!(doc.check(mayor[1], l.roles.slot(), |_| unreachable!()));
        assert!(!doc.check(lee[1], Memo::DATE_START, |_| false));
        assert!(!doc.check(lee[0], Memo::DATE_START, |_| true));
        assert!(doc.check(lee[0], Memo::KNOWN_PLACE, |_| true));
        // Shapes: "Lee" is capitalised mid-sentence, "The" only at starts; "the" is lower case.
        assert!(doc.seen_capitalised_mid("Lee") && !doc.seen_capitalised_mid("The"));
        assert!(doc.seen_lower("The") && doc.seen_lower("mayor") && !doc.seen_lower("Lee"));
        assert!(!doc.seen_lower("absent"));
    }

    #[test]
    fn spans_count_utf16_units() {
        let text = "\u{1F600} \u{e9}t\u{e9} Paris.\n\nParis";
        let doc = Doc::new(text, None);
        let at = text.find("Paris").unwrap();
        let span = doc.span(Loc {
            block: 0,
            start: at,
            end: at + 5,
        });
        assert_eq!((span.start, span.end), (7, 12));
        let span = doc.span(Loc {
            block: 1,
            start: 0,
            end: 5,
        });
        assert_eq!((span.start, span.end), (0, 5));
        // Every pair of character boundaries, against the text's own UTF-16 encoding.
        let text = "a\u{e9}\u{1F600}\u{4E2D} \u{10FFFF}z\u{7FF}\u{800}";
        let doc = Doc::new(text, None);
        let utf16 = |s: &str| s.encode_utf16().count();
        for (i, _) in text.char_indices() {
            for (j, _) in text.char_indices().filter(|&(j, _)| j >= i) {
                let span = doc.span(Loc {
                    block: 0,
                    start: i,
                    end: j,
                });
                assert_eq!(
                    (span.start, span.end),
                    (utf16(&text[..i]), utf16(&text[..j])),
                    "{i}..{j}"
                );
            }
        }
    }
}
