/**
 * Structure: language and direction repeated where webmails keep them,
 * layout tables marked as presentation, images with alt text and size,
 * a `<title>` equal to the subject, and a hidden preheader.
 */
import type { Element } from 'domhandler';
import { inlineStyle, type ParsedEmail, shorten, textOf, walk } from '../parse.ts';
import type { EmailRule, RuleFinding } from '../types.ts';

const find = (email: ParsedEmail, name: string) => email.elements.find((e) => e.name === name);

/** The wrapper: the outermost element inside `<body>` that carries both `lang` and `dir`. */
export function wrapperOf(email: ParsedEmail): Element | undefined {
  const body = find(email, 'body');
  if (!body) return undefined;
  const start = body.startIndex ?? 0;
  const end = body.endIndex ?? Number.POSITIVE_INFINITY;
  return email.elements.find(
    (e) =>
      e !== body &&
      (e.startIndex ?? 0) > start &&
      (e.endIndex ?? 0) <= end &&
      e.attribs.lang !== undefined &&
      e.attribs.dir !== undefined,
  );
}

export const langDir: EmailRule = {
  id: 'lang-dir',
  family: 'structure',
  kind: 'email',
  severity: 'error',
  description:
    '`lang` and `dir` on <html>, <body> and the content wrapper, equal to each other and to the locale (rtl for Arabic and Persian)',
  check(email) {
    const findings: RuleFinding[] = [];
    const places: [string, Element | undefined][] = [
      ['<html>', find(email, 'html')],
      ['<body>', find(email, 'body')],
      ['the content wrapper', wrapperOf(email)],
    ];
    for (const [name, el] of places) {
      if (!el) {
        findings.push({
          message: `${name} with lang and dir is missing: webmails drop <html> and <body>, so repeat lang="${email.locale}" dir="${email.dir}" on an element wrapping the content.`,
          location: { part: 'html' },
        });
        continue;
      }
      const where = email.at(el.startIndex ?? 0, el);
      const lang = el.attribs.lang;
      const dir = el.attribs.dir;
      if (lang === undefined)
        findings.push({ message: `${name} has no lang attribute (expected "${email.locale}").`, location: where });
      else if (lang.toLowerCase() !== email.locale.toLowerCase()) {
        findings.push({
          message: `${name} says lang="${lang}" but this email is in "${email.locale}".`,
          location: where,
        });
      }
      if (dir === undefined)
        findings.push({ message: `${name} has no dir attribute (expected "${email.dir}").`, location: where });
      else if (dir !== email.dir) {
        findings.push({
          message: `${name} says dir="${dir}" but ${email.locale} is written ${email.dir === 'rtl' ? 'right-to-left' : 'left-to-right'} (dir="${email.dir}").`,
          location: where,
        });
      }
    }
    return findings;
  },
};

export const layoutTables: EmailRule = {
  id: 'layout-tables',
  family: 'structure',
  kind: 'email',
  severity: 'error',
  description:
    'every layout <table> has role="presentation" and no <th> or <caption>, so screen readers do not announce a grid',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const table of email.elements.filter((e) => e.name === 'table')) {
      const where = email.at(table.startIndex ?? 0, table);
      const role = table.attribs.role;
      if (role !== 'presentation' && role !== 'none') {
        findings.push({
          message:
            'A layout table lacks role="presentation": screen readers will read it as a data table, cell by cell.',
          location: where,
        });
      }
      const inside = email.elements.filter(
        (e) =>
          (e.name === 'th' || e.name === 'caption') &&
          (e.startIndex ?? 0) > (table.startIndex ?? 0) &&
          (e.endIndex ?? 0) < (table.endIndex ?? 0),
      );
      for (const cell of inside) {
        findings.push({
          message: `A layout table contains <${cell.name}>, which makes it a data table; use <td>.`,
          location: email.at(cell.startIndex ?? 0, cell),
        });
      }
    }
    return findings;
  },
};

