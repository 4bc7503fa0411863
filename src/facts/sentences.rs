//! Sentence splitting that survives abbreviations (Mr., U.S., Jan., No.), initials, decimals,
//! quotes that end sentences and wire datelines.

use super::lists::lists;

/// Characters that end a sentence.
fn terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '؟')
}

/// Characters that may follow the end of a sentence and still belong to it.
pub fn closing(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201D}' | '\u{2019}' | '\u{00BB}' | ')' | ']' | '\u{201C}'
    )
}

/// Characters that may open a sentence besides a capital letter.
fn opening(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}' | '\u{2018}' | '\u{00AB}' | '\u{201E}' | '(' | '[' | '¿' | '¡' | '\''
    )
}

/// The first byte of `bytes` that is `.`, `!`, `?` or outside ASCII.
fn next_stop(bytes: &[u8]) -> Option<usize> {
    use crate::text::{HIGH, ONES, zero_bytes as zero};
    let flags = |x: u64| {
        zero(x ^ (ONES * u64::from(b'.')))
            | zero(x ^ (ONES * u64::from(b'!')))
            | zero(x ^ (ONES * u64::from(b'?')))
            | (x & HIGH)
    };
    crate::text::position_by_words(bytes, flags, |b| {
        matches!(b, b'.' | b'!' | b'?') || b >= 0x80
    })
}

/// Sentences of one paragraph, as byte ranges (trimmed of surrounding spaces).
pub fn split(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = skip_space(text, 0);
    let bytes = text.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        // Only an ASCII stop or a character outside ASCII can end a sentence: step over the
        // rest without decoding.
        match next_stop(&bytes[k..]) {
            Some(p) => k += p,
            None => break,
        }
        let (c, len) = crate::text::char_at(text, k);
        let i = k;
        k += len;
        if !terminal(c) || i < start {
            continue;
        }
        // The sentence runs on over further stops and closing quotes or brackets.
        let mut end = k;
        while k < bytes.len() {
            let (d, dl) = crate::text::char_at(text, k);
            if terminal(d) || closing(d) {
                k += dl;
                end = k;
            } else {
                break;
            }
        }
        let next = skip_space(text, end);
        // 3.5, U.S.A, 6.30am: no space, no break (except after an ideographic stop).
        if next == end && end < text.len() && !matches!(c, '。' | '！' | '？') {
            continue;
        }
        if next >= text.len() {
            break;
        }
        let Some(n) = text[next..].chars().next() else {
            break;
        };
        let starts = n.is_uppercase()
            || n.is_numeric()
            || opening(n)
            || (n.is_alphabetic() && !n.is_lowercase());
        if !starts {
            continue;
        }
        if c == '.' && end == i + 1 && !ends_sentence(&text[start..i], &text[next..]) {
            continue;
        }
        push(&mut out, text, start, end);
        start = next;
    }
    push(&mut out, text, start, text.len());
    out
}

fn push(out: &mut Vec<(usize, usize)>, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    let trimmed = slice.trim_end();
    if !trimmed.trim_start().is_empty() {
        let lead = slice.len() - slice.trim_start().len();
        out.push((start + lead, start + trimmed.len()));
    }
}

fn skip_space(text: &str, from: usize) -> usize {
    from + text[from..].len() - text[from..].trim_start().len()
}

/// Whether a full stop after `before` (the sentence so far) ends the sentence, given the text
/// `after` it.
fn ends_sentence(before: &str, after: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '\u{201C}')
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return true;
    }
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    // An initial: "J. K. Rowling".
    if letters == 1
        && word.chars().all(|c| c.is_alphabetic())
        && word.starts_with(char::is_uppercase)
    {
        return false;
    }
    let next_word = &after[..after
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(after.len())];
    // "U.S.", "N.Y.": a sentence ends there only when the next word is one that starts
    // sentences.
    if word.contains('.') && word.chars().all(|c| c.is_alphabetic() || c == '.') {
        return lists().stopwords(Some("en")).is_some_and(|s| {
            next_word.chars().next().is_some_and(char::is_uppercase) && s.has(next_word)
        });
    }
    if lists().abbreviations.has(word) {
        // "No. 5", "Jan. 4" take a number; titles take a name.
        if lists().number_abbreviations.has(word) {
            return !next_word.starts_with(|c: char| c.is_ascii_digit());
        }
        return false;
    }
    true
}

