//! Finding the article: score paragraph-like blocks, let the scores flow to their containers,
//! pick the best container, gather its siblings that belong to the story, and prune the junk
//! inside it.
//!
//! The approach is the content-scoring family of reader modes (commas, text length and link
//! density per paragraph, weighted by the class names around it); every word list and threshold
//! comes from `rules/scoring.json`.

use crate::dom::{Document, Kind, NodeBits, NodeId, NodeMap};
use crate::measure::Measure;
use crate::rules::{Rule, builtin, note};
use crate::text::Pairs;
use crate::types::{Removed, RemovedKind};

/// Which safety nets a pass uses. Later passes turn them off when the strict pass found too
/// little text.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    /// Drop containers whose class or id says "sidebar", "comment", … before scoring.
    pub strip_unlikely: bool,
    /// Let class and id names add to or take from scores.
    pub weight_classes: bool,
    /// Remove lists, tables and divisions that look like link farms or widgets.
    pub clean_conditionally: bool,
}

impl Flags {
    /// The passes, strictest first.
    pub const PASSES: [Flags; 4] = [
        Flags {
            strip_unlikely: true,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: true,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: true,
        },
        Flags {
            strip_unlikely: false,
            weight_classes: false,
            clean_conditionally: false,
        },
    ];
}

/// A node taken out, with the parent it had, so the caller can tell whether it lay inside the
/// article.
#[derive(Debug, Clone)]
pub struct Cut {
    /// The detached node (still readable: detaching keeps its subtree).
    pub node: NodeId,
    /// Its parent before it was detached.
    pub parent: Option<NodeId>,
    /// Why (`text` is filled in only for cuts the caller reports).
    pub removed: Removed,
}

/// The outcome of one pass.
pub struct Found {
    /// A new `<div>` holding the article's blocks.
    pub article: NodeId,
    /// Characters of text in it.
    pub text_len: usize,
    /// Everything removed on the way.
    pub cuts: Vec<Cut>,
    /// The sizes of every node of the article as it is now (for the cleaner).
    pub sizes: Measure,
}

