//! Small text helpers shared by the stages.

/// Collapses every whitespace run (including no-break spaces) to one space and trims.
pub fn collapse(text: &str) -> String {
    collapse_parts(std::iter::once(text))
}

/// [`collapse`] of the concatenation of `parts` (such as the text nodes of an element),
/// without building the concatenation first.
pub fn collapse_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    collapse_into(parts, &mut out, usize::MAX);
    out
}

/// [`shorten`]`(`[`collapse_parts`]`(parts), max)`, reading only as much text as it shows.
pub fn snippet<'a>(parts: impl IntoIterator<Item = &'a str>, max: usize) -> String {
    let mut out = String::new();
    // One character past `max` is enough to know the text must be cut.
    collapse_into(parts, &mut out, max.saturating_add(1));
    shorten(&out, max)
}

/// The start of [`collapse_parts`]`(parts)`: whole words up to at least `limit` characters,
/// or all of it when it is shorter (then it is exactly the collapsed text).
pub fn collapse_prefix<'a>(parts: impl IntoIterator<Item = &'a str>, limit: usize) -> String {
    let mut out = String::new();
    collapse_into(parts, &mut out, limit);
    out
}

/// Appends the collapsed text of `parts` to an empty `out`, stopping once it holds at least
/// `limit` characters (whole words, so possibly more).
fn collapse_into<'a>(parts: impl IntoIterator<Item = &'a str>, out: &mut String, limit: usize) {
    let mut gap = false;
    let mut chars = 0usize;
    for part in parts {
        if chars >= limit {
            break;
        }
        if limit == usize::MAX {
            out.reserve(part.len());
        }
        chars += push_words(out, &mut gap, part, limit.saturating_sub(chars));
    }
}

/// Appends `part` to `out` collapsed, as the continuation of a text whose collapsed form `out`
/// is: `gap` says a space is owed before the next word (a word may continue across parts), and
/// is updated. Stops after the word that brings the characters written to `limit` or more;
/// returns how many were written.
pub fn push_words(out: &mut String, gap: &mut bool, part: &str, limit: usize) -> usize {
    let bytes = part.as_bytes();
    let mut chars = 0usize;
    // Text already in collapsed form (words joined by single plain spaces) is copied in one
    // piece: `run` is the stretch of `part` waiting to be copied.
    let mut run = 0..0;
    let mut i = 0;
    while i < bytes.len() {
        // A run of whitespace.
        let from = i;
        while i < bytes.len() {
            i += space_run(bytes, i);
            match bytes.get(i) {
                Some(&b) if b >= 0x80 => match space_at(part, i) {
                    (true, len) => i += len,
                    (false, _) => break,
                },
                _ => break,
            }
        }
        if i > from {
            *gap = true;
            if chars >= limit {
                break;
            }
        }
        if i >= bytes.len() {
            break;
        }
        // A word: printable ASCII is stepped over without decoding.
        let start = i;
        let mut word_chars = 0;
        while i < bytes.len() {
            let plain = plain_run(bytes, i);
            i += plain;
            word_chars += plain;
            if i >= bytes.len() {
                break;
            }
            let (space, len) = space_at(part, i);
            if space {
                // Without a limit, words joined by one plain space are taken as one stretch:
                // they are copied as they stand.
                let joins = limit == usize::MAX && joins_words(bytes, i);
                if !joins {
                    break;
                }
            }
            i += len;
            word_chars += 1;
        }
        // A space is owed unless nothing has been written yet.
        let joined = *gap && !(out.is_empty() && run.is_empty());
        if joined && run.end + 1 == start && bytes[run.end] == b' ' {
            // One plain space since the last word: the run goes on.
            chars += 1;
        } else {
            out.push_str(&part[run.clone()]);
            if joined {
                out.push(' ');
                chars += 1;
            }
            run.start = start;
        }
        run.end = i;
        *gap = false;
        chars += word_chars;
    }
    out.push_str(&part[run]);
    chars
}

/// How many bytes from `i` on are printable, non-space ASCII (the common case every text
/// scanner here steps over without decoding).
#[inline]
pub fn plain_run(bytes: &[u8], i: usize) -> usize {
    let rest = &bytes[i..];
    // A word's high bits flag the bytes below 0x21 and those above 0x7e. A borrow or carry can
    // only spill upwards from a flagged byte, so the lowest flag is exact.
    let flags = |x: u64| {
        let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
        let above = (x.wrapping_add(ONES) | x) & HIGH;
        below | above
    };
    position_by_words(rest, flags, |b| !(0x21..0x7f).contains(&b)).unwrap_or(rest.len())
}

/// How many bytes from `i` on are ASCII whitespace ([`is_ascii_space`]): the indentation
/// between tags that most text nodes of a page are, stepped over eight bytes at a time.
#[inline]
pub fn space_run(bytes: &[u8], i: usize) -> usize {
    let rest = &bytes[i..];
    // Every flag is exact, so the lowest one is.
    let flags = |x: u64| !space_flags(x) & HIGH;
    position_by_words(rest, flags, |b| !is_ascii_space(b)).unwrap_or(rest.len())
}

