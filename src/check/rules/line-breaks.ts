/**
 * Line breaks as Chromium lays the email out at phone and desktop widths:
 * a Chinese word split across two lines, a word broken after its inner
 * hyphen ("E- / Mail"), a short word alone on a heading's last line, a
 * separator ("·") starting a line. Measured on the page the accessibility
 * checks already loaded, by resizing it: where each character's box lands.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { CheckEmail, Finding } from '../types.ts';
import type { BrowserRule } from './accessibility.ts';

/** Phone (Gmail app, iPhone) and desktop reading-pane widths. */
export const LINE_WIDTHS = [360, 375, 600] as const;

export const breakInWord: BrowserRule = {
  id: 'break-in-word',
  family: 'typography',
  kind: 'browser',
  severity: 'warning',
  description:
    'No line break inside a Chinese word (ICU dictionary, Intl.Segmenter) at 360, 375 and 600 px ("请忽 / 略本邮件")',
};

export const breakAfterHyphen: BrowserRule = {
  id: 'break-after-hyphen',
  family: 'typography',
  kind: 'browser',
  severity: 'warning',
  description: 'No line break after the hyphen inside a word ("E- / Mail-Adresse") at 360, 375 and 600 px',
};

export const headingLoneWord: BrowserRule = {
  id: 'heading-lone-word',
  family: 'typography',
  kind: 'browser',
  severity: 'warning',
  description: 'No short word (up to 4 letters) alone on the last line of a heading at 360, 375 and 600 px',
};

export const separatorStartsLine: BrowserRule = {
  id: 'separator-starts-line',
  family: 'typography',
  kind: 'browser',
  severity: 'warning',
  description: 'No separator ("·", "|", "•") at the start of a line at 360, 375 and 600 px',
};

export const lineBreakRules = [breakInWord, breakAfterHyphen, headingLoneWord, separatorStartsLine];

interface Measured {
  rule: string;
  message: string;
  element: string;
  snippet: string;
}

/** The page script (plain JavaScript: a compiled function would carry the compiler's helpers into the page). */
let pageScript: string | undefined;
const script = () => {
  pageScript ??= readFileSync(new URL('./line-breaks.page.js', import.meta.url), 'utf8')
    .replace(/^\/\/.*\n/gm, '')
    .trim()
    .replace(/;$/, '');
  return pageScript;
};

/** The line-break findings of the email loaded in `page`, at each width (the page is left at the first). */
export async function lineBreakFindings(page: Page, email: CheckEmail): Promise<Finding[]> {
  const original = page.viewportSize() ?? { width: 640, height: 800 };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const width of LINE_WIDTHS) {
    await page.setViewportSize({ width, height: original.height });
    const measured = (await page.evaluate(
      `(${script()})(${JSON.stringify({ locale: email.locale, width })})`,
    )) as Measured[];
    for (const m of measured) {
      // The same defect at several widths is one finding, named with the first width.
      const key = `${m.rule}\u0000${m.snippet}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const rule = lineBreakRules.find((r) => r.id === m.rule) as BrowserRule;
      findings.push({
        template: email.template,
        locale: email.locale,
        rule: rule.id,
        severity: rule.severity,
        message: m.message,
        location: { part: 'rendered', element: m.element, snippet: m.snippet },
      });
    }
  }
  await page.setViewportSize(original);
  return findings;
}
