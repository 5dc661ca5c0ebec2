/**
 * The line-break checks (src/check/rules/line-breaks.ts) in Chromium, on
 * hand-written emails: each defect found where the layout puts it, and the
 * same text written the way the toolkit writes it found clean.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { checkAccessibility } from '../../src/check/rules/accessibility.ts';
import type { Finding } from '../../src/check/types.ts';
import { withHtml } from '../fixtures/emails.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.close());

/** The line-break findings of the good email with one more paragraph (or heading) in it. */
async function breaks(element: string, locale = 'en'): Promise<Finding[]> {
  const email = withHtml('<h1 style="font-size:24px">', `${element}<h1 style="font-size:24px">`, { locale });
  const findings = await checkAccessibility(browser, [email]);
  return findings.filter((f) => f.rule !== 'a11y' && f.rule !== 'a11y-best-practice');
}

describe('line-break checks', () => {
  it('finds a Chinese word broken across lines, and none where lines break between words', async () => {
    // 4 em wide, any character may break: 如果您没 / 有尝试登 / 录请忽略 / 本邮件 splits 没有 and 登录.
    const narrow = 'style="width:64px;font-size:16px;word-break:break-all;font-family:\'Noto Sans CJK SC\'"';
    const found = await breaks(`<p ${narrow}>如果您没有尝试登录请忽略本邮件</p>`, 'zh-CN');
    expect(found.map((f) => [f.rule, f.severity])).toContainEqual(['break-in-word', 'warning']);
    expect(found.map((f) => f.message).join('\n')).toMatch(/“没有” is broken across two lines at 360 px/);
    expect(found[0]?.location).toMatchObject({ part: 'rendered', element: '<p>' });
    // Breaks only at the dictionary's word boundaries (zero-width spaces, keep-all): nothing to report.
    const words = 'style="width:64px;font-size:16px;word-break:keep-all;font-family:\'Noto Sans CJK SC\'"';
    expect(await breaks(`<p ${words}>如果\u200b您\u200b没有\u200b尝试\u200b登录</p>`, 'zh-CN')).toEqual([]);
  }, 60_000);

  it('finds a word broken after its inner hyphen, not one joined by a non-breaking hyphen', async () => {
    const narrow = 'style="width:60px;font-size:16px"';
    const found = await breaks(`<p ${narrow}>Ihre E-Mail-Adresse</p>`, 'de');
    expect(found.map((f) => f.rule)).toContain('break-after-hyphen');
    expect(found.find((f) => f.rule === 'break-after-hyphen')?.message).toMatch(/^“E-Mail-Adresse” breaks after “E-/);
    expect(await breaks(`<p ${narrow}>Ihre E\u2011Mail\u2011Adresse</p>`, 'de')).toEqual([]);
  }, 60_000);

  it('finds a short word alone on a heading’s last line, not one bound by a no-break space', async () => {
    const narrow = 'style="width:130px;font-size:24px"';
    const found = await breaks(`<h1 ${narrow}>Код, который запросили вы</h1>`, 'ru');
    expect(found.map((f) => f.message)).toContain('“вы” stands alone on the heading’s last line at 360 px');
    expect(await breaks(`<h1 ${narrow}>Код, который запросили\u00a0вы</h1>`, 'ru')).toEqual([]);
  }, 60_000);

  it('finds a separator at the start of a line, not one kept to the word before it', async () => {
    const narrow = 'style="width:150px;font-size:16px"';
    const found = await breaks(`<p ${narrow}>Need help? support@acme.example · help.acme.example</p>`);
    expect(found.map((f) => f.rule)).toContain('separator-starts-line');
    expect(await breaks(`<p ${narrow}>Need help? support@acme.example\u00a0· help.acme.example</p>`)).toEqual([]);
  }, 60_000);
});
