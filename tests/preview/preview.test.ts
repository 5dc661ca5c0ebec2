/**
 * The preview (`authmail dev`) in real Chromium: what a designer does with
 * it, end to end, on a throwaway copy of the project. One server and one
 * browser for the whole file; the steps build on each other.
 */

import { existsSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, launchChromium } from '../../src/browser/chromium.ts';
import { buildBundles } from '../../src/build/build.ts';
import { sampleEmails } from '../../src/check/runner.ts';
import { parseConfig } from '../../src/config/index.ts';
import { render } from '../../src/render/render.tsx';
import { createBundle } from '../../src/runtime/bundle.ts';
import { codeGroupsHtml } from '../../src/runtime/format.ts';
import { decodePng } from '../../src/visual/image.ts';
import { runVisual } from '../../src/visual/run.ts';
import { cli } from '../fixtures/cli.ts';
import projectConfig from '../fixtures/logto/authmail.config.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';
import {
  copyProject,
  type ProjectCopy,
  type RunningPreview,
  startPreview,
  startTrap,
  type Trap,
} from '../fixtures/preview.ts';

const WAIT = { timeout: 30_000 };
/** The config of the project the preview runs on (the tests' Logto fixture, copied): its brand and first preset. */
const template = (id: string) => catalog.get(id).definition;
const parsedConfig = parseConfig(projectConfig);
const projectBrand = parsedConfig.brand;
const [presetName, preset] = Object.entries(parsedConfig.brandPresets)[0] ?? ['', {}];
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let project: ProjectCopy;
let preview: RunningPreview;
let trap: Trap;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const offLoopback: string[] = [];

/** The rendered email's frame in the pane of `locale` (panes are replaced on each render: retried). */
async function emailFrame(locale: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const pane = page.locator(`.pane[data-locale="${locale}"][data-rendered]`);
      await pane.waitFor({ timeout: 5_000 });
      const frame = await (await pane.locator('iframe').elementHandle({ timeout: 5_000 }))?.contentFrame();
      if (frame && !frame.isDetached()) {
        await frame.waitForLoadState();
        if (!frame.isDetached()) return frame;
      }
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`no email frame for ${locale}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the pane of `locale` shows a render whose frame satisfies `check`. */
async function waitForEmail(locale: string, check: (frame: Frame) => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        try {
          return await check(await emailFrame(locale));
        } catch {
          return false;
        }
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true);
}

const bodyText = (frame: Frame) => frame.evaluate(() => document.body.innerText);
const inboxRow = (locale: string) => page.locator(`.pane[data-locale="${locale}"] .inbox-row`);

/** Opens the toolbar's Send test menu (it stays open across re-layouts). */
async function openSend() {
  const menu = page.locator('details.send-menu');
  if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator('summary').click();
}

async function choose(name: string, value: string) {
  await page.locator(`select[name="${name}"]`).selectOption(value);
}

/** axe-core's colour-contrast rule on the preview page itself (not inside the emails' frames). */
async function contrastCheck(selector = 'body') {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({
      content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'),
    });
  }
  return page.evaluate(async (context) => {
    type Result = { violations: { nodes: { target: string[]; failureSummary: string }[] }[]; passes: unknown[] };
    const axe = (window as unknown as { axe: { run: (c: string, o: unknown) => Promise<Result> } }).axe;
    const r = await axe.run(context, { runOnly: ['color-contrast'], iframes: false });
    return {
      violations: r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`)),
      passes: r.passes.length,
    };
  }, selector);
}

