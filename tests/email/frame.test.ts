/**
 * The default frame's components (authmail/email) as a reader sees them in
 * Chromium, on the tests' own fixture brand: the code's face and its copy,
 * the full-width mobile button, the logo mirrored in right-to-left
 * languages, and the optional brand accent in light and dark mode.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Brand } from '../../src/brand/brand.ts';
import { contrast } from '../../src/brand/color.ts';
import { launchChromium } from '../../src/browser/chromium.ts';
import { emailContext, showEmail } from '../../src/browser/email-page.ts';
import { type Config, parseConfig } from '../../src/config/index.ts';
import { render } from '../../src/render/render.tsx';
import fixtureConfig from '../fixtures/logto/authmail.config.ts';
import {
  logtoCatalog as catalog,
  LOGTO_FIXTURE,
  logtoTranslations as translations,
} from '../fixtures/logto-content.tsx';

const config: Config = parseConfig(fixtureConfig);
const CODE = '0O1l7I';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

const email = (template: string, locale: string, brand: Brand = config.brand) =>
  render(template, {
    locale,
    brand,
    catalog,
    translations,
    variables: { ...catalog.get(template).definition.sample, ...(template === 'sign-in' && { code: CODE }) },
  });

async function open(html: string, width: number, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await emailContext(browser, { width, colorScheme, config, cwd: LOGTO_FIXTURE });
  const page = await context.newPage();
  await showEmail(page, html);
  return page;
}

const rgbToHex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, '0'))
    .join('')}`;

describe('the code', () => {
  it('is drawn in a monospace face with distinct 0/O and 1/l, and copies as exactly the code', async () => {
    const page = await open((await email('sign-in', 'en')).html, 640);
    try {
      const code = page.locator('.am-code');
      // Two groups, spans and nothing between them (no space, no text node): a copy is the code alone.
      expect(await code.evaluate((td) => [[...td.childNodes].map((n) => n.nodeName), td.textContent])).toEqual([
        ['SPAN', 'SPAN'],
        CODE,
      ]);
      // The face Chromium actually used (this machine: the Linux entry of the stack, not a Courier clone).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument');
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '.am-code span' });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      expect(fonts.map((f) => f.familyName)).toEqual(['DejaVu Sans Mono']);
      // What a triple click selects and copies.
      await code.click({ clickCount: 3 });
      expect(await page.evaluate(() => getSelection()?.toString().trim())).toBe(CODE);
    } finally {
      await page.context().close();
    }
  });
});

describe('the button', () => {
  for (const width of [375, 360]) {
    it(`spans the card and is at least 44 px high at ${width} px`, async () => {
      const page = await open((await email('organization-invitation', 'en')).html, width);
      try {
        const button = await page.locator('a.am-button').boundingBox();
        const cell = await page.locator('a.am-button').evaluate((a) => {
          const td = a.closest('td') as HTMLElement;
          const r = td.getBoundingClientRect();
          return { width: r.width };
        });
        expect(button?.height).toBeGreaterThanOrEqual(44);
        expect(button?.width).toBeCloseTo(cell.width, 0);
      } finally {
        await page.context().close();
      }
    });
  }

  it('keeps its own width on a desktop screen', async () => {
    const page = await open((await email('organization-invitation', 'en')).html, 640);
    try {
      const button = await page.locator('a.am-button').boundingBox();
      expect(button?.width).toBeLessThan(300);
      expect(button?.height).toBeGreaterThanOrEqual(44);
    } finally {
      await page.context().close();
    }
  });
});

describe('the logo', () => {
  it('sits as far inside the card edge in a right-to-left language as in a left-to-right one', async () => {
    const insets: Record<string, number> = {};
    for (const locale of ['en', 'ar']) {
      const page = await open((await email('sign-in', locale)).html, 640);
      try {
        insets[locale] = await page.evaluate((rtl) => {
          const logo = (document.querySelector('img.am-logo-light') as HTMLElement).getBoundingClientRect();
          const card = (document.querySelector('.am-card') as HTMLElement).getBoundingClientRect();
          return rtl ? card.right - logo.right : logo.left - card.left;
        }, locale === 'ar');
      } finally {
        await page.context().close();
      }
    }
    expect(insets.ar).toBeCloseTo(insets.en as number, 0);
  });
});

describe('brand accent', () => {
  const colours = async (brand: Brand, scheme: 'light' | 'dark') => {
    const page = await open((await email('sign-in', 'en', brand)).html, 640, scheme);
    try {
      return await page.evaluate(() => {
        const h1 = getComputedStyle(document.querySelector('h1') as HTMLElement);
        const card = getComputedStyle(document.querySelector('.am-card') as HTMLElement);
        return {
          heading: h1.color,
          card: card.backgroundColor,
          bar: card.borderTopColor,
          barWidth: card.borderTopWidth,
        };
      });
    } finally {
      await page.context().close();
    }
  };

  it('is a bar by default where the brand colour stands out from the card (3:1), none where it does not', async () => {
    const strong = await colours({ ...config.brand, accent: 'auto', primaryColor: '#b42318' }, 'light');
    expect([strong.barWidth, rgbToHex(strong.bar), rgbToHex(strong.heading)]).toEqual(['4px', '#b42318', '#1f2328']);
    const pale = await colours({ ...config.brand, accent: 'auto', primaryColor: '#fde68a' }, 'light');
    expect([pale.barWidth, rgbToHex(pale.heading)]).toEqual(['1px', '#1f2328']);
  });

  it('none: the heading in the text colour, a 1 px card border', async () => {
    const light = await colours({ ...config.brand, accent: 'none' }, 'light');
    expect(rgbToHex(light.heading)).toBe('#1f2328');
    expect(light.barWidth).toBe('1px');
  });

  it('bar: a 4 px bar in the brand colour on top of the card, in light and dark mode', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const c = await colours({ ...config.brand, accent: 'bar' }, scheme);
      expect([c.barWidth, rgbToHex(c.bar)], scheme).toEqual(['4px', config.brand.primaryColor]);
    }
  });

  it('heading: the heading in the brand colour, at 4.5:1 or more on the card in light and dark mode', async () => {
    for (const primaryColor of [config.brand.primaryColor, '#78288c', '#000080', '#b42318']) {
      for (const scheme of ['light', 'dark'] as const) {
        const c = await colours({ ...config.brand, primaryColor, accent: 'heading' }, scheme);
        if (scheme === 'light') expect(rgbToHex(c.heading)).toBe(primaryColor);
        expect(contrast(rgbToHex(c.heading), rgbToHex(c.card)), `${primaryColor} ${scheme}`).toBeGreaterThanOrEqual(
          4.5,
        );
      }
    }
  });

  it('is validated: an unknown accent is refused by name', () => {
    expect(() =>
      parseConfig({ ...fixtureConfig, brand: { ...fixtureConfig.brand, accent: 'stripes' as 'bar' } }),
    ).toThrow(/brand\.accent/);
  });
});
