/**
 * Accessibility with axe-core in Chromium, in light and dark mode (colour
 * contrast must hold in both). WCAG 2.x A/AA rules are errors; the
 * best-practice rules that fit email are warnings. Landmark, region,
 * bypass and skip-link rules are off: the mail client provides the page
 * around the email, and webmails strip <main>/<nav>.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { emailContext, showEmail } from '../../browser/email-page.ts';
import type { ProjectSettings } from '../../project/settings.ts';
import type { CheckEmail, Finding, RuleBase } from '../types.ts';
import { lineBreakFindings } from './line-breaks.ts';

export const AXE_WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Off for email: page chrome belongs to the mail client. */
export const AXE_DISABLED = [
  'region',
  'bypass',
  'skip-link',
  'landmark-one-main',
  'landmark-banner-is-top-level',
  'landmark-complementary-is-top-level',
  'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main',
  'landmark-unique',
];

export const SCHEMES = ['light', 'dark'] as const;

export interface BrowserRule extends RuleBase {
  kind: 'browser';
}

export const accessibility: BrowserRule = {
  id: 'a11y',
  family: 'accessibility',
  kind: 'browser',
  severity: 'error',
  description: 'axe-core WCAG 2.x A/AA rules (contrast, alt text, lang, link names, headings…) in light and dark mode',
};

export const accessibilityBestPractice: BrowserRule = {
  id: 'a11y-best-practice',
  family: 'accessibility',
  kind: 'browser',
  severity: 'warning',
  description:
    'axe-core best practices that fit email (heading order, empty headings, one <h1>…) in light and dark mode',
};

let axeSource: string | undefined;
const source = () => {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
};

interface AxeResult {
  id: string;
  help: string;
  helpUrl: string;
  tags: string[];
  nodes: { target: unknown[]; html: string; failureSummary?: string }[];
}

/**
 * Runs axe on the page's current document. axe is injected once per page: the window (and `axe` with it)
 * outlives `setContent`, and parsing axe again costs as much as a run.
 */
export async function runAxe(page: Page): Promise<AxeResult[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: source() });
  return page.evaluate(
    async ({ tags, disabled }) => {
      const axe = (
        window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeResult[] }> } }
      ).axe;
      const result = await axe.run(document, {
        runOnly: { type: 'tag', values: [...tags, 'best-practice'] },
        rules: Object.fromEntries(disabled.map((id) => [id, { enabled: false }])),
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        help: v.help,
        helpUrl: v.helpUrl,
        tags: v.tags,
        nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
      }));
    },
    { tags: AXE_WCAG_TAGS, disabled: AXE_DISABLED },
  );
}

const summary = (s: string | undefined) =>
  (s ?? '')
    .replace(/^Fix (any|all) of the following:\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Turns axe violations into findings. */
export function axeFindings(email: CheckEmail, scheme: 'light' | 'dark', violations: AxeResult[]): Finding[] {
  const findings: Finding[] = [];
  for (const v of violations) {
    const wcag = v.tags.some((t) => AXE_WCAG_TAGS.includes(t));
    const rule = wcag ? accessibility : accessibilityBestPractice;
    for (const node of v.nodes) {
      findings.push({
        template: email.template,
        locale: email.locale,
        rule: rule.id,
        severity: rule.severity,
        feature: v.id,
        message: `${v.help} (${scheme} mode): ${summary(node.failureSummary)} See ${v.helpUrl.replace(/\?.*$/, '')}`,
        location: {
          part: 'rendered',
          scheme,
          element: node.target.map(String).join(' '),
          snippet: node.html.slice(0, 100),
        },
      });
    }
  }
  return findings;
}

/**
 * Checks every email in light and dark mode, `concurrency` pages at a time: each email is loaded once and
 * checked in both schemes (the page's `prefers-color-scheme` switched between the two runs), then its line
 * breaks measured at phone and desktop widths.
 */
export async function checkAccessibility(
  browser: Browser,
  emails: readonly CheckEmail[],
  options: {
    config?: ProjectSettings | undefined;
    cwd?: string | undefined;
    concurrency?: number;
    onEmail?: () => void;
    /** Also measure the line breaks (default true). */
    lineBreaks?: boolean;
  } = {},
): Promise<Finding[]> {
  const found: Finding[][] = emails.map(() => []);
  const context = await emailContext(browser, {
    width: 640,
    colorScheme: SCHEMES[0],
    config: options.config,
    cwd: options.cwd,
  });
  try {
    let next = 0;
    const worker = async () => {
      const page = await context.newPage();
      while (next < emails.length) {
        const i = next++;
        const email = emails[i] as CheckEmail;
        await showEmail(page, email.html);
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          found[i]?.push(...axeFindings(email, scheme, await runAxe(page)));
          options.onEmail?.();
        }
        // The same page, resized: where its lines break (line-breaks.ts).
        if (options.lineBreaks !== false) found[i]?.push(...(await lineBreakFindings(page, email)));
      }
      await page.close();
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 2 }, worker));
  } finally {
    await context.close();
  }
  // In email order (light, then dark), whichever page finished first.
  return found.flat();
}
