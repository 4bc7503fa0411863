//! The key-facts word lists (`rules/facts.json`), prepared once per process for lookup.

use crate::rules::{self, Rule};
use std::sync::OnceLock;

pub use crate::text::{WordHashMap as HashMap, WordHashSet as HashSet};

/// A quick "certainly not listed" test run before lower-casing and hashing a word: one bit
/// per (length, first byte, last byte) of the lower-case ASCII entries. An ASCII word lower-cases
/// to ASCII, so it can only be one of those; a word with other letters is always looked up.
/// Most words of an article fail it, so most lookups cost a few instructions.
pub struct Prefilter {
    bits: [u64; 64],
}

impl Prefilter {
    fn new<'k>(keys: impl IntoIterator<Item = &'k str>) -> Prefilter {
        let mut filter = Prefilter { bits: [0; 64] };
        for i in keys.into_iter().filter_map(Prefilter::slot) {
            filter.bits[i >> 6] |= 1 << (i & 63);
        }
        filter
    }

    /// The bit of a word's ASCII lower case, or `None` when the word is empty or not ASCII.
    #[inline]
    fn slot(word: &str) -> Option<usize> {
        let b = word.as_bytes();
        let (&first, &last) = (b.first()?, b.last()?);
        if !word.is_ascii() {
            return None;
        }
        let key = (b.len().min(63) as u32) << 16
            | u32::from(first.to_ascii_lowercase()) << 8
            | u32::from(last.to_ascii_lowercase());
        Some((key.wrapping_mul(0x9E37_79B1) >> 20) as usize)
    }

    /// False when `word` (any case) is certainly not among the entries.
    #[inline]
    pub fn may_hold(&self, word: &str) -> bool {
        // A word that is not ASCII is always looked up (a few letters lower-case to ASCII).
        Prefilter::slot(word).is_none_or(|i| self.bits[i >> 6] & (1 << (i & 63)) != 0)
    }
}

/// One word list: its rule id and its entries, lower-cased for lookup.
pub struct List {
    rule: &'static Rule,
    words: HashSet<String>,
    filter: Prefilter,
    /// The longest entry, in words (phrase lists are matched over that many tokens at most).
    pub longest: usize,
    /// This list's bit in a word's remembered answers (see [`Memo`]).
    slot: u32,
    /// Entries written in capitals that are also a common word ("WHO", "UN"): these match
    /// only a word without small letters, never "Who" starting a question or French "Un".
    cased: HashSet<String>,
}

impl List {
    fn new(rule: &'static Rule, slot: u32) -> List {
        assert!(
            slot < Memo::FIRST_TEST,
            "too many word lists for the memo bits"
        );
        let entries = rule.words.iter().chain(rule.phrases.iter());
        let words: HashSet<String> = entries.map(|w| w.to_lowercase()).collect();
        let longest = words
            .iter()
            .map(|w| w.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let filter = Prefilter::new(words.iter().map(String::as_str));
        List {
            rule,
            words,
            filter,
            longest,
            slot,
            cased: HashSet::default(),
        }
    }

    /// The bit that remembers this list's answer for a word.
    pub fn slot(&self) -> u32 {
        self.slot
    }

    /// Whether `word` (any case) is on the list; notes the rule when it is.
    pub fn has(&self, word: &str) -> bool {
        let hit = self.filter.may_hold(word)
            && with_lower(word, |w| {
                self.words.contains(w)
                    && (self.cased.is_empty()
                        || !self.cased.contains(w)
                        || !word.chars().any(char::is_lowercase))
            });
        if hit {
            rules::note(&self.rule.id);
        }
        hit
    }
}

/// Calls `f` with `word` in lower case, without allocating for short ASCII words (the common
/// case: these lookups run for every word of the article).
fn with_lower<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let ascii = word.is_ascii();
    let ascii_capital = word.bytes().any(|b| b.is_ascii_uppercase());
    if ascii && !ascii_capital {
        return f(word);
    }
    let mut buf = [0u8; 48];
    if ascii && word.len() <= buf.len() {
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        // ASCII stays valid UTF-8 after lower-casing.
        return f(std::str::from_utf8(bytes).unwrap_or_default());
    }
    // Most other words hold no capital either ("don’t", "café"): no copy is made for them.
    let unchanged = |c: char| {
        let mut lower = c.to_lowercase();
        lower.len() == 1 && lower.next() == Some(c)
    };
    if !ascii_capital && word.chars().filter(|c| !c.is_ascii()).all(unchanged) {
        return f(word);
    }
    f(&word.to_lowercase())
}

