/**
 * Build-time checks on a rendered slot email, so that problems show up when
 * the template is written, not when an email is sent.
 */
import type { FlatField } from '../catalog/fields.ts';
import { BundleError } from '../core/errors.ts';
import { type SlotToken, tokenize } from '../runtime/program.ts';
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
const SUBJECT_KINDS = new Set(['text', 'code', 'minutes']);

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
      if (t.type === 'text') continue;
      const kind = kindOf(fields, derived, t.value);
      if (!kind) fail(`${part} uses "{{${t.value}}}", which the template does not declare`);
      if (t.type === 'value' && kind === 'object') fail(`${part} prints object "${t.value}"`);
      if (part === 'subject' && t.type === 'value' && !SUBJECT_KINDS.has(kind as string)) {
        fail(`the subject may only hold text, code or number values, not ${kind} "${t.value}"`);
      }
    }
  }
  if (/[\r\n]/.test(parts.subject)) fail('the subject contains a line break');
  // A URL attribute is either literal or exactly one url-kind value (sections around it allowed).
  for (const match of parts.html.matchAll(URL_ATTRIBUTE)) {
    const values = tokenize(match[1] as string, where).filter((t) => t.type === 'value');
    for (const v of values) {
      if (kindOf(fields, derived, v.value) !== 'url')
        fail(`"${v.value}" is not a url variable but sits in ${match[0].trim().slice(0, 60)}`);
    }
    const literal = tokenize(match[1] as string, where).filter((t: SlotToken) => t.type === 'text');
    if (values.length > 0 && literal.some((t) => !/^https:\/\/\S+$/.test(t.value))) {
      fail(`a url value must fill the whole attribute: ${match[0].trim().slice(0, 80)}`);
    }
  }
  // Sections in the text part stay inside a line; a section spanning blocks
  // would leave blank lines behind when absent.
  const depthStack: string[] = [];
  for (const t of tokens.text) {
    if (t.type === 'section' || t.type === 'inverted') depthStack.push(t.value);
    else if (t.type === 'close') depthStack.pop();
    else if (t.type === 'text' && depthStack.length > 0 && t.value.includes('\n')) {
      fail(`a section around "${depthStack.at(-1)}" spans a line break in the text part; keep optional phrases inline`);
    }
  }
}
