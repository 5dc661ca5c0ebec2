/**
 * Shows an email in a Chromium page as a reader would see it, offline:
 * logo URLs under `config.assets.baseUrl` are answered from `assets/`,
 * every other request is aborted, and the page is ready once its fonts and
 * images are loaded. Used by the accessibility checks and the visual tests.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AssetsSection } from '../core/assets.ts';
import { localAsset } from '../core/assets.ts';

export interface EmailContextOptions {
  width: number;
  height?: number;
  colorScheme: 'light' | 'dark';
  /** The project's assets section: logos under its baseUrl come from its folder. */
  config?: { assets?: AssetsSection | undefined } | undefined;
  cwd?: string | undefined;
}

/** A browser context with the offline request policy. */
export async function emailContext(browser: Browser, options: EmailContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: options.width, height: options.height ?? 800 },
    deviceScaleFactor: 1,
    colorScheme: options.colorScheme,
    reducedMotion: 'reduce',
    serviceWorkers: 'block',
    javaScriptEnabled: true,
  });
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    const local = options.config ? localAsset(url, options.config.assets, options.cwd) : undefined;
    if (local) await route.fulfill({ path: local.path, contentType: local.type });
    else await route.abort('blockedbyclient');
  });
  return context;
}

/** Loads `html` and waits for fonts and images. */
export async function showEmail(page: Page, html: string): Promise<void> {
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(async () => {
    await Promise.all(
      [...document.images].map((img) =>
        img.complete
          ? undefined
          : new Promise((resolve) => {
              img.addEventListener('load', resolve, { once: true });
              img.addEventListener('error', resolve, { once: true });
            }),
      ),
    );
    await document.fonts.ready;
  });
}
