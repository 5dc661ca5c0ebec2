/**
 * docs/preview.png: the preview of this repository's default content as a designer sees it at 1440 px —
 * mfa-verification in English beside Arabic at the mobile width, the toolbar, the templates and the
 * variable editor. Run: `npx tsx scripts/preview-screenshot.ts` (starts `authmail dev` on a free port).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { launchChromium } from '../src/browser/chromium.ts';

const ROOT = resolve(import.meta.dirname, '..');
const child = spawn(process.execPath, ['bin/authmail.mjs', 'dev', '--port', '0'], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((ready, fail) => {
  let output = '';
  child.stdout.on('data', (data: Buffer) => {
    output += data.toString();
    const match = /authmail preview: (http:\/\/\S+)/.exec(output);
    if (match) ready(match[1] as string);
  });
  child.once('exit', () => fail(new Error(`authmail dev exited:\n${output}`)));
});
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(`${url}?template=mfa-verification&locale=en&compare=ar&width=mobile&fit=1`);
  await page.locator('.pane[data-locale="ar"][data-rendered]').waitFor({ timeout: 60_000 });
  await page.locator('.pane[data-locale="en"][data-rendered]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: resolve(ROOT, 'docs/preview.png') });
  console.log('docs/preview.png written');
} finally {
  await browser.close();
  child.kill('SIGINT');
}