/// Word lists from the rules, lower-cased once.
struct Words {
    unlikely: Vec<(&'static Rule, WordList)>,
    maybe: WordList,
    roles: Vec<(&'static Rule, Vec<String>)>,
    positive: Vec<(&'static Rule, WordList)>,
    negative: Vec<(&'static Rule, WordList)>,
    tags: Vec<(&'static Rule, Vec<String>)>,
    min_paragraph: usize,
    top_n: usize,
}

fn words(section: &str) -> Vec<(&'static Rule, Vec<String>)> {
    builtin()
        .section("scoring", section)
        .iter()
        .map(|r| (r, r.words.iter().map(|w| w.to_lowercase()).collect()))
        .collect()
}

fn threshold(id: &str, default: f64) -> f64 {
    crate::rules::threshold("scoring", "thresholds", id, default)
}

/// Minimum characters of article text before a pass is accepted.
pub fn article_chars() -> usize {
    threshold("threshold.article_chars", 500.0) as usize
}

/// The rules of a section as class/id word lists.
pub fn word_lists(section: &str) -> Vec<(&'static Rule, WordList)> {
    words(section)
        .into_iter()
        .map(|(r, w)| (r, WordList::new(w)))
        .collect()
}

/// All the words of a section's rules as one class/id word list.
pub fn word_list(section: &str) -> WordList {
    WordList::new(words(section).into_iter().flat_map(|(_, w)| w))
}

impl Words {
    fn load() -> Words {
        Words {
            unlikely: word_lists("unlikely_class"),
            maybe: word_list("maybe_candidate"),
            roles: words("unlikely_role"),
            positive: word_lists("positive_class"),
            negative: word_lists("negative_class"),
            tags: words("tag_score"),
            min_paragraph: threshold("threshold.min_paragraph_chars", 25.0) as usize,
            top_n: threshold("threshold.top_candidates", 5.0) as usize,
        }
    }
}

/// Lower-case words looked for in class and id names, each with the byte pairs a name must
/// hold to contain it (most names are ruled out without a substring search).
pub struct WordList(Vec<(String, Pairs)>);

impl WordList {
    /// The list of `words` (lower-case; `=word` for a whole token).
    pub fn new(words: impl IntoIterator<Item = String>) -> WordList {
        WordList(
            words
                .into_iter()
                .map(|w| {
                    let pairs = Pairs::of(w.strip_prefix('=').unwrap_or(&w));
                    (w, pairs)
                })
                .collect(),
        )
    }

    /// True if any word occurs in `haystack` (lower-case class and id), whose pairs are
    /// `pairs`. A word written as `=word` must be a whole class/id token.
    pub fn any_in(&self, haystack: &str, pairs: &Pairs) -> bool {
        self.0.iter().any(|(w, needs)| {
            pairs.may_contain(needs)
                && match w.strip_prefix('=') {
                    Some(token) => haystack.split_whitespace().any(|t| t == token),
                    None => haystack.contains(w.as_str()),
                }
        })
    }
}

/// True if any word of `list` occurs in `haystack` (lower-case class and id). A word written as
/// `=word` must be a whole class/id token.
pub fn matches_any(haystack: &str, list: &WordList) -> bool {
    list.any_in(haystack, &Pairs::of(haystack))
}

/// Tags scored as paragraphs.
const SCORED_TAGS: &[&str] = &["section", "h2", "h3", "h4", "h5", "h6", "p", "td", "pre"];

/// Inline (phrasing) tags: runs of these directly inside a container are wrapped into `<p>`.
fn is_phrasing(doc: &Document, id: NodeId) -> bool {
    match doc.kind(id) {
        Kind::Text => true,
        Kind::Element => matches!(
            doc.tag(id).unwrap_or(""),
            "a" | "abbr"
                | "b"
                | "bdi"
                | "bdo"
                | "br"
                | "cite"
                | "code"
                | "data"
                | "dfn"
                | "em"
                | "font"
                | "i"
                | "kbd"
                | "mark"
                | "q"
                | "s"
                | "samp"
                | "small"
                | "span"
                | "strong"
                | "sub"
                | "sup"
                | "time"
                | "u"
                | "var"
                | "wbr"
                | "del"
                | "ins"
        ),
        _ => false,
    }
}

fn class_weight(doc: &Document, id: NodeId, w: &Words, flags: Flags) -> f64 {
    if !flags.weight_classes {
        return 0.0;
    }
    let mut weight = 0.0;
    for name in [doc.attr(id, "class"), doc.attr(id, "id")]
        .into_iter()
        .flatten()
    {
        let name = name.to_lowercase();
        let pairs = Pairs::of(&name);
        for (rule, list) in w.negative.iter().chain(&w.positive) {
            if list.any_in(&name, &pairs) {
                note(&rule.id);
                weight += rule.weight.unwrap_or(0.0);
            }
        }
    }
    weight
}

fn tag_score(doc: &Document, id: NodeId, w: &Words) -> f64 {
    let tag = doc.tag(id).unwrap_or("");
    match w
        .tags
        .iter()
        .find(|(_, list)| list.iter().any(|t| t == tag))
    {
        Some((rule, _)) => {
            note(&rule.id);
            rule.weight.unwrap_or(0.0)
        }
        None => 0.0,
    }
}

fn removal_kind(rule: &Rule) -> RemovedKind {
    rule.kind.unwrap_or(RemovedKind::Other)
}

/// Why an element is unlikely to be content, if it is.
fn unlikely<'w>(doc: &Document, id: NodeId, w: &'w Words) -> Option<&'w Rule> {
    let tag = doc.tag(id)?;
    if matches!(tag, "body" | "a" | "html" | "main" | "article") {
        return None;
    }
    if let Some(role) = doc.attr(id, "role") {
        let role = role.to_lowercase();
        if let Some((rule, _)) = w.roles.iter().find(|(_, l)| l.contains(&role)) {
            return Some(rule);
        }
    }
    let names = doc.class_and_id_lower(id);
    if names.is_empty() {
        return None;
    }
    let pairs = Pairs::of(&names);
    if w.maybe.any_in(&names, &pairs) {
        note("maybe.content_words");
        return None;
    }
    let (rule, _) = w.unlikely.iter().find(|(_, l)| l.any_in(&names, &pairs))?;
    if doc
        .ancestors(id)
        .any(|a| matches!(doc.tag(a), Some("table" | "code" | "pre")))
    {
        return None;
    }
    Some(rule)
}

/// Wraps each run of inline content directly inside `container` into a new `<p>`, splitting at
/// double `<br>`s. Returns the new paragraphs.
fn wrap_phrasing(doc: &mut Document, container: NodeId, m: &mut Measure) -> Vec<NodeId> {
    let kids: Vec<NodeId> = doc.children(container).collect();
    let mut made = Vec::new();
    let mut run: Vec<NodeId> = Vec::new();
    let flush = |doc: &mut Document,
                 m: &mut Measure,
                 run: &mut Vec<NodeId>,
                 made: &mut Vec<NodeId>,
                 at: NodeId| {
        // Trim breaks at the edges of the run.
        while run.last().is_some_and(|&n| doc.is(n, "br")) {
            let n = run.pop().unwrap_or(at);
            doc.detach(n);
        }
        while run.first().is_some_and(|&n| doc.is(n, "br")) {
            let n = run.remove(0);
            doc.detach(n);
        }
        let has_text = run.iter().any(|&n| has_text(doc, n));
        if has_text {
            let p = doc.create_element("p");
            doc.insert_before(at, p);
            for n in run.drain(..) {
                doc.append(p, n);
            }
            m.adopt(doc, p);
            made.push(p);
        }
        run.clear();
    };
    let mut i = 0;
    while i < kids.len() {
        let k = kids[i];
        if is_phrasing(doc, k) {
            // A <br> followed (after blank text) by another <br> ends the paragraph.
            if doc.is(k, "br") {
                let mut j = i + 1;
                while j < kids.len()
                    && doc.kind(kids[j]) == Kind::Text
                    && doc.text_node(kids[j]).is_some_and(crate::text::is_blank)
                {
                    j += 1;
                }
                if j < kids.len() && doc.is(kids[j], "br") {
                    flush(doc, m, &mut run, &mut made, k);
                    // Drop the breaks and blank text between them.
                    for &n in &kids[i..=j] {
                        doc.detach(n);
                    }
                    i = j + 1;
                    continue;
                }
            }
            run.push(k);
        } else {
            if !run.is_empty() {
                flush(doc, m, &mut run, &mut made, k);
            }
            if doc.kind(k) != Kind::Element {
                doc.detach(k);
            }
        }
        i += 1;
    }
    if !run.is_empty() {
        // Append at the end: insert a marker to flush before.
        let marker = doc.create_element("span");
        doc.append(container, marker);
        flush(doc, m, &mut run, &mut made, marker);
        doc.detach(marker);
    }
    made
}

/// True if there is text other than whitespace in `id`.
fn has_text(doc: &Document, id: NodeId) -> bool {
    doc.texts(id).any(|t| !crate::text::is_blank(t))
}

/// True if two `<br>`s follow each other (blank text aside) among `id`'s children: the page
/// separates paragraphs with breaks instead of `<p>`.
fn has_double_break(doc: &Document, id: NodeId) -> bool {
    let mut last_br = false;
    for c in doc.children(id) {
        if doc.is(c, "br") {
            if last_br {
                return true;
            }
            last_br = true;
        } else if doc.text_node(c).is_none_or(|t| !crate::text::is_blank(t)) {
            last_br = false;
        }
    }
    false
}

/// Tags that make a `<div>` a container of blocks rather than a paragraph.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "dl"
            | "div"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hr"
            | "img"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "picture"
            | "pre"
            | "section"
            | "table"
            | "ul"
            | "video"
            | "iframe"
    )
}

/// Removal bookkeeping for one pass: the sizes of what is left, and which nodes are gone.
struct Pass {
    m: Measure,
    dead: NodeBits,
    cuts: Vec<Cut>,
}

impl Pass {
    /// Detaches `node` without reporting it.
    fn drop(&mut self, doc: &mut Document, node: NodeId) {
        self.m.forget(doc, node);
        self.dead.extend(doc.descendants(node));
        doc.detach(node);
    }