/// A list of `entry:value` pairs (month and weekday names, relative date offsets).
pub struct Table {
    id: &'static str,
    values: HashMap<String, &'static str>,
    filter: Prefilter,
    /// The first word of every entry (phrases are only tried where one starts).
    firsts: HashSet<String>,
    /// The longest entry, in words.
    pub longest: usize,
}

impl Table {
    fn new(rule: &'static Rule) -> Table {
        let mut values = HashMap::default();
        for entry in rule.words.iter().chain(rule.phrases.iter()) {
            if let Some((k, v)) = entry.rsplit_once(':') {
                values.insert(k.to_lowercase(), v);
            }
        }
        let longest = values
            .keys()
            .map(|w| w.split_whitespace().count())
            .max()
            .unwrap_or(1);
        let firsts = values
            .keys()
            .filter_map(|k| k.split_whitespace().next())
            .map(str::to_string)
            .collect();
        let filter = Prefilter::new(values.keys().map(String::as_str));
        Table {
            id: &rule.id,
            values,
            filter,
            firsts,
            longest,
        }
    }

    /// Whether some entry starts with the word `lower` (lower case).
    pub fn starts(&self, lower: &str) -> bool {
        self.firsts.contains(lower)
    }

    /// The value of `key` (any case), noting the rule when it is found.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        if !self.filter.may_hold(key) {
            return None;
        }
        let v = with_lower(key, |k| self.values.get(k).copied());
        if v.is_some() {
            rules::note(self.id);
        }
        v
    }
}

/// What has been asked about one distinct word of an article, and the answers: bit `n` of
/// `asked` says whether test `n` ran, the same bit of `yes` what it said. Tests `0..FIRST_TEST`
/// are the word lists (by [`List::slot`]); the others are the composite tests below. Each test
/// depends on the word's text alone, so one answer serves every occurrence.
#[derive(Default, Clone, Copy)]
pub struct Memo {
    asked: u64,
    yes: u64,
}

impl Memo {
    /// The first bit not used by a word list.
    pub const FIRST_TEST: u32 = 56;
    /// [`Lists::date_start`].
    pub const DATE_START: u32 = 56;
    /// A month or weekday name (a capital that is not a name).
    pub const DATE_WORD: u32 = 57;
    /// A role or honorific, maybe after an organization and a hyphen.
    pub const ROLE_WORD: u32 = 58;
    /// [`Lists::known_place`].
    pub const KNOWN_PLACE: u32 = 59;
    /// A wire agency's name ([`Lists::wire`]).
    pub const WIRE: u32 = 60;
    /// A small letter before a capital, not after a name prefix (`entities::camel`).
    pub const CAMEL: u32 = 61;

    /// The remembered answer of test `bit`, if it was asked.
    pub fn get(self, bit: u32) -> Option<bool> {
        (self.asked >> bit & 1 == 1).then_some(self.yes >> bit & 1 == 1)
    }

    /// Remembers that test `bit` answered `yes`.
    pub fn set(&mut self, bit: u32, yes: bool) {
        self.asked |= 1 << bit;
        self.yes |= u64::from(yes) << bit;
    }
}

