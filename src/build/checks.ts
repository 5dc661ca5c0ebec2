/**
 * Build-time checks on a rendered slot email, so that problems show up when
 * the template is written, not when an email is sent.
 */
import type { FlatField } from '../catalog/fields.ts';
import { BundleError } from '../core/errors.ts';
import { tokenize } from '../runtime/program.ts';
import type { DerivedField } from '../variables/derived.ts';

export const GMAIL_CLIP_BYTES = 102 * 1024;
export const WARN_BYTES = 80 * 1024;

interface Parts {
  subject: string;
  html: string;
  text: string;
}

const kindOf = (fields: readonly FlatField[], derived: readonly DerivedField[], path: string) =>
  fields.find((f) => f.path === path)?.kind ?? (derived.some((d) => d.path === path) ? 'text' : undefined);

/** Values allowed in a subject: bounded, single-line kinds. */
const SUBJECT_KINDS = new Set(['text', 'code', 'minutes', 'number', 'datetime', 'email']);

const URL_ATTRIBUTE = /\s(?:href|src)="([^"]*)"/g;

export function checkSlots(
  where: string,
  parts: Parts,
  fields: readonly FlatField[],
  derived: readonly DerivedField[],
) {
  const fail = (message: string) => {
    throw new BundleError(`${where}: ${message}`);
  };
  const tokens = {
    subject: tokenize(parts.subject, `${where} subject`),
    html: tokenize(parts.html, `${where} html`),
    text: tokenize(parts.text, `${where} text`),
  };
  for (const [part, list] of Object.entries(tokens)) {
    for (const t of list) {
      if (t.type === 'text' || t.type === 'preview' || t.type === 'pad') continue;
      const kind = kindOf(fields, derived, t.value);
      if (!kind) fail(`${part} uses "{{${t.value}}}", which the template does not declare`);
      if (t.type === 'value' && kind === 'object') fail(`${part} prints object "${t.value}"`);
      if (part === 'subject' && t.type === 'value' && !SUBJECT_KINDS.has(kind as string)) {
        fail(`the subject may only hold text, code or number values, not ${kind} "${t.value}"`);
      }
    }
  }
  if (/[\r\n]/.test(parts.subject)) fail('the subject contains a line break');
  // A URL attribute is literal, or a url-kind value with literal text after it (`{{link}}?ref=mail`),
  // or `mailto:` and an email-kind value (sections around either allowed): nothing a value could turn
  // into another scheme or a parameter of someone else's URL.
  for (const match of parts.html.matchAll(URL_ATTRIBUTE)) {
    const attribute = match[0].trim().slice(0, 80);
    // What can precede each value, branch by branch: `{{#p}}A{{/p}}{{^p}}B{{/p}}` is A or B, never A then B.
    let before = '';
    const open: { path: string; saved: string; other?: string }[] = [];
    let closed: { path: string; saved: string; after: string } | undefined;
    for (const t of tokenize(match[1] as string, where)) {
      if (t.type === 'section' || t.type === 'inverted') {
        const elseOf = t.type === 'inverted' && closed?.path === t.value ? closed : undefined;
        if (elseOf) before = elseOf.saved;
        open.push({ path: t.value, saved: before, ...(elseOf ? { other: elseOf.after } : {}) });
        closed = undefined;
        continue;
      }
      if (t.type === 'close') {
        const o = open.pop();
        if (!o) continue;
        const after = before;
        // After an if/else, or a section that may be skipped: the longest of what its branches left.
        before = [o.saved, after, o.other ?? o.saved].reduce((a, b) => (b.length > a.length ? b : a));
        closed = o.other === undefined ? { path: o.path, saved: o.saved, after } : undefined;
        continue;
      }
      closed = undefined;
      if (t.type === 'text') {
        before += t.value;
        continue;
      }
      if (t.type !== 'value') continue;
      const kind = kindOf(fields, derived, t.value);
      if (!(kind === 'email' && before === 'mailto:') && !(kind === 'url' && before === '')) {
        fail(
          kind === 'url' || kind === 'email'
            ? `"${t.value}" must start the attribute${kind === 'email' ? ' after mailto:' : ''}: ${attribute}`
            : `"${t.value}" is not a url (or, after mailto:, an email) variable but sits in ${attribute}`,
        );
      }
      before += '\u0000';
    }
  }
}