    /// Detaches `node` and reports it.
    fn cut(&mut self, doc: &mut Document, node: NodeId, kind: RemovedKind, rule: &str) {
        let parent = doc.parent(node);
        self.drop(doc, node);
        self.cuts.push(Cut {
            node,
            parent,
            removed: Removed {
                kind,
                rule: rule.to_string(),
                text: String::new(),
            },
        });
    }

    fn alive(&self, node: NodeId) -> bool {
        !self.dead.contains(&node)
    }

    fn empty(&self, node: NodeId) -> bool {
        let s = self.m.get(node);
        s.chars == 0 && s.media == 0
    }
}

/// The sizes a pass starts from: every node under `body` measured, blocks counted as the
/// scoring pass counts them. Every pass starts from the same tree, so from the same sizes.
pub fn measure(doc: &Document, body: NodeId) -> Measure {
    Measure::new(doc, body, is_block)
}

/// Runs one pass over `body`, whose nodes `sizes` measures ([`measure`]). The document is
/// changed (nodes moved into the article div).
pub fn grab(doc: &mut Document, body: NodeId, flags: Flags, sizes: Measure) -> Found {
    static WORDS: std::sync::OnceLock<Words> = std::sync::OnceLock::new();
    let w = WORDS.get_or_init(Words::load);
    let mut pass = Pass {
        m: sizes,
        dead: NodeBits::default(),
        cuts: Vec::new(),
    };

    // 1. Walk the page: drop unlikely containers, turn text-only divs into paragraphs.
    let mut to_score: Vec<NodeId> = Vec::new();
    let order: Vec<NodeId> = doc.descendant_elements(body).collect();
    for id in order {
        if !pass.alive(id) {
            continue;
        }
        // What the tag says, read before the element can change.
        let Some((emptiable, scored, is_div)) = doc.tag(id).map(|t| {
            (
                matches!(
                    t,
                    "div" | "section" | "header" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ),
                SCORED_TAGS.contains(&t),
                t == "div",
            )
        }) else {
            continue;
        };
        if flags.strip_unlikely {
            if let Some(rule) = unlikely(doc, id, w) {
                let kind = removal_kind(rule);
                let rid = rule.id.clone();
                pass.cut(doc, id, kind, &rid);
                continue;
            }
        }
        if emptiable && pass.empty(id) {
            pass.drop(doc, id);
            continue;
        }
        if scored {
            to_score.push(id);
        }
        if is_div {
            if pass.m.get(id).blocks == 0 && !has_double_break(doc, id) {
                doc.rename(id, "p");
                to_score.push(id);
            } else {
                let mixed = doc
                    .children(id)
                    .any(|c| is_phrasing(doc, c) && has_text(doc, c));
                if mixed {
                    to_score.extend(wrap_phrasing(doc, id, &mut pass.m));
                }
            }
        }
    }

    // 2. Score paragraphs and let the score flow up to five ancestors.
    let mut scores: NodeMap<f64> = NodeMap::default();
    let mut candidates: Vec<NodeId> = Vec::new();
    for &p in &to_score {
        if !pass.alive(p) || doc.parent_element(p).is_none() {
            continue;
        }
        let stat = pass.m.get(p);
        let len = stat.chars as usize;
        if len < w.min_paragraph {
            continue;
        }
        let commas = stat.commas as usize;
        let score = 1.0 + commas as f64 + (len / 100).min(3) as f64;
        let ancestors: Vec<NodeId> = doc
            .ancestors(p)
            .filter(|&a| doc.kind(a) == Kind::Element)
            .take(5)
            .collect();
        for (level, a) in ancestors.into_iter().enumerate() {
            if doc.tag(a).is_none() || doc.is(a, "html") {
                break;
            }
            let entry = scores.entry(a).or_insert_with(|| {
                candidates.push(a);
                tag_score(doc, a, w) + class_weight(doc, a, w, flags)
            });
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f64 * 3.0,
            };
            *entry += score / divider;
        }
    }
    for &c in &candidates {
        let ld = pass.m.link_density(c);
        if let Some(s) = scores.get_mut(&c) {
            *s *= 1.0 - ld;
        }
    }
    let mut ranked: Vec<(NodeId, f64)> = candidates.iter().map(|&c| (c, scores[&c])).collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked.truncate(w.top_n.max(1));