async function runtimeError(id: 'sign-in', variables: unknown): Promise<string> {
  const output = await buildBundles({
    templates: [id],
    locales: ['en'],
    brand: projectBrand,
    catalog,
    translations,
  });
  const bundle = createBundle(output.manifest, output.sources);
  try {
    bundle.render(id, { locale: 'en', variables });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the runtime accepted the variables');
}

beforeAll(async () => {
  project = copyProject();
  trap = await startTrap();
  preview = await startPreview(project.dir);
  // Chromium's autofill asks a Google server about any page with form fields; that is the browser, not the preview.
  browser = await launchChromium({ args: [...CHROMIUM_ARGS, '--disable-features=AutofillServerCommunication'] });
  // Every request of the preview's pages and service worker goes to the trap, except loopback ones.
  context = await browser.newContext({
    viewport: { width: 1500, height: 1000 },
    proxy: { server: `http://127.0.0.1:${trap.port}`, bypass: '127.0.0.1,localhost' },
  });
  context.on('request', (request) => {
    const { hostname } = new URL(request.url());
    if (!['127.0.0.1', 'localhost'].includes(hostname) && request.url().startsWith('http')) {
      offLoopback.push(request.url());
    }
  });
  page = await context.newPage();
}, 120_000);

// A failure under load is read with what the server said meanwhile (its reloads, their times and errors).
afterEach(({ task }) => {
  if (task.result?.state === 'fail')
    console.error(`authmail dev said:\n${preview?.output().split('\n').slice(-40).join('\n')}`);
});

afterAll(async () => {
  await browser?.close();
  await preview?.stop();
  await trap?.close();
  project?.remove();
});

describe('authmail dev in Chromium', () => {
  it('would catch a request that leaves the machine (the trap works)', async () => {
    const probe = await context.newPage();
    await probe.goto('about:blank');
    await probe.evaluate(() => fetch('https://probe.invalid/').catch(() => undefined));
    await probe.close();
    expect(trap.requests.some((r) => r.includes('probe.invalid'))).toBe(true);
    trap.requests.length = 0;
    offLoopback.length = 0;
  });

  it('opens a template: the email as built, with the inbox row above it', async () => {
    await page.goto(preview.url);
    await page.locator('button[data-template="reset-password"]').click();
    const frame = await emailFrame('en');
    const sample = template('reset-password').sample;
    const expected = await render('reset-password', {
      locale: 'en',
      variables: sample,
      brand: projectBrand,
      catalog,
      translations,
    });

    // Byte for byte what the build + runtime produce (tested equal to the development render).
    const id = await page.locator('.pane[data-locale="en"]').getAttribute('data-rendered');
    const served = await page.evaluate((rid) => fetch(`/__email/${rid}`).then((r) => r.text()), id);
    expect(served).toBe(expected.html);

    await expect.poll(() => inboxRow('en').locator('.from').textContent()).toBe(projectBrand.senderName);
    expect(await inboxRow('en').locator('.subject').textContent()).toBe(expected.subject);
    const preheader = await inboxRow('en').locator('.preheader').textContent();
    expect(preheader?.length).toBeGreaterThan(10);
    expect(expected.html).toContain(preheader);
    expect(await bodyText(frame)).toContain(sample.code);
  });

  it('switches locale: the text and the direction change', async () => {
    await choose('locale', 'de');
    const de = await render('reset-password', {
      locale: 'de',
      variables: template('reset-password').sample,
      brand: projectBrand,
      catalog,
      translations,
    });
    await expect.poll(() => inboxRow('de').locator('.subject').textContent(), WAIT).toBe(de.subject);
    const frame = await emailFrame('de');
    expect(await frame.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([
      'de',
      'ltr',
    ]);

    await choose('locale', 'ar');
    await waitForEmail('ar', async (f) => (await f.evaluate(() => document.documentElement.dir)) === 'rtl');
    const ar = await emailFrame('ar');
    expect(await ar.evaluate(() => document.body.dir)).toBe('rtl');
    expect(await inboxRow('ar').locator('.subject').getAttribute('dir')).toBe('rtl');
  });

  it('shows one template in two locales side by side', async () => {
    await choose('locale', 'en');
    await choose('compare', 'pt-BR');
    // Two panes are fitted to their columns by default.
    expect(await page.locator('.toolbar button.fit').getAttribute('aria-pressed')).toBe('true');
    const en = await emailFrame('en');
    const pt = await emailFrame('pt-BR');
    expect(await page.locator('.pane').count()).toBe(2);
    expect(await en.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await pt.evaluate(() => document.documentElement.lang)).toBe('pt-BR');
    const ptSubject = (
      await render('reset-password', {
        locale: 'pt-BR',
        variables: template('reset-password').sample,
        brand: projectBrand,
        catalog,
        translations,
      })
    ).subject;
    expect(await inboxRow('pt-BR').locator('.subject').textContent()).toBe(ptSubject);
    // Side by side never overlaps: each pane stays in its column (a wide email scrolls inside it).
    for (const width of [1440, 1024]) {
      await page.setViewportSize({ width, height: 1000 });
      const panes = await page.locator('.pane').evaluateAll((list) =>
        list.map((p) => {
          const box = p.getBoundingClientRect();
          const frame = p.querySelector('iframe')?.getBoundingClientRect();
          // What shows of the email: clipped to the pane unless the pane lets it overflow.
          const clipped = getComputedStyle(p).overflowX !== 'visible';
          return { left: box.left, right: clipped ? box.right : Math.max(box.right, frame?.right ?? 0) };
        }),
      );
      const [left, right] = panes;
      expect(left && right && left.right <= right.left + 0.5, `${width}px: ${JSON.stringify(panes)}`).toBe(true);
      expect(right && right.right <= width, `${width}px: the right pane ends at ${right?.right}`).toBe(true);
    }
    await page.setViewportSize({ width: 1500, height: 1000 });
    // The same email side by side in light and dark, and at desktop and mobile width.
    const card = async (i: number) => {
      const frame = await (await page.locator('.pane iframe').nth(i).elementHandle())?.contentFrame();
      return frame?.evaluate(() => getComputedStyle(document.querySelector('.am-card') as Element).backgroundColor);
    };
    await choose('compare', '@dark');
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(2);
    await expect
      .poll(async () => [await card(0), await card(1)], WAIT)
      .toEqual(['rgb(255, 255, 255)', 'rgb(26, 29, 35)']);
    await choose('compare', '@mobile');
    await expect
      .poll(
        // Laid out at these widths (Fit, on by default side by side, then scales them to their columns).
        () => page.locator('.pane iframe').evaluateAll((frames) => frames.map((f) => (f as HTMLElement).offsetWidth)),
        WAIT,
      )
      .toEqual([680, 375]);

    // No identical pair: neither the locale on screen nor the mode on screen is offered as a partner.
    const offered = () =>
      page
        .locator('select[name="compare"] option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(await offered()).not.toContain('en');
    expect(await offered()).not.toContain('@light');
    expect(await offered()).toEqual(
      expect.arrayContaining(['@dark', '@partial', '@full', '@images-off', '@no-style', 'pt-BR']),
    );
    const inPane = async <T>(i: number, fn: () => T) =>
      (await (await page.locator('.pane iframe').nth(i).elementHandle())?.contentFrame())?.evaluate(fn);
    // Images off: every image shows its alt text instead (none loads), and the pane names the clients.
    await choose('compare', '@images-off');
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(2);
    const loaded = () => {
      const images = [...document.images];
      if (images.length && images.every((i) => i.naturalWidth > 0)) return 'all';
      return images.length && images.every((i) => i.naturalWidth === 0) ? 'none' : 'some';
    };
    await expect.poll(async () => [await inPane(0, loaded), await inPane(1, loaded)], WAIT).toEqual(['all', 'none']);
    expect(await page.locator('.pane').nth(1).locator('.note.mode-clients').innerText()).toMatch(/Outlook for Windows/);
    // No <style>: the partner has no style block left (so no dark or narrow rules), the email on the left keeps its own.
    await choose('compare', '@no-style');
    const styles = () => document.querySelectorAll('style').length;
    await expect
      .poll(async () => [(await inPane(0, styles)) ?? 0, await inPane(1, styles)], WAIT)
      .toEqual([expect.any(Number), 0]);
    expect(await inPane(0, styles)).toBeGreaterThan(0);
    expect(await page.locator('.pane').nth(1).locator('.note.mode-clients').innerText()).toMatch(
      /caniemail `html-style`/,
    );
    // Dark switched on beside "the same in Dark": the identical partner is dropped and no longer offered.
    await choose('compare', '@dark');
    await expect.poll(() => page.locator('.pane').count(), WAIT).toBe(2);
    await page.locator('[aria-label="Colour mode"] button[data-value="dark"]').click();
    await expect.poll(() => page.locator('.pane').count(), WAIT).toBe(1);
    expect(await offered()).not.toContain('@dark');
    expect(await offered()).toContain('@light');
    await page.locator('[aria-label="Colour mode"] button[data-value="light"]').click();
    await choose('compare', '');
    await expect.poll(() => page.locator('.pane').count()).toBe(1);
    await page.locator('.toolbar button.fit').click();
    expect(await page.locator('.toolbar button.fit').getAttribute('aria-pressed')).toBe('false');
  });

  it('folds the side panels (remembered) so that the email fits a 1024 px window', async () => {
    await page.setViewportSize({ width: 1024, height: 900 });
    const frameFits = () =>
      page.evaluate(() => {
        const frame = document.querySelector('.pane iframe')?.getBoundingClientRect();
        const pane = document.querySelector('.pane')?.getBoundingClientRect();
        return Boolean(frame && pane && frame.right <= pane.right + 0.5 && frame.right <= window.innerWidth);
      });
    await emailFrame('en');
    expect(await page.locator('#panel').count()).toBe(1);
    for (const side of ['templates', 'variables']) await page.locator(`button[data-fold="${side}"]`).click();
    await emailFrame('en');
    expect(await page.locator('#panel').count()).toBe(0);
    expect(await page.locator('nav.sidebar').count()).toBe(0);
    await expect.poll(frameFits).toBe(true);
    await page.reload();
    await emailFrame('en');
    expect(await page.locator('button[data-fold="variables"]').getAttribute('aria-pressed')).toBe('false');
    for (const side of ['templates', 'variables']) await page.locator(`button[data-fold="${side}"]`).click();
    await emailFrame('en');
    expect(await page.locator('#panel').count()).toBe(1);
    await page.setViewportSize({ width: 1500, height: 1000 });
  });

  it('fits at 1024 and 1440 px: one pane, two panes anchored at their start edge and aligned at the top', async () => {
    // Both side panels open (the test before folded them, and the page remembers); put back at the end.
    const before = {
      url: page.url(),
      hidden: await page.evaluate(() => localStorage.getItem('authmail.preview.hidden')),
    };
    await page.evaluate(() => localStorage.removeItem('authmail.preview.hidden'));
    await page.goto(`${preview.url}?template=sign-in&locale=en`);
    const fitOn = async (on: boolean) => {
      const fit = page.locator('.toolbar button.fit');
      if ((await fit.getAttribute('aria-pressed')) !== String(on)) await fit.click();
    };
    // Fit and Send test are in the toolbar, which keeps to two rows at 1024 px with both side panels open.
    await emailFrame('en');
    expect(await page.locator('.toolbar details.send-menu').count()).toBe(1);
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      const rows = await page.locator('.toolbar > *').evaluateAll(
        (items) =>
          new Set(
            items.map((i) => {
              const box = i.getBoundingClientRect();
              return Math.round((box.top + box.bottom) / 20);
            }),
          ).size,
      );
      expect(rows, `${width} px: toolbar rows`).toBeLessThanOrEqual(2);
    }
    // One pane, fitted: the 680 px email is scaled into its column, nothing cut off.
    await page.setViewportSize({ width: 1024, height: 900 });
    await fitOn(true);
    await emailFrame('en');
    const inside = () =>
      page.locator('.pane').evaluate((pane) => {
        const box = pane.getBoundingClientRect();
        const frame = pane.querySelector('iframe')?.getBoundingClientRect();
        return Boolean(frame && frame.left >= box.left - 0.5 && frame.right <= box.right + 0.5);
      });
    await expect.poll(inside, WAIT).toBe(true);
    await fitOn(false);

    // Side by side with Arabic: fitted by default; the Arabic email anchored at its right edge.
    await choose('compare', 'ar');
    expect(await page.locator('.toolbar button.fit').getAttribute('aria-pressed')).toBe('true');
    await emailFrame('ar');
    const anchors = () =>
      page.locator('.pane').evaluateAll((panes) =>
        panes.map((pane) => {
          const box = pane.getBoundingClientRect();
          const frame = pane.querySelector('iframe')?.getBoundingClientRect();
          return frame
            ? {
                left: Math.round(frame.left - box.left),
                right: Math.round(box.right - frame.right),
                top: Math.round(frame.top),
              }
            : null;
        }),
      );
    await expect
      .poll(async () => {
        const [en, ar] = await anchors();
        // en starts at its pane's left edge, ar ends at its pane's right edge (the viewport's 12 px padding and border aside).
        return Boolean(
          en && ar && en.left <= 14 && ar.right <= 14 && en.right >= 0 && ar.left >= 0 && en.top === ar.top,
        );
      }, WAIT)
      .toBe(true);
    // Light beside Forced dark: the note of the forced mode goes under the email, so both emails start at one height.
    await choose('compare', '@partial');
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(2);
    await expect.poll(async () => new Set((await anchors()).map((a) => a?.top)).size, WAIT).toBe(1);
    await choose('compare', '');
    await fitOn(false);
    await page.setViewportSize({ width: 1500, height: 1000 });
    await page.evaluate((hidden) => hidden && localStorage.setItem('authmail.preview.hidden', hidden), before.hidden);
    await page.goto(before.url);
  });

  it('shows the plain text, the HTML source (with a copy button) and the compiled bundle', async () => {
    const expected = await render('reset-password', {
      locale: 'en',
      variables: template('reset-password').sample,
      brand: projectBrand,
      catalog,
      translations,
    });
    await page.locator('button[data-value="text"]').click();
    await expect.poll(() => page.locator('.pane pre.text').textContent(), WAIT).toBe(expected.text);
    await page.locator('button[data-value="html"]').click();
    await expect.poll(() => page.locator('.pane pre.source').textContent(), WAIT).toBe(expected.html);
    const copy = page.locator('.pane .source-bar button');
    await copy.click();
    await expect.poll(() => copy.textContent()).toBe('Copied ✓');
    await page.locator('button[data-value="bundle"]').click();
    const bundle = page.locator('.pane .bundle');
    await expect.poll(() => bundle.locator('mark.slot.value').count(), WAIT).toBeGreaterThan(3);
    expect(await bundle.innerText()).toContain('{{code:group}}');
    await page.locator('button[data-value="rendered"]').click();
    await emailFrame('en');
  });

  it('applies a brand preset from the config', async () => {
    await choose('brand', presetName);
    await expect
      .poll(() => inboxRow('en').locator('.from').textContent(), WAIT)
      .toBe(preset.senderName ?? projectBrand.senderName);
    const frame = await emailFrame('en');
    expect(await frame.evaluate(() => document.querySelector('img.am-logo-light')?.getAttribute('src'))).toBe(
      preset.logoUrl ?? projectBrand.logoUrl,
    );
    await choose('brand', '');
    await expect.poll(() => inboxRow('en').locator('.from').textContent(), WAIT).toBe(projectBrand.senderName);
  });

  it('previews dark mode with the email’s own dark styles', async () => {
    const cardColor = (f: Frame) =>
      f.evaluate(() => getComputedStyle(document.querySelector('.am-card') as Element).backgroundColor);
    expect(await cardColor(await emailFrame('en'))).toBe('rgb(255, 255, 255)');
    await page.locator('button[data-value="dark"]').click();
    await waitForEmail('en', async (f) => (await cardColor(f)) === 'rgb(26, 29, 35)');
    const frame = await emailFrame('en');
    const logos = await frame.evaluate(() =>
      ['.am-logo-light', '.am-logo-dark'].map((s) => getComputedStyle(document.querySelector(s) as Element).display),
    );
    expect(logos).toEqual(['none', 'block']);
    // Forced dark (Outlook.com, Gmail for Android) and inverted (Gmail for iOS): the client's own colours, not the
    // email's dark styles — a pixel probe on the card, which is white in light mode.
    const cardPixel = async () => {
      const f = await emailFrame('en');
      const at = await f.evaluate(() => {
        const r = (document.querySelector('.am-card') as Element).getBoundingClientRect();
        return { x: r.left + 16, y: r.top + 16 }; // inside the card: clear of its rounded corner and top bar
      });
      const box = (await page.locator('.pane iframe').boundingBox()) as { x: number; y: number };
      const shot = await page.screenshot({ clip: { x: box.x + at.x, y: box.y + at.y, width: 1, height: 1 } });
      const [r = 255, g = 255, b = 255] = decodePng(shot).data;
      return r + g + b;
    };
    const ownDarkLogo = async () =>
      (await emailFrame('en')).evaluate(
        () => getComputedStyle(document.querySelector('.am-logo-dark') as Element).display,
      );
    for (const mode of ['partial', 'full']) {
      await page.locator(`button[data-value="${mode}"]`).click();
      await expect.poll(cardPixel, WAIT).toBeLessThan(120);
      expect(await ownDarkLogo()).toBe('none');
      expect(await page.locator('.mode-clients').innerText()).toMatch(
        mode === 'partial' ? /Outlook\.com/ : /Gmail for iOS/,
      );
    }
    // Dark at the Gmail app's width is what the Gmail app does (forced), and the preview says so.
    await page.locator('button[data-value="dark"]').click();
    await page.locator('button[data-value="gmail"]').click();
    await expect.poll(cardPixel, WAIT).toBeLessThan(120);
    expect(await ownDarkLogo()).toBe('none');
    expect(await page.locator('.forced-dark').innerText()).toContain('ignores the email’s own dark styles');
    await page.locator('button[data-value="desktop"]').click();
    await page.locator('button[data-value="light"]').click();
    await waitForEmail('en', async (f) => (await cardColor(f)) === 'rgb(255, 255, 255)');
    expect(await cardPixel()).toBeGreaterThan(700);
    expect(await page.locator('.forced-dark').count()).toBe(0);
  });

  it('previews the mobile width with the email’s narrow-screen rules', async () => {
    const padding = (f: Frame) =>
      f.evaluate(() => getComputedStyle(document.querySelector('.am-card-pad') as Element).paddingLeft);
    expect(await padding(await emailFrame('en'))).toBe('40px');
    await page.locator('button[data-value="mobile"]').click();
    await waitForEmail('en', async (f) => (await padding(f)) === '20px');
    await expect.poll(() => page.locator('.pane iframe').evaluate((f) => f.getBoundingClientRect().width)).toBe(375);
    await page.locator('button[data-value="gmail"]').click();
    await expect.poll(() => page.locator('.pane iframe').evaluate((f) => f.getBoundingClientRect().width)).toBe(360);
    await page.locator('button[data-value="desktop"]').click();
  });

  it('drags the email’s width by the viewport’s corner, and fits wide emails to their column', async () => {
    await emailFrame('en');
    const frameWidth = () => page.locator('.pane iframe').evaluate((f) => f.getBoundingClientRect().width);
    expect(await frameWidth()).toBe(680);
    // The corner must be on screen: the email is taller than the window.
    await page.locator('.pane .viewport').evaluate((el) => el.scrollIntoView({ block: 'end', inline: 'end' }));
    const box = (await page.locator('.pane .viewport').boundingBox()) as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
    await page.mouse.move(box.x + box.width - 3, box.y + box.height - 3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 203, box.y + box.height - 3, { steps: 5 });
    await page.mouse.up();
    await expect.poll(frameWidth).toBe(480);
    // The email's narrow-screen rules follow the dragged width (they apply below 620 px).
    await waitForEmail(
      'en',
      async (f) =>
        (await f.evaluate(() => getComputedStyle(document.querySelector('.am-card-pad') as Element).paddingLeft)) ===
        '20px',
    );
    expect(await page.locator('.pane .width-readout').innerText()).toBe('480 px');

    // Fit: side by side at 1024 px, each desktop email scaled down to its column.
    await page.setViewportSize({ width: 1024, height: 900 });
    await choose('compare', 'de');
    expect(await page.locator('button.fit').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(2);
    await expect
      .poll(() =>
        page
          .locator('.pane')
          .evaluateAll((panes) =>
            panes.every(
              (p) =>
                (p.querySelector('iframe')?.getBoundingClientRect().right ?? 0) <=
                p.getBoundingClientRect().right + 0.5,
            ),
          ),
      )
      .toBe(true);
    expect(await page.locator('.pane .width-readout').first().innerText()).toMatch(/^680 px at \d+ %$/);
    await page.locator('button.fit').click();
    await choose('compare', '');
    await page.setViewportSize({ width: 1500, height: 1000 });
    await emailFrame('en');
  });

  it('edits a variable: the preview follows, a bad value shows the runtime’s error', async () => {
    await page.locator('button[data-template="sign-in"]').click();
    await emailFrame('en');
    const code = page.locator('input[data-path="code"]');
    await code.fill('777888');
    await waitForEmail('en', async (f) => (await bodyText(f)).includes('777888'));
    // The variables' locale and uiLocales are a send's fallback: the editor says why they change nothing here.
    for (const path of ['locale', 'uiLocales']) {
      expect(await page.locator(`[data-row="${path}"] [data-note="locale"]`).innerText()).toContain(
        'the locale picked above is the send’s own locale, which wins',
      );
    }

    const sample = template('sign-in').sample;
    await code.fill('');
    const missing = await runtimeError('sign-in', { ...sample, code: undefined });
    await expect.poll(() => page.locator('[data-row="code"] .field-error').textContent(), WAIT).toBe(missing);
    expect(await page.locator('.pane.stale').count()).toBe(1);

    await code.fill('ab');
    const malformed = await runtimeError('sign-in', { ...sample, code: 'ab' });
    await expect.poll(() => page.locator('[data-row="code"] .field-error').textContent(), WAIT).toBe(malformed);

    // Leaving out an optional object, and a nested value.
    await code.fill('424242');
    await page.locator('input[data-path="application.name"]').fill('Northwind Portal');
    await waitForEmail('en', async (f) => (await bodyText(f)).includes('Northwind Portal'));
    await expect.poll(() => page.locator('.field-error:not(:empty)').count()).toBe(0);
    // A page load keeps the edited values: its first render, asked before the meta with the sample, is not used.
    await page.reload();
    await waitForEmail('en', async (f) => (await bodyText(f)).includes('Northwind Portal'));
  });

  it('shows the checks of the email on screen, and a finding for an email made to trip a rule', async () => {
    await page.locator('button[data-template="organization-invitation"]').click();
    await emailFrame('en');
    await page.locator('button[data-value="checks"]').click();
    await page.locator('.checks[data-checks="done"]').waitFor(WAIT);
    expect(await page.locator('.checks li[data-rule="link-https"]').count()).toBe(0);
    // Markdown is rendered: code as code, no backticks left.
    expect(await page.locator('.checks .hint').first().innerText()).toMatch(/^\d+ rules of authmail check on this/);
    expect(await page.locator('.checks .hint').first().locator('code').first().innerText()).toBe('authmail check');
    // A plain-http invitation link: the link rule reports it, with where it is.
    await page.locator('input[data-path="link"]').fill('http://auth.fixture.test/invitation?token=x');
    const finding = page.locator('.checks li[data-rule="link-https"]').first();
    await finding.waitFor(WAIT);
    expect(await finding.innerText()).toMatch(/http:\/\/auth\.fixture\.test/);
    // A quoted plain-http link is not made clickable.
    expect(await finding.locator('a[href^="http:"]').count()).toBe(0);
    // Show in email: the element the finding names is outlined in the rendered email.
    await finding.locator('button.show').click();
    await waitForEmail(
      'en',
      async (f) => (await f.evaluate(() => document.querySelectorAll('[data-authmail-highlight]').length)) > 0,
    );
    expect(await page.locator('#status').textContent()).toMatch(/^Outlined \d+ × /);
    // The Chromium rules on request: accessibility in light and dark, and line breaks, as `authmail check` runs them.
    await page.locator('button[data-value="checks"]').click();
    await page.locator('.checks[data-checks="done"] button.browser-checks').click();
    await expect
      .poll(() => page.locator('.checks[data-checks="done"] .hint').first().innerText(), { timeout: 60_000 })
      .toMatch(/with its Chromium rules/);
    expect(await page.locator('.checks button.browser-checks').count()).toBe(0);
    await page.locator('button[data-value="rendered"]').click();
    await page.locator('button[data-template="sign-in"]').click();
    await emailFrame('en');
  });

  it('sends a test email to the local inbox, with headers and both parts', async () => {
    await openSend();
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-status').textContent(), WAIT).toContain('Delivered');
    await page.locator('button[data-value="inbox"]').click();
    const message = page.locator('#message');
    await expect.poll(() => message.locator('h2').textContent(), WAIT).toContain('Northwind Portal');
    const headers = await message.locator('table.headers').innerText();
    expect(headers).toMatch(
      new RegExp(`From\\s+${escapeRegExp(`${projectBrand.senderName} <${projectBrand.fromAddress}>`)}`),
    );
    expect(headers).toMatch(/To\s+designer@example\.test/);
    expect(headers).toMatch(/Content-Type\s+multipart\/alternative/i);
    expect(await message.locator('[data-part="text"]').textContent()).toContain('424242');
    const handle = await message.locator('iframe').elementHandle();
    const html = await handle?.contentFrame();
    await expect.poll(async () => (html ? await bodyText(html) : ''), WAIT).toContain('424242');
    // Shown at a desktop client's width (its mobile layout would be a 300 px frame's), the text part left to right.
    expect(await message.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).clientWidth)).toBeGreaterThan(600);
    expect(await message.locator('[data-part="text"]').getAttribute('dir')).toBe('ltr');
    await page.locator('button[data-value="email"]').click();

    // An Arabic email's text part reads right to left in the inbox.
    await choose('locale', 'ar');
    await emailFrame('ar');
    await openSend();
    await page.locator('#send').click();
    await expect.poll(() => page.locator('#send-status').textContent(), WAIT).toContain('Delivered');
    await page.locator('button[data-value="inbox"]').click();
    await page.locator('.messages button').first().click();
    await expect.poll(() => message.locator('[data-part="text"]').getAttribute('dir'), WAIT).toBe('rtl');
    await page.locator('button[data-value="email"]').click();
    await choose('locale', 'en');
    await emailFrame('en');
  });

  it('sends through the configured transport only when picked (the outbox here)', async () => {
    const outbox = join(project.dir, 'outbox');
    expect(existsSync(outbox)).toBe(false);
    await openSend();
    const configured = page.locator('input[name="via"][value="configured"]');
    expect(await page.locator('input[name="via"][value="inbox"]').isChecked()).toBe(true);
    expect(await page.locator('fieldset.via-choice').innerText()).toContain('outbox → outbox/');
    await configured.check();
    await openSend();
    await page.locator('#send').click();
    await expect
      .poll(() => page.locator('#send-status').textContent(), WAIT)
      .toMatch(/Accepted by outbox for designer@example\.test/);
    const files = readdirSync(outbox);
    expect(files.filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    expect(readFileSync(join(outbox, files.find((f) => f.endsWith('.eml')) as string), 'utf8')).toContain('424242');
    await page.locator('input[name="via"][value="inbox"]').check();
  });

  it('shows contact sheets: every template in one locale, one template in every locale', async () => {
    await page.locator('button[data-value="sheet-templates"]').click();
    await expect.poll(() => page.locator('.cell[data-rendered]').count(), WAIT).toBe(catalog.ids.length);
    // Each email fills its tile's width: no empty band on the right.
    const bands = await page
      .locator('.cell .thumb')
      .evaluateAll((thumbs) =>
        thumbs.map(
          (t) => t.getBoundingClientRect().right - (t.querySelector('iframe')?.getBoundingClientRect().right ?? 0),
        ),
      );
    for (const band of bands) expect(Math.abs(band)).toBeLessThan(2);
    // At the mobile width and in dark: each email laid out at 375 px (its narrow rules), with its own dark styles.
    await page.locator('[aria-label="Width"] button[data-value="mobile"]').click();
    await page.locator('[aria-label="Colour mode"] button[data-value="dark"]').click();
    await expect.poll(() => page.locator('.cell[data-rendered]').count(), WAIT).toBe(catalog.ids.length);
    const cell = async () => {
      const frame = await (await page.locator('.cell[data-rendered] iframe').first().elementHandle())?.contentFrame();
      return {
        width: await page
          .locator('.cell iframe')
          .first()
          .evaluate((f) => (f as HTMLElement).offsetWidth),
        card: await frame?.evaluate(
          () => getComputedStyle(document.querySelector('.am-card') as Element).backgroundColor,
        ),
      };
    };
    await expect.poll(cell, WAIT).toEqual({ width: 375, card: 'rgb(26, 29, 35)' });
    await page.locator('[aria-label="Width"] button[data-value="desktop"]').click();
    await page.locator('[aria-label="Colour mode"] button[data-value="light"]').click();
    await page.locator('button[data-value="sheet-locales"]').click();
    await expect.poll(() => page.locator('.cell[data-rendered]').count(), WAIT).toBe(translations.locales.length);
    const ar = await page.locator('.cell[data-locale="ar"] iframe').elementHandle();
    expect(await (await ar?.contentFrame())?.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await page.locator('.cell[data-locale="de"] .cell-open').click();
    await emailFrame('de');
    await choose('locale', 'en');
  });

  it('reloads live after a template, a component, a locale file or the config changes, keeping its state', async () => {
    await choose('locale', 'de');
    await emailFrame('de');
    const keeps = async (f: Frame) =>
      (await bodyText(f)).includes('424242') && (await bodyText(f)).includes('Northwind Portal');

    project.edit('emails/sign-in.tsx', '<CodeEmail s={s} />', '<CodeEmail s={s} intro="Template changed" />');
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Template changed') && (await keeps(f)));

    project.edit(
      'src/email/components/code-email.tsx',
      "<Note>{s.t('notYou', { app })}</Note>",
      '<Note>Component changed</Note>',
    );
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Component changed') && (await keeps(f)));

    project.edit('locales/de/sign-in.json', '"{app}: Ihr Code (SignIn)"', '"{app}: Ihr neuer Code"');
    await expect
      .poll(() => inboxRow('de').locator('.subject').textContent(), WAIT)
      .toBe('Northwind Portal: Ihr neuer Code');

    const renamed = `${projectBrand.senderName} Labs`;
    project.edit('authmail.config.ts', `senderName: '${projectBrand.senderName}',`, `senderName: '${renamed}',`);
    await expect.poll(() => inboxRow('de').locator('.from').textContent(), WAIT).toBe(renamed);

    expect(await page.locator('select[name="locale"]').inputValue()).toBe('de');
    expect(await page.locator('button[data-template="sign-in"]').getAttribute('aria-current')).toBe('page');
    expect(await page.locator('input[data-path="code"]').inputValue()).toBe('424242');
  });

  it('repaints a save in place: the same frames, not navigated, each with its look applied again', async () => {
    await page.locator('[aria-label="Colour mode"] button[data-value="dark"]').click();
    await choose('compare', '@images-off');
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(2);
    const frames = page.locator('.pane iframe');
    const inPane = async <T>(i: number, fn: () => T) =>
      (await (await frames.nth(i).elementHandle())?.contentFrame())?.evaluate(fn);
    const look = () => ({
      text: document.body.innerText,
      kept: (window as { kept?: boolean }).kept === true,
      card: getComputedStyle(document.querySelector('.am-card') as Element).backgroundColor,
      blocked: [...document.images].map((i) => i.src.endsWith('#blocked')),
    });
    // Both frames loaded in dark, marked: a frame laid out again or navigated loses its mark.
    await expect
      .poll(async () => [(await inPane(0, look))?.card, (await inPane(1, look))?.card], WAIT)
      .toEqual(['rgb(26, 29, 35)', 'rgb(26, 29, 35)']);
    await frames.evaluateAll((list) =>
      list.forEach((f) => {
        f.dataset.kept = 'yes';
        ((f as HTMLIFrameElement).contentWindow as { kept?: boolean }).kept = true;
      }),
    );
    project.edit('emails/sign-in.tsx', 'intro="Template changed"', 'intro="Repainted in place"');
    await expect
      .poll(async () => [(await inPane(0, look))?.text, (await inPane(1, look))?.text].join('|'), WAIT)
      .toMatch(/Repainted in place.*\|.*Repainted in place/s);
    const [left, right] = [await inPane(0, look), await inPane(1, look)];
    expect(await frames.evaluateAll((list) => list.map((f) => f.dataset.kept))).toEqual(['yes', 'yes']);
    expect([left?.kept, right?.kept]).toEqual([true, true]);
    // The dark styles apply to the new document, and the images-off partner still blocks every image.
    expect([left?.card, right?.card]).toEqual(['rgb(26, 29, 35)', 'rgb(26, 29, 35)']);
    expect(left?.blocked.length).toBeGreaterThan(0);
    expect(left?.blocked.every((b) => !b)).toBe(true);
    expect(right?.blocked.every((b) => b)).toBe(true);
    await choose('compare', '');
    await page.locator('[aria-label="Colour mode"] button[data-value="light"]').click();
    await expect.poll(() => page.locator('.pane[data-rendered]').count(), WAIT).toBe(1);
    project.edit('emails/sign-in.tsx', 'intro="Repainted in place"', 'intro="Template changed"');
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Template changed'));
  });

  it('shows a template that does not compile as an error, and recovers', async () => {
    project.edit('emails/sign-in.tsx', 'intro="Template changed" />', 'intro="Template changed" ');
    await expect.poll(() => page.locator('.error-box[data-code="BUILD_ERROR"]').count(), WAIT).toBeGreaterThan(0);
    expect(await page.locator('.error-box').first().innerText()).toContain('sign-in.tsx');
    project.edit('emails/sign-in.tsx', 'intro="Template changed" ', 'intro="Fixed again" />');
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Fixed again'));

    // An error thrown while rendering names the template's file and line.
    project.edit('emails/sign-in.tsx', 'Body: ({ s }) =>', "Body: ({ s }) =>\n    s.v('nope' as 'code') &&");
    await expect.poll(() => page.locator('.pane .error-box[data-code]').count(), WAIT).toBeGreaterThan(0);
    expect(await page.locator('.pane .error-box pre').first().innerText()).toMatch(/nope/);
    // The error is readable over the dimmed email: axe on the preview page itself.
    expect(await contrastCheck('.pane .error-box')).toEqual({ violations: [], passes: 1 });
    project.edit('emails/sign-in.tsx', "\n    s.v('nope' as 'code') &&", '');
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Fixed again'));
  });

  it('follows a template through saves that replace the file (a temporary file renamed over it), three in a row', async () => {
    for (const n of [1, 2, 3]) {
      const before = n === 1 ? 'Fixed again' : `Atomic save ${n - 1}`;
      project.edit('emails/sign-in.tsx', `intro="${before}"`, `intro="Atomic save ${n}"`, 'replace');
      await waitForEmail('de', async (f) => (await bodyText(f)).includes(`Atomic save ${n}`));
    }
    // And an ordinary save after them still reloads.
    project.edit('emails/sign-in.tsx', 'intro="Atomic save 3"', 'intro="Fixed again"');
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Fixed again'));
  });

  it('lists a broken template, forgets it once deleted, and leaves a template deleted while shown', async () => {
    project.write('emails/broken.tsx', 'export default function Broken( {\n');
    await expect.poll(() => page.locator('.problems [data-problem]').count(), WAIT).toBe(1);
    project.delete('emails/broken.tsx');
    await expect.poll(() => page.locator('.problems').count(), WAIT).toBe(0);

    // A template of its own, shown, then deleted: the first template takes its place, with no error.
    project.write(
      'emails/short-lived.tsx',
      "import { Html, Text } from 'react-email';\nexport const subject = 'Short-lived';\nexport default function ShortLived() {\n  return <Html><Text>Short-lived template</Text></Html>;\n}\nShortLived.PreviewProps = {};\n",
    );
    await expect.poll(() => page.locator('button[data-template="short-lived"]').count(), WAIT).toBe(1);
    await page.locator('button[data-template="short-lived"]').click();
    // It has no translations: every locale shows the one email it sends in the default locale.
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Short-lived template'));
    project.delete('emails/short-lived.tsx');
    await expect.poll(() => page.locator('button[data-template="short-lived"]').count(), WAIT).toBe(0);
    const first = await page.locator('button[data-template]').first().getAttribute('data-template');
    await expect
      .poll(() => page.locator('button[data-template][aria-current="page"]').getAttribute('data-template'), WAIT)
      .toBe(first);
    await expect.poll(() => page.locator('.pane .error-box').count(), WAIT).toBe(0);
  });

  it('says in the status bar that a render failed, instead of the last render’s timing', async () => {
    await page.locator('button[data-template="sign-in"]').click();
    await waitForEmail('de', async (f) => (await bodyText(f)).includes('Fixed again'));
    await expect.poll(() => page.locator('#status').textContent(), WAIT).toMatch(/rendered by the build/);
    project.edit('emails/sign-in.tsx', 'Body: ({ s }) =>', "Body: ({ s }) =>\n    s.v('nope' as 'code') &&");
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('error');
    expect(await page.locator('#status').textContent()).toMatch(/^sign-in: \w+ — .*nope/);
    project.edit('emails/sign-in.tsx', "\n    s.v('nope' as 'code') &&", '');
    await expect.poll(() => page.locator('#status').getAttribute('data-kind'), WAIT).toBe('info');
  });

  it('made no request to any host but its own: logos come from the local assets', async () => {
    // The edits of the tests before may still be reloading: wait until the pane keeps one render.
    const rendered = () => page.locator('.pane[data-locale="de"][data-rendered] iframe').getAttribute('src');
    for (let last = await rendered(); ; ) {
      await page.waitForTimeout(750);
      const now = await rendered();
      if (now === last) break;
      last = now;
    }
    const frame = await emailFrame('de');
    const logo = await frame.evaluate(() => {
      const img = document.querySelector('img.am-logo-light') as HTMLImageElement;
      return { src: img.getAttribute('src'), width: img.naturalWidth };
    });
    expect(logo.src).toBe(projectBrand.logoUrl);
    expect(logo.width).toBeGreaterThan(0);

    // A link in the email is shown, not followed.
    const email = page.frameLocator('.pane[data-locale="de"][data-rendered] iframe');
    const help = projectBrand.supportUrl ?? '';
    await email.locator(`a[href^="${help}"]`).first().click();
    await expect.poll(() => page.locator('#status').textContent()).toContain(`Link: ${help}`);
    expect(await email.locator('html').evaluate(() => location.pathname)).toMatch(/^\/__email\/r\d+$/);
    expect(trap.requests, trap.requests.join('\n')).toEqual([]);
    // Chromium saw the asset URLs, and the service worker answered every one of them.
    expect(offLoopback.length).toBeGreaterThan(0);
    expect(offLoopback.every((url) => url.startsWith(parsedConfig.assets?.baseUrl ?? '–'))).toBe(true);
  });

  it('reviews the failing comparisons of the last visual run and approves one as its baseline', async () => {
    await page.goto(`${preview.url}?view=visual`);
    await expect
      .poll(() => page.locator('.visual').innerText(), WAIT)
      .toMatch(/No visual run in test-results\/visual yet/);

    // A run in the project as `authmail test:visual` makes it: baselines, then a changed code fails all four shots.
    const { emails } = await sampleEmails({
      catalog,
      translations,
      templates: ['sign-in'],
      locales: ['en'],
      brand: projectBrand,
    });
    const common = { config: parsedConfig, cwd: project.dir, contactSheets: false };
    await runVisual({ ...common, emails, update: true });
    const changed = emails.map((e) => ({
      ...e,
      html: e.html.replace(
        codeGroupsHtml(String(template('sign-in').sample.code), (t) => t),
        '000000',
      ),
    }));
    expect((await runVisual({ ...common, emails: changed })).failures).toHaveLength(4);

    await page.locator('.visual button', { hasText: 'Refresh' }).click();
    const items = page.locator('.comparisons button');
    await expect.poll(() => items.count(), WAIT).toBe(4);
    expect(await page.locator('.visual .hint').first().innerText()).toMatch(/0 passed, 4 failed of 4 screenshots/);
    const id = 'en/sign-in.desktop-light';
    await page.locator(`.comparisons button[data-id="${id}"]`).click();
    expect(await page.locator('.comparison h3').innerText()).toBe(id);
    // Expected, actual and diff, all loaded, beside each other.
    const images = page.locator('.comparison .images[data-mode="side"] img');
    await expect
      .poll(() => images.evaluateAll((all) => all.map((i) => (i as HTMLImageElement).naturalWidth > 0)), WAIT)
      .toEqual([true, true, true]);
    const tops = await images.evaluateAll((all) => all.map((i) => Math.round(i.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    // The slider wipes from the baseline to the new shot; the overlay blends them by difference.
    await page.locator('.comparison button[data-value="slider"]').click();
    const top = page.locator('.comparison .stack img.over');
    expect(await top.evaluate((i) => i.style.clipPath)).toBe('inset(0px 0px 0px 50%)');
    await page.locator('.comparison input[type="range"]').fill('20');
    expect(await top.evaluate((i) => i.style.clipPath)).toBe('inset(0px 0px 0px 20%)');
    await page.locator('.comparison button[data-value="overlay"]').click();
    expect(await top.evaluate((i) => getComputedStyle(i).mixBlendMode)).toBe('difference');

    // Approve: that shot's actual image is its baseline now; the three others are untouched.
    const baselines = join(project.dir, parsedConfig.visual.baselines);
    const before = readFileSync(join(baselines, 'en/sign-in.mobile-light.webp'));
    await page.locator('.comparison button.approve').click();
    await expect
      .poll(() => page.locator('#status').textContent(), WAIT)
      .toContain(`Approved ${id}: ${parsedConfig.visual.baselines}/${id}.webp written`);
    const out = join(project.dir, parsedConfig.visual.out, 'failures');
    expect(readFileSync(join(baselines, `${id}.webp`)).equals(readFileSync(join(out, `${id}.actual.webp`)))).toBe(true);
    expect(readFileSync(join(baselines, 'en/sign-in.mobile-light.webp')).equals(before)).toBe(true);
    expect(await page.locator(`.comparisons button[data-id="${id}"] .meta`).innerText()).toBe('approved');
    // It moved on to the next difference still open.
    const shown = () => page.locator('.comparison h3').innerText();
    await expect.poll(shown, WAIT).not.toBe(id);
    expect(await page.locator('.comparison button.approve').isDisabled()).toBe(false);

    // Only a failure of the last run can be approved, and only with the page's token; only its images are served.
    const answers = await page.evaluate(async () => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="authmail-token"]')?.content ?? '';
      const approve = (body: unknown, withToken = true) =>
        fetch('/api/visual/approve', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(withToken ? { 'x-authmail-token': token } : {}) },
          body: JSON.stringify(body),
        }).then(async (r) => [r.status, (await r.json()).error?.code]);
      return {
        noToken: await approve({ id: 'en/sign-in.mobile-light' }, false),
        traversal: await approve({ id: '../../../authmail.config' }),
        notFailed: await approve({ id: 'de/sign-in.desktop-light' }),
        noId: await approve({}),
        image: (await fetch('/__visual/actual/en/sign-in.mobile-light.webp')).headers.get('content-type'),
        outside: (await fetch('/__visual/actual/..%2F..%2Fauthmail.config.webp')).status,
      };
    });
    // A failure's image that is a symlink out of the run's folder is not served.
    const actualFile = join(out, 'en/sign-in.mobile-light.actual.webp');
    const kept = readFileSync(actualFile);
    rmSync(actualFile);
    symlinkSync(join(project.dir, 'authmail.config.ts'), actualFile);
    expect(await page.evaluate(async () => (await fetch('/__visual/actual/en/sign-in.mobile-light.webp')).status)).toBe(
      404,
    );
    rmSync(actualFile);
    writeFileSync(actualFile, kept);
    expect(answers).toEqual({
      noToken: [403, 'BAD_TOKEN'],
      traversal: [409, 'NOT_A_FAILURE'],
      notFailed: [409, 'NOT_A_FAILURE'],
      noId: [400, 'BAD_REQUEST'],
      image: 'image/webp',
      outside: 404,
    });

    // The next run passes that shot and still fails the three not approved.
    const next = await runVisual({ ...common, emails: changed });
    const left = ['en/sign-in.desktop-dark', 'en/sign-in.mobile-dark', 'en/sign-in.mobile-light'];
    expect(next.failures.map((f) => f.id).sort()).toEqual(left);

    // The keyboard: j / k move, 3 the overlay, + zooms to the shots' natural size.
    await page.locator('.visual button', { hasText: 'Refresh' }).click();
    await expect.poll(() => items.count(), WAIT).toBe(3);
    const first = await shown();
    await page.keyboard.press('j');
    await expect.poll(shown).not.toBe(first);
    await page.keyboard.press('k');
    await expect.poll(shown).toBe(first);
    await page.keyboard.press('3');
    expect(await page.locator('.comparison .images').getAttribute('data-mode')).toBe('overlay');
    await page.keyboard.press('+');
    await expect
      .poll(() =>
        page.locator('.comparison .stack img.over').evaluate((i) => {
          const img = i as HTMLImageElement;
          return img.naturalWidth > 0 && img.style.width === `${img.naturalWidth}px`;
        }),
      )
      .toBe(true);
    expect(await page.locator('.comparison .images').getAttribute('data-zoom')).toBe('x1');
    await page.keyboard.press('0');
    expect(await page.locator('.comparison .images').getAttribute('data-zoom')).toBe('fit');

    // Approve all, after a confirmation: dismissed, nothing is written; accepted, all three are.
    const approveAll = page.locator('.visual button.approve-all');
    expect(await approveAll.innerText()).toBe('Approve all (3)');
    const before3 = left.map((shot) => readFileSync(join(baselines, `${shot}.webp`)));
    const confirmations: string[] = [];
    page.once('dialog', (dialog) => {
      confirmations.push(dialog.message());
      void dialog.dismiss();
    });
    await approveAll.click();
    await expect.poll(() => confirmations.length).toBe(1);
    expect(confirmations[0]).toMatch(/^Approve 3 screenshots .*tests\/visual\/baselines/);
    expect(left.map((shot) => readFileSync(join(baselines, `${shot}.webp`)))).toEqual(before3);
    page.once('dialog', (dialog) => void dialog.accept());
    await approveAll.click();
    await expect.poll(() => approveAll.innerText(), WAIT).toBe('All approved');
    for (const shot of left) {
      expect(readFileSync(join(baselines, `${shot}.webp`)).equals(readFileSync(join(out, `${shot}.actual.webp`)))).toBe(
        true,
      );
    }
    expect((await runVisual({ ...common, emails: changed })).failures).toEqual([]);
  }, 180_000);

  it('ignores what a link names that the project lacks, says so, and shows the email', async () => {
    await page.goto(`${preview.url}?template=no-such-template&locale=en&compare=xx-YY&brand=constructor`);
    const pane = page.locator('.pane[data-locale="en"][data-rendered]');
    await pane.waitFor(WAIT);
    expect(await page.locator('.pane').count()).toBe(1);
    await expect
      .poll(() => page.locator('#status').textContent(), WAIT)
      .toMatch(
        /^Ignored template=no-such-template, compare=xx-YY, brand=constructor: not in this project\. .*rendered/,
      );
    expect(page.url()).not.toContain('xx-YY');
  });

  it('opened on an email that fails to render, still names its inbox once the error shows', async () => {
    // Values the designer edited in this tab, without the code: the first render fails, no frame loads.
    const tab = await context.newPage();
    await tab.addInitScript(() =>
      sessionStorage.setItem('authmail.preview.variables', JSON.stringify({ 'sign-in': {} })),
    );
    try {
      await tab.goto(`${preview.url}?template=sign-in&locale=en`);
      await tab.locator('#status[data-kind="error"]').waitFor(WAIT);
      expect(await tab.locator('.pane iframe').count()).toBe(0);
      await expect
        .poll(() => tab.locator('.inbox-address').first().textContent(), WAIT)
        .toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await tab.close();
    }
  });

  it('keeps every text of the preview page at 4.5:1 or more in each view (axe)', async () => {
    const views = [
      'template=sign-in',
      'template=sign-in&scheme=dark&tab=checks',
      'view=inbox',
      'view=visual',
      'view=sheet-templates',
    ];
    for (const query of views) {
      await page.goto(`${preview.url}?${query}`);
      await page.locator('#main > *').first().waitFor(WAIT);
      await page.waitForLoadState('networkidle');
      const { violations } = await contrastCheck();
      expect(violations, query).toEqual([]);
    }
  });
});

describe('authmail dev options', () => {
  it('is listed, and names a bad port', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/dev\s+Preview every template/);
    const r = await cli(['dev', '--port', 'eighty']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--port must be a port number (0–65535), got "eighty"');
    expect(r.stderr).toContain('Usage: authmail dev');
  });
});

describe('the preview app', () => {
  it('is served as a Vite build by default, and through Vite’s dev server with --app-dev', async () => {
    const built = await fetch(preview.url).then((r) => r.text());
    expect(built).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    expect(built).not.toContain('/@vite/client');

    const appDev = await startPreview(project.dir, 60_000, ['--app-dev']);
    try {
      const page = await fetch(appDev.url).then((r) => r.text());
      expect(page).toContain('/@vite/client');
      expect(page).toContain('/src/main.ts');
      // Vite transforms each source module on request: the entry, and a module it imports.
      const main = await fetch(new URL('/src/main.ts', appDev.url)).then((r) => r.text());
      expect(main).toContain('/src/layout.ts');
      const layout = await fetch(new URL('/src/layout.ts', appDev.url)).then((r) => r.text());
      expect(layout).toContain('function toolbar');
    } finally {
      await appDev.stop();
    }
  });
});
