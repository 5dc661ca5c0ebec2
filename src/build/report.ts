/**
 * Terminal output of the build: a progress line and the size summary.
 */
import type { BuildOutput } from './build.ts';
import { GMAIL_CLIP_BYTES, WARN_BYTES } from './checks.ts';

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

export function progressLine(done: number, total: number, template: string, locale: string) {
  const width = String(total).length;
  return `[${String(done).padStart(width)}/${total}] ${template} ${locale}`;
}

/** A table with one row per template (sizes over its locales) and every oversize email listed. */
export function summaryTable(output: BuildOutput, allSizes = false): string {
  const rows: string[][] = [['template', 'Logto type', 'locales', 'HTML raw (min–max)', 'gzip (min–max)', 'text max']];
  const detail: string[][] = [['template', 'locale', 'HTML raw', 'gzip', 'text']];
  for (const [id, t] of Object.entries(output.manifest.templates)) {
    const emails = Object.entries(t.emails);
    const html = emails.map(([, e]) => e.bytes.html);
    const gzip = emails.map(([, e]) => e.bytes.htmlGzip);
    const text = emails.map(([, e]) => e.bytes.text);
    rows.push([
      id,
      t.logtoType ?? '–',
      String(emails.length),
      `${kb(Math.min(...html))} – ${kb(Math.max(...html))}`,
      `${kb(Math.min(...gzip))} – ${kb(Math.max(...gzip))}`,
      kb(Math.max(...text)),
    ]);
    for (const [locale, e] of emails)
      detail.push([id, locale, kb(e.bytes.html), kb(e.bytes.htmlGzip), kb(e.bytes.text)]);
  }
  const lines = [table(rows)];
  if (allSizes) lines.push('', table(detail));
  for (const s of output.sizes) {
    lines.push(
      `warning: ${s.template}/${s.locale} HTML is ${kb(s.bytes)}, over ${kb(WARN_BYTES)} (Gmail clips at ${kb(GMAIL_CLIP_BYTES)})`,
    );
  }
  return lines.join('\n');
}

export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(rows[0] ?? []), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
