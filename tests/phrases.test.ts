/**
 * Phrase-aware line breaking (src/render/phrases.ts): BudouX phrases in
 * inline-block spans for Japanese, Chinese and Thai; slots, values, entities
 * and hidden or head text untouched; every other language unchanged.
 */
import { describe, expect, it } from 'vitest';
import { breakPhrases, MARK, phraseModel } from '../src/render/phrases.ts';

const box = (phrase: string) => `<span style="display:inline-block">${phrase}</span>`;

describe('phraseModel', () => {
  it('picks the model from the language and script, and none for spaced languages', () => {
    expect(
      ['ja', 'ja-JP', 'zh', 'zh-CN', 'zh-SG', 'zh-TW', 'zh-HK', 'zh-Hant', 'th', 'th-TH'].map(phraseModel),
    ).toEqual(['ja', 'ja', 'zh-Hans', 'zh-Hans', 'zh-Hans', 'zh-Hant', 'zh-Hant', 'zh-Hant', 'th', 'th']);
    for (const spaced of ['en', 'ko', 'ar', 'de', 'not a tag']) expect(phraseModel(spaced)).toBeUndefined();
  });
});

describe('breakPhrases', () => {
  it('boxes each phrase of a known Japanese sentence, its full stop with the last phrase', () => {
    expect(breakPhrases('<p>このコードは誰にも教えないでください。</p>', 'ja')).toBe(
      `<p>${['この', 'コードは', '誰にも', '教えないでください。'].map(box).join('')}</p>`,
    );
  });

  it('never splits or boxes a slot or a section tag, and keeps the space beside it outside the box', () => {
    const html =
      '<p>{{#application.name}}{{application.name}} {{/application.name}}へのログインを完了してください。</p>';
    expect(breakPhrases(html, 'ja')).toBe(
      `<p>{{#application.name}}{{application.name}} {{/application.name}}${['への', 'ログインを', '完了してください。'].map(box).join('')}</p>`,
    );
  });

  it('leaves a marked value whole and removes the marks (the development render)', () => {
    const value = `${MARK.open}東京タワー管理事務所${MARK.close}`;
    expect(breakPhrases(`<p>${value}へようこそ</p>`, 'ja')).toBe(`<p>東京タワー管理事務所${box('へようこそ')}</p>`);
    expect(breakPhrases(`<p title="${value}">${MARK.edge}Hi${MARK.edge}</p>`, 'en')).toBe(
      '<p title="東京タワー管理事務所">Hi</p>',
    );
  });

  it('keeps an escaped character in one piece and leaves a lone character unboxed', () => {
    expect(breakPhrases('<p>ログイン&amp;サインアップ</p>', 'ja')).toBe(`<p>${box('ログイン&amp;サインアップ')}</p>`);
    expect(breakPhrases('<p>「</p>', 'zh-TW')).toBe('<p>「</p>');
  });

  it('leaves the head, the title, styles and the hidden preheader alone', () => {
    const html =
      '<html><head><title>このコードは誰にも教えないでください。</title><style>.a{}</style></head><body>' +
      '<div data-skip-in-text="true"><div>このコードは誰にも</div>教えないでください。</div><p>教えないでください。</p></body></html>';
    expect(breakPhrases(html, 'ja')).toBe(
      html.replace('<p>教えないでください。</p>', `<p>${box('教えないでください。')}</p>`),
    );
  });

  it('segments Thai and Chinese with their own models', () => {
    expect(breakPhrases('<h1>ลงชื่อเข้าใช้</h1>', 'th')).toBe(`<h1>${['ลง', 'ชื่อ', 'เข้า', 'ใช้'].map(box).join('')}</h1>`);
    expect(breakPhrases('<p>完成登录。</p>', 'zh-CN')).toBe(`<p>${['完成', '登录。'].map(box).join('')}</p>`);
  });

  it('changes nothing in a language written with spaces, nor text without CJK or Thai letters', () => {
    const html = '<p>Sign in to {{application.name}} — このコード</p>';
    expect(breakPhrases(html, 'en')).toBe(html);
    expect(breakPhrases('<p>Acme Inc. 548 Market Street</p>', 'ja')).toBe('<p>Acme Inc. 548 Market Street</p>');
  });
});
