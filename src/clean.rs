//! Cleaning inside the article: promos and calls to action (by phrase and by structure), ad
//! labels, related-link pointers, stock-photo captions, a repeated lead, and the user's own
//! selectors and phrases. Every removal is reported with the rule that made it.

use crate::blocks::{Block, blocks};
use crate::dom::{Document, Kind, NodeBits, NodeId, NodeMap, NodeSet, Selector};
use crate::measure::Measure;
use crate::rules::{Rule, builtin, normalize, normalize_counted, normalize_parts};
use crate::text::{
    Pairs, TokenSet, WordHashMap, WordHashSet, collapse_prefix, overlap_of, snippet, word_count,
    word_count_capped,
};
use crate::types::{Removed, RemovedKind};

/// Tags the cleaner may remove as a unit.
fn removable_container(tag: &str) -> bool {
    matches!(
        tag,
        "div"
            | "section"
            | "aside"
            | "p"
            | "ul"
            | "ol"
            | "li"
            | "figure"
            | "figcaption"
            | "span"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "table"
            | "header"
            | "dl"
            | "strong"
            | "em"
            | "b"
            | "i"
            | "a"
            | "small"
    )
}

/// The phrase part of a rule entry: `^` anchors it at the start of the block.
fn phrase_matches(text: &str, phrase: &str) -> bool {
    match phrase.strip_prefix('^') {
        Some(p) => text.starts_with(p),
        None => text.contains(phrase),
    }
}

/// A normalized rule phrase with the byte pairs a text needs to hold it.
struct Phrase {
    text: String,
    /// Pairs of the phrase without its `^` anchor.
    pairs: Pairs,
    /// Pairs of the phrase as written (for rules that match it as a plain substring).
    raw_pairs: Pairs,
}

/// A text's [`Pairs`], made the first time a test needs them (most long blocks are never
/// searched for a phrase).
struct LazyPairs<'a> {
    text: &'a str,
    pairs: std::cell::OnceCell<Pairs>,
}

impl<'a> LazyPairs<'a> {
    fn new(text: &'a str) -> LazyPairs<'a> {
        LazyPairs {
            text,
            pairs: std::cell::OnceCell::new(),
        }
    }

    fn get(&self) -> &Pairs {
        self.pairs.get_or_init(|| Pairs::of(self.text))
    }
}

impl Phrase {
    fn new(text: String) -> Phrase {
        Phrase {
            pairs: Pairs::of(text.strip_prefix('^').unwrap_or(&text)),
            raw_pairs: Pairs::of(&text),
            text,
        }
    }

    /// [`phrase_matches`], ruling most texts out by their pairs first.
    fn matches(&self, norm: &str, pairs: &Pairs) -> bool {
        pairs.may_contain(&self.pairs) && phrase_matches(norm, &self.text)
    }

