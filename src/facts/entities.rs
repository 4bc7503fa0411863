//! People, organizations and places, found without a model: capitalised runs of words, cut
//! at titles and roles, classified by gazetteers, name suffixes and the words around them;
//! a later surname resolves to the full name.

use super::lists::{HashMap, HashSet, List, Memo, lists};
use super::tokens::{Doc, Loc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Person,
    Org,
    Place,
}

/// One entity with every place it is mentioned.
#[derive(Debug, Clone)]
pub struct Found {
    pub kind: Kind,
    pub name: String,
    pub role: Option<String>,
    pub mentions: Vec<Loc>,
}

/// Everything found, each kind most important first.
#[derive(Debug, Default)]
pub struct Entities {
    pub people: Vec<Found>,
    pub orgs: Vec<Found>,
    pub places: Vec<Found>,
}

impl Entities {
    /// The person mentioned inside `range` of paragraph `block` nearest to byte `near`.
    pub fn person_in(&self, block: usize, range: (usize, usize), near: usize) -> Option<&Found> {
        self.people
            .iter()
            .flat_map(|p| p.mentions.iter().map(move |m| (p, m)))
            .filter(|(_, m)| m.block == block && m.start >= range.0 && m.end <= range.1)
            .min_by_key(|(_, m)| m.start.abs_diff(near).min(m.end.abs_diff(near)))
            .map(|(p, _)| p)
    }

    /// Every mention of every entity.
    pub fn mentions(&self) -> impl Iterator<Item = &Loc> {
        self.people
            .iter()
            .chain(&self.orgs)
            .chain(&self.places)
            .flat_map(|f| f.mentions.iter())
    }
}

/// A name as read at one place, before mentions are merged.
#[derive(Debug, Clone)]
struct Hit {
    kind: Option<Kind>,
    a: usize,
    b: usize,
    role: Option<String>,
    /// Whether something around it says "person" (role, title, apposition, speech verb).
    person_cue: bool,
    /// Where the name ends, when it is the first part of a word ("Jakarta" of "Jakarta-based").
    cut: Option<usize>,
    /// Read as a place only because of the preposition before it ("in Yahoo" is not).
    weak_place: bool,
    /// Shaped like a person's name, with nothing yet to confirm it.
    maybe_person: bool,
}

impl Hit {
    fn new(kind: Option<Kind>, a: usize, b: usize) -> Hit {
        Hit {
            kind,
            a,
            b,
            role: None,
            person_cue: false,
            cut: None,
            weak_place: false,
            maybe_person: false,
        }
    }

    fn loc(&self, doc: &Doc) -> Loc {
        // "Hanbit Energy Solutions Co." is Hanbit Energy Solutions.
        let legal = self.kind == Some(Kind::Org)
            && self.b > self.a + 1
            && doc.listed(self.b, &lists().legal_forms);
        let mut loc = doc.loc(self.a, if legal { self.b - 1 } else { self.b });
        if let Some(c) = self.cut {
            loc.end = c;
        }
        loc
    }

    fn name(&self, doc: &Doc) -> String {
        let l = self.loc(doc);
        let text = &doc.blocks[l.block][l.start..l.end];
        text.trim_end_matches(['\'', '\u{2019}']).to_string()
    }
}

/// Whether `word` (without spaces) is the last of the space-separated words of `name`, the
/// name holding more than it: `name.rsplit(' ').next() == Some(word)` with a space in `name`,
/// without scanning the name.
fn last_of(name: &str, word: &str) -> bool {
    let n = name.len();
    n > word.len()
        && name.ends_with(word)
        && name.as_bytes()[n - word.len() - 1] == b' '
        && !word.contains(' ')
}

/// Whether `word` (without spaces) is the first of the space-separated words of `name`, the
/// name holding more than it: `name.split(' ').next() == Some(word)` with a space in `name`.
fn first_of(name: &str, word: &str) -> bool {
    name.len() > word.len()
        && name.starts_with(word)
        && name.as_bytes()[word.len()] == b' '
        && !word.contains(' ')
}

fn is_cap(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn all_caps(w: &str) -> bool {
    w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase)
}

/// Title case: a capital then at least one small letter ("Peskov", "McDonald", "Jean-Pierre").
fn title_case(w: &str) -> bool {
    is_cap(w) && w.chars().skip(1).any(char::is_lowercase)
}

/// "JavaScript", "OpenOffice", "PlutoPete": a small letter right before a capital, other than
/// after a name prefix that takes one ("McHugh", "DeSantis", "LaGuardia"), marks a product, a
/// handle or code, not a person or a place.
fn camel(w: &str) -> bool {
    // The current part of the word starts after a hyphen or an apostrophe ("Zhang-Demir").
    let mut part = 0;
    let mut prev = ' ';
    for (i, c) in w.char_indices() {
        if prev.is_lowercase() && c.is_uppercase() && !lists().camel_prefixes.has(&w[part..i]) {
            return true;
        }
        if !c.is_alphanumeric() {
            part = i + c.len_utf8();
        }
        prev = c;
    }
    false
}

fn roman(w: &str) -> bool {
    w.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))
}

fn date_word(w: &str) -> bool {
    let l = lists();
    l.months.get(w.trim_end_matches('.')).is_some() || l.weekdays.get(w).is_some()
}

fn role_word(w: &str) -> bool {
    let l = lists();
    // "BLN-Geschäftsführerin": an organization's name joined to a role.
    let w = w.rsplit('-').next().unwrap_or(w);
    l.roles.has(w) || l.honorifics.has(w.trim_end_matches('.'))
}

