/**
 * The one-time code, and the plain-text part: the code is one text node, or
 * groups in inline elements with nothing between them ("482 915" drawn by a
 * gap, not a space) — either copies as exactly the code —, monospace, px
 * letter-spacing and large;
 * the text part has the code exactly once and every link of the HTML part.
 */
import type { Element } from 'domhandler';
import { escapeRegExp } from '../../core/regexp.ts';
import { type ParsedEmail, walk } from '../parse.ts';
import type { EmailRule, RuleFinding } from '../types.ts';

export const MIN_CODE_PX = 24;
const FORMAT_CHARS = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/;

/** Occurrences of the code not glued to other digits or letters. */
export function countCode(text: string, code: string) {
  return [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(code)}(?![\\p{L}\\p{N}])`, 'gu'))].length;
}

interface CodeNode {
  /** The text the element holds: the text node's, or a grouped code's spans' joined. */
  data: string;
  element: Element;
  /** The element holds only the code's text node (or only its groups). */
  alone: boolean;
}

/** The text nodes of the body holding the code. */
function codeNodes(email: ParsedEmail, code: string): CodeNode[] {
  const found: CodeNode[] = [];
  walk(email.doc.children, (n) => {
    if (n.type === 'text' && n.parent && n.parent.type === 'tag' && n.data.includes(code)) {
      const el = n.parent as Element;
      if (el.name !== 'title' && el.name !== 'style') {
        found.push({ data: n.data, element: el, alone: el.children.length === 1 });
      }
    }
  });
  return found;
}

const INLINE = new Set(['span', 'b', 'strong', 'i', 'em']);

/**
 * An element whose text is exactly the code, split only by inline elements with no text, space or
 * block between the pieces: it copies as the code (the default frame's grouped "482 915").
 */
function groupedCode(email: ParsedEmail, code: string): CodeNode | undefined {
  const inline = (el: Element): boolean =>
    el.children.every(
      (c) =>
        c.type === 'text' ||
        (c.type === 'tag' &&
          INLINE.has((c as Element).name) &&
          !email.declarations.some(
            (d) => d.element === c && d.property === 'display' && !/^inline\b/.test(d.value.trim()),
          ) &&
          inline(c as Element)),
    );
  const element = email.elements.findLast((e) => e.children.length > 1 && textOf(e) === code && inline(e));
  return element && { data: code, element, alone: true };
}

const ancestors = (el: Element) => {
  const list: Element[] = [];
  let cur: Element | null = el;
  while (cur && cur.type === 'tag') {
    list.push(cur);
    cur = cur.parent as Element | null;
  }
  return list;
};

/** The value of an inline CSS property on `el` or the nearest ancestor (inherited properties). */
export function inherited(email: ParsedEmail, el: Element, property: string): string | undefined {
  for (const a of ancestors(el)) {
    const d = email.declarations.findLast((x) => x.element === a && x.property === property);
    if (d) return d.value.trim();
  }
  return undefined;
}

/** Visible, non-preheader code nodes: hidden elements (preheader) do not count. */
function visibleCodeNodes(email: ParsedEmail, code: string): CodeNode[] {
  const visible = (n: CodeNode) => !ancestors(n.element).some((a) => a.attribs['data-skip-in-text'] !== undefined);
  const nodes = codeNodes(email, code).filter(visible);
  const grouped = nodes.length ? undefined : groupedCode(email, code);
  return grouped && visible(grouped) ? [grouped] : nodes;
}

export const codeNode: EmailRule = {
  id: 'code-node',
  family: 'code',
  kind: 'email',
  severity: 'error',
  description:
    'the code is one text node on its own, or groups in inline elements with nothing between them (no per-digit cells, spaces or invisible characters), shown once, not a link',
  check(email) {
    const code = email.code;
    if (!code) return [];
    const nodes = visibleCodeNodes(email, code);
    if (nodes.length === 0) {
      // Digits spread over several elements (per-digit cells or spans): the innermost element holding all of them.
      const split = email.elements.findLast((e) => e.children.length > 1 && textOf(e).replace(/\s+/g, '') === code);
      return [
        {
          message: split
            ? `The code ${code} is split across several elements: it will copy with tabs or line breaks between digits.`
            : `The code ${code} does not appear as one piece of text in the HTML part.`,
          location: split ? email.at(split.startIndex ?? 0, split) : { part: 'html' },
        },
      ];
    }
    const findings: RuleFinding[] = [];
    if (nodes.length > 1) {
      findings.push({
        message: `The code ${code} is shown ${nodes.length} times; show it once so it is clear what to type.`,
        location: email.at(nodes[1]?.element.startIndex ?? 0, nodes[1]?.element),
      });
    }
    for (const { data, element, alone } of nodes) {
      const where = email.at(element.startIndex ?? 0, element);
      if (data.trim() !== code || !alone) {
        findings.push({
          message: `The code shares its element with other text ("${data.trim().slice(0, 40)}"); give it an element of its own so a double-click selects exactly the code.`,
          location: where,
        });
      }
      if (FORMAT_CHARS.test(data)) {
        findings.push({
          message: 'The code contains invisible characters that would be copied with it.',
          location: where,
        });
      }
      if (ancestors(element).some((a) => a.name === 'a')) {
        findings.push({
          message: 'The code is inside a link; tapping it opens the link instead of selecting it.',
          location: where,
        });
      }
    }
    return findings;
  },
};

function textOf(el: Element): string {
  let s = '';
  walk(el.children, (n) => {
    if (n.type === 'text') s += n.data;
  });
  return s;
}

const px = (value: string | undefined) => {
  const m = value ? /^(-?[\d.]+)px$/.exec(value.replace(/!important/, '').trim()) : null;
  return m ? Number(m[1]) : undefined;
};

export const codeStyle: EmailRule = {
  id: 'code-style',
  family: 'code',
  kind: 'email',
  severity: 'error',
  description: `the code is monospace, with letter-spacing in px and a font size of at least ${MIN_CODE_PX}px (also in @media overrides)`,
  check(email) {
    const code = email.code;
    if (!code) return [];
    const findings: RuleFinding[] = [];
    for (const { element } of visibleCodeNodes(email, code)) {
      const where = email.at(element.startIndex ?? 0, element);
      const family = inherited(email, element, 'font-family') ?? '';
      if (!/(^|,)\s*monospace\s*$/i.test(family)) {
        findings.push({
          message: `The code is not set in a monospace font (font-family: ${family || 'not set'}); 0/O and 1/l look alike in proportional fonts. End the stack with monospace.`,
          location: where,
        });
      }
      const spacing = inherited(email, element, 'letter-spacing');
      if (spacing === undefined || px(spacing) === undefined) {
        findings.push({
          message: `The code needs letter-spacing in px (found: ${spacing ?? 'none'}); Outlook renders em letter-spacing too tight.`,
          location: where,
        });
      }
      const size = px(inherited(email, element, 'font-size'));
      if (size === undefined || size < MIN_CODE_PX) {
        findings.push({
          message: `The code's font size is ${size === undefined ? 'not set in px' : `${size}px`}; make it at least ${MIN_CODE_PX}px.`,
          location: where,
        });
      }
      // Overrides in <style> (e.g. a mobile media query) aimed at the code's classes.
      const classes = (element.attribs.class ?? '').split(/\s+/).filter(Boolean);
      for (const d of email.declarations) {
        if (
          d.origin !== 'sheet' ||
          !d.selector ||
          !classes.some((c) => new RegExp(`\\.${c}(?![\\w-])`).test(d.selector as string))
        )
          continue;
        if (d.property === 'font-size' && (px(d.value) ?? 0) < MIN_CODE_PX) {
          findings.push({
            message: `A <style> rule (${d.selector}) shrinks the code to ${d.value}; keep it at least ${MIN_CODE_PX}px.`,
            location: email.at(d.offset),
          });
        }
        if (d.property === 'letter-spacing' && px(d.value) === undefined) {
          findings.push({
            message: `A <style> rule (${d.selector}) sets the code's letter-spacing to ${d.value}; use px.`,
            location: email.at(d.offset),
          });
        }
        if (d.property === 'font-family' && !/(^|,)\s*monospace\s*$/i.test(d.value)) {
          findings.push({
            message: `A <style> rule (${d.selector}) sets a non-monospace font on the code.`,
            location: email.at(d.offset),
          });
        }
      }
    }
    return findings;
  },
};

