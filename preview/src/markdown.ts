/**
 * The inline Markdown of check findings (`code`, [text](https://…), **bold**, bare URLs) as DOM
 * nodes: the preview's Checks tab and the static review site show findings with it. Text only ever
 * becomes text nodes; a link is made only for an http(s) URL in [text](url) or a bare https one (a
 * finding quoting an email's plain-http link does not make it clickable), and opens in a new tab.
 */
const INLINE = /`([^`]+)`|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|\*\*([^*]+)\*\*|(https:\/\/[^\s)<>]*[^\s)<>.,;:])/g;

export function inlineMarkdown(text: string, doc: Document = document): Node[] {
  const out: Node[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0;
    if (at > last) out.push(doc.createTextNode(text.slice(last, at)));
    if (m[1] !== undefined) {
      const code = doc.createElement('code');
      code.textContent = m[1];
      out.push(code);
    } else if (m[4] !== undefined) {
      const strong = doc.createElement('strong');
      strong.textContent = m[4];
      out.push(strong);
    } else {
      const a = doc.createElement('a');
      a.href = m[3] ?? m[5] ?? '';
      a.textContent = m[2] ?? m[5] ?? '';
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      out.push(a);
    }
    last = at + m[0].length;
  }
  if (last < text.length) out.push(doc.createTextNode(text.slice(last)));
  return out;
}