/// Where a wire dateline ends at the start of a paragraph ("NEW DELHI, Mar 4 (PTI) —",
/// "Grenoble (AFP) -"): the offset of the first word of the story itself, or 0.
pub fn dateline_end(text: &str) -> usize {
    let window = &text[..floor(text, 90)];
    let Some(open) = window.find('(') else {
        return 0;
    };
    let Some(close) = window[open..].find(')').map(|c| open + c) else {
        return 0;
    };
    let inner = text[open + 1..close].trim();
    let wire = lists().wire(inner).is_some()
        || (!inner.is_empty()
            && inner.len() <= 12
            && inner.chars().all(|c| c.is_uppercase() || c == ' '));
    let before = &text[..open];
    // A place (and maybe a date) before it, not a sentence.
    if !wire || before.trim().is_empty() || before.split_whitespace().count() > 8 {
        return 0;
    }
    let rest = &text[close + 1..];
    let skipped = rest.len()
        - rest
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, '-' | '—' | '–' | '.' | ':')
            })
            .len();
    close + 1 + skipped
}

/// The largest char boundary at or below `i`.
pub fn floor(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_are_found_at_every_offset() {
        // Every byte value at every offset of a 20-byte text without stops, from every start.
        let plain = b"Abc,def ghi-jkl~mno:";
        let stop = |b: u8| matches!(b, b'.' | b'!' | b'?') || b >= 0x80;
        for b in 0u8..=0xff {
            for at in 0..plain.len() {
                let mut bytes = plain.to_vec();
                bytes[at] = b;
                for start in 0..=at {
                    let want = bytes[start..].iter().position(|&x| stop(x));
                    assert_eq!(next_stop(&bytes[start..]), want, "{b:#x} at {at}");
                }
            }
        }
        assert_eq!(next_stop(b""), None);
    }

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn abbreviations_initials_and_decimals_do_not_split() {
        assert_eq!(
            sentences(
                "Mr. Smith met Dr. J. K. Rowling in the U.S. on Jan. 5 at No. 10 Downing St. \
                 Prices rose 3.5 percent. It was 6.30am. The end."
            ),
            [
                "Mr. Smith met Dr. J. K. Rowling in the U.S. on Jan. 5 at No. 10 Downing St. \
                 Prices rose 3.5 percent.",
                "It was 6.30am.",
                "The end."
            ]
        );
    }

    #[test]
    fn a_dotted_abbreviation_ends_a_sentence_before_a_sentence_word() {
        assert_eq!(
            sentences("Talks were held in the U.S. The next round is in Oslo."),
            ["Talks were held in the U.S.", "The next round is in Oslo."]
        );
        assert_eq!(
            sentences("He moved to Buffalo, N.Y. He stayed. Snow hit N.Y. Governor Hochul spoke."),
            [
                "He moved to Buffalo, N.Y.",
                "He stayed.",
                "Snow hit N.Y. Governor Hochul spoke."
            ]
        );
    }

    #[test]
    fn quotes_end_sentences() {
        assert_eq!(
            sentences(
                "\u{201C}Stay home,\u{201D} said Ann Lee, a forecaster. \u{201C}It is bad.\u{201D} \
                 Roads shut? \u{201C}Yes!\u{201D} she said. \"Go.\" (Later.) Done"
            ),
            [
                "\u{201C}Stay home,\u{201D} said Ann Lee, a forecaster.",
                "\u{201C}It is bad.\u{201D}",
                "Roads shut?",
                "\u{201C}Yes!\u{201D} she said.",
                "\"Go.\"",
                "(Later.)",
                "Done"
            ]
        );
    }

    #[test]
    fn datelines_stay_with_their_sentence() {
        let text = "NEW DELHI, Mar. 4 (PTI) \u{2014} Shares rose. Bonds fell.";
        assert_eq!(
            sentences(text),
            [
                "NEW DELHI, Mar. 4 (PTI) \u{2014} Shares rose.",
                "Bonds fell."
            ]
        );
        assert_eq!(&text[dateline_end(text)..], "Shares rose. Bonds fell.");
        let text = "BUFFALO, N.Y. (AP) \u{2014} A storm hit.";
        assert_eq!(&text[dateline_end(text)..], "A storm hit.");
        assert_eq!(
            dateline_end("Grenoble (AFP) - La station a ferm\u{e9}."),
            17
        );
        assert_eq!(dateline_end("He said (in part) that it was fine."), 0);
    }

    #[test]
    fn other_scripts_split() {
        assert_eq!(
            sentences(
                "\u{0627}\u{0644}\u{0623}\u{0631}\u{062F}\u{0646}. \u{0645}\u{0639}\u{0627}\u{0646}."
            ),
            [
                "\u{0627}\u{0644}\u{0623}\u{0631}\u{062F}\u{0646}.",
                "\u{0645}\u{0639}\u{0627}\u{0646}."
            ]
        );
        assert_eq!(sentences("東京。大阪。"), ["東京。", "大阪。"]);
    }
}
