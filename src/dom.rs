//! The one module that talks to `scraper` (html5ever + selectors). Everything else sees a
//! [`Document`] of [`NodeId`]s with small, named operations, so the parser could be swapped
//! without touching the heuristics.

use crate::error::Error;
use scraper::node::{Element, Node, Text};
use scraper::{Html, Selector as ScraperSelector};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

pub use ego_tree_id::NodeId;

mod ego_tree_id {
    /// A handle on one node of a [`super::Document`]. Cheap to copy; stays valid after the node
    /// is detached.
    pub type NodeId = ego_tree::NodeId;
}

/// A map keyed by node, hashed by the node's index (ids are small integers already, so no
/// cryptographic hash is needed on the hot path).
pub type NodeMap<V> = HashMap<NodeId, V, BuildHasherDefault<IdHasher>>;

/// A set of nodes, hashed like [`NodeMap`].
pub type NodeSet = HashSet<NodeId, BuildHasherDefault<IdHasher>>;

/// Hasher for [`NodeId`]: passes the id's integer through.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = n as u64;
    }
}

/// The position of a node in its document's storage: 0 for the document node, then in the
/// order nodes were made. Read through the id's hash, the only way ego-tree exposes it (the
/// `index_follows_creation_order` test pins this down).
fn index(id: NodeId) -> usize {
    use std::hash::Hash;
    let mut h = IdHasher::default();
    id.hash(&mut h);
    (h.finish() as usize).wrapping_sub(1)
}

/// A map keyed by node, stored as a vector indexed by the node's position: for values kept
/// for most nodes of a subtree, where hashing would be the main cost.
#[derive(Debug, Clone)]
pub struct DenseMap<V> {
    values: Vec<Option<V>>,
}

impl<V> Default for DenseMap<V> {
    fn default() -> Self {
        DenseMap { values: Vec::new() }
    }
}

impl<V> DenseMap<V> {
    /// An empty map with room for the nodes of a document of `nodes` nodes.
    pub fn with_capacity(nodes: usize) -> Self {
        DenseMap {
            values: Vec::with_capacity(nodes),
        }
    }

    /// The value for `id`, if one was inserted.
    pub fn get(&self, id: &NodeId) -> Option<&V> {
        self.values.get(index(*id)).and_then(Option::as_ref)
    }

    /// The value for `id`, mutably.
    pub fn get_mut(&mut self, id: &NodeId) -> Option<&mut V> {
        self.values.get_mut(index(*id)).and_then(Option::as_mut)
    }

    /// Sets the value for `id`.
    pub fn insert(&mut self, id: NodeId, value: V) {
        let i = index(id);
        if i >= self.values.len() {
            self.values.resize_with(i + 1, || None);
        }
        self.values[i] = Some(value);
    }
}

/// A set of nodes kept as one bit per node position: for sets that take whole subtrees at
/// once, where hashing each node would be the main cost.
#[derive(Debug, Clone, Default)]
pub struct NodeBits {
    words: Vec<u64>,
}

impl NodeBits {
    /// Adds `id`.
    pub fn insert(&mut self, id: NodeId) {
        let i = index(id);
        if i / 64 >= self.words.len() {
            self.words.resize(i / 64 + 1, 0);
        }
        self.words[i / 64] |= 1 << (i % 64);
    }

    /// Whether `id` was added.
    pub fn contains(&self, id: &NodeId) -> bool {
        let i = index(*id);
        self.words
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

impl Extend<NodeId> for NodeBits {
    fn extend<I: IntoIterator<Item = NodeId>>(&mut self, ids: I) {
        for id in ids {
            self.insert(id);
        }
    }
}

/// A compiled CSS selector.
#[derive(Debug, Clone)]
pub struct Selector(ScraperSelector);

impl Selector {
    /// Compiles `css`, or says why it is not a selector.
    pub fn parse(css: &str) -> Result<Self, Error> {
        ScraperSelector::parse(css)
            .map(Selector)
            .map_err(|e| Error::BadSelector {
                selector: css.to_string(),
                reason: e.to_string(),
            })
    }
}

type Ref<'a> = ego_tree::NodeRef<'a, Node>;

/// The nodes of a subtree in document order, each visited once (ego-tree's own walk gives
/// every node twice, on the way in and out, and is filtered down).
struct Preorder<'a> {
    root: Option<NodeId>,
    next: Option<Ref<'a>>,
}

impl<'a> Preorder<'a> {
    fn new(root: Option<Ref<'a>>) -> Self {
        Preorder {
            root: root.map(|r| r.id()),
            next: root,
        }
    }