/// "B. Anitha Rao": an initial and its stop sit inside a name.
fn initial_gap(doc: &Doc, k: usize) -> bool {
    let w = doc.word(k);
    if k + 1 >= doc.toks.len() || doc.toks[k].sent() != doc.toks[k + 1].sent() {
        return false;
    }
    let gap = doc.gap(k, k + 1);
    // "Hale & Daughters"; "Mr. Smith".
    (gap == " & " && is_cap(doc.word(k + 1)))
        || (gap == ". " && ((w.chars().count() == 1 && is_cap(w)) || lists().honorifics.has(w)))
}

/// Whether the upper-case word at `a` is marked as an organization's short name: in brackets
/// after its full name, after "the", possessive, or saying something.
fn acronym_named(doc: &Doc, a: usize) -> bool {
    let t = doc.toks[a];
    let text = doc.blocks[t.block()];
    let before = text[..t.start()].trim_end();
    let after = &text[t.end()..];
    let sent = &doc.sents[t.sent()];
    before.ends_with('(')
        || after.starts_with(')')
        || after.starts_with(['\'', '\u{2019}'])
        || before.ends_with(" the")
        || before.ends_with("The")
        || (a + 1 < sent.toks.end && doc.adjacent(a) && doc.listed(a + 1, &lists().speech))
}

/// Finds the people, organizations and places of the article. `byline` names are not people
/// of the story.
pub fn find(doc: &Doc, title: Option<&str>, byline: Option<&str>) -> Entities {
    let mut hits: Vec<Hit> = Vec::new();
    for sent in &doc.sents {
        if doc.skip[sent.block] {
            continue;
        }
        let (start, end) = (sent.toks.start, sent.toks.end);
        let mut i = start;
        while i < end {
            if !is_cap(doc.word(i)) || doc.check(i, Memo::DATE_WORD, date_word) {
                // "Berlin (dpa)": an agency named in lower case, in brackets.
                if doc.blocks[sent.block][..doc.toks[i].start()].ends_with('(')
                    && lists().wire(doc.word(i)).is_some()
                {
                    hits.push(Hit::new(Some(Kind::Org), i, i));
                }
                // Scripts without capitals: names the gazetteers know, up to three words.
                let w = doc.word(i);
                if w.starts_with(|c: char| {
                    c.is_alphabetic() && !c.is_lowercase() && !c.is_uppercase()
                }) {
                    for n in (0..3).rev() {
                        let e = i + n;
                        if e < end && (i..e).all(|t| doc.adjacent(t)) {
                            let name = doc.text(i, e);
                            let kind = if lists().known_place(name) {
                                Some(Kind::Place)
                            } else if lists().org_known.has(name) || lists().wire(name).is_some() {
                                Some(Kind::Org)
                            } else {
                                None
                            };
                            if kind.is_some() {
                                hits.push(Hit::new(kind, i, e));
                                break;
                            }
                        }
                    }
                }
                // "the energy ministry", "the city council" (English).
                if i >= start + 2
                    && doc.listed(i - 2, &lists().articles)
                    && doc.english()
                    && doc.listed(i, &lists().org_common)
                    && doc.adjacent(i - 1)
                    && doc.adjacent(i - 2)
                    && doc.word(i - 1).chars().all(char::is_lowercase)
                    && !doc.stopword_at(i - 1)
                {
                    hits.push(Hit::new(Some(Kind::Org), i - 1, i));
                }
                i += 1;
                continue;
            }
            let mut k = i;
            loop {
                if k + 1 >= end || !(doc.adjacent(k) || initial_gap(doc, k)) {
                    break;
                }
                let w = doc.word(k + 1);
                if is_cap(w) && !doc.check(k + 1, Memo::DATE_WORD, date_word) {
                    k += 1;
                    continue;
                }
                // Up to two lower-case connectors inside a name ("Friends of the Lido").
                let mut m = k + 1;
                while m < end && m - k <= 2 && doc.listed(m, &lists().connectors) && doc.adjacent(m)
                {
                    m += 1;
                }
                if m > k + 1
                    && m < end
                    && m - k <= 3
                    && is_cap(doc.word(m))
                    && !doc.check(m, Memo::DATE_WORD, date_word)
                {
                    k = m;
                    continue;
                }
                break;
            }
            read_run(doc, i, k, &mut hits);
            i = k + 1;
        }
    }
    resolve(doc, hits, title, byline)
}

