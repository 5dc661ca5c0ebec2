/**
 * Output of `authmail check`: findings grouped so one template problem seen
 * in 20 locales reads as one line, a summary table by rule, and JSON.
 */
import { allRules } from './rules/index.ts';
import type { CheckReport } from './runner.ts';
import type { Finding, Location } from './types.ts';

export function formatLocation(l: Location | undefined): string {
  if (!l) return '';
  const parts: string[] = [];
  if (l.file) parts.push(l.file);
  else if (l.part === 'rendered') parts.push(`rendered (${l.scheme ?? 'light'})`);
  else parts.push(l.line !== undefined ? `${l.part} ${l.line}:${l.column ?? 1}` : l.part);
  if (l.element) parts.push(l.element);
  // The snippet adds something unless it merely repeats the element's opening tag.
  const tag = l.element ? `<${l.element.slice(1).split(/[\s>]/)[0]}` : undefined;
  if (l.snippet && !(tag && l.snippet.startsWith(tag))) parts.push(l.snippet);
  return parts.join('  ');
}

interface Group {
  finding: Finding;
  templates: Set<string>;
  locales: Set<string>;
  count: number;
}

/** Groups findings that differ only by locale (and the locale-specific bits of their location). */
export function groupFindings(findings: readonly Finding[]): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    const key = [
      f.rule,
      f.feature ?? '',
      f.severity,
      f.template,
      f.message,
      f.location?.scheme ?? '',
      f.exception ?? '',
    ].join('\u0000');
    const g = groups.get(key) ?? { finding: f, templates: new Set(), locales: new Set(), count: 0 };
    g.templates.add(f.template);
    g.locales.add(f.locale);
    g.count++;
    groups.set(key, g);
  }
  return [...groups.values()];
}

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(rows[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Rows: rule (and feature), family, errors, warnings, accepted, emails affected. */
export function summaryRows(report: CheckReport): string[][] {
  const rows: string[][] = [['rule', 'family', 'errors', 'warnings', 'accepted', 'emails']];
  for (const rule of allRules) {
    if (rule.kind === 'browser' && !report.browser) {
      rows.push([rule.id, rule.family, '–', '–', '–', 'skipped']);
      continue;
    }
    const mine = report.findings.filter((f) => f.rule === rule.id);
    const features = [...new Set(mine.map((f) => f.feature))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
    const row = (label: string, list: Finding[]) => {
      const open = list.filter((f) => !f.exception);
      const emails = new Set(list.map((f) => `${f.template}/${f.locale}`));
      rows.push([
        label,
        rule.family,
        String(open.filter((f) => f.severity === 'error').length),
        String(open.filter((f) => f.severity === 'warning').length),
        String(list.length - open.length),
        String(emails.size),
      ]);
    };
    row(rule.id, mine);
    if (features.length > 1 || (features.length === 1 && features[0] !== undefined)) {
      for (const feature of features)
        row(
          `  ${feature}`,
          mine.filter((f) => f.feature === feature),
        );
    }
  }
  return rows;
}

const ICON = { error: '✖ error  ', warning: '▲ warning', info: '· info   ' } as const;

const list = (set: Set<string>, all: number, noun: string) =>
  set.size === all && all > 1 ? `all ${all} ${noun}` : [...set].sort().join(', ');

export interface TextOptions {
  /** Also list findings accepted by documented exceptions. */
  all?: boolean;
}

export function formatText(report: CheckReport, options: TextOptions = {}): string {
  const out: string[] = [];
  const shown = report.findings.filter((f) => options.all || !f.exception);
  for (const g of groupFindings(shown)) {
    const f = g.finding;
    const where = formatLocation(f.location);
    const who = `${[...g.templates].join(', ')} [${list(g.locales, report.locales.length, 'locales')}]`;
    const tag = f.exception ? '✓ accepted' : ICON[f.severity];
    out.push(`${tag}  ${f.rule}${f.feature ? ` (${f.feature})` : ''}  ${who}`);
    out.push(`    ${f.message}`);
    if (where) out.push(`    at ${where}`);
    if (f.exception) out.push(`    exception: ${f.exception}`);
  }
  if (out.length) out.push('');
  out.push(table(summaryRows(report)));
  out.push('');
  const accepted = report.accepted ? `, ${report.accepted} accepted by documented exceptions (docs/checks.md)` : '';
  out.push(
    `${report.emails} emails (${report.templates.length} templates × ${report.locales.length} locales), ${allRules.length} rules${report.browser ? '' : ' (browser checks skipped)'}: ` +
      `${report.errors} errors, ${report.warnings} warnings${accepted} in ${report.seconds.toFixed(1)} s`,
  );
  return `${out.join('\n')}\n`;
}

/** The report as JSON; findings accepted by exceptions only with `all` (they are counted either way). */
export function formatJson(report: CheckReport, options: TextOptions = {}): string {
  return `${JSON.stringify(
    {
      emails: report.emails,
      templates: report.templates,
      locales: report.locales,
      browser: report.browser,
      errors: report.errors,
      warnings: report.warnings,
      accepted: report.accepted,
      seconds: Number(report.seconds.toFixed(2)),
      rules: allRules.map((r) => ({ id: r.id, family: r.family, severity: r.severity, description: r.description })),
      summary: summaryRows(report)
        .slice(1)
        .map(([rule, family, errors, warnings, accepted, emails]) => ({
          rule: rule?.trim(),
          family,
          errors: Number(errors) || 0,
          warnings: Number(warnings) || 0,
          accepted: Number(accepted) || 0,
          emails: Number(emails) || 0,
        })),
      findings: options.all ? report.findings : report.findings.filter((f) => !f.exception),
    },
    null,
    2,
  )}\n`;
}
