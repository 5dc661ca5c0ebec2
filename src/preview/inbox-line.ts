/**
 * The inbox row's grey line: what a mail client shows after the subject, i.e.
 * the first text of the body (the hidden preheader, then whatever follows if
 * it is short). Read from the HTML that is sent, so it is what a client sees.
 */
import { Parser } from 'htmlparser2';

const SKIP = new Set(['head', 'style', 'script', 'title']);
const INVISIBLE = /[\u200b-\u200d\u2060\u00ad\ufeff]/g;
/** A run of invisible padding after a preheader fills the preview line in clients; nothing after it shows. */
const PADDING = /(?:[\u00a0\u200b-\u200d\u00ad\u2007\ufeff]\s*){12,}/;

export function inboxLine(html: string, max = 140): string {
  let depth = 0;
  let inBody = false;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'body') inBody = true;
        if (SKIP.has(name)) depth++;
      },
      onclosetag(name) {
        if (SKIP.has(name)) depth--;
        if (/^(p|div|td|tr|h\d|br|li)$/.test(name)) text += ' ';
      },
      ontext(data) {
        if (inBody && depth === 0 && text.length < max * 4) text += data;
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
  const padding = PADDING.exec(text);
  const line = (padding ? text.slice(0, padding.index) : text).replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