/// Reads one capitalised run `a..=b` into hits.
fn read_run(doc: &Doc, mut a: usize, mut b: usize, hits: &mut Vec<Hit>) {
    let l = lists();
    // "Jakarta-based Nusantara Metals": the place before the hyphen, then the name.
    let w = doc.word(a);
    if let Some((head, tail)) = w.rsplit_once('-') {
        if tail.starts_with(char::is_lowercase) && is_cap(head) {
            if l.known_place(head) {
                let mut h = Hit::new(Some(Kind::Place), a, a);
                h.cut = Some(doc.toks[a].start() + head.len());
                hits.push(h);
            }
            if a == b {
                return;
            }
            a += 1;
        }
    }
    // Wire slugs and shouted headlines: several upper-case words in a row.
    if b > a && (a..=b).all(|t| all_caps(doc.word(t))) && !l.known_place(doc.text(a, b)) {
        return;
    }
    // Leading common words ("The", "In", "La") and trailing connectors are not the name,
    // unless they start a known one ("New Delhi").
    let known = |t: usize| {
        if t == a {
            return doc.check(a, Memo::KNOWN_PLACE, |w| l.known_place(w))
                || doc.listed(a, &l.org_known);
        }
        let s = doc.text(a, t);
        l.known_place(s) || l.org_known.has(s)
    };
    let known_start = (a..=b).any(known);
    while !known_start
        && a <= b
        && (doc.stopword_at(a) || doc.listed(a, &l.connectors))
        && !doc.listed(a, &l.honorifics)
    {
        a += 1;
    }
    while b > a && doc.listed(b, &l.connectors) {
        b -= 1;
    }
    if a > b {
        return;
    }
    // A capital that only the start of a sentence explains is not a name.
    if doc.toks[a].initial && !known_start {
        let w = doc.word(a);
        let known = doc.check(a, Memo::KNOWN_PLACE, |w| l.known_place(w))
            || doc.listed(a, &l.org_known)
            || doc.check(a, Memo::WIRE, |w| l.wire(w).is_some())
            || doc.check(a, Memo::ROLE_WORD, role_word)
            || (all_caps(w) && w.chars().count() >= 2)
            || (a..b)
                .any(|t| doc.check(t, Memo::ROLE_WORD, role_word) || doc.gap(t, t + 1) == " & ")
            || (b > a
                && !doc.seen_lower(w)
                && is_cap(doc.word(a + 1))
                && (doc.listed(b, &l.org_tails) || doc.listed(b, &l.place_tails)));
        let possessive =
            doc.blocks[doc.toks[a].block()][doc.toks[a].end()..].starts_with(['\'', '\u{2019}']);
        let mid = doc.seen_capitalised_mid(w) && !doc.seen_lower(w);
        // "Ann Lee said", "Ann Lee, a teacher": a name that starts its sentence.
        let cue = b > a && !doc.seen_lower(w) && person_context(doc, a, b).1;
        if !known && !mid && !cue && (!possessive || doc.seen_lower(w)) {
            if a == b {
                return;
            }
            a += 1;
            while a < b && doc.listed(a, &l.connectors) {
                a += 1;
            }
        }
    }
    // Wire slugs and shouted headlines: several upper-case words in a row.
    if b > a && (a..=b).all(|t| all_caps(doc.word(t))) && !l.known_place(doc.text(a, b)) {
        return;
    }
    // A title or role inside the run: the name is what follows it.
    if let Some(r) = (a..b)
        .rev()
        .find(|&t| doc.check(t, Memo::ROLE_WORD, role_word))
    {
        // "Mayor Michele de Pascale of Ravenna": the name stops at "of"; "de" belongs to it.
        let e = (r + 1..=b)
            .find(|&t| doc.listed(t, &l.name_breaks))
            .map_or(b, |t| t - 1);
        let name_ok = e > r
            && is_cap(doc.word(r + 1))
            && is_cap(doc.word(e))
            && (r + 1..=e).all(|t| is_cap(doc.word(t)) || doc.listed(t, &l.connectors))
            && e - r <= 4;
        if name_ok {
            let role = doc.text(a, r).to_string();
            let mut p = r;
            while p > a
                && (doc.check(p, Memo::ROLE_WORD, role_word) || doc.listed(p, &l.role_modifiers))
            {
                p -= 1;
            }
            if p < r
                && !doc.check(p, Memo::ROLE_WORD, role_word)
                && !doc.listed(p, &l.role_modifiers)
            {
                read_name(doc, a, p, None, false, hits);
            }
            read_name(doc, r + 1, e, Some(role), true, hits);
            let mut rest = e + 1;
            while rest <= b && !is_cap(doc.word(rest)) {
                rest += 1;
            }
            if rest <= b {
                read_name(doc, rest, b, None, false, hits);
            }
            return;
        }
    }
    read_name(doc, a, b, None, false, hits);
}