/// The ASCII whitespace bytes of the eight bytes of `x` (the high bit of each): 0x20 and
/// 0x09..=0x0D. With the high bits cleared first no byte's sum spills into the next, so every
/// flag is exact.
#[inline(always)]
fn space_flags(x: u64) -> u64 {
    let y = x & !HIGH;
    let t = y ^ (ONES * 0x20);
    let blank = !(t.wrapping_add(ONES * 0x7f) | t);
    let control = y.wrapping_add(ONES * (0x80 - 0x09)) & !y.wrapping_add(ONES * (0x80 - 0x0e));
    (blank | control) & !x & HIGH
}

/// Whether byte `i` is one plain space with a printable character after it: two words joined
/// as collapsed text joins them, which the collapsing scanners copy in one stretch.
#[inline]
pub fn joins_words(bytes: &[u8], i: usize) -> bool {
    bytes.get(i) == Some(&b' ') && bytes.get(i + 1).is_some_and(|b| (0x21..0x7f).contains(b))
}

/// A fast hasher for words, looked up several times per word of the article. Not resistant to
/// crafted collisions; the work it serves is bounded (by `facts.max_chars`, or by a block's
/// tail in syndication), and a page could only slow down its own reader view.
#[derive(Default, Clone, Copy)]
pub struct WordHasher(u64);