export const images: EmailRule = {
  id: 'images',
  family: 'structure',
  kind: 'email',
  severity: 'error',
  description: 'every <img> has alt text (empty only when marked decorative), and width and height attributes',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const img of email.elements.filter((e) => e.name === 'img')) {
      const where = email.at(img.startIndex ?? 0, img);
      const decorative = img.attribs.role === 'presentation' || img.attribs['aria-hidden'] === 'true';
      const alt = img.attribs.alt;
      if (alt === undefined) {
        findings.push({
          message: 'An image has no alt attribute: with images blocked, readers see nothing.',
          location: where,
        });
      } else if (!alt.trim() && !decorative) {
        findings.push({
          message:
            'An image has empty alt text but is not marked decorative (role="presentation"); describe it (a logo: the brand name).',
          location: where,
        });
      }
      for (const attr of ['width', 'height']) {
        const value = img.attribs[attr];
        if (value === undefined || !/^\d+$/.test(value)) {
          findings.push({
            message: `An image has no numeric ${attr} attribute: Outlook shows it at its file size and the layout jumps while it loads.`,
            location: where,
          });
        }
      }
    }
    return findings;
  },
};

export const title: EmailRule = {
  id: 'title',
  family: 'structure',
  kind: 'email',
  severity: 'error',
  description: "<title> is present and equals the subject (or the preview text, as React Email's <Preview> writes it)",
  check(email) {
    const el = find(email, 'title');
    if (!el)
      return [
        {
          message: `The email has no <title>; use the subject ("${shorten(email.subject, 60)}").`,
          location: { part: 'html' },
        },
      ];
    const text = textOf(el).trim();
    if (text === email.subject.trim() || (text !== '' && text === preheaderOf(email)?.text)) return [];
    return [
      {
        message: `The <title> ("${shorten(text, 60)}") differs from the subject ("${shorten(email.subject, 60)}").`,
        location: email.at(el.startIndex ?? 0, el),
      },
    ];
  },
};

/** Visible characters of the preheader: its text without the invisible padding. */
export const PREHEADER_MAX = 150;
const INVISIBLE = /[\u00a0\u200b-\u200f\u2060\ufeff\s]|\u034f/g;

export function isHidden(email: ParsedEmail, el: Element): boolean {
  const style = inlineStyle(email, el);
  return (
    style.get('display')?.trim() === 'none' ||
    style.get('visibility')?.trim() === 'hidden' ||
    el.attribs.hidden !== undefined ||
    /^0(px)?$/.test(style.get('font-size')?.trim() ?? '') ||
    (style.get('max-height')?.trim() === '0' && style.get('overflow')?.trim() === 'hidden')
  );
}

function hiddenAncestor(email: ParsedEmail, node: import('domhandler').ChildNode): Element | undefined {
  let cur = node.parent;
  while (cur && cur.type === 'tag') {
    if (isHidden(email, cur as Element)) return cur as Element;
    cur = cur.parent;
  }
  return undefined;
}

export const preheader: EmailRule = {
  id: 'preheader',
  family: 'structure',
  kind: 'email',
  severity: 'warning',
  description: `a hidden preheader (inbox preview text) opens the body, with 1–${PREHEADER_MAX} visible characters`,
  check(email) {
    const body = find(email, 'body');
    if (!body) return [];
    const found = preheaderOf(email);
    if (!found) {
      return [
        {
          message:
            'No hidden preheader before the content: inboxes will preview the first visible words (the heading) instead of a summary.',
          location: email.at(body.startIndex ?? 0, body),
        },
      ];
    }
    if (found.text.length > PREHEADER_MAX) {
      return [
        {
          message: `The preheader has ${found.text.length} characters; inboxes show about ${PREHEADER_MAX} or fewer, keep the point at the start.`,
          location: email.at(found.element.startIndex ?? 0, found.element),
        },
      ];
    }
    return [];
  },
};

/** The hidden preheader that opens the body (the first text in it must be hidden), and its visible text. */
function preheaderOf(email: ParsedEmail): { element: Element; text: string } | undefined {
  const body = find(email, 'body');
  if (!body) return undefined;
  let firstText: import('domhandler').Text | undefined;
  walk(body.children, (n) => {
    if (!firstText && n.type === 'text' && n.data.replace(INVISIBLE, '') !== '') firstText = n;
  });
  const element = firstText ? hiddenAncestor(email, firstText) : undefined;
  if (!element) return undefined;
  const text = textOf(element)
    .replace(/[\u00a0\u200b-\u200f\u2060\ufeff]|\u034f/g, '')
    .trim();
  return { element, text };
}

export const structureRules = [langDir, layoutTables, images, title, preheader];
