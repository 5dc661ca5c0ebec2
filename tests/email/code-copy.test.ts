/**
 * The one-time code reads in groups ("482 915", a gap drawn by padding) and
 * copies as exactly the code: a reader double-clicks it (or selects the box)
 * in Chromium and gets the digits, nothing around or between them, in a
 * left-to-right and a right-to-left email.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { emailContext, showEmail } from '../../src/browser/email-page.ts';
import { render } from '../../src/render/render.tsx';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

const template = (id: string) => catalog.get(id).definition;
const withCode = catalog.ids.filter((id) => 'code' in template(id).sample);

describe.each(['en', 'ar', 'pt-BR'])('in %s', (locale) => {
  it.each(withCode)('%s: double-click and select-all of the code box copy exactly the code', async (id) => {
    const { code } = template(id).sample as { code: string };
    const email = await render(id, { locale, variables: template(id).sample, brand: testBrand, catalog, translations });
    const context = await emailContext(browser, { width: 640, colorScheme: 'light' });
    try {
      const page = await context.newPage();
      await showEmail(page, email.html);
      const box = page.locator('td.am-code');
      // Two groups of three, left to right whatever the email's direction, a visible gap between them.
      const groups = await box.locator('span').evaluateAll((spans) =>
        spans.map((s) => {
          // The glyphs' box, not the span's (whose padding is the gap).
          const range = document.createRange();
          range.selectNodeContents(s);
          return { text: s.textContent, box: range.getBoundingClientRect() };
        }),
      );
      expect(groups.map((g) => g.text)).toEqual([code.slice(0, 3), code.slice(3)]);
      const [first, second] = groups as [(typeof groups)[0], (typeof groups)[0]];
      expect(second.box.left - first.box.right).toBeGreaterThanOrEqual(12);
      expect(Math.abs(second.box.top - first.box.top)).toBeLessThan(1);
      await box.dblclick();
      expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(code);
      const all = await box.evaluate((td) => {
        const range = document.createRange();
        range.selectNodeContents(td);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        return selection?.toString();
      });
      expect(all).toBe(code);
    } finally {
      await context.close();
    }
  });
});
