/**
 * The static review site (`authmail preview build`): built from the tests' Logto fixture, opened from
 * file:// in Chromium with every request that is not a file of the site refused, and walked: every
 * template × locale in light, dark and mobile, with its inbox line, text part and checks.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { parseConfig } from '../../src/config/index.ts';
import type { SiteData } from '../../src/preview/site-data.ts';
import { cli } from '../fixtures/cli.ts';
import projectConfig from '../fixtures/logto/authmail.config.ts';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/logto');
const config = parseConfig(projectConfig);
let work: string;
let project: string;
let out: string;
let browser: Browser;
let page: Page;
const refused: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'authmail-site-'));
  project = join(work, 'project');
  cpSync(FIXTURE, project, { recursive: true });
  out = join(work, 'shared', 'review');
  // A visual report to carry along, as the last `test:visual` leaves one.
  const visualOut = join(project, config.visual.out);
  mkdirSync(visualOut, { recursive: true });
  writeFileSync(join(visualOut, 'report.html'), '<!doctype html><title>visual</title><h1>Visual report</h1>');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The email frame once it shows `locale`'s email. */
async function emailFrame(locale: string): Promise<Frame> {
  let found: Frame | undefined;
  await expect
    .poll(
      async () => {
        const handle = await page
          .locator('.viewport iframe')
          .elementHandle({ timeout: 2_000 })
          .catch(() => null);
        const frame = await handle?.contentFrame();
        if (!frame) return '';
        found = frame;
        return frame.evaluate(() => document.documentElement.lang).catch(() => '');
      },
      { timeout: 15_000 },
    )
    .toBe(locale);
  return found as Frame;
}

describe('authmail preview build', () => {
  it('writes the site: one page, each email in light and dark, the assets and the visual report', async () => {
    const run = await cli(['preview', 'build', '--out', out, '--no-browser'], project);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^preview build: 36 emails, \d+ files/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const data = JSON.parse(
      /<script type="application\/json" id="site-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '{}',
    ) as SiteData;
    expect(data.templates).toHaveLength(9);
    expect(data.locales.map((l) => [l.tag, l.dir])).toEqual([
      ['en', 'ltr'],
      ['ar', 'rtl'],
      ['de', 'ltr'],
      ['pt-BR', 'ltr'],
    ]);
    expect(Object.keys(data.emails)).toHaveLength(data.templates.length * data.locales.length);
    expect(data.visual).toBe('visual/report.html');
    expect(existsSync(join(out, 'visual/report.html'))).toBe(true);
    // No email links an asset off the site: the logo is a relative file.
    const email = readFileSync(join(out, 'emails/en/sign-in.html'), 'utf8');
    expect(email).not.toContain(config.assets?.baseUrl ?? '–');
    expect(email).toMatch(/src="\.\.\/\.\.\/assets\/[^"]+"/);
    expect(email).toContain(`content="script-src 'none'"`);
  }, 120_000);

  it('opens from file:// with the network cut, and shows every template × locale', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      refused.push(url);
      return route.abort();
    });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(join(out, 'index.html')).href);
    const data = await page.evaluate(() => JSON.parse(document.getElementById('site-data')?.textContent ?? '{}'));
    const templates = data.templates as string[];
    const locales = (data.locales as { tag: string; dir: string }[]).map((l) => l.tag);
    let walked = 0;
    for (const template of templates) {
      await page.locator(`nav button[data-template="${template}"]`).click();
      for (const locale of locales) {
        await page.locator('select[name="locale"]').selectOption(locale);
        const frame = await emailFrame(locale);
        // The frame's language shows once its document is parsed: its images are read once it has loaded.
        await frame.waitForLoadState('load', { timeout: 30_000 });
        const shown = await frame.evaluate(() => {
          const visible = [...document.images].filter((i) => i.getBoundingClientRect().width > 0);
          return {
            dir: document.documentElement.dir,
            images: visible.map((i) => i.complete && i.naturalWidth > 0),
            text: document.body.innerText.length,
          };
        });
        const expected = data.emails[`${template}/${locale}`];
        expect(shown.dir, `${template}/${locale}`).toBe(expected.dir);
        expect(shown.images.length, `${template}/${locale}: a logo shows`).toBeGreaterThan(0);
        expect(shown.images.every(Boolean), `${template}/${locale}: images load from the site`).toBe(true);
        expect(shown.text).toBeGreaterThan(50);
        expect(await page.locator('.inbox-row .subject').textContent()).toBe(expected.subject);
        walked++;
      }
    }
    expect(walked).toBe(templates.length * locales.length);

    // Dark: the email's own dark styles apply; mobile: its narrow-screen width.
    const card = (f: Frame) =>
      f.evaluate(() => getComputedStyle(document.querySelector('.am-card') as Element).backgroundColor);
    await page.locator('select[name="locale"]').selectOption('en');
    const light = await card(await emailFrame('en'));
    await page.locator('button[data-name="scheme"][data-value="dark"]').click();
    await expect.poll(async () => card(await emailFrame('en'))).not.toBe(light);
    await page.locator('button[data-name="width"][data-value="mobile"]').click();
    const frameWidth = () => page.locator('.viewport iframe').evaluate((f) => f.getBoundingClientRect().width);
    await expect.poll(frameWidth).toBe(375);

    // The text part and the checks, with the state in the link.
    await page.locator('button[data-name="tab"][data-value="text"]').click();
    expect(await page.locator('pre.text').innerText()).toContain(
      data.emails[`${templates.at(-1)}/en`].text.trim().slice(0, 20),
    );
    await page.locator('button[data-name="tab"][data-value="checks"]').click();
    await expect.poll(() => page.locator('.checks .hint').count()).toBe(1);
    expect(page.url()).toMatch(/#template=[\w-]+&locale=en&scheme=dark&width=mobile&tab=checks$/);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    expect(await page.locator('button[data-name="tab"][data-value="checks"]').getAttribute('aria-pressed')).toBe(
      'true',
    );

    // The visual report is linked and opens from the site too.
    await page.locator('a.visual-link').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Visual report');
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
    await context.close();
  }, 180_000);

  it('names a missing action, and refuses a folder it did not write or one holding the project', async () => {
    const none = await cli(['preview'], project);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/^authmail preview: name an action \(`authmail dev` runs the live preview\)/);
    const unknown = await cli(['preview', 'serve'], project);
    expect(unknown.stderr).toMatch(/^authmail preview: unknown action "serve"/);

    const theirs = join(work, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'notes.txt'), 'keep me');
    const refusedRun = await cli(['preview', 'build', '--out', theirs, '--no-browser'], project);
    expect(refusedRun.code).toBe(1);
    expect(refusedRun.stderr).toMatch(/is not empty and was not written by authmail preview build/);
    expect(readFileSync(join(theirs, 'notes.txt'), 'utf8')).toBe('keep me');

    const root = await cli(['preview', 'build', '--out', '.', '--no-browser'], project);
    expect(root.code).toBe(1);
    expect(root.stderr).toMatch(/would hold the project itself/);

    // Its own folder is emptied and written again.
    writeFileSync(join(out, 'stale.html'), 'old');
    expect((await cli(['preview', 'build', '--out', out, '--no-browser'], project)).code).toBe(0);
    expect(existsSync(join(out, 'stale.html'))).toBe(false);
  }, 120_000);
});
