//! Small text helpers shared by the stages.

/// Collapses every whitespace run (including no-break spaces) to one space and trims.
pub fn collapse(text: &str) -> String {
    collapse_parts(std::iter::once(text))
}

/// [`collapse`] of the concatenation of `parts` (such as the text nodes of an element),
/// without building the concatenation first.
pub fn collapse_parts<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    // A space is owed before the next word (a word may continue across parts).
    let mut gap = false;
    for part in parts {
        out.reserve(part.len());
        for word in part.split_inclusive(char::is_whitespace) {
            let trimmed = word.trim_end_matches(char::is_whitespace);
            if !trimmed.is_empty() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(trimmed);
                gap = false;
            }
            if trimmed.len() < word.len() {
                gap = true;
            }
        }
    }
    out
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
    let mut count = 0;
    // Whether the current word has been counted (it holds a letter or digit).
    let mut counted = false;
    for c in text.chars() {
        if c.is_whitespace() {
            counted = false;
        } else if !counted && c.is_alphanumeric() {
            count += 1;
            counted = true;
        }
    }
    count
}

/// Share of the shorter text's distinct words that the other text also has (0 to 1).
pub fn overlap(a: &str, b: &str) -> f64 {
    overlap_of(&TokenSet::new(a), &TokenSet::new(b))
}

/// The distinct lower-case word tokens of a text (punctuation stripped; sorted, borrowed where
/// already lower-case), for [`overlap_of`].
pub struct TokenSet<'a>(Vec<std::borrow::Cow<'a, str>>);

impl<'a> TokenSet<'a> {
    /// The distinct tokens of `text`.
    pub fn new(text: &'a str) -> TokenSet<'a> {
        let mut v: Vec<std::borrow::Cow<'a, str>> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                if w.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
                    std::borrow::Cow::Borrowed(w)
                } else {
                    std::borrow::Cow::Owned(w.to_lowercase())
                }
            })
            .collect();
        v.sort_unstable();
        v.dedup();
        TokenSet(v)
    }
}

/// [`overlap`] of two texts whose token sets are already made.
pub fn overlap_of(ta: &TokenSet<'_>, tb: &TokenSet<'_>) -> f64 {
    let (a, b) = (&ta.0, &tb.0);
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    // Both sorted and distinct: count the common tokens in one merge.
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / small as f64
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
    fn word_count_ignores_punctuation() {
        assert_eq!(word_count("Hello , world — 42"), 3);
        for text in [
            "",
            " - ",
            "a-b c,\u{a0}d",
            "日本 語。 ,x, —",
            "\u{3000}élan\u{2003}...",
        ] {
            let plain = text
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            assert_eq!(word_count(text), plain, "{text:?}");
        }
    }
}