    /// Whether `norm` contains the phrase as written.
    fn contained_in(&self, norm: &str, pairs: &Pairs) -> bool {
        pairs.may_contain(&self.raw_pairs) && norm.contains(self.text.as_str())
    }
}

/// The built-in word lists, prepared once.
struct Lists {
    label_keys: Vec<(&'static Rule, Vec<String>)>,
    /// Length in bytes of the longest label key (a longer key matches none).
    longest_label: usize,
    ctas: Vec<(&'static Rule, Vec<Phrase>)>,
    captions: Vec<(&'static Rule, Vec<Phrase>)>,
    bylines: Vec<(&'static Rule, Vec<Phrase>)>,
    cta_verbs: Vec<String>,
    cta_words: CtaWords,
    short_cta: (&'static Rule, usize),
    repeated: (&'static Rule, usize),
    cta_link: (&'static Rule, usize),
    sponsored: (&'static Rule, Vec<String>),
    longest: usize,
    furniture: Vec<(&'static Rule, crate::extract::WordList)>,
    maybe: Vec<String>,
}

/// The lists plus what this page and this user add.
struct Judge {
    lists: &'static Lists,
    user_phrases: Vec<String>,
    site_names: Vec<String>,
}

impl std::ops::Deref for Judge {
    type Target = Lists;
    fn deref(&self) -> &Lists {
        self.lists
    }
}

fn lowered(rules: &'static [Rule]) -> Vec<(&'static Rule, Vec<Phrase>)> {
    rules
        .iter()
        .map(|r| {
            let phrases = r
                .phrases
                .iter()
                .map(|p| Phrase::new(normalize(p)))
                .collect();
            (r, phrases)
        })
        .collect()
}

fn find_rule(section: &'static [Rule], id: &str) -> &'static Rule {
    section
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("built-in rule {id} is missing"))
}

impl Lists {
    fn get() -> &'static Lists {
        static LISTS: std::sync::OnceLock<Lists> = std::sync::OnceLock::new();
        LISTS.get_or_init(Lists::load)
    }

    fn load() -> Lists {
        let r = builtin();
        let structure = r.section("boilerplate", "cta_structure");
        let words = |id: &str| -> Vec<String> {
            find_rule(structure, id)
                .words
                .iter()
                .map(|w| w.to_lowercase())
                .collect()
        };
        let sized = |id: &str, default: f64| {
            let rule = find_rule(structure, id);
            (rule, rule.max.unwrap_or(default) as usize)
        };
        let label_keys: Vec<(&'static Rule, Vec<String>)> = r
            .section("boilerplate", "block_labels")
            .iter()
            .map(|rule| {
                (
                    rule,
                    rule.phrases
                        .iter()
                        .map(|p| label_key(&normalize(p), usize::MAX).unwrap_or_default())
                        .collect(),
                )
            })
            .collect();
        let longest_label = label_keys
            .iter()
            .flat_map(|(_, keys)| keys.iter().map(String::len))
            .max()
            .unwrap_or(0);
        Lists {
            label_keys,
            longest_label,
            ctas: lowered(r.section("boilerplate", "cta_phrases"))
                .into_iter()
                .chain(lowered(r.section("boilerplate", "disclosure")))
                .collect(),
            bylines: lowered(r.section("boilerplate", "byline")),
            captions: lowered(r.section("boilerplate", "captions")),
            cta_verbs: words("structure.cta_verbs"),
            cta_words: CtaWords::new(
                &words("structure.cta_verbs"),
                &words("structure.channel_words"),
            ),
            short_cta: sized("structure.short_cta_block", 30.0),
            repeated: sized("structure.repeated_block", 40.0),
            longest: sized("structure.longest_judged", 500.0).1,
            cta_link: sized("structure.cta_link", 4.0),
            sponsored: {
                let rule = find_rule(r.section("boilerplate", "sponsored"), "ad.rel_sponsored");
                (rule, rule.words.clone())
            },
            furniture: crate::extract::word_lists("unlikely_class"),
            maybe: r
                .section("scoring", "maybe_candidate")
                .iter()
                .flat_map(|rule| rule.words.iter().map(|w| w.to_lowercase()))
                .collect(),
        }
    }
}

impl Judge {
    fn new(user_phrases: &[String], site_names: &[String]) -> Judge {
        Judge {
            lists: Lists::get(),
            user_phrases: user_phrases
                .iter()
                .map(|p| normalize(p))
                .filter(|p| !p.is_empty())
                .collect(),
            site_names: site_names
                .iter()
                .map(|p| normalize(p))
                .filter(|p| p.chars().count() >= 3)
                .collect(),
        }
    }

    /// Why a block of text is boilerplate, judged by its words alone.
    fn by_phrase(
        &self,
        norm: &str,
        pairs: &LazyPairs<'_>,
        words: usize,
        is_caption: impl Fn() -> bool,
        near_top: bool,
    ) -> Option<(RemovedKind, String)> {
        // Labels match on their letters alone: "Comments (23)", "312 Comments" and
        // "- Share -" are the labels "comments" and "share".
        if let Some(key) = label_key(norm, self.longest_label) {
            for (rule, keys) in &self.label_keys {
                if keys.contains(&key) {
                    return Some((rule.kind.unwrap_or(RemovedKind::Other), rule.id.clone()));
                }
            }
        }
        for (rule, phrases) in &self.ctas {
            let max = rule.max.unwrap_or(40.0) as usize;
            if words <= max && phrases.iter().any(|p| p.matches(norm, pairs.get())) {
                return Some((rule.kind.unwrap_or(RemovedKind::Promo), rule.id.clone()));
            }
        }
        // (Whether the block is a caption is asked only of blocks short enough to be one.)
        let mut caption = None;
        for (rule, phrases) in &self.captions {
            let max = rule.max.unwrap_or(25.0) as usize;
            if words <= max
                && *caption.get_or_insert_with(&is_caption)
                && phrases.iter().any(|p| p.contained_in(norm, pairs.get()))
            {
                return Some((rule.kind.unwrap_or(RemovedKind::Other), rule.id.clone()));
            }
        }
        if near_top {
            for (rule, phrases) in &self.bylines {
                let max = rule.max.unwrap_or(20.0) as usize;
                let dated =
                    rule.id != "byline.timestamp" || norm.chars().any(|c| c.is_ascii_digit());
                if words <= max && dated && phrases.iter().any(|p| p.matches(norm, pairs.get())) {
                    return Some((rule.kind.unwrap_or(RemovedKind::Other), rule.id.clone()));
                }
            }
        }
        if self.user_phrases.iter().any(|p| norm.contains(p.as_str())) {
            return Some((RemovedKind::Promo, "user.promo_phrase".to_string()));
        }
        None
    }

    /// Whether a box of links opens with a label ("Tags: …", "Also read: …").
    fn by_leading_label(
        &self,
        doc: &Document,
        sizes: &Measure,
        node: NodeId,
        norms: &NodeMap<(String, usize)>,
    ) -> Option<(RemovedKind, String)> {
        if sizes.link_density(node) <= 0.5 {
            return None;
        }
        let first = doc.element_children(node).next()?;
        let key = label_key(&norms.get(&first)?.0, self.longest_label)?;
        self.label_keys
            .iter()
            .find(|(_, keys)| keys.contains(&key))
            .map(|(rule, _)| (rule.kind.unwrap_or(RemovedKind::Other), rule.id.clone()))
    }

    /// Whether a container is named for furniture ("article-comments", "share-tools") and
    /// holds no real paragraph. Class names are split at `-` and `_` so that a part naming
    /// the article body does not shield a part naming a widget.
    fn by_name(&self, doc: &Document, node: NodeId, words: usize) -> Option<(RemovedKind, String)> {
        let (_, max) = self.repeated;
        if words > max * 2 {
            return None;
        }
        let names = doc.class_and_id_lower(node);
        let parts = names.split(|c: char| c.is_whitespace() || c == '-' || c == '_');
        let mut hit = None;
        for part in parts.filter(|p| !p.is_empty()) {
            if self.maybe.iter().any(|m| part.contains(m.as_str())) {
                continue;
            }
            if let Some((rule, _)) = self
                .furniture
                .iter()
                .find(|(_, list)| crate::extract::matches_any(part, list))
            {
                hit = Some(*rule);
                break;
            }
        }
        let rule = hit?;
        let prose = blocks(doc, node).iter().any(|b| word_count(&b.text) >= 25);
        if prose {
            return None;
        }
        Some((rule.kind.unwrap_or(RemovedKind::Other), rule.id.clone()))
    }

    /// Whether a short block reads as a call to action: an imperative verb, somewhere to go
    /// (a link, a button, an app or channel), and little else.
    fn by_structure(
        &self,
        doc: &Document,
        sizes: &Measure,
        node: NodeId,
        (norm, pairs): (&str, &LazyPairs<'_>),
        (words, repeated): (usize, bool),
        cta_links: &mut NodeMap<bool>,
    ) -> Option<(RemovedKind, String)> {
        let (rule, max) = if repeated {
            self.repeated
        } else {
            self.short_cta
        };
        // A quoted sentence is reported speech, never a call to action.
        let quoted = norm.contains('"') || norm.contains('“') || norm.contains('”');
        if words == 0 || words > max || quoted {
            return None;
        }
        let first_word_verb = self.cta_verbs.iter().any(|v| {
            norm.trim_start_matches(|c: char| !c.is_alphanumeric())
                .starts_with(v.as_str())
        });
        let (has_verb, has_channel) = self.cta_words.find(norm, pairs.get());
        let ld = sizes.link_density(node);
        let has_button = doc
            .descendants(node)
            .any(|d| doc.is(d, "button") || doc.attr(d, "role") == Some("button"));
        let exclaims = norm.trim_end().ends_with('!');
        // A short link or button that itself opens with a call to action ("Get the brief").
        let (link_rule, link_max) = self.cta_link;
        // (Each link is judged once: nested boxes share their links.)
        let cta_link = doc.descendants(node).any(|d| {
            if !(doc.is(d, "a") || doc.is(d, "button")) {
                return false;
            }
            *cta_links.entry(d).or_insert_with(|| {
                let t = normalize_parts(doc.texts(d));
                let t = t.trim_start_matches(|c: char| !c.is_alphanumeric());
                word_count(t) <= link_max
                    && self.cta_verbs.iter().any(|v| t.starts_with(v.as_str()))
            })
        });
        if cta_link {
            crate::rules::note(&link_rule.id);
        }
        // A short imperative that names the site itself is the site advertising itself.
        let names_site = self.site_names.iter().any(|n| norm.contains(n.as_str()));
        let mut score = 0;
        if first_word_verb {
            score += 2;
        } else if has_verb {
            score += 1;
        }
        if has_channel {
            score += 1;
        }
        if ld > 0.5 || has_button {
            score += 1;
        }
        if exclaims {
            score += 1;
        }
        if repeated {
            score += 2;
        }
        if names_site {
            score += 1;
        }
        if cta_link {
            score += 1;
        }
        let goes_somewhere =
            has_channel || ld > 0.5 || has_button || exclaims || names_site || cta_link;
        if has_verb {
            crate::rules::note("structure.cta_verbs");
        }
        if has_channel {
            crate::rules::note("structure.channel_words");
        }
        if score >= 3 && (goes_somewhere || (repeated && words <= 15 && has_verb)) {
            return Some((rule.kind.unwrap_or(RemovedKind::Promo), rule.id.clone()));
        }
        None
    }
}

/// The letters of a text (and apostrophes), each run of anything else one space, trimmed:
/// what a label is recognised by.
fn label_key(text: &str, max: usize) -> Option<String> {
    let mut out = String::with_capacity(text.len().min(max));
    let mut gap = false;
    for c in text.chars() {
        if c.is_alphabetic() || c == '\'' {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
            // Longer than every label: it can be none of them.
            if out.len() > max {
                return None;
            }
        } else {
            gap = true;
        }
    }
    Some(out)
}

/// The call-to-action verbs ("join", "subscribe") and the channel words ("whatsapp",
/// "newsletter"), looked for as whole words: plain words by one lookup per token for both
/// lists, phrases (with spaces or punctuation) by a scan.
struct CtaWords {
    /// Each word made only of letters and digits, with the lists it is in (bit 0: verbs,
    /// bit 1: channel words).
    plain: WordHashMap<String, u8>,
    /// The lists holding a plain word that starts with this byte (most tokens are ruled out
    /// by their first byte).
    starts: [u8; 256],
    /// The other words of each list, in rule order, with their byte pairs.
    phrases: [Vec<(String, Pairs)>; 2],
}

impl CtaWords {
    fn new(verbs: &[String], channels: &[String]) -> CtaWords {
        let mut words = CtaWords {
            plain: WordHashMap::default(),
            starts: [0; 256],
            phrases: [Vec::new(), Vec::new()],
        };
        for (i, list) in [verbs, channels].into_iter().enumerate() {
            for w in list {
                if w.chars().all(char::is_alphanumeric) {
                    if let Some(&b) = w.as_bytes().first() {
                        words.starts[usize::from(b)] |= 1 << i;
                        *words.plain.entry(w.clone()).or_default() |= 1 << i;
                    }
                } else {
                    words.phrases[i].push((w.clone(), Pairs::of(w)));
                }
            }
        }
        words
    }

    /// Whether `norm` holds a verb, and whether it holds a channel word, as whole words.
    fn find(&self, norm: &str, pairs: &Pairs) -> (bool, bool) {
        let mut found = 0u8;
        crate::text::alnum_runs(norm, |t, _, _| {
            if self.starts[usize::from(t.as_bytes()[0])] & !found != 0 {
                found |= self.plain.get(t).copied().unwrap_or(0);
            }
        });
        let has = |i: usize| {
            found & (1 << i) != 0
                || self.phrases[i]
                    .iter()
                    .any(|(p, needs)| pairs.may_contain(needs) && contains_word(norm, p))
        };
        (has(0), has(1))
    }
}

fn contains_word(haystack: &str, word: &str) -> bool {
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(word) {
        let at = start + pos;
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + word.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if edge(before) && edge(after) {
            return true;
        }
        start = at + word.len();
    }
    false
}

/// The outcome of cleaning.
pub struct Cleaned {
    /// What was removed, in page order.
    pub removed: Vec<Removed>,
    /// The article's blocks, when every cut kept the blocks outside it as they were (they are
    /// then still the blocks of the tree), so the caller need not gather them again.
    pub blocks: Option<Vec<Block>>,
}

/// What the cleaner knows about the page beyond the article tree.
pub struct Context<'a> {
    /// The page's standfirst or description, to recognise a repeated lead.
    pub lead: Option<&'a str>,
    /// Names the site goes by (its name, its host), to recognise self-promotion.
    pub site_names: Vec<String>,
    /// The user's extra selectors to remove.
    pub user_selectors: &'a [Selector],
    /// The user's extra promo phrases.
    pub user_phrases: &'a [String],
}

/// Cleans the article under `article` in place.
/// `sizes` are the sizes of the article's nodes as the tree is now (they are measured again
/// if the user's selectors remove anything).
pub fn clean(doc: &mut Document, article: NodeId, sizes: Measure, cx: &Context<'_>) -> Cleaned {
    let (lead, user_selectors) = (cx.lead, cx.user_selectors);
    let judge = Judge::new(cx.user_phrases, &cx.site_names);
    let mut removed = Vec::new();
    let mut cutter = Cutter::new(article);

    // 1. The user's selectors.
    for sel in user_selectors {
        for n in doc.select(article, sel) {
            if n != article && doc.contains(article, n) {
                removed.push(cutter.take(doc, n, RemovedKind::Other, "user.remove_selector"));
            }
        }
    }

    // 2. Blocks judged by phrase and structure, outermost removable container first.
    let all = blocks(doc, article);
    // (Only the cuts from here on count against these blocks.)
    cutter.blocks_kept = true;
    let candidates: Vec<NodeId> = doc.descendant_elements(article).collect();
    let sizes = if removed.is_empty() {
        sizes
    } else {
        Measure::new(doc, article, crate::blocks::is_block_tag)
    };
    crate::rules::note("structure.longest_judged");
    // The text of every container small enough to judge, normalized once.
    // (With its word count, which normalizing does not change.)
    // Innermost first, so that a wrapper around one judged element (div > div > p) takes that
    // element's text instead of normalizing the same words again.
    let mut norms: NodeMap<(String, usize)> = NodeMap::default();
    for &n in candidates.iter().rev() {
        if doc.tag(n).is_some_and(removable_container) && sizes.chars(n) <= judge.longest {
            let entry = match sole_text_child(doc, &sizes, n).and_then(|c| norms.get(&c)) {
                Some(inner) => inner.clone(),
                None => normalize_counted(doc.texts(n)),
            };
            norms.insert(n, entry);
        }
    }
    // Word counts of the blocks, counted once and only as far as the tests below read them
    // (a short block, the second real paragraph); the repeated-lead test recounts the few
    // blocks it compares in full.
    let cap = judge.repeated.1.max(SECOND_PARAGRAPH_WORDS);
    let all_words: Vec<usize> = all
        .iter()
        .map(|b| word_count_capped(&b.text, cap))
        .collect();
    let repeated = repeated_texts(doc, &sizes, &all, &all_words, &norms, judge.repeated.1);
    // "Near the top": before the story's second real paragraph.
    let second = all_words
        .iter()
        .enumerate()
        .filter(|&(_, &w)| w >= SECOND_PARAGRAPH_WORDS)
        .nth(1)
        .map_or(all.len(), |(i, _)| i);
    // Every element holding one of the blocks before it (made again after each removal).
    let top_blocks: Vec<NodeId> = all[..second].iter().map(|b| b.node).collect();
    let mut top = holders(doc, &top_blocks);
    let mut gone = NodeBits::default();
    let mut cta_links: NodeMap<bool> = NodeMap::default();
    for n in candidates {
        if gone.contains(&n) {
            continue;
        }
        let Some(tag) = doc.tag(n) else { continue };
        if !removable_container(tag) || sizes.chars(n) > judge.longest {
            continue;
        }
        let Some((norm, words)) = norms.get(&n) else {
            continue;
        };
        let words = *words;
        // (Whether it is still in the article is asked last: it walks up the tree.)
        if norm.is_empty() || !doc.contains(article, n) {
            continue;
        }
        // Inline elements are judged only when they are the whole visible line.
        let inline = matches!(tag, "span" | "strong" | "em" | "b" | "i" | "a" | "small");
        if inline && !is_whole_line(doc, &sizes, n) {
            continue;
        }
        let is_caption = || crate::images::is_caption(doc, n);
        let near_top = top.contains(&n);
        let pairs = LazyPairs::new(norm);
        let mut verdict = judge.by_phrase(norm, &pairs, words, is_caption, near_top);
        if verdict.is_none() && matches!(tag, "div" | "section" | "aside" | "p" | "ul") {
            verdict = judge.by_leading_label(doc, &sizes, n, &norms);
        }
        if verdict.is_none() && sponsored(doc, &sizes, n, &judge.sponsored.1) {
            let rule = judge.sponsored.0;
            verdict = Some((rule.kind.unwrap_or(RemovedKind::Ad), rule.id.clone()));
        }
        if verdict.is_none() && matches!(tag, "div" | "section" | "aside" | "ul" | "ol") {
            verdict = judge.by_name(doc, n, words);
        }
        if verdict.is_none() && !inline {
            let repeated = repeated.contains(norm);
            verdict = judge.by_structure(
                doc,
                &sizes,
                n,
                (norm, &pairs),
                (words, repeated),
                &mut cta_links,
            );
        }
        if let Some((kind, rule)) = verdict {
            // Don't take a container that also holds real paragraphs.
            if holds_prose(doc, n, words) {
                continue;
            }
            // A label takes its box with it: "Sponsored" heads an ad card, "Most read" a list.
            let n = if rule.starts_with("label.") || rule.starts_with("cta.read_also") {
                labelled_box(doc, article, n, norm)
            } else {
                n
            };
            // ... and a list of links right after a label ("Most read" + its list).
            let list = if rule.starts_with("label.") || rule.starts_with("cta.read_also") {
                link_list_after(doc, &sizes, n)
            } else {
                None
            };
            for x in std::iter::once(n).chain(list) {
                for d in doc.descendants(x) {
                    gone.insert(d);
                }
                removed.push(cutter.take(doc, x, kind, &rule));
            }
            top = holders(doc, &top_blocks);
        }
    }

    // 3. A lead repeated as the first paragraph.
    let left: Vec<(Block, usize)> = all
        .into_iter()
        .zip(all_words)
        .filter(|(b, _)| doc.contains(article, b.node))
        .collect();
    if let Some(r) = drop_repeated_lead(doc, &mut cutter, &left, cap, lead) {
        removed.push(r);
    }
    let blocks = cutter.blocks_kept.then(|| {
        left.into_iter()
            .map(|(b, _)| b)
            .filter(|b| doc.contains(article, b.node))
            .collect()
    });
    Cleaned { removed, blocks }
}

/// The only child element of `n` when it holds all of `n`'s text (the other children are
/// blank text or comments): a wrapper whose normalized text is its child's.
fn sole_text_child(doc: &Document, sizes: &Measure, n: NodeId) -> Option<NodeId> {
    let mut only = None;
    for c in doc.children(n) {
        if matches!(doc.kind(c), Kind::Element) {
            if only.is_some() {
                return None;
            }
            only = Some(c);
        }
    }
    only.filter(|&c| sizes.chars(c) == sizes.chars(n))
}

/// The nodes that are, or are ancestors of, one of `nodes` (in the tree as it is now).
fn holders(doc: &Document, nodes: &[NodeId]) -> NodeSet {
    let mut set = NodeSet::default();
    for &b in nodes {
        // A node already in the set came with all its ancestors.
        if set.insert(b) {
            for a in doc.ancestors(b) {
                if !set.insert(a) {
                    break;
                }
            }
        }
    }
    set
}

/// A list of links that directly follows `n` (the list a label introduces).
fn link_list_after(doc: &Document, sizes: &Measure, n: NodeId) -> Option<NodeId> {
    let next = doc.next_element_sibling(n)?;
    let listy = matches!(doc.tag(next), Some("ul" | "ol" | "div" | "section"));
    let words = sizes.chars(next) / 6;
    (listy && sizes.link_density(next) > 0.5 && words <= 150).then_some(next)
}

/// The box a label heads: the largest container around `label` that starts with it, holds no
/// real paragraph and is small.
fn labelled_box(doc: &Document, article: NodeId, label: NodeId, label_norm: &str) -> NodeId {
    let mut target = label;
    while let Some(p) = doc.parent_element(target) {
        if p == article
            || !matches!(
                doc.tag(p),
                Some("div" | "section" | "aside" | "ul" | "ol" | "li" | "header" | "figure")
            )
        {
            break;
        }
        let (norm, words) = normalize_counted(doc.texts(p));
        if words > 80 || !norm.starts_with(label_norm) || holds_prose(doc, p, 46) {
            break;
        }
        target = p;
    }
    target
}

/// True if a container has more text than a promo could and more than one real paragraph.
fn holds_prose(doc: &Document, n: NodeId, words: usize) -> bool {
    if words <= 45 {
        return false;
    }
    let long_paragraphs = blocks(doc, n)
        .iter()
        .filter(|b| word_count(&b.text) >= 20)
        .count();
    long_paragraphs >= 1
}

/// True if an inline element is the only text of its block, or stands alone between blocks
/// (a card made of one big link, say).
fn is_whole_line(doc: &Document, sizes: &Measure, n: NodeId) -> bool {
    let Some(parent) = doc.parent_element(n) else {
        return false;
    };
    if !doc.tag(parent).is_some_and(crate::blocks::is_block_tag) {
        return false;
    }
    if sizes.chars(n) * 10 >= sizes.chars(parent) * 9 {
        return true;
    }
    let is_edge = |sib: Option<NodeId>| match sib {
        None => true,
        Some(x) => doc.tag(x).is_some_and(crate::blocks::is_block_tag),
    };
    let mut prev = doc.prev_sibling(n);
    while let Some(p) = prev.filter(|&p| doc.text_node(p).is_some_and(crate::text::is_blank)) {
        prev = doc.prev_sibling(p);
    }
    let mut next = doc.next_sibling(n);
    while let Some(x) = next.filter(|&x| doc.text_node(x).is_some_and(crate::text::is_blank)) {
        next = doc.next_sibling(x);
    }
    is_edge(prev) && is_edge(next)
}

/// Whether most of a block's link text sits in links the page marks as paid.
fn sponsored(doc: &Document, sizes: &Measure, n: NodeId, words: &[String]) -> bool {
    let paid: usize = doc
        .descendants(n)
        .filter(|&d| {
            doc.is(d, "a")
                && doc.attr(d, "rel").is_some_and(|rel| {
                    rel.split_whitespace()
                        .any(|t| words.iter().any(|w| t.eq_ignore_ascii_case(w)))
                })
        })
        .map(|d| sizes.chars(d))
        .sum();
    paid > 0 && paid * 2 >= sizes.chars(n)
}

/// A letter that [`normalize`] turns into a plain apostrophe, which is no letter.
const MODIFIER_APOSTROPHE: char = '\u{02BC}';

/// Words that make a block a real paragraph when finding the story's second one.
const SECOND_PARAGRAPH_WORDS: usize = 20;

/// Short texts that occur more than once in the article: as blocks, or as the whole text of
/// the outermost element holding them (a box of a line and a button, pasted twice).
fn repeated_texts(
    doc: &Document,
    sizes: &Measure,
    all: &[Block],
    all_words: &[usize],
    norms: &NodeMap<(String, usize)>,
    max_words: usize,
) -> WordHashSet<String> {
    let block_nodes: NodeSet = all.iter().map(|b| b.node).collect();
    // Normalizing changes no word count, so blocks of the wrong size are never normalized.
    let in_range = |w: usize| w >= 3 && w <= max_words;
    let mut block_norms = Vec::new();
    for (b, &words) in all.iter().zip(all_words) {
        // (Normalizing makes the modifier apostrophe, a letter, into punctuation.)
        if !b.text.contains(MODIFIER_APOSTROPHE) && !in_range(words) {
            continue;
        }
        let norm = normalize(&b.text);
        if in_range(word_count(&norm)) {
            block_norms.push(norm);
        }
    }
    // How often each text occurs, counted on borrowed texts.
    let mut seen: WordHashMap<&str, usize> = WordHashMap::default();
    for norm in &block_norms {
        *seen.entry(norm).or_insert(0) += 1;
    }
    for (&n, (norm, words)) in norms {
        let parent_same = doc
            .parent_element(n)
            .is_some_and(|p| sizes.chars(p) == sizes.chars(n));
        if !parent_same && !block_nodes.contains(&n) && in_range(*words) {
            *seen.entry(norm).or_insert(0) += 1;
        }
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(t, _)| t.to_string())
        .collect()
}

/// Takes elements out of the article, noting whether the blocks gathered before the first cut
/// still hold for the tree outside what was taken (see [`crate::blocks::cut_keeps_others`]).
struct Cutter {
    article: NodeId,
    blocks_kept: bool,
}

impl Cutter {
    fn new(article: NodeId) -> Cutter {
        Cutter {
            article,
            blocks_kept: true,
        }
    }

    fn take(&mut self, doc: &mut Document, n: NodeId, kind: RemovedKind, rule: &str) -> Removed {
        let text = snippet(doc.texts(n), 160);
        let parent = doc.parent_element(n);
        self.detach(doc, n);
        // A wrapper left holding nothing but a short label goes too.
        if let Some(p) = parent.filter(|&p| is_orphaned_label(doc, p)) {
            self.detach(doc, p);
        }
        Removed {
            kind,
            rule: rule.to_string(),
            text,
        }
    }

    fn detach(&mut self, doc: &mut Document, n: NodeId) {
        self.blocks_kept &= crate::blocks::cut_keeps_others(doc, self.article, n);
        doc.detach(n);
    }
}

/// True for a wrapper holding nothing but a short label (and no picture worth keeping).
fn is_orphaned_label(doc: &Document, p: NodeId) -> bool {
    if !matches!(doc.tag(p), Some("div" | "section" | "aside" | "header")) {
        return false;
    }
    // Only the first 21 characters are read: a longer text is no label (the wrapper may
    // hold the whole story).
    let text = collapse_prefix(doc.texts(p), 21);
    if word_count(&text) > 2 || text.chars().count() > 20 {
        return false;
    }
    // Small pictures (an author's avatar, an icon) do not keep a box alive.
    !doc.descendant_elements(p).any(|d| match doc.tag(d) {
        Some("img") => !crate::images::is_icon(doc, d),
        Some("picture" | "video" | "iframe" | "table") => true,
        _ => false,
    })
}

/// Removes the earlier of two near-identical blocks at the top of the story (a standfirst
/// repeated as the first paragraph), or a first block that repeats the page's description
/// when a later block repeats it too.
fn drop_repeated_lead(
    doc: &mut Document,
    cutter: &mut Cutter,
    all: &[(Block, usize)],
    cap: usize,
    lead: Option<&str>,
) -> Option<Removed> {
    let rule = find_rule(builtin().section("boilerplate", "lead"), "lead.duplicate");
    let limit = rule.max.unwrap_or(0.6);
    // Word counts past `cap` were cut short: count those blocks in full.
    let top: Vec<(&Block, usize)> = all
        .iter()
        .filter(|(_, w)| *w >= 12)
        .take(3)
        .map(|(b, w)| (b, if *w > cap { word_count(&b.text) } else { *w }))
        .collect();
    // Word sets, made once: each block may be compared with the others and with the lead.
    let sets: Vec<std::cell::OnceCell<TokenSet>> =
        top.iter().map(|_| std::cell::OnceCell::new()).collect();
    let set = |i: usize| sets[i].get_or_init(|| TokenSet::new(&top[i].0.text));
    let lead_set = std::cell::OnceCell::new();
    for i in 0..top.len() {
        for j in i + 1..top.len() {
            let ((a, a_words), (b, b_words)) = (top[i], top[j]);
            if a.node == b.node || doc.contains(a.node, b.node) || doc.contains(b.node, a.node) {
                continue;
            }
            // Cheapest tests first: near-identical blocks of similar size.
            let (wa, wb) = (a_words as f64, b_words as f64);
            let similar_size = wa.min(wb) / wa.max(wb) >= 0.5;
            if !similar_size || overlap_of(set(i), set(j)) < limit {
                continue;
            }
            // A standfirst echoes the page description, or sits in its own box apart from
            // the body's paragraphs; two paragraphs of one body that share words are prose.
            let lead_like = lead.is_some_and(|l| {
                overlap_of(lead_set.get_or_init(|| TokenSet::new(l)), set(i)) >= limit
            });
            let named_lead = |n: NodeId| {
                let names = doc.class_and_id_lower(n);
                rule.words.iter().any(|w| names.contains(w.as_str()))
            };
            let own_box = i == 0
                && doc.parent(a.node) != doc.parent(b.node)
                && (named_lead(a.node)
                    || doc.parent_element(a.node).is_some_and(|box_| {
                        named_lead(box_)
                            && blocks(doc, box_)
                                .iter()
                                .filter(|x| word_count(&x.text) >= 12)
                                .count()
                                == 1
                    }));
            if lead_like || own_box {
                return Some(cutter.take(
                    doc,
                    a.node,
                    rule.kind.unwrap_or(RemovedKind::DuplicateLead),
                    &rule.id,
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> (String, Vec<Removed>) {
        let mut doc = Document::parse(html);
        let body = doc.body().unwrap();
        let cx = Context {
            lead: None,
            site_names: vec![],
            user_selectors: &[],
            user_phrases: &[],
        };
        let sizes = Measure::new(&doc, body, crate::blocks::is_block_tag);
        let c = clean(&mut doc, body, sizes, &cx);
        let text = blocks(&doc, body)
            .into_iter()
            .map(|b| b.text)
            .collect::<Vec<_>>()
            .join("\n");
        (text, c.removed)
    }

    const PARA: &str = "The council said the bridge would reopen in spring after repairs to its supports, which engineers found had corroded over several winters of heavy salting.";

    /// `repeated_texts` counts words before normalizing; that is only sound while normalizing
    /// never makes or unmakes a word (a letter or digit) or a space, for any character but the
    /// modifier apostrophe it turns into a plain one.
    #[test]
    fn normalizing_keeps_word_counts() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| c != MODIFIER_APOSTROPHE)
        {
            let lower: Vec<char> = c.to_lowercase().collect();
            assert_eq!(
                c.is_alphanumeric(),
                lower.iter().any(|l| l.is_alphanumeric()),
                "{c:?}"
            );
            assert!(c.is_whitespace() || !lower.iter().any(|l| l.is_whitespace()));
            let s = format!("x {c} y{c}");
            let (norm, words) = crate::rules::normalize_counted([s.as_str()]);
            assert_eq!(word_count(&norm), word_count(&s), "{c:?}");
            assert_eq!(words, word_count(&norm), "{c:?}");
        }
        let (norm, words) =
            crate::rules::normalize_counted([" A\u{2019}s\u{a0} ", "\u{201C}x", "y  ?", ""]);
        assert_eq!((norm.as_str(), words), ("a's \"xy ?", 2));
    }

    #[test]
    fn whatsapp_promo_twice_is_removed() {
        let html = format!(
            "<p>{PARA}</p><div><p>Join our WhatsApp Community to receive travel deals!</p><a href='https://chat.whatsapp.com/x'>- Join Now -</a></div><p>{PARA} Again.</p><p>Join our WhatsApp Community to receive travel deals!</p><p><a href='https://chat.whatsapp.com/x'>- Join Now -</a></p>"
        );
        let (text, removed) = run(&html);
        assert!(!text.contains("WhatsApp"), "{text}");
        assert!(!text.contains("Join Now"), "{text}");
        assert!(text.contains("bridge would reopen"));
        assert!(
            removed.iter().all(|r| r.kind == RemovedKind::Promo),
            "{removed:?}"
        );
    }

    #[test]
    fn unseen_cta_wording_is_caught_by_structure() {
        let html = format!(
            "<p>{PARA}</p><p>Tap here to get breaking alerts on Signal! <a href='https://signal.me/x'>Get alerts</a></p><p>{PARA}</p>"
        );
        let (text, removed) = run(&html);
        assert!(!text.contains("Signal"), "{text}");
        assert_eq!(removed.len(), 1);
    }

    #[test]
    fn a_real_sentence_with_a_cta_verb_stays() {
        let html = format!(
            "<p>{PARA}</p><p>Russia will join the talks, officials said.</p><p>\"Join us,\" the mayor told the crowd.</p>"
        );
        let (text, removed) = run(&html);
        assert!(text.contains("Russia will join the talks"));
        assert!(text.contains("Join us"));
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn repeated_lead_appears_once() {
        let html = "<div class=standfirst><p>Russian and US officials will meet in Saudi Arabia on Tuesday to discuss the restoration of ties, the Kremlin said.</p></div>\
            <p>Top Russian and US officials will meet in Saudi Arabia on Tuesday to discuss improving ties and a possible truce.</p>\
            <p>Another paragraph that is quite different from both of them and talks about other matters entirely.</p>";
        let (text, removed) = run(html);
        assert!(!text.contains("the Kremlin said"), "{text}");
        assert!(text.contains("Top Russian"));
        assert_eq!(removed[0].kind, RemovedKind::DuplicateLead);
    }

    #[test]
    fn stock_photo_caption_goes_but_real_caption_stays() {
        let html = format!(
            "<figure><img src='a.jpg'><figcaption>Representative image (File)</figcaption></figure><figure><img src='b.jpg'><figcaption>Crews clear snow in Orchard Park on Saturday.</figcaption></figure><p>{PARA}</p>"
        );
        let (text, _) = run(&html);
        assert!(!text.contains("Representative"));
        assert!(text.contains("Crews clear snow"));
    }

    #[test]
    fn user_phrase_removes_block() {
        let mut doc = Document::parse(&format!(
            "<p>{PARA}</p><p>Buy our mugs today at the shop</p>"
        ));
        let body = doc.body().unwrap();
        let phrases = ["our MUGS".to_string()];
        let cx = Context {
            lead: None,
            site_names: vec![],
            user_selectors: &[],
            user_phrases: &phrases,
        };
        let sizes = Measure::new(&doc, body, crate::blocks::is_block_tag);
        let c = clean(&mut doc, body, sizes, &cx);
        assert_eq!(c.removed.len(), 1);
        assert_eq!(c.removed[0].rule, "user.promo_phrase");
    }
}