    /// The node after `node` and everything below it: the next sibling of the nearest node
    /// (`node` or an ancestor below the root) that has one.
    fn after(&self, node: Ref<'a>) -> Option<Ref<'a>> {
        let mut n = node;
        loop {
            if Some(n.id()) == self.root {
                return None;
            }
            if let Some(s) = n.next_sibling() {
                return Some(s);
            }
            n = n.parent()?;
        }
    }

    /// Goes on after `node`'s subtree instead of into it (`node` being the one just given).
    fn skip_below(&mut self, node: Ref<'a>) {
        self.next = self.after(node);
    }
}

impl<'a> Iterator for Preorder<'a> {
    type Item = Ref<'a>;

    fn next(&mut self) -> Option<Ref<'a>> {
        let node = self.next?;
        self.next = node.first_child().or_else(|| self.after(node));
        Some(node)
    }
}

/// A depth-first walk of a subtree giving each node on the way in and on the way out.
struct Edges<'a> {
    root: Option<NodeId>,
    next: Option<(Ref<'a>, bool)>,
}

impl<'a> Edges<'a> {
    fn new(root: Option<Ref<'a>>) -> Self {
        Edges {
            root: root.map(|r| r.id()),
            next: root.map(|r| (r, true)),
        }
    }
}

impl<'a> Iterator for Edges<'a> {
    type Item = (Ref<'a>, bool);

    fn next(&mut self) -> Option<(Ref<'a>, bool)> {
        let (node, open) = self.next?;
        self.next = if open {
            Some(node.first_child().map_or((node, false), |c| (c, true)))
        } else if Some(node.id()) == self.root {
            None
        } else {
            match node.next_sibling() {
                Some(s) => Some((s, true)),
                None => node.parent().map(|p| (p, false)),
            }
        };
        Some((node, open))
    }
}

/// A node as [`Document::walk`] gives it: what it is, read from the node in hand rather than
/// looked up again by id (and only when asked).
#[derive(Clone, Copy)]
pub struct View<'a>(&'a Node);

impl<'a> View<'a> {
    /// The lower-case local name, for an element.
    pub fn tag(self) -> Option<&'a str> {
        self.0.as_element().map(|e| e.name())
    }

    /// The text, for a text node.
    pub fn text(self) -> Option<&'a str> {
        self.0.as_text().map(|t| &**t)
    }
}

/// A parsed, mutable HTML document.
#[derive(Clone)]
pub struct Document {
    html: Html,
    /// While a checkpoint is open: how to undo each structural change since, oldest first.
    journal: Option<Vec<Undo>>,
}

/// One change to undo, recorded before the change is made.
#[derive(Clone)]
enum Undo {
    /// Where `node` stood: under `parent`, just before `next` (at the end when `None`).
    Place {
        node: NodeId,
        parent: Option<NodeId>,
        next: Option<NodeId>,
    },
    /// The name an element had.
    Name {
        node: NodeId,
        name: html5ever::QualName,
    },
}

/// The namespace an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// HTML.
    Html,
    /// SVG (inside `<svg>`).
    Svg,
    /// MathML (inside `<math>`).
    MathMl,
    /// Anything else.
    Other,
}

/// What kind of node an id points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The document root.
    Document,
    /// An element.
    Element,
    /// A text node.
    Text,
    /// A comment, doctype or processing instruction.
    Other,
}

impl Document {
    /// Parses a whole page. Never fails: html5ever repairs any input the way browsers do.
    pub fn parse(html: &str) -> Self {
        Document {
            html: Html::parse_document(html),
            journal: None,
        }
    }

    /// Parses a fragment (as if it were the children of a `<body>`).
    pub fn parse_fragment(html: &str) -> Self {
        Document {
            html: Html::parse_fragment(html),
            journal: None,
        }
    }

    /// How many nodes the document has made, attached or not.
    pub fn node_count(&self) -> usize {
        self.html.tree.values().len()
    }

