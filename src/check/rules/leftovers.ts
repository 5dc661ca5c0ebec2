/**
 * Leftover template text in what is sent: unfilled slots (`{{`, `}}`),
 * `undefined`, `NaN`, `[object Object]`, and untranslated message
 * keys (`common:codeLabel`, or a whole text that is a key).
 */
import { existsSync } from 'node:fs';
import { localesDir, readLocaleFiles } from '../../locale/files.ts';
import { walk } from '../parse.ts';
import type { EmailRule, Location, RuleFinding } from '../types.ts';

const PATTERNS: [RegExp, string][] = [
  [/\{\{|\}\}/, 'an unfilled template slot'],
  [/\bundefined\b/, '"undefined" (a missing value)'],
  [/\bNaN\b/, '"NaN" (a number that failed)'],
  [/\[object Object\]/, '"[object Object]" (an object printed as text)'],
];

let keys: { qualified: Set<string>; bare: Set<string> } | undefined;

/** Every message key of the English locale files: `ns:key` and the bare keys. */
export function messageKeys() {
  if (!keys) {
    // A project without locale files (React Email templates) has no keys to leave over.
    const en = existsSync(localesDir(process.cwd())) ? (readLocaleFiles().en ?? {}) : {};
    const qualified = new Set<string>();
    const bare = new Set<string>();
    for (const [ns, messages] of Object.entries(en)) {
      for (const key of Object.keys(messages)) {
        qualified.add(`${ns}:${key}`);
        bare.add(key);
      }
    }
    keys = { qualified, bare };
  }
  return keys;
}

function scan(text: string, location: (index: number) => Location, findings: RuleFinding[], partName: string) {
  for (const [pattern, what] of PATTERNS) {
    const m = pattern.exec(text);
    if (m) {
      findings.push({
        message: `The ${partName} contains ${what}: "${text.slice(Math.max(0, m.index - 20), m.index + 30).replace(/\s+/g, ' ')}".`,
        location: location(m.index),
      });
    }
  }
  const { qualified } = messageKeys();
  for (const m of text.matchAll(/\b[a-z][\w-]*:[a-zA-Z]\w*\b/g)) {
    if (qualified.has(m[0])) {
      findings.push({
        message: `The ${partName} shows the message key "${m[0]}" instead of its translation.`,
        location: location(m.index ?? 0),
      });
    }
  }
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

export const leftovers: EmailRule = {
  id: 'leftovers',
  family: 'leftovers',
  kind: 'email',
  severity: 'error',
  description:
    'no `{{`, `}}`, undefined, NaN, [object Object] or untranslated message key in the subject, HTML or text',
  check(email) {
    const findings: RuleFinding[] = [];
    scan(email.subject, () => ({ part: 'subject' }), findings, 'subject');
    scan(email.text, (i) => ({ part: 'text', line: lineOf(email.text, i) }), findings, 'plain-text part');
    // HTML: the text people read and the attributes they may see (alt, title, href).
    const { bare } = messageKeys();
    walk(email.doc.children, (n) => {
      if (n.type === 'text' && n.parent?.type === 'tag' && n.parent.name !== 'style') {
        const before = findings.length;
        scan(n.data, () => email.at(n.startIndex ?? 0, n.parent as import('domhandler').Element), findings, 'HTML');
        const whole = n.data.trim();
        if (
          findings.length === before &&
          bare.has(whole) &&
          /^[a-z]+[A-Z]\w*$|^[a-z]+$/.test(whole) &&
          whole.length > 2
        ) {
          findings.push({
            message: `The HTML shows "${whole}", which is a message key: its translation is missing.`,
            location: email.at(n.startIndex ?? 0, n.parent as import('domhandler').Element),
          });
        }
      } else if (n.type === 'tag') {
        for (const attr of ['alt', 'title', 'href', 'src', 'aria-label']) {
          const v = n.attribs[attr];
          if (v !== undefined) scan(v, () => email.at(n.startIndex ?? 0, n), findings, `${attr} attribute`);
        }
      }
    });
    return findings;
  },
};

export const leftoverRules = [leftovers];