    let article = doc.create_element("div");
    let top = match ranked.first() {
        Some(&(top, _)) if top != body => top,
        _ => {
            // Nothing stood out: take the whole body.
            let kids: Vec<NodeId> = doc.children(body).collect();
            for k in kids {
                doc.append(article, k);
            }
            let text_len = pass.m.chars(body);
            pass.m.adopt(doc, article);
            return Found {
                article,
                text_len,
                cuts: pass.cuts,
                sizes: pass.m,
            };
        }
    };

    // 3. If several strong candidates share an ancestor, the story probably spans them.
    let mut top = top;
    let top_score = scores[&top];
    let strong: Vec<NodeId> = ranked[1..]
        .iter()
        .filter(|(_, s)| top_score > 0.0 && s / top_score >= 0.75)
        .map(|&(c, _)| c)
        .collect();
    if strong.len() >= 2 {
        let mut anc = doc.parent_element(top);
        while let Some(a) = anc {
            if a == body || doc.is(a, "html") {
                break;
            }
            let shared = strong.iter().filter(|&&c| doc.contains(a, c)).count();
            if shared >= 2 {
                top = a;
                break;
            }
            anc = doc.parent_element(a);
        }
    }
    scores
        .entry(top)
        .or_insert_with(|| tag_score(doc, top, w) + class_weight(doc, top, w, flags));
    // Climb while the parent scores better: the story continues in its siblings.
    let mut last = scores[&top];
    let threshold = last / 3.0;
    let mut parent = doc.parent_element(top);
    while let Some(p) = parent {
        if p == body || doc.is(p, "html") {
            break;
        }
        let Some(&ps) = scores.get(&p) else {
            parent = doc.parent_element(p);
            continue;
        };
        if ps < threshold {
            break;
        }
        if ps > last {
            top = p;
            break;
        }
        last = ps;
        parent = doc.parent_element(p);
    }
    // An only child says nothing its parent doesn't.
    while let Some(p) = doc.parent_element(top) {
        if p == body || doc.is(p, "html") || doc.element_children(p).count() != 1 {
            break;
        }
        top = p;
    }
    scores
        .entry(top)
        .or_insert_with(|| tag_score(doc, top, w) + class_weight(doc, top, w, flags));