impl WordHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl std::hash::Hasher for WordHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        // The last 1..=7 bytes, read as two (maybe overlapping) pieces with their count: the
        // same bytes always give the same word, and no byte-by-byte loop is needed.
        let rest = chunks.remainder();
        let n = rest.len();
        if n > 0 {
            let word = if n >= 4 {
                let head = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let tail = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(head) | u64::from(tail) << 32
            } else {
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
            };
            self.mix(word ^ (n as u64) << 59);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.mix(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A set of words, hashed with [`WordHasher`].
pub type WordHashSet<K> = std::collections::HashSet<K, std::hash::BuildHasherDefault<WordHasher>>;

/// A map keyed by words, hashed with [`WordHasher`].
pub type WordHashMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<WordHasher>>;

/// Every byte of a word set to 1.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a word.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// Flags the zero bytes of `v` (the high bit of each), for [`position_by_words`]: a byte equal
/// to `c` is a zero byte of `x ^ (ONES * c)`. A borrow only spills upwards from a zero byte, so
/// the lowest flag is exact; flags above it may be false.
#[inline]
pub fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGH
}

/// The first byte of `bytes` that `hit` accepts, found eight bytes at a time: `flags` gets
/// eight bytes as a little-endian word and must set the high bit of the first accepted byte
/// among them and of none before it (bytes after it do not matter), or return 0 when none is.
#[inline]
pub fn position_by_words(
    bytes: &[u8],
    flags: impl Fn(u64) -> u64,
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let found = flags(u64::from_le_bytes(word));
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let rest = chunks.remainder();
    rest.iter().position(|&b| hit(b)).map(|p| at + p)
}

/// The character starting at byte `i` of `s` (a char boundary), and its length.
#[inline]
pub fn char_at(s: &str, i: usize) -> (char, usize) {
    s[i..]
        .chars()
        .next()
        .map_or((' ', 1), |c| (c, c.len_utf8()))
}

/// Whether `t` is empty or all whitespace (`t.trim().is_empty()`), without decoding when it
/// is ASCII.
#[inline]
pub fn is_blank(t: &str) -> bool {
    let bytes = t.as_bytes();
    match space_run(bytes, 0) {
        i if i == bytes.len() => true,
        i if bytes[i] < 0x80 => false,
        i => t[i..].trim_start().is_empty(),
    }
}

/// ASCII bytes that are [`char::is_whitespace`].
#[inline]
pub const fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// Whether the character starting at byte `i` of `s` is whitespace, and its length.
#[inline]
fn space_at(s: &str, i: usize) -> (bool, usize) {
    let b = s.as_bytes()[i];
    if b < 0x80 {
        return (is_ascii_space(b), 1);
    }
    let (c, len) = char_at(s, i);
    (c.is_whitespace(), len)
}

/// A decimal number as HTML writes sizes and densities (`300`, `1.5`, `.75`, `-2`): optional
/// sign, digits, optional fraction. Anything else (exponents, `inf`, trailing units) is `None`.
/// Used instead of `f64::from_str`, whose exact-rounding tables would add 13 KB gzipped to the
/// WebAssembly for numbers that never need them.
pub fn decimal(s: &str) -> Option<f64> {
    let (negative, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let number = |p: &str| {
        p.bytes()
            .fold(0.0f64, |v, b| v * 10.0 + f64::from(b - b'0'))
    };
    // The fraction as a whole number over a power of ten (both exact up to 15 digits), so
    // that "0.75" is the same double as the standard parser gives.
    let fraction = &fraction[..fraction.len().min(15)];
    let value = number(whole) + number(fraction) / 10f64.powi(fraction.len() as i32);
    Some(if negative { -value } else { value })
}

/// Cuts `text` to at most `max` characters, ending with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Words in `text` (runs of characters between whitespace that hold a letter or digit).
pub fn word_count(text: &str) -> usize {
    count_fields::<true>(text, usize::MAX)
}

/// [`word_count`], stopping early once the count is past `cap` (the result is then some
/// number above `cap`, not the full count): for tests of a block's size that never need more.
pub fn word_count_capped(text: &str, cap: usize) -> usize {
    count_fields::<true>(text, cap)
}

/// How many runs of non-whitespace `text` holds (`text.split_whitespace().count()`).
pub fn field_count(text: &str) -> usize {
    count_fields::<false>(text, usize::MAX)
}

/// [`field_count`], stopping early once the count is past `cap` (the result is then some
/// number above `cap`, not the full count).
pub fn field_count_capped(text: &str, cap: usize) -> usize {
    count_fields::<false>(text, cap)
}

/// An ASCII letter or digit, in a form the compiler vectorizes.
#[inline]
fn ascii_alnum(b: u8) -> u8 {
    u8::from((b | 0x20).wrapping_sub(b'a') < 26) | u8::from(b.wrapping_sub(b'0') < 10)
}

/// Whether the run of non-whitespace starting at byte `at` (a character boundary) holds a
/// letter or digit.
fn run_has_alnum(text: &str, at: usize) -> bool {
    text.get(at..)
        .unwrap_or("")
        .chars()
        .take_while(|c| !c.is_whitespace())
        .any(char::is_alphanumeric)
}

/// Runs of non-whitespace in `text` (with `WORDS`, only those holding a letter or digit),
/// stopping once past `cap`. Text is counted 32 bytes at a time without a branch per byte (the
/// compiler vectorizes the block); a block holding other than ASCII first has its characters'
/// bytes marked one by one, decoding only the four lead bytes that can start a Unicode space
/// (U+0085, U+00A0, U+1680, U+2000 to U+3000). For words, a run is checked for a letter or
/// digit only when it does not start with an ASCII one (a quote, a dash, a non-ASCII letter).
fn count_fields<const WORDS: bool>(text: &str, cap: usize) -> usize {
    let bytes = text.as_bytes();
    // A field starts at a non-space byte after a space (or at the text's start).
    let is_space = |b: u8| u8::from(is_ascii_space(b));
    // Whether the character whose lead byte was read last is a space: its continuation bytes
    // take the same mark, in this block or the next.
    let mut lead_space = 0u8;
    let mut mark_high = |at: usize, b: u8| -> u8 {
        if b >= 0xC0 {
            lead_space = u8::from(
                matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3) && char_at(text, at).0.is_whitespace(),
            );
        }
        lead_space
    };
    let mut count = 0;
    let mut prev = 1;
    let mut blocks = bytes.chunks_exact(32);
    for (n, block) in (&mut blocks).enumerate() {
        let mut space = [0u8; 32];
        let mut high = 0u8;
        for (s, &b) in space.iter_mut().zip(block) {
            *s = is_space(b);
            high |= b;
        }
        if high >= 0x80 {
            for (j, &b) in block.iter().enumerate() {
                if b >= 0x80 {
                    space[j] = mark_high(n * 32 + j, b);
                }
            }
        }
        let mut start = [0u8; 32];
        start[0] = prev & (1 - space[0]);
        for j in 1..32 {
            start[j] = space[j - 1] & (1 - space[j]);
        }
        let mut starts = 0u8;
        for s in start {
            starts += s;
        }
        count += usize::from(starts);
        if WORDS {
            // Runs that start without an ASCII letter or digit may hold none.
            let mut doubtful = 0u8;
            for (s, &b) in start.iter().zip(block) {
                doubtful |= s & (1 - ascii_alnum(b));
            }
            if doubtful != 0 {
                for (j, (&s, &b)) in start.iter().zip(block).enumerate() {
                    if s == 1 && ascii_alnum(b) == 0 && !run_has_alnum(text, n * 32 + j) {
                        count -= 1;
                    }
                }
            }
        }
        prev = space[31];
        if count > cap {
            return count;
        }
    }
    // The last 0 to 31 bytes, eight at a time.
    let mut at = bytes.len() - blocks.remainder().len();
    let mut prev = u64::from(prev) << 7;
    while at < bytes.len() {
        let (x, valid) = word_at(bytes, at);
        let f = ByteFlags::of(x);
        let mut space = f.space;
        let mut high = f.high & valid;
        while high != 0 {
            let bit = high.trailing_zeros();
            high &= high - 1;
            let j = at + (bit / 8) as usize;
            space |= u64::from(mark_high(j, bytes[j])) << bit;
        }
        let starts = valid & !space & ((space << 8) | prev);
        count += count_flags(starts) as usize;
        if WORDS {
            let mut doubtful = starts & !f.alnum;
            while doubtful != 0 {
                let bit = doubtful.trailing_zeros();
                doubtful &= doubtful - 1;
                if !run_has_alnum(text, at + (bit / 8) as usize) {
                    count -= 1;
                }
            }
        }
        prev = (space >> 56) & 0x80;
        at += 8;
    }
    count
}

/// The classes of eight bytes read as a little-endian word: the high bit of each byte of a
/// field is set when that byte is of the class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ByteFlags {
    /// ASCII whitespace ([`is_ascii_space`]).
    pub space: u64,
    /// Commas.
    pub comma: u64,
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes of 0x80 and above: the bytes of characters beyond ASCII.
    pub high: u64,
}

