/**
 * The preview's checks panel: `authmail check`'s source rules (client
 * support, links, spam heuristics, size, layout…) on the email on screen,
 * with the documented exceptions marking what they accept; and, when asked,
 * the rules that need a browser (accessibility in light and dark, line
 * breaks), as `authmail check` runs them, in one Chromium started on the
 * first such request and kept until the preview closes.
 */

import { applyExceptions, exceptions } from '../check/exceptions.ts';
import { emailRules } from '../check/rules/index.ts';
import { checkEmail } from '../check/runner.ts';
import { type CheckEmail, type Finding, SEVERITY_ORDER } from '../check/types.ts';
import type { ProjectSettings } from '../project/settings.ts';
import { checksBrowser } from './checks-browser.ts';
import type { PreviewFinding } from './protocol.ts';

/** A selector for the element a finding names: axe's own target, or `tag#id` / `tag.class…` from a source finding's element. */
export function selectorOf(f: Finding): string | undefined {
  const element = f.location?.element;
  if (!element) return undefined;
  if (f.location?.part === 'rendered') return element;
  const tag = /^<([a-z][\w-]*)/i.exec(element)?.[1]?.toLowerCase();
  if (!tag) return undefined;
  const id = /\sid="([^"]+)"/.exec(element)?.[1];
  if (id) return `${tag}#${CSS_ESCAPE(id)}`;
  const classes = /\sclass="([^"]+)"/.exec(element)?.[1]?.split(/\s+/).filter(Boolean) ?? [];
  return tag + classes.map((c) => `.${CSS_ESCAPE(c)}`).join('');
}

const CSS_ESCAPE = (s: string) => s.replace(/[^\w-]/g, (c) => `\\${c}`);

export async function checkPreviewEmail(
  email: CheckEmail,
  browser?: { config: ProjectSettings; root: string } | undefined,
): Promise<{ findings: PreviewFinding[]; rules: number }> {
  const found = checkEmail(email);
  if (browser) {
    const { checkAccessibility } = await import('../check/rules/accessibility.ts');
    found.push(
      ...(await checkAccessibility(await checksBrowser(), [email], { config: browser.config, cwd: browser.root })),
    );
  }
  const findings = applyExceptions(found, exceptions)
    .map(
      (f): PreviewFinding => ({
        rule: f.feature ? `${f.rule} (${f.feature})` : f.rule,
        severity: f.severity,
        message: f.message,
        where: f.location
          ? [f.location.part, f.location.line && `${f.location.line}:${f.location.column ?? 1}`, f.location.element]
              .filter(Boolean)
              .join(' ')
          : undefined,
        selector: selectorOf(f),
        clients: f.clients,
        accepted: f.exception,
      }),
    )
    .sort(
      (a, b) =>
        Number(Boolean(a.accepted)) - Number(Boolean(b.accepted)) ||
        SEVERITY_ORDER[b.severity] - SEVERITY_ORDER[a.severity],
    );
  return { findings, rules: emailRules.length };
}