    // 4. Gather the top candidate and the siblings that belong with it.
    let top_score = scores[&top];
    let sibling_threshold = (top_score * 0.2).max(10.0);
    let top_class = doc.attr(top, "class").unwrap_or("").to_string();
    let siblings: Vec<NodeId> = match doc.parent_element(top) {
        Some(p) => doc.element_children(p).collect(),
        None => vec![top],
    };
    for s in siblings {
        let mut take = s == top;
        if !take {
            let mut bonus = 0.0;
            if !top_class.is_empty() && doc.attr(s, "class") == Some(top_class.as_str()) {
                bonus += top_score * 0.2;
            }
            if let Some(&ss) = scores.get(&s) {
                if ss + bonus >= sibling_threshold {
                    take = true;
                }
            }
            if !take && doc.is(s, "p") {
                let ld = pass.m.link_density(s);
                let len = pass.m.chars(s);
                let text = if len < 80 {
                    crate::text::collapse_parts(doc.texts(s))
                } else {
                    String::new()
                };
                let long_prose = len > 80 && ld < 0.25;
                let short_sentence = len < 80 && len > 0 && ld == 0.0 && ends_sentence(&text);
                take = long_prose || short_sentence;
            }
        }
        if take {
            doc.append(article, s);
        }
    }

    // 5. Prune the article.
    prune(doc, article, w, flags, &mut pass);
    let text_len = doc.children(article).map(|c| pass.m.chars(c)).sum();
    pass.m.adopt(doc, article);
    Found {
        article,
        text_len,
        cuts: pass.cuts,
        sizes: pass.m,
    }
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('.') || t.ends_with('!') || t.ends_with('?') || t.contains(". ")
}