/// Every key-facts list.
pub struct Lists {
    pub abbreviations: List,
    /// Words before a name that tie a speaker to it ("X of Ravenna said").
    pub affiliation: List,
    /// Month names that are also common words.
    pub ambiguous_months: List,
    /// "the", before a body named by its kind ("the energy ministry").
    pub articles: List,
    /// Words before a month name that make it a date.
    pub month_leads: List,
    /// Abbreviations that take a number ("No. 5").
    pub number_abbreviations: List,
    /// Words narrowing a month or year ("early", "mid").
    pub period_modifiers: List,
    /// Words naming a year before its number ("fiscal 2024").
    pub year_leads: List,
    /// Words moving a date by years from the published one (`word:years`).
    pub year_shifts: Table,
    /// Words that make the name after them what something is of ("Port of Calder").
    pub place_of: List,
    /// Words joining two numbers into a range.
    pub range_links: List,
    /// Words before a weekday that belong to the date phrase.
    pub weekday_leads: List,
    /// Words before a name that make it a workplace ("analysts at Halvard").
    pub workplace: List,
    /// Photo-credit phrases, lower case, each with the bytes a text needs to hold it.
    pub caption_marks: Vec<(String, Box<[u8]>)>,
    pub caption_id: &'static str,
    pub camel_prefixes: List,
    pub cities: List,
    /// Words that join names into a list ("Lake Erie and Lake Ontario").
    pub conjunctions: List,
    pub connectors: List,
    pub countries: List,
    pub currencies: List,
    pub demonyms: List,
    pub future: List,
    pub given_names: List,
    pub headline_minor: List,
    pub holidays: List,
    pub honorifics: List,
    pub legal_forms: List,
    /// Lower-case words a person's name never runs through.
    pub name_breaks: List,
    pub months: Table,
    pub multipliers: List,
    pub not_names: List,
    pub org_common: List,
    pub org_heads: List,
    pub org_known: List,
    pub org_tails: List,
    pub percent: List,
    pub place_heads: List,
    pub place_kinds: List,
    pub place_prepositions: List,
    pub place_tails: List,
    pub regions: List,
    pub relative: Table,
    pub role_modifiers: List,
    pub roles: List,
    pub speech: List,
    pub stopwords: Vec<(&'static str, List)>,
    /// Every common word of every language in `stopwords`, with one bit per language (bit `i`
    /// for `stopwords[i]`): language detection looks each word up once, not once per language.
    stop_index: HashMap<String, u8>,
    stop_filter: Prefilter,
    pub weekdays: Table,
    /// Every word that can start a date phrase (months, weekdays, holidays, relative phrases).
    date_starts: HashSet<String>,
    date_filter: Prefilter,
    /// Wire agencies' names (from the syndication rules), lower-cased, each with its short name.
    pub wires: HashMap<String, String>,
}

fn rule(section: &str, id: &str) -> &'static Rule {
    static EMPTY: OnceLock<Rule> = OnceLock::new();
    rules::builtin()
        .section("facts", section)
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| EMPTY.get_or_init(Rule::default))
}

