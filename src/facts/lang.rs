//! Which language the article is written in: the page's own declaration, else its script,
//! else which language's common words it uses most.

use super::lists::lists;

/// The primary language code (`en`, `fr`, `ar`, …), if it can be told.
pub fn detect(declared: Option<&str>, text: &str) -> Option<String> {
    if let Some(code) = declared
        .and_then(|d| d.split(['-', '_']).next())
        .map(str::trim)
        .filter(|c| (2..=3).contains(&c.len()) && c.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Some(code.to_ascii_lowercase());
    }
    let sample = &text[..super::sentences::floor(text, 4000)];
    if let Some(code) = by_script(sample) {
        return Some(code.to_string());
    }
    let l = lists();
    let words: Vec<&str> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(400)
        .collect();
    // Each word is looked up once, in the index of every language's common words.
    let mut counts = vec![0usize; l.stopwords.len()];
    for w in &words {
        let bits = l.stopword_languages(w);
        for (i, n) in counts.iter_mut().enumerate() {
            *n += usize::from(bits >> i & 1);
        }
    }
    let (code, hits) = l
        .stopwords
        .iter()
        .zip(counts)
        .map(|((code, _), hits)| (*code, hits))
        .max_by_key(|&(_, hits)| hits)?;
    (hits * 8 >= words.len() && hits >= 3).then(|| code.to_string())
}

/// The language a non-Latin script all but names.
fn by_script(sample: &str) -> Option<&'static str> {
    let mut counts = [0usize; 8];
    let mut latin = 0;
    // ASCII letters are Latin, counted without decoding; other characters are decoded.
    let bytes = sample.as_bytes();
    let mut k = 0;
    while k < bytes.len() {
        let b = bytes[k];
        if b < 0x80 {
            latin += usize::from(b.is_ascii_alphabetic());
            k += 1;
            continue;
        }
        let (c, len) = crate::text::char_at(sample, k);
        k += len;
        if !c.is_alphabetic() {
            continue;
        }
        let slot = match c as u32 {
            0x0600..=0x06FF | 0x0750..=0x077F => 0,
            0x0590..=0x05FF => 1,
            0x0400..=0x04FF => 2,
            0x3040..=0x30FF => 3,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => 4,
            0x4E00..=0x9FFF => 5,
            0x0900..=0x097F => 6,
            0x0E00..=0x0E7F => 7,
            _ => {
                latin += 1;
                continue;
            }
        };
        counts[slot] += 1;
    }
    let (slot, &n) = counts.iter().enumerate().max_by_key(|&(_, n)| *n)?;
    if n <= latin {
        return None;
    }
    // Japanese mixes kana with Han characters; Han alone is Chinese.
    let slot = if slot == 5 && counts[3] > 0 { 3 } else { slot };
    Some(["ar", "he", "ru", "ja", "ko", "zh", "hi", "th"][slot])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_language_wins() {
        assert_eq!(detect(Some("en-US"), "Le chat"), Some("en".into()));
        assert_eq!(detect(Some("pt_BR"), ""), Some("pt".into()));
    }

    #[test]
    fn script_and_common_words_tell_the_rest() {
        assert_eq!(
            detect(
                None,
                "\u{0627}\u{0644}\u{0623}\u{0631}\u{062F}\u{0646} \u{064A}\u{0641}\u{062A}\u{062A}\u{062D}"
            ),
            Some("ar".into())
        );
        assert_eq!(detect(None, "東京で雨が降った"), Some("ja".into()));
        assert_eq!(
            detect(
                None,
                "Die Zahl der Ladepunkte ist im Jahr um ein Drittel gestiegen, und es gibt mehr."
            ),
            Some("de".into())
        );
        assert_eq!(
            detect(
                None,
                "Las ventas de bicicletas crecen y son casi un tercio del mercado en la región."
            ),
            Some("es".into())
        );
        assert_eq!(
            detect(
                None,
                "The talks will be held in the city on Tuesday, and the leaders are expected."
            ),
            Some("en".into())
        );
        assert_eq!(detect(None, "12345 67"), None);
    }
}