/// Classifies the name `a..=b`.
fn read_name(doc: &Doc, a: usize, b: usize, role: Option<String>, cue: bool, hits: &mut Vec<Hit>) {
    let l = lists();
    let full = doc.text(a, b);
    let first = doc.word(a);
    let last = doc.word(b);
    let n = b - a + 1;
    let has_connector = (a..=b).any(|t| !is_cap(doc.word(t)));
    // "Lake Erie and the Great Lakes" is two places; only organizations join names with "and".
    let joined = (a..=b).any(|t| doc.listed(t, &l.conjunctions));
    let mut hit = Hit::new(None, a, b);
    hit.role = role;
    hit.person_cue = cue;
    // A one-word name is its word: its answers are remembered per distinct word.
    let on_list = |list: &List| {
        if n == 1 {
            doc.listed(a, list)
        } else {
            list.has(full)
        }
    };
    let wire = || {
        if n == 1 {
            doc.check(a, Memo::WIRE, |w| l.wire(w).is_some())
        } else {
            l.wire(full).is_some()
        }
    };
    let place = || {
        if n == 1 {
            doc.check(a, Memo::KNOWN_PLACE, |w| l.known_place(w))
        } else {
            l.known_place(full)
        }
    };
    // Asked at most once: a known organization's name.
    let known_org = std::cell::OnceCell::new();
    let known_org = || *known_org.get_or_init(|| on_list(&l.org_known));
    if on_list(&l.demonyms)
        || (a..=b)
            .all(|t| doc.check(t, Memo::ROLE_WORD, role_word) || doc.listed(t, &l.role_modifiers))
        || (n == 1 && (roman(first) || doc.listed(a, &l.currencies) || doc.listed(a, &l.org_tails)))
        || (!known_org() && (a..=b).any(|t| doc.word(t).chars().any(|c| c.is_ascii_digit())))
    {
        return;
    }
    let before_connector = (a..=b).take_while(|&t| is_cap(doc.word(t))).last();
    let kind = if known_org() || wire() || (a..b).any(|t| doc.gap(t, t + 1) == " & ") {
        Some(Kind::Org)
    } else if place() {
        Some(Kind::Place)
    } else if n == 1 && all_caps(first) {
        let letters = first.chars().filter(|c| c.is_alphabetic()).count();
        let term = !first.chars().all(|c| c.is_alphabetic() || c == '&')
            || doc.listed(a, &l.not_names)
            || doc.seen_lower(first);
        if !(2..=6).contains(&letters) || term {
            None
        } else if acronym_named(doc, a) {
            Some(Kind::Org)
        } else {
            // "HDR", "GPU": a term unless something marks it as a body; a later mention
            // joins one that was.
            hits.push(hit);
            return;
        }
    } else if n == 1
        && first.contains('-')
        && l.place_heads.has(first.split('-').next().unwrap_or(""))
    {
        // "Saint-Aurel-en-Belledonne".
        Some(Kind::Place)
    } else if l.org_tails.has(last.trim_end_matches(['\'', '\u{2019}'])) && n > 1 {
        Some(Kind::Org)
    } else if doc.listed(a, &l.org_heads) && has_connector && !joined {
        // "Friends of Riverside Lido" before "… Lido" makes it a place.
        Some(Kind::Org)
    } else if doc.listed(b, &l.place_tails) && n > 1 && !joined {
        Some(Kind::Place)
    } else if (doc.listed(a, &l.org_heads) && n > 1)
        || (has_connector
            && !joined
            && before_connector.is_some_and(|t| t > a && doc.listed(t, &l.org_tails)))
    {
        // "University of Northmoor", "Pulse Importers' Forum of India".
        Some(Kind::Org)
    } else if doc.listed(a, &l.place_heads) && n > 1 && !doc.listed(b, &l.demonyms) && !joined {
        Some(Kind::Place)
    } else if n > 1 && (a..b).any(|t| l.known_place(doc.text(a, t))) && !has_connector {
        // "New York State Thruway": a place's name inside a longer name.
        Some(Kind::Org)
    } else {
        None
    };
    if let Some(k) = kind {
        // "Port Calder Polytechnic", "Buffalo Niagara International Airport": the place the
        // organization is named after is a place too.
        if k == Kind::Org && n >= 3 && !has_connector {
            let place = (a..b).rev().find(|&t| {
                l.known_place(doc.text(a, t))
                    || (t == a + 1 && doc.listed(a, &l.place_heads) && !doc.listed(t, &l.demonyms))
            });
            if let Some(t) = place {
                hits.push(Hit::new(Some(Kind::Place), a, t));
            }
        }
        hit.kind = Some(k);
        hits.push(hit);
        return;
    }
    // "Michele de Pascale", "Ludwig van Beethoven": particles inside a person's name.
    let particles_only = (a..=b)
        .filter(|&t| !is_cap(doc.word(t)))
        .all(|t| !doc.listed(t, &l.name_breaks));
    if has_connector && particles_only && n <= 5 && (cue || doc.listed(a, &l.given_names)) {
        hit.kind = Some(Kind::Person);
        hits.push(hit);
        return;
    }
    if has_connector {
        // "Putin and Donald Trump": two names, not one.
        let mut s = a;
        for t in a..=b + 1 {
            if t > b || !is_cap(doc.word(t)) {
                if t > s {
                    read_name(doc, s, t - 1, None, false, hits);
                }
                s = t + 1;
            }
        }
        return;
    }
    if (a..=b).any(|t| doc.listed(t, &l.demonyms) || doc.stopword_at(t)) {
        return;
    }
    // "Auswertung Hamburg": a known place inside an unknown run stands alone.
    if n > 1 && !cue {
        if let Some(t) = (a..=b).find(|&t| doc.check(t, Memo::KNOWN_PLACE, |w| l.known_place(w))) {
            for (s, e) in [(a, t.wrapping_sub(1)), (t, t), (t + 1, b)] {
                if s <= e && e <= b && s >= a {
                    read_name(doc, s, e, None, false, hits);
                }
            }
            return;
        }
    }
    // Roles and speech verbs around the name.
    let (role, person_cue) = person_context(doc, a, b);
    if hit.role.is_none() {
        hit.role = role;
    }
    hit.person_cue |= person_cue;
    let sent = &doc.sents[doc.toks[a].sent()];
    let word_at = |t: usize| (t >= sent.toks.start && t < sent.toks.end).then(|| doc.word(t));
    let prev = a.checked_sub(1).and_then(word_at);
    // "in Pune" (English), "the provinces of Ordu", "le massif de Belledonne", "Khammam
    // districts".
    let place_type = |w: Option<&str>| {
        w.is_some_and(|w| w.starts_with(char::is_lowercase) && l.place_kinds.has(w))
    };
    // "in Performance mode": a capitalised word before a common noun is a modifier.
    let modifier = doc.english()
        && word_at(b + 1).is_some_and(|w| {
            w.starts_with(char::is_lowercase)
                && !doc.stopword(w)
                && !l.speech.has(w)
                && doc.adjacent(b)
        });
    let preposition =
        doc.english() && prev.is_some_and(|p| l.place_prepositions.has(p)) && !modifier;
    let strong_place = (prev.is_some_and(|p| l.place_of.has(p))
        && place_type(a.checked_sub(2).and_then(word_at)))
        || place_type(word_at(b + 1));
    // "analysts at Goldman Sachs": where people work is an organization.
    let workplace = doc.english()
        && prev.is_some_and(|p| l.workplace.has(p))
        && a.checked_sub(2)
            .and_then(word_at)
            .is_some_and(|w| w.len() > 3 && l.roles.has(w.trim_end_matches('s')));
    // "environmental group Legambiente", "news agency Anadolu": named after what it is.
    let named_kind = doc.english()
        && prev.is_some_and(|p| p.starts_with(char::is_lowercase) && l.org_tails.has(p))
        && !doc.listed(a, &l.given_names);
    if workplace || named_kind {
        hit.kind = Some(Kind::Org);
        hits.push(hit);
        return;
    }
    let place_cue = !hit.person_cue && (preposition || strong_place);
    hit.weak_place = place_cue && !strong_place && n == 1;
    // "MILLBROOK — The library…": a dateline names a place.
    let tok = doc.toks[a];
    let dateline = tok.start() == 0
        && (a..=b).all(|t| all_caps(doc.word(t)))
        && doc.blocks[tok.block()][doc.toks[b].end()..].starts_with([' ', ',']);
    let place_cue = place_cue || dateline;
    if (a..=b).any(|t| doc.check(t, Memo::CAMEL, camel)) {
        return;
    }
    let person_like = (a..=b).all(|t| title_case(doc.word(t)));
    // Where every noun is capitalised, two capitalised words in a row are not yet a name.
    let nouns_capitalised = doc.lang.as_deref() == Some("de");
    hit.kind = if hit.person_cue && person_like && n <= 4 {
        Some(Kind::Person)
    } else if place_cue {
        Some(Kind::Place)
    } else if (2..=3).contains(&n) && person_like && !nouns_capitalised {
        if doc.listed(a, &l.given_names) {
            Some(Kind::Person)
        } else if modifier && !word_at(b + 1).is_some_and(|w| l.roles.has(w)) {
            // "the Nifty Auto index": a name used as a modifier names a thing.
            return;
        } else {
            hit.maybe_person = true;
            None
        }
    } else {
        None // a single unknown word: resolved against the others later
    };
    hits.push(hit);
}

