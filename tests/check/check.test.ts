/**
 * `authmail check` end to end: the locale rules, axe in Chromium light and
 * dark, and the CLI's output and exit codes, on the tests' own Logto project
 * (tests/content/check.test.ts holds the default content to the same rules).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { checkAccessibility } from '../../src/check/rules/accessibility.ts';
import { localeKeys, unusedKeys } from '../../src/check/rules/locales.ts';
import { sampleEmails } from '../../src/check/runner.ts';
import { testBrand } from '../fixtures/brand.ts';
import { cli } from '../fixtures/cli.ts';
import { GOOD_HTML, goodEmail, withHtml } from '../fixtures/emails.ts';
import { LOGTO_FIXTURE, logtoCatalog, logtoTranslations } from '../fixtures/logto-content.tsx';

/** The CLI in the fixture project. */
const check = (args: string[]) => cli(['check', ...args], LOGTO_FIXTURE);

describe('locale rules', () => {
  const resources = {
    en: { common: { help: 'Need help?', old: 'Unused' }, 'sign-in': { subject: 'Code' } },
    de: { common: { help: 'Hilfe?', extra: 'Zusatz' }, 'sign-in': { subject: '' } },
  };
  const ctx = {
    resources,
    used: new Set(['common:help', 'sign-in:subject']),
    checkedNamespaces: new Set(['common', 'sign-in']),
    locales: ['en', 'de'],
    referenceLocale: 'en',
  };

  it('locale-keys: a missing, an empty and an extra key trip it; complete files do not', () => {
    const messages = localeKeys.check(ctx).map((f) => `${f.locale} ${f.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^de "old" is missing in locales\/de\/common\.json/),
      expect.stringMatching(/^de "extra" in locales\/de\/common\.json is not a key of en/),
      expect.stringMatching(/^de "subject" is empty in locales\/de\/sign-in\.json/),
    ]);
    const complete = {
      en: resources.en,
      de: { common: { help: 'Hilfe?', old: 'Alt' }, 'sign-in': { subject: 'Code' } },
    };
    expect(localeKeys.check({ ...ctx, resources: complete })).toEqual([]);
  });

  it('locale-unused: a key no render asked for trips it; used keys do not', () => {
    expect(unusedKeys.check(ctx).map((f) => f.message)).toEqual([expect.stringMatching(/"old" .* is never used/)]);
    expect(unusedKeys.check({ ...ctx, used: new Set([...ctx.used, 'common:old']) })).toEqual([]);
  });

  it('the build records every key the templates use', async () => {
    const { usedKeys } = await sampleEmails({
      catalog: logtoCatalog,
      translations: logtoTranslations,
      templates: ['organization-invitation'],
      locales: ['en'],
      brand: testBrand,
    });
    expect(usedKeys).toContain('organization-invitation:subjectInviter');
    expect(usedKeys).toContain('organization-invitation:subject');
    expect(usedKeys).toContain('common:automated');
  });
});

describe('accessibility (axe-core in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => browser?.close());

  it('passes the good email in light and dark mode', async () => {
    expect(await checkAccessibility(browser, [goodEmail()])).toEqual([]);
  });

  it('reports a missing alt text as an error', async () => {
    const findings = await checkAccessibility(browser, [withHtml(' alt="Acme"', '')]);
    const alt = findings.filter((f) => f.feature === 'image-alt');
    expect(alt.map((f) => [f.rule, f.severity, f.location?.scheme])).toEqual([
      ['a11y', 'error', 'light'],
      ['a11y', 'error', 'dark'],
    ]);
    expect(alt[0]?.message).toMatch(/Images must have alternative text/);
  });

  it('reports contrast that fails only in dark mode', async () => {
    const dark = '<style>@media (prefers-color-scheme:dark){td{background-color:#15171a !important}}</style></head>';
    const findings = await checkAccessibility(browser, [withHtml('</head>', dark)]);
    const contrast = findings.filter((f) => f.feature === 'color-contrast');
    expect(contrast.length).toBeGreaterThan(0);
    expect(new Set(contrast.map((f) => f.location?.scheme))).toEqual(new Set(['dark']));
  });

  it('reports best practices as warnings (a skipped heading level)', async () => {
    const findings = await checkAccessibility(browser, [
      withHtml('<p style="font-size:16px">', '<h3 style="font-size:16px">Then</h3><p style="font-size:16px">'),
    ]);
    const order = findings.find((f) => f.feature === 'heading-order');
    expect(order).toMatchObject({ rule: 'a11y-best-practice', severity: 'warning' });
  });

  it('keeps landmark rules off: an email has no <main>', async () => {
    const findings = await checkAccessibility(browser, [goodEmail({ html: GOOD_HTML })]);
    expect(findings.filter((f) => /landmark|region/.test(f.feature ?? ''))).toEqual([]);
  });
});

describe('authmail check (CLI)', () => {
  it('prints grouped findings, the summary table and exits 0 on clean emails', async () => {
    const r = await check([
      '--no-browser',
      '--template',
      'sign-in,organization-invitation',
      '--locale',
      'en',
      '--locale',
      'ar',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rule\s+family\s+errors\s+warnings\s+accepted\s+emails$/m);
    expect(r.stdout).toMatch(/^ {2}css-height\s+client-support\s+0\s+0\s+4\s+4$/m);
    expect(r.stdout).toMatch(/^a11y\s+accessibility\s+–\s+–\s+–\s+skipped$/m);
    expect(r.stdout).toMatch(
      /4 emails \(2 templates × 2 locales\), \d+ rules \(browser checks skipped\): 0 errors, 0 warnings, \d+ accepted/,
    );
  });

  it('--json gives the report with rules, summary and findings (accepted ones with --all)', async () => {
    const plain = JSON.parse(
      (await check(['--no-browser', '--template', 'generic', '--locale', 'de', '--json'])).stdout,
    );
    // Only decoration-only notes (info) are listed without --all.
    expect(plain.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
    expect(plain.accepted).toBeGreaterThan(0);
    const r = await check(['--no-browser', '--template', 'generic', '--locale', 'de', '--json', '--all']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ emails: 1, errors: 0, warnings: 0, templates: ['generic'], locales: ['de'] });
    expect(json.rules.map((x: { id: string }) => x.id)).toContain('code-node');
    expect(json.summary.find((x: { rule: string }) => x.rule === 'client-support').accepted).toBeGreaterThan(0);
    expect(json.findings[0]).toMatchObject({ template: 'generic', locale: 'de', rule: 'client-support' });
    expect(json.findings[0].exception).toEqual(expect.any(String));
  });

  it('exits 1 on errors and names template, locale, rule and place', async () => {
    const r = await check(['--no-browser', '--no-exceptions', '--template', 'sign-in', '--locale', 'en']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ error\s+client-support \(css-height\) {2}sign-in \[en\]/);
    expect(r.stdout).toMatch(/at html \d+:\d+ {2}<img class="am-logo-light" src="[^"]+" alt="Fixture Logto">/);
    // The last line counts emails for CI: this one failed.
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('check: 0 passed, 1 failed');
    const clean = await check(['--no-browser', '--template', 'sign-in', '--locale', 'en,de']);
    expect(clean.stdout.trimEnd().split('\n').at(-1)).toBe('check: 2 passed, 0 failed');
  });

  it('rejects an unknown template or locale', async () => {
    expect((await check(['--template', 'nope'])).stderr).toMatch(/nope/);
    expect((await check(['--locale', 'xx'])).code).toBe(1);
  });
});
