/**
 * The one Chromium of the preview's browser checks: started by the first check that asks for it
 * (`checks.ts`), closed with the server. Kept apart so that closing loads none of the rules.
 */
import type { Browser } from 'playwright-core';

let chromium: Promise<Browser> | undefined;

export async function checksBrowser(): Promise<Browser> {
  chromium ??= import('../browser/chromium.ts').then(({ launchChromium }) => launchChromium());
  return chromium;
}

export async function closeChecksBrowser() {
  const started = chromium;
  chromium = undefined;
  await (await started?.catch(() => undefined))?.close();
}