export const textCode: EmailRule = {
  id: 'text-code',
  family: 'code',
  kind: 'email',
  severity: 'error',
  description: 'the plain-text part contains the code exactly once',
  check(email) {
    const code = email.code;
    if (!code) return [];
    const n = countCode(email.text, code);
    if (n === 1) return [];
    const line = email.text.split('\n').findIndex((l) => l.includes(code)) + 1;
    return [
      {
        message:
          n === 0
            ? `The plain-text part does not contain the code ${code}; people whose client shows text only cannot sign in.`
            : `The plain-text part contains the code ${code} ${n} times; it should appear once (a hidden duplicate leaked into the text?).`,
        location: { part: 'text', ...(line > 0 ? { line } : {}) },
      },
    ];
  },
};

/** The links of the HTML part, as a reader of the text part needs them. */
export function htmlLinks(email: ParsedEmail): { href: string; needle: string; element: Element }[] {
  return email.elements
    .filter((e) => e.name === 'a' && e.attribs.href)
    .map((e) => {
      const href = (e.attribs.href as string).trim();
      const needle = href.toLowerCase().startsWith('mailto:')
        ? decodeURIComponent(href.slice(7).split('?')[0] ?? '')
        : href;
      return { href, needle, element: e };
    })
    .filter((l) => !l.href.startsWith('#'));
}

export const textLinks: EmailRule = {
  id: 'text-links',
  family: 'code',
  kind: 'email',
  severity: 'error',
  description: 'the plain-text part contains every link of the HTML part (the address of a mailto: link)',
  check(email) {
    const seen = new Set<string>();
    const findings: RuleFinding[] = [];
    for (const link of htmlLinks(email)) {
      if (seen.has(link.needle)) continue;
      seen.add(link.needle);
      if (!email.text.includes(link.needle)) {
        findings.push({
          message: `The plain-text part lacks the link ${link.needle}; text-only readers cannot follow it.`,
          location: email.at(link.element.startIndex ?? 0, link.element),
        });
      }
    }
    return findings;
  },
};

export const codeRules = [codeNode, codeStyle, textCode, textLinks];