    /// The document node.
    pub fn root(&self) -> NodeId {
        self.html.tree.root().id()
    }

    /// The `<html>` element.
    pub fn html_element(&self) -> NodeId {
        self.html.root_element().id()
    }

    /// The first child element of `<html>` with this tag (`head` or `body`).
    fn top(&self, tag: &str) -> Option<NodeId> {
        let html = self.html_element();
        self.element_children(html)
            .find(|&c| self.tag(c) == Some(tag))
    }

    /// The `<head>` element, if the page has one.
    pub fn head(&self) -> Option<NodeId> {
        self.top("head")
    }

    /// The `<body>` element (for fragments: the fragment's root element).
    pub fn body(&self) -> Option<NodeId> {
        self.top("body")
    }

    fn node(&self, id: NodeId) -> Option<ego_tree::NodeRef<'_, Node>> {
        self.html.tree.get(id)
    }

    fn element(&self, id: NodeId) -> Option<&Element> {
        self.node(id)?.value().as_element()
    }

    /// What kind of node `id` is.
    pub fn kind(&self, id: NodeId) -> Kind {
        match self.node(id).map(|n| n.value()) {
            Some(Node::Document) | Some(Node::Fragment) => Kind::Document,
            Some(Node::Element(_)) => Kind::Element,
            Some(Node::Text(_)) => Kind::Text,
            _ => Kind::Other,
        }
    }

    /// The lower-case local name of an element, `None` for other nodes.
    pub fn tag(&self, id: NodeId) -> Option<&str> {
        self.element(id).map(|e| e.name())
    }

    /// True if `id` is an element with this (lower-case) tag name.
    pub fn is(&self, id: NodeId, tag: &str) -> bool {
        self.tag(id) == Some(tag)
    }

    /// The value of an attribute.
    pub fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        // A scan of the few attributes an element has is cheaper than scraper's lookup, which
        // interns `name` first.
        self.element(id)?
            .attrs
            .iter()
            .find(|(k, _)| k.ns == html5ever::ns!() && k.prefix.is_none() && &*k.local == name)
            .map(|(_, v)| &**v)
    }

    /// Every attribute of an element, as (name, value).
    pub fn attrs(&self, id: NodeId) -> Vec<(&str, &str)> {
        match self.element(id) {
            Some(e) => e.attrs().collect(),
            None => Vec::new(),
        }
    }

    /// The namespace of an element, `None` for other nodes.
    pub fn namespace(&self, id: NodeId) -> Option<Namespace> {
        let ns = &self.element(id)?.name.ns;
        Some(if *ns == html5ever::ns!(html) {
            Namespace::Html
        } else if *ns == html5ever::ns!(svg) {
            Namespace::Svg
        } else if *ns == html5ever::ns!(mathml) {
            Namespace::MathMl
        } else {
            Namespace::Other
        })
    }

    /// Every attribute of an element, as (local name, value), without collecting them.
    pub fn attr_iter(&self, id: NodeId) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.element(id)
            .map_or(&[][..], |e| &e.attrs[..])
            .iter()
            .map(|(k, v)| (&*k.local, &**v))
    }

    /// The `class` and `id` attributes joined by a space, for matching weight words.
    pub fn class_and_id(&self, id: NodeId) -> String {
        let mut s = String::new();
        if let Some(c) = self.attr(id, "class") {
            s.push_str(c);
        }
        if let Some(i) = self.attr(id, "id") {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(i);
        }
        s
    }

    /// [`Document::class_and_id`] lower-cased, made in one string.
    pub fn class_and_id_lower(&self, id: NodeId) -> String {
        let mut s = self.class_and_id(id);
        if s.is_ascii() {
            s.make_ascii_lowercase();
            s
        } else {
            s.to_lowercase()
        }
    }

    /// The text of a text node (`None` for other nodes).
    pub fn text_node(&self, id: NodeId) -> Option<&str> {
        self.node(id)?.value().as_text().map(|t| &**t)
    }

    /// All text inside `id`, as the browser's `textContent` would give it.
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.append_text(id, &mut out);
        out
    }

    /// The text nodes inside `id`, in order (their concatenation is [`Document::text`]).
    pub fn texts(&self, id: NodeId) -> impl Iterator<Item = &str> + '_ {
        Preorder::new(self.node(id)).filter_map(|d| match d.value() {
            Node::Text(t) => Some(&**t),
            _ => None,
        })
    }

    /// Appends all text inside `id` to `out`.
    pub fn append_text(&self, id: NodeId, out: &mut String) {
        for d in Preorder::new(self.node(id)) {
            if let Node::Text(t) = d.value() {
                out.push_str(t);
            }
        }
    }

    /// The parent node.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)?.parent().map(|p| p.id())
    }

    /// The parent, if it is an element.
    pub fn parent_element(&self, id: NodeId) -> Option<NodeId> {
        self.parent(id).filter(|&p| self.kind(p) == Kind::Element)
    }

    /// Ancestors from the parent up to the root.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).and_then(|n| n.parent()), |n| n.parent())
            .map(|a| a.id())
    }

    /// All child nodes, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.node(id).and_then(|n| n.first_child()), |c| {
            c.next_sibling()
        })
        .map(|c| c.id())
    }

    /// Child elements only, in order.
    pub fn element_children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).filter(|&c| self.kind(c) == Kind::Element)
    }

    /// The node and everything below it, in document order.
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        Preorder::new(self.node(id)).map(|d| d.id())
    }

    /// Elements below `id` (not `id` itself), in document order.
    pub fn descendant_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        Preorder::new(self.node(id))
            .skip(1)
            .filter(|d| d.value().is_element())
            .map(|d| d.id())
    }

    /// The outermost elements below `id` for which `pick` holds, in document order; what lies
    /// inside a picked element is not visited.
    pub fn outermost(&self, id: NodeId, mut pick: impl FnMut(NodeId) -> bool) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut walk = Preorder::new(self.node(id));
        walk.next();
        while let Some(n) = walk.next() {
            if n.value().is_element() && pick(n.id()) {
                out.push(n.id());
                walk.skip_below(n);
            }
        }
        out
    }

    /// A depth-first walk of `id`'s subtree giving each node twice: `(node, true, view)` on
    /// the way in and `(node, false, view)` on the way out, with what the node is. Lets callers
    /// compute bottom-up values without recursion, however deep the page nests.
    pub fn walk(&self, id: NodeId) -> impl Iterator<Item = (NodeId, bool, View<'_>)> + '_ {
        Edges::new(self.node(id)).map(|(n, open)| (n.id(), open, View(n.value())))
    }

    /// The next sibling node.
    pub fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)?.next_sibling().map(|n| n.id())
    }

    /// The previous sibling node.
    pub fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id)?.prev_sibling().map(|n| n.id())
    }

    /// The next sibling that is an element.
    pub fn next_element_sibling(&self, id: NodeId) -> Option<NodeId> {
        let mut cur = self.next_sibling(id);
        while let Some(c) = cur {
            if self.kind(c) == Kind::Element {
                return Some(c);
            }
            cur = self.next_sibling(c);
        }
        None
    }

    /// True if `ancestor` is `id` or one of its ancestors.
    pub fn contains(&self, ancestor: NodeId, id: NodeId) -> bool {
        id == ancestor || self.ancestors(id).any(|a| a == ancestor)
    }

    /// Elements matching `selector` inside `scope` (including `scope` itself), in document order.
    pub fn select(&self, scope: NodeId, selector: &Selector) -> Vec<NodeId> {
        self.descendants(scope)
            .filter(|&d| self.matches(d, selector))
            .collect()
    }

    /// True if element `id` matches `selector`.
    pub fn matches(&self, id: NodeId, selector: &Selector) -> bool {
        self.node(id)
            .and_then(scraper::ElementRef::wrap)
            .is_some_and(|e| selector.0.matches(&e))
    }

    // ----- checkpoints -----

    /// Starts recording moves and renames, so that [`Document::rollback`] can return the tree
    /// to how it is now. Attribute and text edits are not recorded: code that runs under a
    /// checkpoint must not make them.
    pub fn checkpoint(&mut self) {
        self.journal = Some(Vec::new());
    }

    /// Undoes every move and rename since [`Document::checkpoint`], newest first, and keeps
    /// recording from the restored tree. Elements created since stay in storage, detached.
    pub fn rollback(&mut self) {
        let Some(journal) = self.journal.replace(Vec::new()) else {
            return;
        };
        let tree = &mut self.html.tree;
        for undo in journal.into_iter().rev() {
            match undo {
                Undo::Place { node, parent, next } => {
                    if let Some(mut n) = tree.get_mut(node) {
                        n.detach();
                    }
                    if let Some(mut s) = next.and_then(|s| tree.get_mut(s)) {
                        s.insert_id_before(node);
                    } else if let Some(mut p) = parent.and_then(|p| tree.get_mut(p)) {
                        p.append_id(node);
                    }
                }
                Undo::Name { node, name } => {
                    if let Some(Node::Element(e)) = tree.get_mut(node).as_mut().map(|n| n.value()) {
                        e.name = name;
                    }
                }
            }
        }
    }

    /// Stops recording; the changes since the checkpoint stay.
    pub fn commit(&mut self) {
        self.journal = None;
    }

    /// Records where `id` stands, if a checkpoint is open.
    fn note_place(&mut self, id: NodeId) {
        if let Some(journal) = self.journal.as_mut() {
            if let Some(n) = self.html.tree.get(id) {
                journal.push(Undo::Place {
                    node: id,
                    parent: n.parent().map(|p| p.id()),
                    next: n.next_sibling().map(|s| s.id()),
                });
            }
        }
    }

    // ----- mutation -----

    /// Takes `id` (and everything below it) out of the tree.
    pub fn detach(&mut self, id: NodeId) {
        self.note_place(id);
        if let Some(mut n) = self.html.tree.get_mut(id) {
            n.detach();
        }
    }

    /// Sets (or adds) an attribute.
    pub fn set_attr(&mut self, id: NodeId, name: &str, value: &str) {
        debug_assert!(self.journal.is_none(), "attribute edits are not recorded");
        let Some(mut n) = self.html.tree.get_mut(id) else {
            return;
        };
        if let Node::Element(e) = n.value() {
            // Attributes carry no namespace, and scraper keeps them sorted for binary search.
            let key =
                html5ever::QualName::new(None, html5ever::ns!(), html5ever::LocalName::from(name));
            match e.attrs.binary_search_by(|(k, _)| k.cmp(&key)) {
                Ok(i) => e.attrs[i].1 = value.into(),
                Err(i) => e.attrs.insert(i, (key, value.into())),
            }
        }
    }

    /// Removes an attribute.
    pub fn remove_attr(&mut self, id: NodeId, name: &str) {
        debug_assert!(self.journal.is_none(), "attribute edits are not recorded");
        if let Some(mut n) = self.html.tree.get_mut(id) {
            if let Node::Element(e) = n.value() {
                e.attrs.retain(|(k, _)| &*k.local != name);
            }
        }
    }

    /// Changes an element's tag name, keeping attributes and children.
    pub fn rename(&mut self, id: NodeId, tag: &str) {
        let journal = &mut self.journal;
        if let Some(mut n) = self.html.tree.get_mut(id) {
            if let Node::Element(e) = n.value() {
                let old = std::mem::replace(&mut e.name, qual(tag));
                if let Some(j) = journal.as_mut() {
                    j.push(Undo::Name {
                        node: id,
                        name: old,
                    });
                }
            }
        }
    }

    /// Creates a detached element with no attributes.
    pub fn create_element(&mut self, tag: &str) -> NodeId {
        let el = Element::new(qual(tag), Vec::new());
        self.html.tree.orphan(Node::Element(el)).id()
    }

    /// Creates a detached text node.
    pub fn create_text(&mut self, text: &str) -> NodeId {
        self.html
            .tree
            .orphan(Node::Text(Text { text: text.into() }))
            .id()
    }

    /// Moves `child` to the end of `parent`'s children.
    pub fn append(&mut self, parent: NodeId, child: NodeId) {
        self.note_place(child);
        if let Some(mut p) = self.html.tree.get_mut(parent) {
            p.append_id(child);
        }
    }

    /// Moves `node` just before `sibling`.
    pub fn insert_before(&mut self, sibling: NodeId, node: NodeId) {
        self.note_place(node);
        if let Some(mut s) = self.html.tree.get_mut(sibling) {
            s.insert_id_before(node);
        }
    }

    /// Replaces the children of `id` by one text node.
    pub fn set_text(&mut self, id: NodeId, text: &str) {
        let kids: Vec<NodeId> = self.children(id).collect();
        for k in kids {
            self.detach(k);
        }
        let t = self.create_text(text);
        self.append(id, t);
    }

    /// Serializes `id` (with its own tag) as HTML.
    pub fn outer_html(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.write_html(id, &mut out, &|_, _| true);
        out
    }

    /// Serializes the children of `id` as HTML.
    #[cfg(test)]
    pub fn inner_html(&self, id: NodeId) -> String {
        let mut out = String::new();
        for c in self.children(id) {
            self.write_html(c, &mut out, &|_, _| true);
        }
        out
    }

    /// Serializes without recursion (pages nest thousands deep).
    fn write_html(&self, id: NodeId, out: &mut String, keep: &dyn Fn(&str, &str) -> bool) {
        for (node, open) in Edges::new(self.node(id)) {
            match node.value() {
                Node::Text(t) if open => escape_into(t, false, out),
                Node::Element(e) => {
                    let name = e.name();
                    if open {
                        let html = e.name.ns == html5ever::ns!(html);
                        out.push('<');
                        out.push_str(name);
                        for (k, v) in e.attrs() {
                            if html && !keep(name, k) {
                                continue;
                            }
                            out.push(' ');
                            out.push_str(k);
                            out.push_str("=\"");
                            escape_into(v, true, out);
                            out.push('"');
                        }
                        out.push('>');
                    } else if !is_void(name) {
                        out.push_str("</");
                        out.push_str(name);
                        out.push('>');
                    }
                }
                _ => {}
            }
        }
    }
}