/// The lists, built on first use.
pub fn lists() -> &'static Lists {
    static LISTS: OnceLock<Lists> = OnceLock::new();
    LISTS.get_or_init(|| {
        let next = std::cell::Cell::new(0);
        let l = |s: &str, id: &str| {
            next.set(next.get() + 1);
            List::new(rule(s, id), next.get() - 1)
        };
        let t = |s: &str, id: &str| Table::new(rule(s, id));
        let captions = rule("text", "facts.caption_marks");
        let wires = rules::builtin()
            .section("syndication", "wires")
            .iter()
            .filter_map(|r| {
                let short = r.wire.clone()?;
                Some(
                    r.phrases
                        .iter()
                        .map(move |p| (p.to_lowercase(), short.clone())),
                )
            })
            .flatten()
            .collect();
        let months = t("dates", "facts.date_months");
        let weekdays = t("dates", "facts.date_weekdays");
        let relative = t("dates", "facts.date_relative");
        let holidays = l("dates", "facts.date_holidays");
        let date_starts: HashSet<String> = months
            .values
            .keys()
            .chain(weekdays.values.keys())
            .chain(relative.firsts.iter())
            .chain(holidays.words.iter())
            .filter_map(|k| k.split_whitespace().next())
            .map(str::to_string)
            .collect();
        let mut built = Lists {
            date_filter: Prefilter::new(date_starts.iter().map(String::as_str)),
            date_starts,
            abbreviations: l("text", "facts.abbreviations"),
            affiliation: l("quotes", "facts.affiliation_prepositions"),
            ambiguous_months: l("dates", "facts.date_ambiguous_months"),
            articles: l("entities", "facts.definite_articles"),
            month_leads: l("dates", "facts.date_month_leads"),
            number_abbreviations: l("text", "facts.number_abbreviations"),
            period_modifiers: l("dates", "facts.date_period_modifiers"),
            year_leads: l("dates", "facts.date_year_leads"),
            year_shifts: t("dates", "facts.date_year_shifts"),
            place_of: l("entities", "facts.place_of"),
            range_links: l("numbers", "facts.range_links"),
            weekday_leads: l("dates", "facts.date_weekday_leads"),
            workplace: l("entities", "facts.workplace_prepositions"),
            caption_marks: captions
                .phrases
                .iter()
                .map(|p| {
                    let lower = p.to_lowercase();
                    let mut bytes = lower.as_bytes().to_vec();
                    bytes.sort_unstable();
                    bytes.dedup();
                    (lower, bytes.into())
                })
                .collect(),
            caption_id: &captions.id,
            camel_prefixes: l("entities", "facts.camel_name_prefixes"),
            cities: l("entities", "facts.cities"),
            conjunctions: l("entities", "facts.conjunctions"),
            connectors: l("entities", "facts.connectors"),
            countries: l("entities", "facts.countries"),
            currencies: l("numbers", "facts.currencies"),
            demonyms: l("entities", "facts.demonyms"),
            future: l("dates", "facts.date_future"),
            given_names: l("people", "facts.given_names"),
            headline_minor: l("text", "facts.headline_minor_words"),
            holidays,
            honorifics: l("people", "facts.honorifics"),
            legal_forms: l("entities", "facts.legal_forms"),
            name_breaks: l("entities", "facts.name_breaks"),
            months,
            multipliers: l("numbers", "facts.multipliers"),
            not_names: l("entities", "facts.not_names"),
            org_common: l("entities", "facts.org_common"),
            org_heads: l("entities", "facts.org_heads"),
            org_known: l("entities", "facts.org_known"),
            org_tails: l("entities", "facts.org_tails"),
            percent: l("numbers", "facts.percent"),
            place_heads: l("entities", "facts.place_heads"),
            place_kinds: l("entities", "facts.place_kinds"),
            place_prepositions: l("entities", "facts.place_prepositions"),
            place_tails: l("entities", "facts.place_tails"),
            regions: l("entities", "facts.regions"),
            relative,
            role_modifiers: l("people", "facts.role_modifiers"),
            roles: l("people", "facts.roles"),
            speech: l("quotes", "facts.speech_verbs"),
            stopwords: ["de", "en", "es", "fr"]
                .into_iter()
                .map(|lang| {
                    let id = format!("facts.lang_{lang}");
                    (lang, l("language", &id))
                })
                .collect(),
            weekdays,
            wires,
            stop_index: HashMap::default(),
            stop_filter: Prefilter::new([]),
        };
        assert!(built.stopwords.len() <= 8, "one bit per language in a u8");
        let mut index: HashMap<String, u8> = HashMap::default();
        for (bit, (_, list)) in built.stopwords.iter().enumerate() {
            for w in &list.words {
                *index.entry(w.clone()).or_default() |= 1 << bit;
            }
        }
        built.stop_filter = Prefilter::new(index.keys().map(String::as_str));
        // Names written in capitals that are also a common word match only in capitals.
        for list in [
            &mut built.org_known,
            &mut built.countries,
            &mut built.cities,
            &mut built.regions,
        ] {
            let entries = list.rule.words.iter().chain(list.rule.phrases.iter());
            list.cased = entries
                .filter(|w| w.chars().any(char::is_uppercase) && !w.chars().any(char::is_lowercase))
                .map(|w| w.to_lowercase())
                .filter(|w| index.contains_key(w))
                .collect();
        }
        built.stop_index = index;
        built
    })
}

impl Lists {
    /// Which languages of `stopwords` list `word` (any case) as a common word: bit `i` for
    /// `stopwords[i]`. Notes each of those lists' rules.
    pub fn stopword_languages(&self, word: &str) -> u8 {
        if !self.stop_filter.may_hold(word) {
            return 0;
        }
        let bits = with_lower(word, |w| self.stop_index.get(w).copied()).unwrap_or(0);
        for (i, (_, list)) in self.stopwords.iter().enumerate() {
            if bits >> i & 1 == 1 {
                rules::note(&list.rule.id);
            }
        }
        bits
    }