impl ByteFlags {
    /// The flags of the eight bytes of `x`. With the high bits cleared first, no byte's sum
    /// below spills into the next, so every flag is exact. Inlined, so that a caller pays only
    /// for the flags it reads.
    #[inline(always)]
    pub fn of(x: u64) -> ByteFlags {
        // Flags of the 7-bit bytes of `y`: at least `lo` (1..=0x80); equal to `c` (below 0x80).
        let at_least = |y: u64, lo: u8| y.wrapping_add(ONES * u64::from(0x80 - lo)) & HIGH;
        let equal = |y: u64, c: u8| {
            let t = y ^ (ONES * u64::from(c));
            !(t.wrapping_add(ONES * 0x7f) | t) & HIGH
        };
        let high = x & HIGH;
        let y = x & !HIGH;
        let ascii = !high & HIGH;
        let lower = y | (ONES * 0x20);
        let alnum = at_least(lower, b'a') & !at_least(lower, b'z' + 1)
            | at_least(y, b'0') & !at_least(y, b'9' + 1);
        ByteFlags {
            space: space_flags(x),
            comma: equal(y, b',') & ascii,
            alnum: alnum & ascii,
            high,
        }
    }
}

/// The eight bytes of `bytes` from `at` (which is inside it) as a little-endian word, the
/// missing ones past the end zero, and the flags of the bytes there are.
#[inline(always)]
pub fn word_at(bytes: &[u8], at: usize) -> (u64, u64) {
    let rest = &bytes[at..];
    let n = rest.len();
    if let Some(word) = rest.first_chunk::<8>() {
        return (u64::from_le_bytes(*word), HIGH);
    }
    let x = match bytes.last_chunk::<8>() {
        // The last eight bytes of the text, shifted down past those already read.
        Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - n)),
        None => rest
            .iter()
            .enumerate()
            .fold(0, |x, (i, &b)| x | u64::from(b) << (8 * i)),
    };
    (x, HIGH >> (8 * (8 - n)))
}

/// How many bytes of a word of [`ByteFlags`] are flagged.
#[inline(always)]
pub fn count_flags(flags: u64) -> u32 {
    ((flags >> 7).wrapping_mul(ONES) >> 56) as u32
}

/// Share of the shorter text's distinct words that the other text also has (0 to 1).
pub fn overlap(a: &str, b: &str) -> f64 {
    overlap_of(&TokenSet::new(a), &TokenSet::new(b))
}

/// The distinct lower-case word tokens of a text (the runs of letters and digits), for
/// [`overlap_of`].
pub struct TokenSet(TermSet);

impl TokenSet {
    /// The distinct tokens of `text`.
    pub fn new(text: &str) -> TokenSet {
        let mut set = TermSet::with_capacity(text.len());
        alnum_runs(text, |w, _, _| {
            if w.is_ascii() {
                set.push_with(|buf| {
                    let from = buf.len();
                    buf.push_str(w);
                    buf[from..].make_ascii_lowercase();
                });
            } else {
                set.push_with(|buf| buf.push_str(&w.to_lowercase()));
            }
        });
        TokenSet(set.ordered())
    }
}

/// [`overlap`] of two texts whose token sets are already made.
pub fn overlap_of(ta: &TokenSet, tb: &TokenSet) -> f64 {
    let small = ta.0.len().min(tb.0.len());
    if small == 0 {
        return 0.0;
    }
    ta.0.shared(&tb.0) as f64 / small as f64
}

/// Calls `f` with each run of letters and digits of `text` (the non-empty pieces of
/// `text.split(|c: char| !c.is_alphanumeric())`), its length in characters, and whether it
/// holds a character of the scripts written without spaces between words (past U+2E80).
/// ASCII is read without decoding.
#[inline]
pub fn alnum_runs<'t>(text: &'t str, mut f: impl FnMut(&'t str, usize, bool)) {
    let bytes = text.as_bytes();
    // The character at byte `k`: whether it is a letter or digit, its length, and whether it
    // is past U+2E80.
    let at = |k: usize| -> (bool, usize, bool) {
        if bytes[k] < 0x80 {
            return (bytes[k].is_ascii_alphanumeric(), 1, false);
        }
        let (c, len) = char_at(text, k);
        (c.is_alphanumeric(), len, (c as u32) > 0x2E80)
    };
    let mut k = 0;
    while k < bytes.len() {
        let (alnum, len, _) = at(k);
        if !alnum {
            k += len;
            continue;
        }
        let start = k;
        let (mut chars, mut wide) = (0, false);
        while k < bytes.len() {
            let (alnum, len, past) = at(k);
            if !alnum {
                break;
            }
            chars += 1;
            wide |= past;
            k += len;
        }
        f(&text[start..k], chars, wide);
    }
}