/// Junk removal inside the chosen article: widgets, link lists, forms, share bars.
fn prune(doc: &mut Document, article: NodeId, w: &Words, flags: Flags, pass: &mut Pass) {
    // The elements each step below looks at, gathered in one walk. Steps only cut, and a cut
    // marks its whole subtree dead, so a step skipping dead nodes sees what a fresh walk
    // after the steps before it would have found.
    const CONDITIONAL: [&str; 5] = ["table", "ul", "ol", "div", "section"];
    let mut always = Vec::new();
    let mut heads = Vec::new();
    let mut conditional: [Vec<NodeId>; 5] = Default::default();
    let mut ps = Vec::new();
    for d in doc.descendant_elements(article) {
        let Some(tag) = doc.tag(d) else { continue };
        match tag {
            // Elements that never belong in a reader view.
            "form" | "fieldset" | "button" | "input" | "select" | "textarea" | "footer"
            | "aside" | "nav" | "object" | "embed" | "link" | "dialog" | "menu" => always.push(d),
            "h1" | "h2" => heads.push(d),
            "p" => ps.push(d),
            _ => {
                if let Some(i) = CONDITIONAL.iter().position(|&c| c == tag) {
                    conditional[i].push(d);
                }
            }
        }
    }
    for d in always {
        // A footer inside a quotation or figure is its citation, not page furniture.
        let citation = doc.is(d, "footer")
            && doc
                .ancestors(d)
                .any(|a| matches!(doc.tag(a), Some("blockquote" | "figure")));
        if pass.alive(d) && !doc.is(d, "embed") && !citation {
            pass.cut(doc, d, RemovedKind::Other, "prune.non_content_element");
        }
    }
    // Headings with a negative class weight are widget titles.
    for h in heads {
        if pass.alive(h) && class_weight(doc, h, w, flags) < 0.0 {
            pass.cut(doc, h, RemovedKind::Other, "prune.widget_heading");
        }
    }
    if flags.clean_conditionally {
        for (tag, nodes) in CONDITIONAL.into_iter().zip(conditional) {
            clean_conditionally(doc, article, tag, nodes, w, flags, pass);
        }
    }
    // Empty paragraphs.
    for p in ps {
        if pass.alive(p) && pass.empty(p) {
            pass.drop(doc, p);
        }
    }
}