    /// The common words of language `lang`, if we have them.
    pub fn stopwords(&self, lang: Option<&str>) -> Option<&List> {
        let lang = lang?;
        self.stopwords
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, list)| list)
    }

    /// Whether `name` is a known place (country, city or region), any case.
    pub fn known_place(&self, name: &str) -> bool {
        self.countries.has(name) || self.cities.has(name) || self.regions.has(name)
    }

    /// The short name of the wire agency `name` names, if it names one.
    pub fn wire(&self, name: &str) -> Option<&str> {
        with_lower(name, |n| self.wires.get(n)).map(String::as_str)
    }

    /// Whether `word` (any case) can start a date phrase: a month, a weekday, a
    /// holiday or the first word of a relative phrase.
    pub fn date_start(&self, word: &str) -> bool {
        // (Lower-casing neither makes nor removes a stop, so the stop goes first.)
        let word = word.trim_end_matches('.');
        self.date_filter.may_hold(word)
            && with_lower(word, |lower| self.date_starts.contains(lower))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_word_index_answers_as_each_language_list() {
        let l = lists();
        let mut words: Vec<String> = l
            .stopwords
            .iter()
            .flat_map(|(_, list)| list.words.iter().cloned())
            .collect();
        words.extend(["The", "DER", "Über", "él", "zebra", "", "l'"].map(String::from));
        let mut shared = 0;
        for w in &words {
            let bits = l.stopword_languages(w);
            for (i, (code, list)) in l.stopwords.iter().enumerate() {
                assert_eq!(bits >> i & 1 == 1, list.has(w), "{w:?} in {code}");
            }
            shared += usize::from(bits.count_ones() > 1);
        }
        // Some words are common to several languages ("de", "la"); each keeps all its bits.
        assert!(shared > 0);
    }

    #[test]
    fn a_name_in_capitals_that_is_also_a_common_word_matches_only_in_capitals() {
        let l = lists();
        assert!(l.org_known.has("WHO") && l.org_known.has("UN"));
        // "Who are you?", French "Un": the common words, not the organizations.
        for word in ["Who", "who", "Un", "un"] {
            assert!(!l.org_known.has(word), "{word}");
        }
        // Other acronyms still match in any case ("Nato", as British papers write it).
        assert!(l.org_known.has("NATO") && l.org_known.has("Nato"));
    }

    #[test]
    fn words_are_looked_up_in_their_lower_case() {
        for word in [
            "",
            "plain",
            "Capital",
            "don\u{2019}t",
            "caf\u{e9}",
            "CAF\u{c9}",
            "\u{39f}\u{394}\u{39f}\u{3a3}",
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}",
            "\u{130}stanbul",
            "\u{1c5}ivko",
            "\u{2160}\u{2161}",
            "\u{635}\u{648}\u{631}\u{629}",
            &"Long".repeat(20),
        ] {
            assert_eq!(
                with_lower(word, str::to_string),
                word.to_lowercase(),
                "{word}"
            );
        }
    }

    #[test]
    fn prefilter_passes_every_entry_in_any_case_and_rejects_most_others() {
        let keys = ["paris", "new delhi", "gaza", "x"];
        let f = Prefilter::new(keys);
        for k in keys {
            assert!(f.may_hold(k) && f.may_hold(&k.to_uppercase()), "{k}");
        }
        // Not ASCII: always looked up.
        assert!(f.may_hold("Zürich"));
        let others = [
            "the", "said", "minister", "Tuesday", "percent", "police", "of",
        ];
        assert!(others.iter().filter(|w| f.may_hold(w)).count() <= 1);
        // Entries in other letters are found by any spelling that is not plain ASCII.
        let f = Prefilter::new(["köln", "kelvin"]);
        assert!(f.may_hold("KÖLN") && f.may_hold("\u{212A}elvin") && !f.may_hold("koln"));
    }

    #[test]
    fn memo_keeps_each_answer_apart() {
        let mut m = Memo::default();
        assert_eq!(m.get(0), None);
        m.set(0, true);
        m.set(Memo::KNOWN_PLACE, false);
        m.set(63, true);
        assert_eq!(m.get(0), Some(true));
        assert_eq!(m.get(Memo::KNOWN_PLACE), Some(false));
        assert_eq!(m.get(63), Some(true));
        assert_eq!(m.get(1), None);
        assert_eq!(m.get(Memo::DATE_START), None);
    }

    #[test]
    fn lists_have_distinct_slots_below_the_tests() {
        let l = lists();
        let mut slots: Vec<u32> = [&l.cities, &l.countries, &l.roles, &l.speech, &l.holidays]
            .iter()
            .map(|x| x.slot())
            .collect();
        slots.extend(l.stopwords.iter().map(|(_, x)| x.slot()));
        assert!(slots.iter().all(|&s| s < Memo::FIRST_TEST));
        let n = slots.len();
        slots.sort_unstable();
        slots.dedup();
        assert_eq!(slots.len(), n);
    }

    #[test]
    fn every_list_still_finds_its_own_entries() {
        let l = lists();
        for list in [
            &l.cities,
            &l.countries,
            &l.org_known,
            &l.roles,
            &l.connectors,
        ] {
            // Each entry as written, and in lower case unless it is a name in capitals that
            // is also a common word.
            for w in list.rule.words.iter().chain(&list.rule.phrases) {
                assert!(list.has(w), "{w}");
                let lower = w.to_lowercase();
                assert_eq!(list.has(&lower), !list.cased.contains(&lower), "{lower}");
            }
        }
    }
}