/// A set of distinct terms written into one buffer (no string per term), in the order of
/// their hash and then their text: two sets are compared in one walk, and a term is found by
/// binary search.
pub struct TermSet {
    buf: String,
    keys: Vec<(u64, u32, u32)>,
}

/// A term's hash, the first key of its order in [`TermSet`].
fn term_hash(term: &str) -> u64 {
    use std::hash::BuildHasher;
    std::hash::BuildHasherDefault::<WordHasher>::default().hash_one(term)
}

impl TermSet {
    /// An empty set, with room for terms of `bytes` bytes in all. Terms are added with
    /// [`push_with`](TermSet::push_with), then put in order by [`ordered`](TermSet::ordered).
    pub fn with_capacity(bytes: usize) -> TermSet {
        TermSet {
            buf: String::with_capacity(bytes),
            keys: Vec::new(),
        }
    }

    /// Adds the term `write` appends to the buffer it is given.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.buf.len();
        write(&mut self.buf);
        let hash = term_hash(&self.buf[start..]);
        self.keys.push((hash, start as u32, self.buf.len() as u32));
    }

    /// The set in order, each term once.
    pub fn ordered(mut self) -> TermSet {
        let buf = &self.buf;
        let at = |&(_, s, e): &(u64, u32, u32)| &buf[s as usize..e as usize];
        self.keys
            .sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| at(a).cmp(at(b))));
        self.keys.dedup_by(|a, b| a.0 == b.0 && at(a) == at(b));
        self
    }

    /// Term `k`, with its hash.
    pub fn get(&self, k: usize) -> (u64, &str) {
        let (h, s, e) = self.keys[k];
        (h, &self.buf[s as usize..e as usize])
    }

    /// How many terms there are.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Where `term` is among the terms, if it is one.
    pub fn find(&self, term: &str) -> Option<usize> {
        let key = (term_hash(term), term);
        let k =
            (self.keys).partition_point(|&(h, s, e)| (h, &self.buf[s as usize..e as usize]) < key);
        (k < self.len() && self.get(k) == key).then_some(k)
    }

    /// How many terms the two share (a walk through both ordered lists).
    pub fn shared(&self, other: &TermSet) -> usize {
        count_common(self.len(), other.len(), |i, j| {
            self.get(i).cmp(&other.get(j))
        })
    }
}

