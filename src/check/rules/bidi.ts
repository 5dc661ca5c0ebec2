/**
 * Bidi isolation: in a right-to-left email, every text value (a name) must be
 * isolated (FSI … PDI, `{{path:isolate}}`), or a Latin name's closing
 * punctuation moves to its other side ("Acme!" reads "!Acme", "Jonas W."
 * reads ".Jonas W"). Read from the bundle's slots, so it holds for any value.
 */
import type { EmailRule, RuleFinding } from '../types.ts';

const SLOT = /\{\{([A-Za-z_][\w.]*)(?::([a-z]+)[^}]*)?\}\}/g;

export const bidiIsolation: EmailRule = {
  id: 'bidi-isolation',
  family: 'languages',
  kind: 'email',
  severity: 'warning',
  description:
    'In a right-to-left email, every text value is bidi-isolated (FSI … PDI) in the subject, HTML and text part, so "Acme!" never reads "!Acme"',
  check(email) {
    if (email.dir !== 'rtl' || !email.source || !email.textPaths?.length) return [];
    const text = new Set(email.textPaths);
    const findings: RuleFinding[] = [];
    for (const part of ['subject', 'html', 'text'] as const) {
      const source = email.source[part];
      const seen = new Set<string>();
      for (const m of source.matchAll(SLOT)) {
        const [slot, path = '', format] = m;
        if (!text.has(path) || format === 'isolate' || seen.has(path)) continue;
        seen.add(path);
        const line = source.slice(0, m.index).split('\n').length;
        findings.push({
          message: `${path} is not isolated for bidi in the ${part === 'html' ? 'HTML' : part === 'text' ? 'text part' : 'subject'}: a value like "Jonas W." reads ".Jonas W" in this right-to-left email. Print it with the scope's s.v() (the toolkit isolates it), or wrap it in \\u2068 … \\u2069.`,
          location: { part, line, snippet: slot },
        });
      }
    }
    return findings;
  },
};