fn clean_conditionally(
    doc: &mut Document,
    article: NodeId,
    tag: &str,
    mut nodes: Vec<NodeId>,
    w: &Words,
    flags: Flags,
    pass: &mut Pass,
) {
    // Visit bottom-up so inner widgets go before their containers are judged.
    nodes.reverse();
    for n in nodes {
        if !pass.alive(n) {
            continue;
        }
        if tag == "table" && is_data_table(doc, n) {
            continue;
        }
        if doc.ancestors(n).take_while(|&a| a != article).any(|a| {
            matches!(doc.tag(a), Some("code" | "pre"))
                || (doc.is(a, "table") && is_data_table(doc, a))
        }) {
            continue;
        }
        let weight = class_weight(doc, n, w, flags);
        if weight < 0.0 {
            pass.cut(doc, n, RemovedKind::Other, "prune.negative_class");
            continue;
        }
        let commas = pass.m.get(n).commas as usize;
        if commas >= 10 {
            continue;
        }
        let mut p = 0usize;
        let mut img = 0usize;
        let mut li = 0isize;
        let mut input = 0usize;
        let mut heading = 0usize;
        let mut embeds = 0usize;
        for d in doc.descendant_elements(n) {
            match doc.tag(d) {
                Some("p") => p += 1,
                Some("img") => img += 1,
                Some("li") => li += 1,
                Some("input") => input += 1,
                Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6") => heading += 1,
                Some("iframe" | "video" | "object" | "embed") => embeds += 1,
                _ => {}
            }
        }
        li -= 100;
        let len = pass.m.chars(n);
        let ld = pass.m.link_density(n);
        let is_list = matches!(tag, "ul" | "ol");
        let in_figure = doc.ancestors(n).any(|a| doc.is(a, "figure"));
        let heading_density = if len == 0 {
            0.0
        } else {
            heading as f64 / len as f64
        };
        let _ = heading_density;
        let bad = (img > 1 && (p as f64) / (img as f64) < 0.5 && !in_figure)
            || (!is_list && li > p as isize)
            || (input as f64 > (p as f64 / 3.0).floor())
            || (!is_list && len < 25 && (img == 0 || img > 2) && !in_figure && embeds == 0)
            || (!is_list && weight < 25.0 && ld > 0.2)
            || (weight >= 25.0 && ld > 0.5)
            || ((embeds == 1 && len < 75) || embeds > 1);
        // A list of real prose items is content even when linked.
        let list_ok = is_list && ld < 0.5 && len > 0;
        if bad && !list_ok {
            let kind = if ld > 0.5 {
                RemovedKind::RelatedLinks
            } else {
                RemovedKind::Other
            };
            pass.cut(doc, n, kind, "prune.link_or_widget_block");
        }
    }
}

/// Tables that hold data (not layout) are always kept.
fn is_data_table(doc: &Document, table: NodeId) -> bool {
    if doc.attr(table, "role") == Some("presentation") {
        return false;
    }
    if doc.attr(table, "datatable") == Some("0") {
        return false;
    }
    if doc.attr(table, "summary").is_some() {
        return true;
    }
    let mut rows = 0;
    let mut cols = 0;
    for d in doc.descendant_elements(table) {
        match doc.tag(d) {
            Some("caption" | "thead" | "tfoot" | "th" | "col" | "colgroup") => return true,
            Some("table") => return false,
            Some("tr") => {
                rows += 1;
                cols = cols.max(doc.element_children(d).count());
            }
            _ => {}
        }
    }
    rows >= 10 || cols > 4 || (rows > 1 && cols > 1 && rows * cols > 10)
}