fn qual(name: &str) -> html5ever::QualName {
    html5ever::QualName::new(None, html5ever::ns!(html), html5ever::LocalName::from(name))
}

/// True for elements that never have children or a closing tag.
pub fn is_void(tag: &str) -> bool {
    matches!(
        tag,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Escapes text for HTML (`attr`: also escape double quotes).
pub fn escape_into(s: &str, attr: bool, out: &mut String) {
    use crate::text::{ONES, position_by_words, zero_bytes as zero};
    // Copy runs of ordinary text whole, found eight bytes at a time; only these bytes can
    // start something to escape (0xC2 leads a no-break space).
    let quote = if attr { b'"' } else { b'&' };
    let flags = |x: u64| {
        zero(x ^ (ONES * u64::from(b'&')))
            | zero(x ^ (ONES * u64::from(b'<')))
            | zero(x ^ (ONES * u64::from(b'>')))
            | zero(x ^ (ONES * u64::from(quote)))
            | zero(x ^ (ONES * 0xC2))
    };
    let hit = |b: u8| matches!(b, b'&' | b'<' | b'>' | 0xC2) || b == quote;
    let bytes = s.as_bytes();
    let mut last = 0;
    let mut i = 0;
    while let Some(p) = position_by_words(&bytes[i..], flags, hit) {
        i += p;
        let (with, len) = match bytes[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            _ if bytes.get(i + 1) == Some(&0xA0) => ("&nbsp;", 2),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[last..i]);
        out.push_str(with);
        i += len;
        last = i;
    }
    out.push_str(&s[last..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rollback_restores_moves_and_renames_in_any_order() {
        let html =
            "<div id=a><p>one</p><div id=b>two<span>three</span></div><p>four</p></div><p>five</p>";
        let mut doc = Document::parse(html);
        let body = doc.body().unwrap();
        let before = doc.outer_html(body);
        doc.checkpoint();
        let kids: Vec<NodeId> = doc.descendant_elements(body).collect();
        let wrapper = doc.create_element("article");
        doc.append(body, wrapper);
        // Move a node twice, move its parent, rename, insert before, detach: the undo must
        // replay in reverse for the first move to land where it started.
        doc.append(wrapper, kids[3]);
        doc.insert_before(kids[3], kids[1]);
        doc.append(wrapper, kids[0]);
        doc.rename(kids[2], "p");
        doc.detach(kids[4]);
        doc.append(kids[1], kids[5]);
        assert_ne!(doc.outer_html(body), before);
        doc.rollback();
        assert_eq!(doc.outer_html(body), before);
        // Recording goes on after a rollback, and a commit keeps the changes.
        doc.rename(kids[1], "section");
        doc.rollback();
        assert_eq!(doc.outer_html(body), before);
        doc.rename(kids[1], "section");
        doc.commit();
        doc.rollback();
        assert!(doc.outer_html(body).contains("<section>one</section>"));
    }

    #[test]
    fn node_bits_hold_what_was_added() {
        let mut doc = Document::parse(&"<p>x</p>".repeat(100));
        let all: Vec<NodeId> = doc.descendants(doc.root()).collect();
        let late = doc.create_element("div");
        let mut bits = NodeBits::default();
        bits.extend(all.iter().copied().step_by(3));
        bits.insert(late);
        for (i, id) in all.iter().enumerate() {
            assert_eq!(bits.contains(id), i % 3 == 0, "node {i}");
        }
        assert!(bits.contains(&late));
        assert!(!NodeBits::default().contains(&late));
    }

    /// The outermost picked elements are the picked ones with no picked ancestor below the
    /// root, however they nest.
    #[test]
    fn outermost_skips_what_is_inside_a_pick() {
        let doc = Document::parse(include_str!("../samples/wire-story.html"));
        let body = doc.body().unwrap();
        for tags in [
            &["div"][..],
            &["p", "a"],
            &["div", "span", "figure"],
            &["body"],
        ] {
            let pick = |n: NodeId| doc.tag(n).is_some_and(|t| tags.contains(&t));
            let want: Vec<NodeId> = doc
                .descendant_elements(body)
                .filter(|&n| pick(n) && !doc.ancestors(n).take_while(|&a| a != body).any(pick))
                .collect();
            let mut visited = 0;
            let got = doc.outermost(body, |n| {
                visited += 1;
                pick(n)
            });
            assert_eq!(got, want, "{tags:?}");
            let inside: usize = got
                .iter()
                .map(|&n| doc.descendant_elements(n).count())
                .sum();
            assert_eq!(
                visited + inside,
                doc.descendant_elements(body).count(),
                "{tags:?}"
            );
        }
    }

    #[test]
    fn index_follows_creation_order() {
        let mut doc = Document::parse("<p>a</p><p>b</p>");
        assert_eq!(index(doc.root()), 0);
        let order: Vec<usize> = doc.descendants(doc.root()).map(index).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        let fresh = doc.create_element("div");
        assert_eq!(index(fresh), order.len());
    }

    /// The walks give what ego-tree's own iterators give, from every node of a page with deep
    /// nesting, empty elements, trailing text and a detached subtree (whose walk must stop at
    /// its root rather than run on into the rest of the page).
    #[test]
    fn walks_match_ego_tree() {
        let sample = include_str!("../samples/wire-story.html");
        let nested = "<div><p>a<b>b<i></i></b></p><ul><li>1<li><span>2</span></ul>tail</div>";
        for html in [sample, nested] {
            let mut doc = Document::parse(html);
            let p = doc
                .descendants(doc.root())
                .find(|&n| doc.is(n, "p"))
                .unwrap();
            doc.detach(p);
            let mut starts: Vec<NodeId> = doc.descendants(doc.root()).collect();
            starts.extend(doc.descendants(p));
            assert!(starts.len() > 15);
            for id in starts {
                let n = doc.html.tree.get(id).unwrap();
                let ids = |it: &mut dyn Iterator<Item = ego_tree::NodeRef<'_, Node>>| {
                    it.map(|d| d.id()).collect::<Vec<_>>()
                };
                let walk: Vec<NodeId> = doc.descendants(id).collect();
                assert_eq!(walk, ids(&mut n.descendants()));
                let elements: Vec<NodeId> = doc.descendant_elements(id).collect();
                let want: Vec<NodeId> = n
                    .descendants()
                    .skip(1)
                    .filter(|d| d.value().is_element())
                    .map(|d| d.id())
                    .collect();
                assert_eq!(elements, want);
                let edges: Vec<(NodeId, bool)> = doc
                    .walk(id)
                    .map(|(n, open, view)| {
                        assert_eq!(view.tag(), doc.tag(n));
                        assert_eq!(view.text(), doc.text_node(n));
                        (n, open)
                    })
                    .collect();
                let want: Vec<(NodeId, bool)> = n
                    .traverse()
                    .map(|e| match e {
                        ego_tree::iter::Edge::Open(n) => (n.id(), true),
                        ego_tree::iter::Edge::Close(n) => (n.id(), false),
                    })
                    .collect();
                assert_eq!(edges, want);
                let texts: String = doc.texts(id).collect();
                assert_eq!(texts, doc.text(id));
                let want: String = n
                    .descendants()
                    .filter_map(|d| d.value().as_text())
                    .map(|t| &**t)
                    .collect();
                assert_eq!(texts, want);
                assert_eq!(
                    doc.ancestors(id).collect::<Vec<_>>(),
                    ids(&mut n.ancestors())
                );
                assert_eq!(doc.children(id).collect::<Vec<_>>(), ids(&mut n.children()));
            }
        }
    }

    #[test]
    fn parses_and_walks() {
        let doc = Document::parse("<title>T</title><p class=a id=b>Hi <b>there</b></p>");
        let body = doc.body().unwrap();
        let p = doc.element_children(body).next().unwrap();
        assert_eq!(doc.tag(p), Some("p"));
        assert_eq!(doc.class_and_id(p), "a b");
        assert_eq!(doc.text(p), "Hi there");
        assert!(doc.head().is_some());
        let loud = Document::parse("<p class='Top İ' id=X><p class=TOP>");
        let ps: Vec<NodeId> = loud.element_children(loud.body().unwrap()).collect();
        assert_eq!(loud.class_and_id_lower(ps[0]), "top i\u{307} x");
        assert_eq!(loud.class_and_id_lower(ps[1]), "top");
    }

    #[test]
    fn mutation_round_trips() {
        let mut doc = Document::parse("<div><p>one</p><span>two</span></div>");
        let div = doc.element_children(doc.body().unwrap()).next().unwrap();
        let span = doc.element_children(div).nth(1).unwrap();
        doc.rename(span, "p");
        doc.set_attr(span, "data-x", "1\"");
        assert_eq!(doc.attr(span, "data-x"), Some("1\""));
        doc.set_attr(span, "data-x", "2");
        assert_eq!(doc.attr(span, "data-x"), Some("2"));
        assert_eq!(doc.inner_html(div), "<p>one</p><p data-x=\"2\">two</p>");
        doc.detach(span);
        assert_eq!(doc.inner_html(div), "<p>one</p>");
        let body = doc.body().unwrap();
        doc.detach(div);
        assert!(!doc.contains(body, div));
    }

    #[test]
    fn escaping_matches_its_definition() {
        let plain = |s: &str, attr: bool| {
            let mut out = String::new();
            for ch in s.chars() {
                match ch {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' if attr => out.push_str("&quot;"),
                    '\u{a0}' => out.push_str("&nbsp;"),
                    c => out.push(c),
                }
            }
            out
        };
        let mut texts: Vec<String> = ["", "a<b>&\"c\"", "\u{a0}x\u{a0}", "Â é ¢ \u{a0}<", "&&"]
            .map(String::from)
            .to_vec();
        // Each special character, and characters sharing the no-break space's lead byte, at
        // every offset of a text longer than two words.
        for c in [
            '&', '<', '>', '"', '\u{a0}', '\u{a1}', '\u{80}', 'Â', '\u{2000}', 'x',
        ] {
            for at in 0..20 {
                texts.push(format!("{}{c}{}{c}", "a".repeat(at), "b".repeat(20 - at)));
            }
        }
        for s in &texts {
            for attr in [false, true] {
                let mut out = String::new();
                escape_into(s, attr, &mut out);
                assert_eq!(out, plain(s, attr), "{s:?}");
            }
        }
    }

    #[test]
    fn bad_selector_is_a_clear_error() {
        let err = Selector::parse("div[").unwrap_err();
        assert!(err.to_string().contains("div["), "{err}");
    }

    #[test]
    fn selects_within_scope() {
        let doc = Document::parse("<div id=a><p>1</p></div><p>2</p>");
        let sel = Selector::parse("p").unwrap();
        let root = doc.root();
        let a = doc.select(root, &Selector::parse("#a").unwrap())[0];
        assert_eq!(doc.select(a, &sel).len(), 1);
        assert_eq!(doc.select(root, &sel).len(), 2);
    }
}