/// The role the text gives a name at `a..=b` (before it, or in apposition after it), and
/// whether anything there says it is a person.
fn person_context(doc: &Doc, a: usize, b: usize) -> (Option<String>, bool) {
    let l = lists();
    let sent = &doc.sents[doc.toks[a].sent()];
    let (lo, hi) = (sent.toks.start, sent.toks.end);
    let mut cue = false;
    // "Kremlin spokesman Dmitry Peskov", "a senior Putin aide Yury Ushakov".
    if a > lo && doc.adjacent(a - 1) && doc.listed(a - 1, &l.roles) {
        let mut s = a - 1;
        while s > lo
            && doc.adjacent(s - 1)
            && (is_cap(doc.word(s - 1))
                || doc.listed(s - 1, &l.roles)
                || doc.listed(s - 1, &l.role_modifiers))
            && !doc.stopword_at(s - 1)
        {
            s -= 1;
        }
        return (Some(doc.text(s, a - 1).to_string()), true);
    }
    // "the director of the board, Julien Mercadier".
    if a > lo && doc.gap(a - 1, a).trim() == "," {
        let from = a.saturating_sub(7).max(lo);
        if let Some(q) = (from..a).find(|&t| doc.listed(t, &l.roles)) {
            let role = doc.text(q, a - 1);
            if !role.contains(',') {
                return (Some(role.to_string()), true);
            }
        }
    }
    // "Dana Whitfield, a meteorologist with the weather service".
    if b + 2 < hi && doc.gap(b, b + 1).trim() == "," {
        let to = (b + 6).min(hi);
        if (b + 1..to).any(|t| doc.listed(t, &l.roles)) {
            let mut s = b + 1;
            while s < to && doc.stopword_at(s) {
                s += 1;
            }
            let mut e = s;
            while e + 1 < hi
                && e + 1 < s + 9
                && matches!(doc.gap(e, e + 1), " " | "'s " | "\u{2019}s " | "\u{a0}")
            {
                e += 1;
            }
            if s <= e {
                return (Some(doc.text(s, e).to_string()), true);
            }
        }
    }
    // "Mayor X of Ravenna told reporters": the place someone is from does not speak.
    let affiliation = a > lo && doc.listed(a - 1, &l.affiliation);
    if b + 1 < hi && doc.adjacent(b) && doc.listed(b + 1, &l.speech) && !affiliation {
        cue = true;
    }
    if a > lo && doc.adjacent(a - 1) && doc.listed(a - 1, &l.speech) {
        cue = true;
    }
    (None, cue)
}

/// Whether hits `x` and `y` (in that order) are neighbours in a list ("Pune, Chennai and
/// Aurangabad").
fn listed(doc: &Doc, x: &Hit, y: &Hit) -> bool {
    let (p, h) = (x.b, y.a);
    if p >= h || doc.toks[p].sent() != doc.toks[h].sent() || x.cut.is_some() {
        return false;
    }
    (h == p + 1 && doc.gap(p, h).trim() == ",")
        || (h == p + 2
            && doc.listed(p + 1, &lists().conjunctions)
            && doc.gap(p, p + 1).trim_matches(',').trim().is_empty())
}

