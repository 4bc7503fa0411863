//! Small text helpers shared by the stages.

/// Collapses every whitespace run (including no-break spaces) to one space and trims.
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
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
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Lower-case word tokens, punctuation stripped, for similarity measures.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Share of the shorter text's distinct words that the other text also has (0 to 1).
pub fn overlap(a: &str, b: &str) -> f64 {
    use std::collections::HashSet;
    let ta: HashSet<String> = tokens(a).into_iter().collect();
    let tb: HashSet<String> = tokens(b).into_iter().collect();
    let small = ta.len().min(tb.len());
    if small == 0 {
        return 0.0;
    }
    ta.intersection(&tb).count() as f64 / small as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_trims_and_joins() {
        assert_eq!(collapse(" a\u{a0}\n b  "), "a b");
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
    fn word_count_ignores_punctuation() {
        assert_eq!(word_count("Hello , world — 42"), 3);
    }
}
