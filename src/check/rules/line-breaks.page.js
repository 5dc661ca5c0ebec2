// Runs in Chromium (as plain JavaScript, not compiled): the line-break defects of the email on the page at
// its current width. Read and evaluated by line-breaks.ts; each result names its rule.
({ locale, width }) => {
  const out = [];
  const chinese = /^zh\b/i.test(locale);
  const HAN = /\p{Script=Han}/u;
  const LETTER = /\p{L}/u;
  const LINKABLE = /[/@]|\p{L}\.\p{L}/u;
  const SEPARATOR = /[·|•]/;
  const describe = (el) =>
    el ? `<${el.tagName.toLowerCase()}${el.className ? ` class="${String(el.className)}"` : ''}>` : '';
  const box = (node, i) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    const rects = range.getClientRects();
    return rects.length ? rects[0] : undefined;
  };
  /** Whether the characters at a and b (a before b, both visible) are on different lines. */
  const broken = (a, b) => a !== undefined && b !== undefined && b.top >= a.bottom - 1;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const parent = n.parentElement;
    if (!parent || parent.closest('style,script,title,[data-skip-in-text]')) continue;
    if (!n.data.trim() || parent.getClientRects().length === 0) continue;
    texts.push(n);
  }
  for (const node of texts) {
    const text = node.data;
    const where = describe(node.parentElement);
    if (chinese && HAN.test(text)) {
      const starts = new Set(
        [...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)].map((s) => s.index),
      );
      const words = [...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)];
      for (let i = 1; i < text.length; i++) {
        if (starts.has(i) || !HAN.test(text[i - 1]) || !HAN.test(text[i])) continue;
        if (broken(box(node, i - 1), box(node, i))) {
          const word =
            words.find((w) => w.index < i && w.index + w.segment.length > i)?.segment ?? text.slice(i - 1, i + 1);
          out.push({
            rule: 'break-in-word',
            message: `“${word}” is broken across two lines at ${width} px`,
            element: where,
            snippet: text.slice(Math.max(0, i - 8), i + 8),
          });
        }
      }
    }
    for (const m of text.matchAll(/\S+/g)) {
      const word = m[0];
      if (LINKABLE.test(word)) continue;
      for (let k = 1; k < word.length - 1; k++) {
        if (word[k] !== '-' || !LETTER.test(word[k - 1]) || !LETTER.test(word[k + 1])) continue;
        const i = (m.index ?? 0) + k;
        if (broken(box(node, i), box(node, i + 1)))
          out.push({
            rule: 'break-after-hyphen',
            message: `“${word}” breaks after “${word.slice(0, k + 1)}” at ${width} px`,
            element: where,
            snippet: word,
          });
      }
    }
    for (let i = 0; i < text.length; i++) {
      if (!SEPARATOR.test(text[i])) continue;
      let j = i - 1;
      while (j >= 0 && /\s/.test(text[j])) j--;
      if (j >= 0 && broken(box(node, j), box(node, i)))
        out.push({
          rule: 'separator-starts-line',
          message: `A line starts with “${text[i]}” at ${width} px`,
          element: where,
          snippet: text.slice(Math.max(0, i - 12), i + 12),
        });
    }
  }
  for (const heading of document.querySelectorAll('h1,h2')) {
    const words = [];
    const walk = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let n = walk.nextNode(); n; n = walk.nextNode())
      for (const m of n.data.matchAll(/[^ \t\n]+/g)) words.push({ text: m[0], node: n, at: m.index ?? 0 });
    const last = words.at(-1);
    const before = words.at(-2);
    if (!last || !before) continue;
    const letters = [...last.text.replace(/[\p{P}\p{S}\u00a0\u200b\u2066-\u2069]/gu, '')].length;
    if (letters === 0 || letters > 4 || /\u00a0/.test(last.text)) continue;
    if (broken(box(before.node, before.at + before.text.length - 1), box(last.node, last.at)))
      out.push({
        rule: 'heading-lone-word',
        message: `“${last.text}” stands alone on the heading’s last line at ${width} px`,
        element: describe(heading),
        snippet: heading.textContent?.trim().slice(-40) ?? '',
      });
  }
  return out;
};
