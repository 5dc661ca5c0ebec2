/**
 * Screenshots of emails in Debian's Chromium: desktop (640 px) and mobile
 * (375 px), light and dark, device scale 1, cropped to the email's height.
 * Deterministic: fixed flags and fonts, assets from disk, every other
 * request aborted, fonts and images loaded, animations and caret off.
 */
import type { Browser, BrowserContext, LaunchOptions, Page } from 'playwright-core';
import { launchChromium } from '../browser/chromium.ts';
import { emailContext, showEmail } from '../browser/email-page.ts';
import type { ProjectSettings } from '../project/settings.ts';
import { decodePng, type Image } from './image.ts';

/** The widths shot by default, with the names their baselines carry. */
export const VIEWPORTS = { desktop: 640, mobile: 375 } as const;
export const COLOR_SCHEMES = ['light', 'dark'] as const;
export type ColorScheme = (typeof COLOR_SCHEMES)[number];

export interface Variant {
  /** Viewport width in CSS px. */
  width: number;
  scheme: ColorScheme;
}

/** Every width × colour scheme. */
export const variantsFor = (widths: readonly number[], schemes: readonly ColorScheme[]): Variant[] =>
  widths.flatMap((width) => schemes.map((scheme) => ({ width, scheme })));

/** The default variants: 640 and 375 px, light and dark. */
export const VARIANTS: Variant[] = variantsFor([VIEWPORTS.desktop, VIEWPORTS.mobile], COLOR_SCHEMES);

/** Taller than any email, so a shot is one clip of the viewport (4× faster than a full-page shot). */
const VIEWPORT_HEIGHT = 1600;

const widthName = (width: number) =>
  width === VIEWPORTS.desktop ? 'desktop' : width === VIEWPORTS.mobile ? 'mobile' : `w${width}`;

/** `desktop-light`, `mobile-dark`, `w600-light`: the variant's part of a baseline's file name. */
export const variantName = (v: Variant) => `${widthName(v.width)}-${v.scheme}`;

export interface CameraOptions {
  config?: ProjectSettings | undefined;
  cwd?: string | undefined;
  /** Extra or replacement Chromium launch options (the noise measurement changes flags). */
  launch?: LaunchOptions | undefined;
  /** The variants to shoot (default: VARIANTS). */
  variants?: readonly Variant[] | undefined;
}

/** One browser, one context per variant, one page per context, reused for every shot. */
export class Camera {
  private constructor(
    private readonly browser: Browser,
    private readonly pages: Map<string, { context: BrowserContext; page: Page }>,
  ) {}

  static async open(options: CameraOptions = {}): Promise<Camera> {
    const browser = await launchChromium(options.launch);
    const pages = new Map<string, { context: BrowserContext; page: Page }>();
    try {
      for (const v of options.variants ?? VARIANTS) {
        const context = await emailContext(browser, {
          width: v.width,
          height: VIEWPORT_HEIGHT,
          colorScheme: v.scheme,
          config: options.config,
          cwd: options.cwd,
        });
        pages.set(variantName(v), { context, page: await context.newPage() });
      }
    } catch (error) {
      await browser.close();
      throw error;
    }
    return new Camera(browser, pages);
  }

  /** The PNG of `html` in one variant. */
  async shootPng(html: string, variant: Variant): Promise<Buffer> {
    const entry = this.pages.get(variantName(variant));
    if (!entry) throw new Error(`no page for ${variantName(variant)}`);
    const { page } = entry;
    await showEmail(page, html);
    // Crop to the email: the body's height (the page background beyond it is not the email).
    const height = await page.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    const { width } = variant;
    if (height > VIEWPORT_HEIGHT) await page.setViewportSize({ width, height });
    try {
      return await page.screenshot({
        clip: { x: 0, y: 0, width, height: Math.max(1, height) },
        animations: 'disabled',
        caret: 'hide',
        scale: 'css',
        type: 'png',
      });
    } finally {
      if (height > VIEWPORT_HEIGHT) await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
    }
  }

  async shoot(html: string, variant: Variant): Promise<Image> {
    return decodePng(await this.shootPng(html, variant));
  }

  /** A page of the given width for other renders (contact sheets). */
  async newPage(width: number, height: number): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    await context.route('**/*', (route) => route.abort('blockedbyclient'));
    return context.newPage();
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
