/**
 * Debian's Chromium through Playwright, with the flags this environment
 * needs (no sandbox as root, no background network). Browsers cannot be
 * downloaded here, so `executablePath` is always set.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type LaunchOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AUTHMAIL_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Same text rendering on every machine (screenshots are compared pixel by pixel).
  '--font-render-hinting=none',
  '--disable-lcd-text',
  '--force-color-profile=srgb',
];

function checkInstalled() {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with \`npm run system-deps\` (Debian's chromium package).`,
    );
  }
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  checkInstalled();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, ...options });
}

/** A persistent profile (Playwright rejects `--user-data-dir` in `args`). */
export async function launchChromiumProfile(userDataDir: string, options: LaunchOptions = {}): Promise<BrowserContext> {
  checkInstalled();
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    ...options,
  });
}
