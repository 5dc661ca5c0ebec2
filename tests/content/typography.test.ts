/**
 * The default content's Japanese, Chinese and Thai emails as a reader sees
 * them at 375 px and 360 px in Chromium: lines break between phrases only
 * (no phrase split across lines, no line holding one character), and the
 * plain-text part carries none of the phrase breaks.
 */

import {
  loadDefaultJapaneseParser,
  loadDefaultSimplifiedChineseParser,
  loadDefaultThaiParser,
  loadDefaultTraditionalChineseParser,
} from 'budoux';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';
import { emailContext, showEmail } from '../../src/browser/email-page.ts';
import { sampleEmails } from '../../src/check/runner.ts';
import type { CheckEmail } from '../../src/check/types.ts';
import type { Config } from '../../src/config/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { phraseModel } from '../../src/locale/segmented.ts';
import { PHRASE_BREAK } from '../../src/render/phrases.ts';
import { translations } from '../../src/render/translations.ts';
import { decodePng } from '../../src/visual/image.ts';

const SEGMENTED = translations().locales.filter((l) => phraseModel(l));
const parsers = {
  ja: loadDefaultJapaneseParser,
  'zh-Hans': loadDefaultSimplifiedChineseParser,
  'zh-Hant': loadDefaultTraditionalChineseParser,
  th: loadDefaultThaiParser,
};
/** Letters of scripts written without spaces: a line break between two of them needs a phrase boundary. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
let browser: Browser;
let config: Config;
let emails: CheckEmail[];

beforeAll(async () => {
  config = (await loadConfig()).config;
  emails = (await sampleEmails({ locales: SEGMENTED, brand: config.brand })).emails;
  browser = await launchChromium();
}, 120_000);
afterAll(() => browser?.close());

describe('phrase line breaks in the default content', () => {
  it('covers Japanese, Chinese and Thai', () => {
    expect(new Set(SEGMENTED.map(phraseModel))).toEqual(new Set(['ja', 'zh-Hans', 'zh-Hant', 'th']));
  });

  it('marks phrase boundaries in the HTML only: the text part has no zero-width space or value mark', () => {
    for (const email of emails) {
      expect(email.html, `${email.locale}/${email.template}`).toContain(PHRASE_BREAK);
      expect(email.html).toContain('word-break:keep-all');
      expect(email.text).not.toMatch(/[\u200b\uFDD0-\uFDD2]/);
      expect(email.html).not.toMatch(/[\uFDD0-\uFDD2]/);
    }
  });

  for (const width of [375, 360]) {
    it(`breaks lines only between phrases at ${width} px, and never leaves one character alone on a line`, async () => {
      const context = await emailContext(browser, { width, colorScheme: 'light', config });
      const page = await context.newPage();
      const problems: string[] = [];
      try {
        for (const email of emails) {
          await showEmail(page, email.html);
          // Each visible block's text and the offsets where its lines start.
          const blocks = await page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('h1, p, td.am-muted, a')]
              .filter((block) => !block.closest('[data-skip-in-text]') && !block.querySelector('p, h1'))
              .map((block) => {
                let text = '';
                const starts: number[] = [];
                let lastTop: number | undefined;
                const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
                const range = document.createRange();
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const chars = node.textContent ?? '';
                  for (let i = 0; i < chars.length; i++) {
                    // The phrase breaks themselves (U+200B) are not text: the segmenter sees the text as written.
                    if (chars[i] === '\u200b') continue;
                    range.setStart(node, i);
                    range.setEnd(node, i + 1);
                    const rect = range.getBoundingClientRect();
                    if (rect.width > 0) {
                      const top = Math.round(rect.top);
                      if (lastTop !== undefined && top > lastTop + 4) starts.push(text.length);
                      lastTop = top;
                    }
                    text += chars[i];
                  }
                }
                return { text, starts };
              }),
          );
          const parser = parsers[phraseModel(email.locale) as keyof typeof parsers]();
          const found = blocks.flatMap(({ text, starts }) => {
            const boundaries = new Set<number>();
            let at = 0;
            for (const phrase of parser.parse(text)) {
              at += phrase.length;
              boundaries.add(at);
            }
            // Thai: browsers break between dictionary words whatever keep-all says; a word boundary is no mid-word break.
            if (email.locale.startsWith('th')) {
              for (const { index } of new Intl.Segmenter('th', { granularity: 'word' }).segment(text))
                boundaries.add(index);
            }
            const lines = [0, ...starts, text.length]
              .slice(1)
              .map((end, i) => text.slice([0, ...starts][i], end).trim());
            return [
              ...starts
                .filter((i) => UNSPACED.test(text[i - 1] ?? '') && UNSPACED.test(text[i] ?? '') && !boundaries.has(i))
                .map((i) => `mid-phrase break: ${text.slice(Math.max(0, i - 8), i)}|${text.slice(i, i + 8)}`),
              ...lines
                .filter((line) => lines.length > 1 && [...line].length === 1)
                .map((line) => `"${line}" alone on a line in ${text}`),
            ];
          });
          problems.push(...found.map((p) => `${email.locale}/${email.template}: ${p}`));
        }
      } finally {
        await context.close();
      }
      expect(problems).toEqual([]);
    }, 180_000);
  }

  it('puts the logo’s ink as far inside the card in Arabic as in English (trimmed logo files)', async () => {
    const insets: Record<string, number> = {};
    for (const locale of ['en', 'ar']) {
      const [signIn] = (await sampleEmails({ templates: ['sign-in'], locales: [locale], brand: config.brand })).emails;
      const context = await emailContext(browser, { width: 640, colorScheme: 'light', config });
      const page = await context.newPage();
      try {
        await showEmail(page, (signIn as CheckEmail).html);
        const { logo, card } = await page.evaluate(() => ({
          logo: (document.querySelector('img.am-logo-light') as HTMLElement).getBoundingClientRect().toJSON(),
          card: (document.querySelector('.am-card') as HTMLElement).getBoundingClientRect().toJSON(),
        }));
        // The pixels of the logo's row that differ from the page around it: the ink.
        const shot = decodePng(await page.screenshot({ clip: { x: 0, y: logo.top, width: 640, height: logo.height } }));
        const background = shot.data.slice(0, 4).join();
        let first = shot.width;
        let last = -1;
        for (let y = 0; y < shot.height; y++) {
          for (let x = 0; x < shot.width; x++) {
            if (shot.data.slice((y * shot.width + x) * 4, (y * shot.width + x) * 4 + 4).join() !== background) {
              first = Math.min(first, x);
              last = Math.max(last, x);
            }
          }
        }
        insets[locale] = locale === 'ar' ? card.right - (last + 1) : first - card.left;
      } finally {
        await context.close();
      }
    }
    expect(insets.en).toBeGreaterThan(0);
    expect(Math.abs((insets.ar as number) - (insets.en as number))).toBeLessThanOrEqual(1);
  });
});