/// Whether the region found is a list of stories (a section front, a search page): several of
/// its headings are links to other pages. `collection_page` says the page's own metadata calls
/// it a list.
pub fn looks_like_listing(
    doc: &Document,
    article: NodeId,
    words: usize,
    collection_page: bool,
) -> bool {
    let min =
        crate::rules::threshold("scoring", "listing", "listing.linked_headings", 3.0) as usize;
    let per_teaser =
        crate::rules::threshold("scoring", "listing", "listing.words_per_teaser", 80.0) as usize;
    let mut headings = 0;
    let mut linked = 0;
    for h in doc.descendant_elements(article) {
        if !matches!(doc.tag(h), Some("h1" | "h2" | "h3" | "h4" | "h5" | "h6")) {
            continue;
        }
        let text = crate::measure::collapsed_len(&doc.text(h));
        if text == 0 {
            continue;
        }
        headings += 1;
        let link_text: u32 = doc
            .descendant_elements(h)
            .filter(|&a| doc.is(a, "a") && doc.attr(a, "href").is_some_and(|u| !u.starts_with('#')))
            .map(|a| crate::measure::collapsed_len(&doc.text(a)))
            .sum();
        if link_text * 10 >= text * 6 {
            linked += 1;
        }
    }
    let most = linked * 2 >= headings;
    let short = linked > 0 && words / linked <= per_teaser;
    short && ((linked >= min && most) || (collection_page && linked >= 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;

    const P: &str = "The harbour board said on Monday that the new crane, the largest in the region, would be working by the end of the year, once its foundations had settled.";

    fn run(html: &str) -> (Document, Found) {
        let mut doc = Document::parse(html);
        let body = doc.body().unwrap();
        let sizes = measure(&doc, body);
        let found = grab(&mut doc, body, Flags::PASSES[0], sizes);
        (doc, found)
    }

    fn texts(doc: &Document, found: &Found) -> Vec<String> {
        blocks(doc, found.article)
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn double_breaks_split_paragraphs() {
        let html = format!("<div class=story>{P}<br><br>Second {P}<br> <br>Third {P}</div>");
        let (doc, found) = run(&html);
        let t = texts(&doc, &found);
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(t[1].starts_with("Second") && t[2].starts_with("Third"));
    }

    #[test]
    fn a_body_split_by_ad_blocks_is_gathered_whole() {
        let chunk =
            |n: u8| format!("<div class=chunk><p>Part {n}. {P}</p><p>More {n}. {P}</p></div>");
        let html = format!(
            "<nav><a href=/>Home</a></nav><main>{}<div class=ad-slot>Advertisement</div>{}<div class=ad-slot>Advertisement</div>{}</main><div class=sidebar><p>{P}</p></div>",
            chunk(1),
            chunk(2),
            chunk(3)
        );
        let (doc, found) = run(&html);
        let t = texts(&doc, &found).join("\n");
        for n in 1..=3 {
            assert!(t.contains(&format!("Part {n}.")), "{t}");
        }
        assert!(found.text_len > article_chars());
    }

    #[test]
    fn comment_threads_are_cut_before_scoring() {
        let html = format!(
            "<article><p>{P}</p><p>{P}</p><p>{P}</p></article><div id=comments><p>First! {P}</p><p>{P}</p></div>"
        );
        let (doc, found) = run(&html);
        assert!(!texts(&doc, &found).join(" ").contains("First!"));
        assert!(
            found
                .cuts
                .iter()
                .any(|c| c.removed.rule == "unlikely.comments")
        );
    }

    #[test]
    fn data_tables_survive_pruning() {
        let rows: String = (0..12)
            .map(|i| format!("<tr><td>Port {i}</td><td>{i}00</td></tr>"))
            .collect();
        let html = format!(
            "<article><p>{P}</p><table><caption>Cargo</caption>{rows}</table><p>{P}</p></article>"
        );
        let (doc, found) = run(&html);
        assert!(texts(&doc, &found).iter().any(|t| t == "Port 11"));
    }

    #[test]
    fn linked_headings_with_short_teasers_make_a_listing() {
        let teaser = |i: u8| {
            format!(
                "<h2><a href='/story-{i}'>Headline number {i} about the port</a></h2><p>A short teaser for story {i}.</p>"
            )
        };
        let listing: String = (0..6).map(teaser).collect();
        let doc = Document::parse(&format!("<div>{listing}</div>"));
        let body = doc.body().unwrap();
        let words = crate::text::word_count(&doc.text(body));
        assert!(looks_like_listing(&doc, body, words, false));

        let entry = |i: u8| {
            format!("<h3><a href='https://shop.example/{i}'>Game {i}</a></h3><p>{P} {P} {P}</p>")
        };
        let listicle: String = (0..6).map(entry).collect();
        let doc = Document::parse(&format!("<div>{listicle}</div>"));
        let body = doc.body().unwrap();
        let words = crate::text::word_count(&doc.text(body));
        assert!(!looks_like_listing(&doc, body, words, false));
    }
}
