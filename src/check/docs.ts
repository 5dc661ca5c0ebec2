/**
 * The rule list and the exceptions as Markdown, for docs/checks.md (a test
 * keeps the copies identical): `npm run docs`.
 */
import { exceptions } from './exceptions.ts';
import { reactEmailExceptions } from './react-email-exceptions.ts';
import { allRules } from './rules/index.ts';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function rulesTable(): string {
  const rows = ['| rule | family | severity | checks |', '|---|---|---|---|'];
  for (const r of allRules) {
    const severity =
      r.id === 'client-support' ? 'error / warning / info' : r.id === 'size' ? 'error / warning' : r.severity;
    rows.push(`| \`${r.id}\` | ${r.family} | ${severity} | ${cell(r.description)} |`);
  }
  return rows.join('\n');
}

export function exceptionsTable(): string {
  const rows = ['| rule | feature | accepted up to | why |', '|---|---|---|---|'];
  for (const e of exceptions) rows.push(`| \`${e.rule}\` | \`${e.feature ?? '*'}\` | ${e.upTo} | ${cell(e.reason)} |`);
  return rows.join('\n');
}

export function reactEmailExceptionsTable(): string {
  const rows = ['| rule | feature | on | why |', '|---|---|---|---|'];
  for (const e of reactEmailExceptions) {
    rows.push(`| \`${e.rule}\` | \`${e.feature ?? '*'}\` | \`${cell(e.selector ?? '*')}\` | ${cell(e.reason)} |`);
  }
  return rows.join('\n');
}
