/**
 * The preview's checks panel: `authmail check`'s source rules (client
 * support, links, spam heuristics, size, layout…) on the email on screen,
 * with the documented exceptions marking what they accept. The rules that
 * need a browser (accessibility) are left to `authmail check`.
 */
import { applyExceptions, exceptions } from '../check/exceptions.ts';
import { emailRules } from '../check/rules/index.ts';
import { checkEmail } from '../check/runner.ts';
import { type CheckEmail, SEVERITY_ORDER } from '../check/types.ts';
import type { PreviewFinding } from './protocol.ts';

export function checkPreviewEmail(email: CheckEmail): { findings: PreviewFinding[]; rules: number } {
  const findings = applyExceptions(checkEmail(email), exceptions)
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
