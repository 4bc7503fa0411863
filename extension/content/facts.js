// The key-facts panel: the engine's `key_facts` grouped as Summary, Who, Where, When, Numbers,
// Quotes and Source. Each fact is a button that scrolls the article to the sentence it came
// from and highlights it. The engine chose the facts; this file only lays them out and finds
// the text again: `block` is the article's paragraph (its element carries `data-block`), and
// `start`/`end` are UTF-16 offsets into that paragraph's text with whitespace collapsed.
'use strict';

if (!globalThis.SiftFacts) {
  const GROUPS = [
    ['summary', 'Summary'],
    ['people', 'Who'],
    ['organizations', 'Organisations'],
    ['places', 'Where'],
    ['dates', 'When'],
    ['numbers', 'Numbers'],
    ['quotes', 'Quotes'],
  ];

  const { el } = globalThis.SiftDom;

  /** Where a fact came from: its own span, or its first mention. */
  function spanOf(fact) {
    if (Number.isInteger(fact?.block)) return fact;
    if (Number.isInteger(fact?.span?.block)) return fact.span;
    const first = fact?.mentions?.[0];
    return Number.isInteger(first?.block) ? first : null;
  }

  /** The engine's sentence that holds `span`, or the span itself. */
  function sentenceAround(span, sentences) {
    const around = (sentences ?? []).find(
      (s) => s.block === span.block && s.start <= span.start && s.end >= span.end,
    );
    return around ?? span;
  }

  /** The label of one fact in its group. */
  function label(group, f) {
    switch (group) {
      case 'summary':
        return f.text;
      case 'people':
        return f.role ? `${f.name}, ${f.role}` : f.name;
      case 'organizations':
      case 'places':
        return f.name;
      case 'dates':
        return f.date ? `${f.text} (${f.date.replace('/', ' – ')})` : f.text;
      case 'numbers':
        return f.context ? `${f.text}: ${f.context}` : f.text;
      case 'quotes':
        return `“${f.text}” — ${f.speaker ?? 'unattributed'}`;
      default:
        return String(f.text ?? f.name ?? '');
    }
  }

  /**
   * The text nodes of `block` as the engine saw its text (whitespace runs collapsed to one
   * space, trimmed), with the node and offset behind every UTF-16 unit of that text.
   */
  function textMap(block) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const at = [];
    let text = '';
    let space = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const data = node.data;
      for (let i = 0; i < data.length; i++) {
        if (/\s/.test(data[i])) {
          space = text.length > 0;
          continue;
        }
        if (space) {
          text += ' ';
          at.push({ node, offset: i });
          space = false;
        }
        text += data[i];
        at.push({ node, offset: i });
      }
    }
    return { text, at };
  }

  /** Removes the previous highlight, leaving its text where it was. */
  function clearHighlight(content) {
    for (const mark of content.querySelectorAll('mark.sift-highlight')) {
      mark.replaceWith(...mark.childNodes);
    }
    for (const b of content.querySelectorAll('.sift-highlight-block')) b.classList.remove('sift-highlight-block');
  }

  /** Highlights `span` in `content` and scrolls it into view; returns the highlighted element. */
  function highlight(content, span) {
    clearHighlight(content);
    const block = content.querySelector(`[data-block="${span.block}"]`);
    if (!block) return null;
    const { at } = textMap(block);
    const start = at[span.start];
    const last = at[Math.min(span.end, at.length) - 1];
    let target = block;
    if (start && last && span.end > span.start) {
      try {
        const range = document.createRange();
        range.setStart(start.node, start.offset);
        range.setEnd(last.node, last.offset + 1);
        const mark = document.createElement('mark');
        mark.className = 'sift-highlight';
        mark.append(range.extractContents());
        range.insertNode(mark);
        target = mark;
      } catch {
        block.classList.add('sift-highlight-block');
      }
    } else {
      block.classList.add('sift-highlight-block');
    }
    target.scrollIntoView({ block: 'center' });
    return target;
  }

  /**
   * The panel for `article`, or null when there is nothing to show. Before the engine gives
   * key facts (or for an article with none), it shows the excerpt and the source line.
   */
  function panel(article, content, sourceLine) {
    const kf = article.key_facts ?? {};
    const sections = [];
    for (const [group, title] of GROUPS) {
      const facts = Array.isArray(kf[group]) ? kf[group] : [];
      if (!facts.length) continue;
      const items = facts.map((f) => {
        const own = spanOf(f);
        const span = own && sentenceAround(own, kf.sentences);
        const text = label(group, f);
        const body = span
          ? el('button', { type: 'button', class: 'fact', onclick: () => highlight(content, span) }, text)
          : text;
        return el('li', { class: `fact-${group}` }, body);
      });
      const list = el(group === 'summary' ? 'ol' : 'ul', { class: `facts-${group}` }, ...items);
      sections.push(el('section', { class: 'facts-group' }, el('h3', {}, title), list));
    }
    const src = kf.source ?? {};
    const sourceParts = [
      src.author ? `By ${src.author}` : null,
      src.wire ? `wire: ${src.wire}` : null,
      src.republisher ? `carried by ${src.republisher}` : null,
    ].filter(Boolean);
    const sourceText = sourceParts.length ? sourceParts.join(' · ') : sourceLine;
    if (sourceText) {
      sections.push(el('section', { class: 'facts-group' }, el('h3', {}, 'Source'), el('p', {}, sourceText)));
    }
    const hasFacts = GROUPS.some(([g]) => Array.isArray(kf[g]) && kf[g].length);
    if (!hasFacts && article.excerpt) {
      sections.unshift(el('p', { class: 'excerpt' }, article.excerpt));
    }
    if (!sections.length) return null;
    return el(
      'aside',
      { class: 'facts', 'aria-labelledby': 'sift-facts-title' },
      el('details', { open: true }, el('summary', {}, el('h2', { id: 'sift-facts-title' }, 'Key facts')), ...sections),
    );
  }

  globalThis.SiftFacts = { panel, highlight };
}
