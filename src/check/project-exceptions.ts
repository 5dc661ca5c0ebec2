/**
 * A project's own exceptions (`check.exceptions` in its config): a finding
 * the team accepts, with its reason, narrowed to a template, an element or
 * both. The toolkit's documented exceptions (exceptions.ts) describe the
 * toolkit's frame, and apply to emails drawn in it only; a team's templates
 * of its own (React Email's, another frame) get the team's exceptions.
 */
import { compile, is, selectAll } from 'css-select';
import type { Element } from 'domhandler';
import { ConfigError } from '../core/errors.ts';
import { parseEmail } from './parse.ts';
import { allRules } from './rules/index.ts';
import type { ProjectException } from './schema.ts';
import type { CheckEmail, Finding } from './types.ts';

/** The exceptions checked against what they name: a rule `check` has, a selector css-select reads. */
export function checkedExceptions(
  list: readonly ProjectException[],
  templates: readonly string[],
  source = 'authmail.config',
): ProjectException[] {
  list.forEach((e, i) => {
    const bad = (key: string, message: string) => {
      throw new ConfigError(source, [{ path: `check.exceptions.${i}.${key}`, message }]);
    };
    if (!allRules.some((r) => r.id === e.rule)) {
      bad('rule', `no rule "${e.rule}" (rules: ${allRules.map((r) => r.id).join(', ')})`);
    }
    if (e.template !== undefined && !templates.includes(e.template)) {
      bad('template', `no template "${e.template}" (templates: ${templates.join(', ')})`);
    }
    if (e.selector !== undefined) {
      try {
        compile(e.selector);
      } catch (error) {
        bad('selector', `"${e.selector}" is not a CSS selector: ${(error as Error).message}`);
      }
    }
  });
  return [...list];
}

const SEVERITY = { error: 2, warning: 1, info: 0 } as const;

/** The elements a finding is about: the one at its line and column, or the ones its axe target selects. */
function elementsOf(finding: Finding, email: ReturnType<typeof parseEmail>): Element[] {
  const where = finding.location;
  if (!where) return [];
  if (where.part === 'rendered' && where.element) {
    try {
      return selectAll(where.element, email.doc as unknown as Element);
    } catch {
      return [];
    }
  }
  if (where.part !== 'html' || where.line === undefined || where.column === undefined) return [];
  const lines = email.html.split('\n');
  const offset = lines.slice(0, where.line - 1).reduce((n, l) => n + l.length + 1, 0) + where.column - 1;
  // The innermost element holding the offset (an attribute's or a style declaration's too).
  let found: Element | undefined;
  for (const el of email.elements) {
    if ((el.startIndex ?? Number.POSITIVE_INFINITY) <= offset && offset <= (el.endIndex ?? -1)) found = el;
  }
  return found ? [found] : [];
}

const withinMatch = (el: Element, selector: string) => {
  for (let node: Element | null = el; node; node = node.parent?.type === 'tag' ? (node.parent as Element) : null) {
    if (is(node, selector)) return true;
  }
  return false;
};

/** Marks the findings a project exception accepts (its reason as `exception`). */
export function applyProjectExceptions(
  findings: readonly Finding[],
  list: readonly ProjectException[],
  emails: readonly CheckEmail[],
): Finding[] {
  if (!list.length) return [...findings];
  const parsed = new Map<string, ReturnType<typeof parseEmail>>();
  const emailOf = (f: Finding) => {
    const key = `${f.template}\u0000${f.locale}`;
    let hit = parsed.get(key);
    if (!hit) {
      const email = emails.find((e) => e.template === f.template && e.locale === f.locale);
      if (!email) return undefined;
      hit = parseEmail(email);
      parsed.set(key, hit);
    }
    return hit;
  };
  return findings.map((f) => {
    if (f.exception || f.severity === 'info') return f;
    const e = list.find(
      (x) =>
        x.rule === f.rule &&
        (x.feature === undefined || x.feature === f.feature) &&
        (x.template === undefined || x.template === f.template) &&
        SEVERITY[f.severity] <= SEVERITY[x.upTo] &&
        (x.selector === undefined ||
          (() => {
            const email = emailOf(f);
            return email !== undefined && elementsOf(f, email).some((el) => withinMatch(el, x.selector as string));
          })()),
    );
    return e ? { ...f, exception: e.reason } : f;
  });
}