/// How many items two sorted sequences of distinct items share, in one merge: `cmp(i, j)`
/// compares item `i` of the first (of `a` items) with item `j` of the second (of `b`).
pub fn count_common(
    a: usize,
    b: usize,
    mut cmp: impl FnMut(usize, usize) -> std::cmp::Ordering,
) -> usize {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a && j < b {
        match cmp(i, j) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common
}

/// The pairs of adjacent bytes in a text, hashed into 256 bits: a text can only contain
/// another if its pairs cover the other's, so most substring searches that would fail are
/// answered by four word operations.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pairs([u64; 4]);

impl Pairs {
    /// The pairs of `text`.
    pub fn of(text: &str) -> Pairs {
        let mut bits = [0u64; 4];
        for w in text.as_bytes().windows(2) {
            let h =
                ((u32::from(w[0]) << 8 | u32::from(w[1])).wrapping_mul(0x9E37_79B1) >> 24) as usize;
            bits[h >> 6] |= 1 << (h & 63);
        }
        Pairs(bits)
    }

    /// False when a text with these pairs cannot contain a text with `needle`'s pairs.
    pub fn may_contain(&self, needle: &Pairs) -> bool {
        self.0.iter().zip(&needle.0).all(|(h, n)| n & !h == 0)
    }
}

/// `count` lists of up to five parts, each part two of `pieces` joined, drawn by a fixed
/// pseudo-random sequence from `seed` (the same lists on every run): inputs for tests that
/// check a text function against its plain definition however the text is cut.
#[cfg(test)]
pub fn part_lists(pieces: &[&str], seed: u32, count: usize) -> Vec<Vec<String>> {
    let step = |s: u32| s.wrapping_mul(1_103_515_245).wrapping_add(12_345);
    let mut seed = seed;
    let mut lists = Vec::with_capacity(count);
    for _ in 0..count {
        let mut parts = Vec::new();
        for _ in 0..(seed % 6) {
            seed = step(seed);
            let a = pieces[(seed >> 8) as usize % pieces.len()];
            let b = pieces[(seed >> 16) as usize % pieces.len()];
            parts.push(format!("{a}{b}"));
        }
        seed = step(seed);
        lists.push(parts);
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_trims_and_joins() {
        assert_eq!(collapse(" a\u{a0}\n b  "), "a b");
        for text in [
            "",
            "  ",
            "x",
            " one  two\u{3000}three\t",
            "a\u{2003}\u{2003}b ",
        ] {
            assert_eq!(
                collapse(text),
                text.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        let parts = [" a", "b ", " c", "", "\u{a0}", "d", "e"];
        assert_eq!(collapse_parts(parts), "ab c de");
    }

    #[test]
    fn collapsed_parts_match_the_joined_words_whatever_the_spacing() {
        // Every way of cutting texts with single, double, tab, no-break and ideographic spaces
        // into parts: the result is the words of the concatenation joined by one space, and
        // the count returned is its length in characters.
        let pieces = [
            "a",
            "bé",
            " ",
            "  ",
            "\t",
            "\u{a0}",
            "c d",
            " e ",
            "\u{3000}f",
            "",
            "g.h i ",
            "j k\u{a0}l m\u{e9}",
        ];
        for parts in part_lists(&pieces, 7, 4000) {
            let joined = parts.concat();
            let expected = joined.split_whitespace().collect::<Vec<_>>().join(" ");
            let (mut out, mut gap, mut chars) = (String::new(), false, 0);
            for p in &parts {
                chars += push_words(&mut out, &mut gap, p, usize::MAX);
            }
            assert_eq!(out, expected, "{parts:?}");
            assert_eq!(chars, expected.chars().count(), "{parts:?}");
        }
    }

    #[test]
    fn a_collapsed_prefix_is_whole_when_short_and_long_enough_when_cut() {
        let parts = ["  Read ", "more\u{a0}", " stories  here"];
        let full = collapse_parts(parts);
        assert_eq!(full, "Read more stories here");
        for limit in 0..=full.len() + 2 {
            let prefix = collapse_prefix(parts, limit);
            assert!(full.starts_with(&prefix), "{limit}: {prefix:?}");
            if prefix != full {
                assert!(prefix.chars().count() >= limit, "{limit}: {prefix:?}");
                assert!(!prefix.ends_with(' '), "{limit}: whole words only");
            }
        }
        assert_eq!(collapse_prefix(parts, 22), full);
        assert_eq!(collapse_prefix(parts, 10), "Read more stories");
    }

    /// Checks that `run` measures `text` (made only of bytes it accepts) up to every byte it
    /// stops at, placed at every offset and read from every start.
    fn assert_runs_stop(
        run: fn(&[u8], usize) -> usize,
        text: &[u8],
        stops: impl Iterator<Item = u8>,
    ) {
        for bad in stops {
            for at in 0..text.len() {
                let mut bytes = text.to_vec();
                bytes[at] = bad;
                for start in 0..=at {
                    assert_eq!(run(&bytes, start), at - start, "{bad:#x} at {at}");
                }
                assert_eq!(run(&bytes, at + 1), text.len() - at - 1);
            }
        }
        assert_eq!(run(text, 0), text.len());
        assert_eq!(run(b"", 0), 0);
    }

    #[test]
    fn space_runs_end_at_the_first_byte_that_is_not_ascii_whitespace() {
        // Every byte value at every offset of a 20-byte run of every kind of ASCII space,
        // from every start.
        let blank = b" \t\n\x0b\x0c\r  \n\t \r\r\x0c\x0b  \n\n ";
        assert_runs_stop(
            space_run,
            blank,
            (0u8..=0xff).filter(|&b| !is_ascii_space(b)),
        );
    }

    #[test]
    fn plain_runs_end_at_the_first_space_control_or_non_ascii_byte() {
        // Every byte value at every offset of a 20-byte plain text, from every start.
        let plain = b"Abc,def.ghi-jkl~mno!";
        assert_runs_stop(plain_run, plain, (0u8..=0x20).chain(0x7f..=0xff));
    }

    #[test]
    fn word_hasher_reads_every_byte_of_the_last_word() {
        use std::hash::Hasher;
        let hash = |bytes: &[u8]| {
            let mut h = WordHasher::default();
            h.write(bytes);
            h.finish()
        };
        // Stated as the words it mixes: whole little-endian words, then the rest (first four
        // and last four bytes, or first, middle and last) with its length in the top bits.
        let mut want = WordHasher::default();
        want.mix(u64::from_le_bytes(*b"abcdefgh"));
        want.mix(u64::from_le_bytes([b'i', b'j', b'j', 0, 0, 0, 0, 0]) ^ 2 << 59);
        assert_eq!(hash(b"abcdefghij"), want.finish());
        let mut want = WordHasher::default();
        want.mix(u64::from_le_bytes(*b"pariaris") ^ 5 << 59);
        assert_eq!(hash(b"paris"), want.finish());
        // Changing any one byte of a short word changes its hash.
        for n in 1..=7 {
            let word = &b"abcdefg"[..n];
            for i in 0..n {
                let mut other = word.to_vec();
                other[i] = b'z';
                assert_ne!(hash(word), hash(&other), "{n} bytes, byte {i}");
            }
        }
        let words = [
            "a",
            "ab",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "Paris",
            "paris",
        ];
        for (i, x) in words.iter().enumerate() {
            for y in &words[i + 1..] {
                assert_ne!(hash(x.as_bytes()), hash(y.as_bytes()), "{x} {y}");
            }
        }
    }

    #[test]
    fn byte_flags_mark_each_byte_by_its_class() {
        // Every byte value at every place of texts of every length up to 17, read word by word.
        for len in 1..=17usize {
            for value in 0..=255u8 {
                for at in 0..len {
                    let mut bytes: Vec<u8> = (0..len).map(|i| b"a ,\t9Z\xC3\x80-"[i % 9]).collect();
                    bytes[at] = value;
                    for start in (0..len).step_by(8) {
                        let (x, valid) = word_at(&bytes, start);
                        let f = ByteFlags::of(x);
                        let word = &bytes[start..len.min(start + 8)];
                        let flags = |class: fn(u8) -> bool| {
                            word.iter()
                                .enumerate()
                                .fold(0u64, |m, (i, &b)| m | u64::from(class(b)) << (8 * i + 7))
                        };
                        assert_eq!(valid, flags(|_| true), "{bytes:?} {start}");
                        let got = ByteFlags {
                            space: f.space & valid,
                            comma: f.comma & valid,
                            alnum: f.alnum & valid,
                            high: f.high & valid,
                        };
                        let want = ByteFlags {
                            space: flags(is_ascii_space),
                            comma: flags(|b| b == b','),
                            alnum: flags(|b| b.is_ascii_alphanumeric()),
                            high: flags(|b| b >= 0x80),
                        };
                        assert_eq!(got, want, "{bytes:?} {start}");
                        let spaces = word.iter().filter(|&&b| is_ascii_space(b)).count();
                        assert_eq!(count_flags(got.space), spaces as u32);
                    }
                }
            }
        }
    }

    #[test]
    fn capped_word_counts_stop_just_past_the_cap() {
        let text = "One, two \u{e9}t\u{e9} -- four\u{a0}five six";
        let full = word_count(text);
        assert_eq!(full, 6);
        for cap in 0..8 {
            let capped = word_count_capped(text, cap);
            assert!(
                if full > cap {
                    capped > cap
                } else {
                    capped == full
                },
                "cap {cap}"
            );
        }
        // Past a block of 32 bytes too.
        let long = "one two three four five six seven eight nine ten eleven twelve";
        assert_eq!(word_count_capped(long, 100), 12);
        assert!(word_count_capped(long, 2) > 2);
    }

    #[test]
    fn word_counts_agree_with_split_whitespace() {
        for text in [
            "",
            "  ",
            "one",
            " a b\tc\nd\x0be\x0cf\rg  ",
            "a  b",
            "x\u{a0}y \u{2003} z",
        ] {
            for n in 0..8 {
                let want = text.split_whitespace().nth(n).is_some();
                assert_eq!(field_count_capped(text, n) > n, want, "{text:?} {n}");
            }
        }
        // Long texts, cut at every place relative to the counter's 32-byte blocks.
        let pieces = [
            " ",
            "  ",
            "word",
            "a",
            "\t",
            "\n",
            "xy.",
            "\r\n",
            "longerword",
            "\u{a0}",
            "\u{2003}",
            "\u{3000}",
            "\u{85}",
            "caf\u{e9}",
            "\u{2019}",
            "\u{201c}q\u{201d}",
            "\u{1f600}",
            "\u{1680}",
            "\u{202f}",
        ];
        for (k, parts) in part_lists(&pieces, 7, 3000).iter().enumerate() {
            let text = parts.concat().repeat(k % 40 + 1);
            let count = text.split_whitespace().count();
            for n in [count.saturating_sub(1), count, count + 1, k % 90] {
                assert_eq!(field_count_capped(&text, n) > n, count > n, "{text:?} {n}");
            }
        }
    }

    #[test]
    fn every_character_is_a_space_or_not_as_split_whitespace_says() {
        // Each character between two letters, at every place across a block boundary for the
        // spaces, at one place straddling it for every other character.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let pads: Vec<usize> = if c.is_whitespace() {
                (0..40).collect()
            } else {
                vec![31]
            };
            for pad in pads {
                let text = format!("{}{c}b{c}", "a".repeat(pad));
                assert_eq!(
                    field_count(&text),
                    text.split_whitespace().count(),
                    "U+{:04X} after {pad}",
                    u32::from(c)
                );
            }
        }
    }

    #[test]
    fn word_counts_match_their_definition_at_every_offset() {
        let by_definition = |t: &str| {
            t.split_whitespace()
                .filter(|f| f.chars().any(char::is_alphanumeric))
                .count()
        };
        // Runs that start or end with punctuation, hold none but punctuation, or start with a
        // letter outside ASCII, placed at every offset across a block boundary.
        let pieces = [
            "word",
            "\u{201c}Quoted\u{201d}",
            "--",
            "\u{2014}",
            "(a)",
            "\u{e9}t\u{e9}",
            "\u{2022}",
            "x-y",
            "1.5",
            "\u{1f600}",
            "'",
            "\u{a0}",
            "\u{3000}",
            "\u{65e5}\u{672c}",
        ];
        for p in pieces {
            for q in pieces {
                for at in 0..40 {
                    for gap in [" ", "\t", "\u{a0}"] {
                        let t =
                            format!("{}{gap}{p}{gap}{q} {}", "a ".repeat(at / 2), "b".repeat(at));
                        assert_eq!(word_count(&t), by_definition(&t), "{t:?}");
                        let u = &t[at / 2 * 2..];
                        assert_eq!(word_count(u), by_definition(u), "{u:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn field_counts_match_split_whitespace() {
        for text in [
            "",
            " ",
            "a",
            " a  b\tc\n",
            "x,y -- z ",
            "\u{a0}é b",
            "\u{b}q\u{c}",
        ] {
            assert_eq!(
                field_count(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn snippet_is_the_shortened_collapsed_text() {
        let long = "word\u{a0} and  more ".repeat(40);
        for (parts, max) in [
            (vec!["a", " b"], 160),
            (vec![long.as_str(), "tail"], 160),
            (vec![long.as_str()], 10),
            (vec!["exactly10c"], 10),
            (vec!["exactly10c", "x"], 10),
            (vec!["  ", "éé ", " é"], 3),
        ] {
            assert_eq!(
                snippet(parts.iter().copied(), max),
                shorten(&collapse_parts(parts.iter().copied()), max),
                "{parts:?}"
            );
        }
    }

    #[test]
    fn shorten_marks_the_cut() {
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(shorten("abc", 4), "abc");
    }

    #[test]
    fn overlap_of_reworded_lead() {
        let a = "Russian and US officials will meet in Saudi Arabia on Tuesday";
        let b = "Top Russian and US officials will meet in Saudi Arabia on Tuesday to talk";
        assert!(overlap(a, b) > 0.9);
        assert!(overlap(a, "Completely different words here") < 0.2);
    }

    #[test]
    fn pairs_never_rule_out_a_real_substring() {
        let hay = "join our whatsapp channel — l’appli «news» 2024";
        let pairs = Pairs::of(hay);
        for i in 0..hay.len() {
            for j in i..=hay.len() {
                if let Some(sub) = hay.get(i..j) {
                    assert!(pairs.may_contain(&Pairs::of(sub)), "{sub}");
                }
            }
        }
        assert!(!pairs.may_contain(&Pairs::of("subscribe")));
    }

    #[test]
    fn blank_is_trimmed_to_nothing() {
        for t in [
            "",
            " ",
            "\n\t  ",
            "a",
            " a ",
            "\u{a0}",
            " \u{2003}\n",
            " \u{a0}x",
            "\u{e9}",
            " ,",
        ] {
            assert_eq!(is_blank(t), t.trim().is_empty(), "{t:?}");
        }
    }

    #[test]
    fn plain_runs_stop_at_spaces_controls_and_non_ascii() {
        assert_eq!(plain_run(b"abc def", 0), 3);
        assert_eq!(plain_run(b"abc def", 3), 0);
        assert_eq!(plain_run(b"ab\x01c", 0), 2);
        assert_eq!(plain_run("ab\u{e9}".as_bytes(), 0), 2);
        assert_eq!(plain_run(b"xyz", 1), 2);
        assert_eq!(char_at("a\u{e9}b", 1), ('\u{e9}', 2));
    }

    #[test]
    fn decimals_read_sizes_and_densities() {
        for (s, v) in [
            ("300", 300.0),
            ("1.5", 1.5),
            (".75", 0.75),
            ("-2", -2.0),
            ("+4.", 4.0),
        ] {
            assert_eq!(decimal(s), Some(v), "{s}");
        }
        for s in [
            "", ".", "-", "1e3", "inf", "NaN", "12px", "1.2.3", " 5", "٣",
        ] {
            assert_eq!(decimal(s), None, "{s}");
        }
        // Agrees with the standard parser on plain decimals.
        for s in ["0.1", "2.675", "1920", "0.333333333333"] {
            let std: f64 = s.parse().unwrap();
            assert_eq!(decimal(s), Some(std), "{s}");
        }
    }

    #[test]
    fn word_count_ignores_punctuation() {
        assert_eq!(word_count("Hello , world — 42"), 3);
        for text in [
            "",
            " - ",
            "a-b c,\u{a0}d",
            "日本 語。 ,x, —",
            "\u{3000}élan\u{2003}...",
            "\u{1}a\u{7f} b\u{b}",
            "  x  y\t\tz  ,, 9",
        ] {
            let plain = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(word_count(text), plain, "{text:?}");
        }
    }
}