/// Merges hits into entities: surnames join full names, lists of places carry on, bylines go.
fn resolve(doc: &Doc, mut hits: Vec<Hit>, title: Option<&str>, byline: Option<&str>) -> Entities {
    let names: Vec<String> = hits.iter().map(|h| h.name(doc)).collect();
    // "in Yahoo" was a place only by its preposition; "Yahoo said" elsewhere says otherwise.
    let strong: HashSet<&str> = hits
        .iter()
        .zip(&names)
        .filter(|(h, _)| h.kind == Some(Kind::Org) || (h.kind == Some(Kind::Person) && h.b > h.a))
        .map(|(_, n)| n.as_str())
        .collect();
    for (h, n) in hits.iter_mut().zip(&names) {
        if h.weak_place && strong.contains(n.as_str()) {
            h.kind = None;
        }
    }
    let singles: HashSet<&str> = hits
        .iter()
        .zip(&names)
        .filter(|(h, _)| h.a == h.b)
        .map(|(_, n)| n.as_str())
        .collect();
    // A capitalised pair is a person when the surname also stands alone (here or in the
    // title), or when it is listed beside a person ("Putin and Volodymyr Zelensky").
    let title_words: Vec<&str> = title
        .unwrap_or("")
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .collect();
    for _ in 0..2 {
        for i in 0..hits.len() {
            if !hits[i].maybe_person || hits[i].kind.is_some() {
                continue;
            }
            let last = doc.word(hits[i].b);
            // A surname is not a common word the text also writes in small letters ("Google
            // Docs" beside "docs", "Whole Foods" beside "foods").
            let alone =
                (singles.contains(last) || title_words.contains(&last)) && !doc.seen_lower(last);
            let person = |j: usize| hits[j].kind == Some(Kind::Person);
            let listed = (i > 0 && person(i - 1) && listed(doc, &hits[i - 1], &hits[i]))
                || (i + 1 < hits.len() && person(i + 1) && listed(doc, &hits[i], &hits[i + 1]));
            if alone || listed {
                hits[i].kind = Some(Kind::Person);
            }
        }
    }
    // "in Pune, Chennai and Aurangabad": an unknown name listed beside a place is a place.
    for _ in 0..2 {
        for i in 0..hits.len() {
            if hits[i].kind.is_some() || hits[i].person_cue {
                continue;
            }
            let before = i > 0
                && hits[i - 1].kind == Some(Kind::Place)
                && listed(doc, &hits[i - 1], &hits[i]);
            let after = i + 1 < hits.len()
                && hits[i + 1].kind == Some(Kind::Place)
                && listed(doc, &hits[i], &hits[i + 1]);
            // "National Geology and Mining Service (Sernageomin)": an alias in brackets.
            let alias = i > 0
                && hits[i - 1].kind == Some(Kind::Org)
                && hits[i].a == hits[i - 1].b + 1
                && doc.gap(hits[i - 1].b, hits[i].a).trim() == "(";
            if before || after {
                hits[i].kind = Some(Kind::Place);
            } else if alias {
                hits[i].kind = Some(Kind::Org);
            }
        }
    }
    let mut people: Vec<Found> = Vec::new();
    let mut orgs: Vec<Found> = Vec::new();
    let mut places: Vec<Found> = Vec::new();
    let mut index: HashMap<(u8, String), usize> = HashMap::default();
    let mut pending: Vec<&Hit> = Vec::new();
    for h in &hits {
        let name = h.name(doc);
        let loc = h.loc(doc);
        let (list, tag) = match h.kind {
            Some(Kind::Person) if h.b > h.a => (&mut people, 0u8),
            Some(Kind::Org) => (&mut orgs, 1),
            Some(Kind::Place) => (&mut places, 2),
            _ => {
                pending.push(h);
                continue;
            }
        };
        let kind = h.kind.unwrap_or(Kind::Place);
        // "BUFFALO" and "Buffalo" are one place, shown as written in running text.
        match index.entry((tag, name.to_lowercase())) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let i = *e.get();
                let f = &mut list[i];
                f.mentions.push(loc);
                if f.role.is_none() {
                    f.role.clone_from(&h.role);
                }
                if all_caps(&f.name) && !all_caps(&name) {
                    f.name = name;
                }
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(list.len());
                list.push(Found {
                    kind,
                    name,
                    role: h.role.clone(),
                    mentions: vec![loc],
                });
            }
        }
    }
    // Single words: a surname, the start of an organization's name, or a person named once.
    for h in pending {
        let word = h.name(doc);
        let word = word.as_str();
        let loc = h.loc(doc);
        // The same name already read as an organization or place elsewhere.
        if let Some(f) = orgs
            .iter_mut()
            .chain(places.iter_mut())
            .find(|f| f.name == word)
        {
            f.mentions.push(loc);
            continue;
        }
        if h.maybe_person {
            continue;
        }
        let surname = |p: &Found| last_of(&p.name, word) || (p.name == word && !word.contains(' '));
        let block = doc.blocks[loc.block];
        let possessive = block[loc.end..].starts_with(['\'', '\u{2019}'])
            && block[loc.end..]
                .split_whitespace()
                .nth(1)
                .is_some_and(title_case);
        if let Some(p) = people.iter_mut().find(|p| surname(p)) {
            p.mentions.push(loc);
            if p.role.is_none() {
                p.role.clone_from(&h.role);
            }
        } else if let Some(o) = orgs.iter_mut().find(|o| first_of(&o.name, word)) {
            o.mentions.push(loc);
        } else if h.kind == Some(Kind::Person) || (h.person_cue && title_case(word)) {
            match people.iter_mut().find(|p| p.name == word) {
                Some(p) => p.mentions.push(loc),
                None => people.push(Found {
                    kind: Kind::Person,
                    name: word.to_string(),
                    role: h.role.clone(),
                    mentions: vec![loc],
                }),
            }
        } else if possessive && !doc.seen_lower(word) && doc.english() {
            // "Ashcombe's Riverside Lido": an unknown name owning a named thing is a place.
            match places.iter_mut().find(|p| p.name == word) {
                Some(p) => p.mentions.push(loc),
                None => places.push(Found {
                    kind: Kind::Place,
                    name: word.to_string(),
                    role: None,
                    mentions: vec![loc],
                }),
            }
        }
    }
    // A one-word place or person that starts a longer organization's name is that
    // organization ("Shares in Halvard" after "Halvard Lines").
    let l = lists();
    for list in [&mut places, &mut people] {
        list.retain(|f| {
            if f.name.contains(' ') || l.known_place(&f.name) {
                return true;
            }
            let bare = |o: &Found| {
                o.mentions
                    .iter()
                    .any(|m| doc.blocks[m.block][m.start..m.end] == *f.name)
            };
            match orgs
                .iter_mut()
                .find(|o| first_of(&o.name, &f.name) && bare(o))
            {
                Some(o) => {
                    o.mentions.extend(f.mentions.iter().copied());
                    false
                }
                None => true,
            }
        });
    }
    // "Shares rose in Trump's ..." after "Donald Trump": a one-word place read only from its
    // preposition that is a person's surname is that person.
    let weak: HashSet<String> = hits
        .iter()
        .filter(|h| h.weak_place && h.kind == Some(Kind::Place))
        .map(|h| h.name(doc))
        .collect();
    places.retain(|f| {
        if !weak.contains(&f.name) {
            return true;
        }
        match people.iter_mut().find(|p| last_of(&p.name, &f.name)) {
            Some(p) => {
                p.mentions.extend(f.mentions.iter().copied());
                false
            }
            None => true,
        }
    });
    // A one-word "person" that is also a place or organization is not a person ("Mesa said").
    people.retain(|p| {
        p.name.contains(' ') || !places.iter().chain(orgs.iter()).any(|o| o.name == p.name)
    });
    // A one-word person who is the surname of a fuller one joins it.
    let mut i = 0;
    while i < people.len() {
        let single = !people[i].name.contains(' ');
        let fuller = single
            .then(|| {
                people.iter().position(|p| {
                    let n = people[i].name.as_str();
                    // A surname last, or first as in "Zhao Minghui".
                    last_of(&p.name, n) || first_of(&p.name, n)
                })
            })
            .flatten();
        if let Some(j) = fuller {
            let gone = people.remove(i);
            let j = if j > i { j - 1 } else { j };
            people[j].mentions.extend(gone.mentions);
            if people[j].role.is_none() {
                people[j].role = gone.role;
            }
        } else {
            i += 1;
        }
    }
    // Bylines are the story's authors, not its people.
    if let Some(by) = byline.map(str::to_lowercase) {
        people.retain(|p| !by.contains(&p.name.to_lowercase()));
    }
    for p in &mut places {
        if p.name.chars().filter(|c| c.is_alphabetic()).count() > 3 && all_caps(&p.name) {
            p.name = p
                .name
                .split(' ')
                .map(|w| {
                    let mut c = w.chars();
                    c.next().map_or(String::new(), |f| {
                        f.to_string() + &c.as_str().to_lowercase()
                    })
                })
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    let title = title.unwrap_or("");
    for list in [&mut people, &mut orgs, &mut places] {
        for f in list.iter_mut() {
            f.mentions.sort();
            f.mentions.dedup();
        }
        rank(list, title, doc.blocks.len());
    }
    Entities {
        people,
        orgs,
        places,
    }
}

/// Most important first: mentions, presence in the title, how early it first appears.
fn rank(list: &mut [Found], title: &str, blocks: usize) {
    let score = |f: &Found| {
        let last = f.name.rsplit(' ').next().unwrap_or(&f.name);
        let in_title =
            title.contains(f.name.as_str()) || (f.kind == Kind::Person && title.contains(last));
        let first = f.mentions.first().map_or(blocks, |m| m.block) as f64;
        f.mentions.len() as f64 + if in_title { 2.0 } else { 0.0 } + 1.0
            - first / blocks.max(1) as f64
    };
    list.sort_by(|x, y| score(y).total_cmp(&score(x)));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
        let doc = Doc::new(text, Some("en".into()));
        let e = find(&doc, None, Some("By Jane Reporter"));
        let n = |v: &[Found]| v.iter().map(|f| f.name.clone()).collect::<Vec<_>>();
        (n(&e.people), n(&e.orgs), n(&e.places))
    }

    #[test]
    fn camel_case_marks_products_but_not_prefixed_names() {
        for w in [
            "JavaScript",
            "OpenOffice",
            "PlutoPete",
            "iPhone",
            "FatalFailure",
            "McDonaldVille",
        ] {
            assert!(camel(w), "{w}");
        }
        for w in [
            "McHugh",
            "MacArthur",
            "DeSantis",
            "LaGuardia",
            "O'Neill",
            "Zhang-Demir",
            "Jean-Luc",
            "NATO",
            "Paris",
            "",
        ] {
            assert!(!camel(w), "{w}");
        }
    }

    #[test]
    fn names_stop_at_line_breaks_and_contractions_are_not_names() {
        // Lines of a list or a `<pre>` block: each line its own name.
        let (people, _, _) = names(
            "The reviewers were named on Monday:\nValer Mischenko\nMichiel Leenaars said the draft was ready.",
        );
        assert!(people.iter().all(|p| !p.contains('\n')), "{people:?}");
        assert!(
            people.contains(&"Michiel Leenaars".to_string()),
            "{people:?}"
        );
        // "I’m", "I've": a pronoun with a verb, in the middle of a sentence.
        let (people, orgs, places) = names(
            "The ledgers were kept by Ann Lee.\n\n\u{201C}If anything, I\u{2019}m on the careful side of \
             the scale,\u{201D} she once told a visitor. \u{201C}That\u{2019}s exactly why \
             I\u{2019}m asking you to wait,\u{201D} Lee said, and I\u{2019}m told the visitor \
             waited. I've learned that Lee was right.",
        );
        assert_eq!(people, ["Ann Lee"]);
        assert!(orgs.is_empty() && places.is_empty(), "{orgs:?} {places:?}");
    }

    #[test]
    fn roles_and_appositions_make_people_and_surnames_resolve() {
        let text = "Kremlin spokesman Dmitry Peskov said talks would start.\n\n\
                    \u{201C}We are ready,\u{201D} Peskov said. Russian Foreign Minister Sergei Lavrov agreed.\n\n\
                    \u{201C}It is bad,\u{201D} said Dana Whitfield, a meteorologist with the weather service.";
        let doc = Doc::new(text, Some("en".into()));
        let e = find(&doc, None, None);
        let peskov = e.people.iter().find(|p| p.name == "Dmitry Peskov").unwrap();
        assert_eq!(peskov.role.as_deref(), Some("Kremlin spokesman"));
        assert_eq!(peskov.mentions.len(), 2);
        let lavrov = e.people.iter().find(|p| p.name == "Sergei Lavrov").unwrap();
        assert_eq!(lavrov.role.as_deref(), Some("Russian Foreign Minister"));
        let dana = e
            .people
            .iter()
            .find(|p| p.name == "Dana Whitfield")
            .unwrap();
        assert_eq!(
            dana.role.as_deref(),
            Some("meteorologist with the weather service")
        );
        assert!(e.orgs.iter().any(|o| o.name == "Kremlin"));
        assert_eq!(e.people.len(), 3, "{:?}", e.people);
    }

    #[test]
    fn sentence_starts_headlines_and_slugs_are_not_names() {
        let (people, orgs, places) = names(
            "Forecasters expect snow. Talks in Riyadh went on, and talks resumed. \
             PTI KRS HVA\n\nWhy It Matters Now\n\n\
             Officials in Pune, Chennai and Aurangabad met Crestline Ratings. Crestline said so.\n\n\
             Jane Reporter wrote this with the Friends of Riverside Lido in Erie and Chautauqua counties.",
        );
        assert!(people.is_empty(), "{people:?}");
        assert_eq!(orgs, ["Crestline Ratings", "Friends of Riverside Lido"]);
        for p in [
            "Riyadh",
            "Pune",
            "Chennai",
            "Aurangabad",
            "Erie",
            "Chautauqua",
        ] {
            assert!(places.contains(&p.to_string()), "{p} not in {places:?}");
        }
        assert!(!places.iter().any(|p| p == "Forecasters" || p == "Talks"));
    }

    #[test]
    fn particles_titles_with_stops_and_affiliations() {
        let text = "\u{201C}It is gone,\u{201D} Mayor Michele de Pascale of Ravenna told reporters. \
                    Mr. de Pascale asked for help. Environmental group Legambiente said so. \
                    Dr. Ann Okoro agreed.";
        let doc = Doc::new(text, Some("en".into()));
        let e = find(&doc, None, None);
        let people: Vec<(&str, Option<&str>, usize)> = e
            .people
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_deref(), p.mentions.len()))
            .collect();
        assert_eq!(
            people,
            [
                ("Michele de Pascale", Some("Mayor"), 2),
                ("Ann Okoro", Some("Dr"), 1)
            ]
        );
        assert!(e.orgs.iter().any(|o| o.name == "Legambiente"));
    }

    #[test]
    fn terms_products_and_workplaces_are_not_people_or_places() {
        let (people, orgs, places) = names(
            "Analysts at Goldman Sachs said its GPU supports HDR in Performance mode. \
             The Data Protection Act took effect. Shares rose in Halvard Lines. \
             Halvard Lines said profits rose. The NATO summit opened as Emmanuel Macron arrived.",
        );
        assert_eq!(people, ["Emmanuel Macron"]);
        assert!(orgs.contains(&"Goldman Sachs".to_string()), "{orgs:?}");
        assert!(orgs.contains(&"NATO".to_string()), "{orgs:?}");
        for junk in ["GPU", "HDR"] {
            assert!(!orgs.contains(&junk.to_string()), "{junk} in {orgs:?}");
        }
        assert!(!places.iter().any(|p| p == "Performance"), "{places:?}");
    }

    #[test]
    fn first_and_last_words_of_names() {
        let names = [
            "Ann Lee",
            "Michele de Pascale",
            "Lee",
            "",
            " Lee",
            "Lee ",
            "Ann  Lee",
        ];
        let words = ["Ann", "Lee", "Pascale", "Michele", "de", "", "Ann Lee", "e"];
        for name in names {
            for word in words {
                let spaced = name.contains(' ');
                assert_eq!(
                    last_of(name, word),
                    spaced && name.rsplit(' ').next() == Some(word),
                    "{name:?} {word:?}"
                );
                assert_eq!(
                    first_of(name, word),
                    spaced && name.split(' ').next() == Some(word),
                    "{name:?} {word:?}"
                );
            }
        }
        assert!(last_of("Michele de Pascale", "Pascale") && !last_of("Pascale", "Pascale"));
    }

    #[test]
    fn suffixes_gazetteers_and_lists_classify() {
        let (people, orgs, places) = names(
            "The National Weather Service said Lake Erie and the Great Lakes froze. \
             Severn Vale District Council met Volodymyr Zelensky and Donald Trump in Saudi Arabia. \
             Ministers of NATO met the Ministry of Consumer Affairs in Central Sulawesi.",
        );
        assert_eq!(people, ["Volodymyr Zelensky", "Donald Trump"]);
        for o in [
            "National Weather Service",
            "Severn Vale District Council",
            "NATO",
            "Ministry of Consumer Affairs",
        ] {
            assert!(orgs.contains(&o.to_string()), "{o} not in {orgs:?}");
        }
        for p in [
            "Lake Erie",
            "Great Lakes",
            "Saudi Arabia",
            "Central Sulawesi",
        ] {
            assert!(places.contains(&p.to_string()), "{p} not in {places:?}");
        }
    }
}
