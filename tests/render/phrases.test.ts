/**
 * Phrase-aware line breaking (src/render/phrases.ts): a zero-width space
 * between BudouX phrases for Japanese, Chinese and Thai; slots, values,
 * entities, ASCII neighbours and hidden or head text untouched; every other
 * language unchanged.
 */
import { describe, expect, it } from 'vitest';
import { phraseModel } from '../../src/locale/segmented.ts';
import { breakPhrases, MARK, PHRASE_BREAK } from '../../src/render/phrases.ts';

const phrases = (...p: string[]) => p.join(PHRASE_BREAK);

describe('phraseModel', () => {
  it('picks the model from the language and script, and none for spaced languages', () => {
    expect(
      ['ja', 'ja-JP', 'zh', 'zh-CN', 'zh-SG', 'zh-TW', 'zh-HK', 'zh-Hant', 'th', 'th-TH'].map(phraseModel),
    ).toEqual(['ja', 'ja', 'zh-Hans', 'zh-Hans', 'zh-Hans', 'zh-Hant', 'zh-Hant', 'zh-Hant', 'th', 'th']);
    for (const spaced of ['en', 'ko', 'ar', 'de', 'not a tag']) expect(phraseModel(spaced)).toBeUndefined();
  });
});

describe('breakPhrases', () => {
  it('marks the phrase boundaries of a known Japanese sentence, its full stop with the last phrase', () => {
    expect(breakPhrases('<p>このコードは誰にも教えないでください。</p>', 'ja')).toBe(
      `<p>${phrases('この', 'コードは', '誰にも', '教えないでください。')}</p>`,
    );
  });

  it('never splits a slot or a section tag, nor breaks next to one', () => {
    const html =
      '<p>{{#application.name}}{{application.name}} {{/application.name}}へのログインを完了してください。</p>';
    expect(breakPhrases(html, 'ja')).toBe(
      `<p>{{#application.name}}{{application.name}} {{/application.name}}${phrases('への', 'ログインを', '完了してください。')}</p>`,
    );
  });

  it('leaves a marked value whole and removes the marks (the development render)', () => {
    const value = `${MARK.open}東京タワー管理事務所${MARK.close}`;
    expect(breakPhrases(`<p>${value}へようこそ</p>`, 'ja')).toBe('<p>東京タワー管理事務所へようこそ</p>');
    expect(breakPhrases(`<p title="${value}">${MARK.edge}Hi${MARK.edge}</p>`, 'en')).toBe(
      '<p title="東京タワー管理事務所">Hi</p>',
    );
  });

  it('keeps an escaped character in one piece, and puts no break beside an ASCII character or a space', () => {
    expect(breakPhrases('<p>ログイン&amp;サインアップ</p>', 'ja')).toBe('<p>ログイン&amp;サインアップ</p>');
    expect(breakPhrases('<h1>ลงชื่อเข้าใช้ Acme</h1>', 'th')).toBe(`<h1>${phrases('ลงชื่อ', 'เข้า', 'ใช้ Acme')}</h1>`);
    expect(breakPhrases('<p>登入「Acme」完成登录。</p>', 'zh-TW')).toBe(
      `<p>${phrases('登入', '「Acme」', '完成', '登录。')}</p>`,
    );
  });

  it('breaks Thai only where BudouX and the dictionary agree (BudouX alone splits ต้อง|การ)', () => {
    expect(breakPhrases('<p>หากต้องการความช่วยเหลือ โปรดติดต่อ</p>', 'th')).toBe(
      `<p>${phrases('หาก', 'ต้องการ', 'ความ', 'ช่วย', 'เหลือ โปรด', 'ติดต่อ')}</p>`,
    );
  });

  it('leaves the head, the title, styles and the hidden preheader alone', () => {
    const html =
      '<html><head><title>このコードは誰にも教えないでください。</title><style>.a{}</style></head><body>' +
      '<div data-skip-in-text="true"><div>このコードは誰にも</div>教えないでください。</div><p>誰にも教えないで</p></body></html>';
    expect(breakPhrases(html, 'ja')).toBe(
      html.replace('<p>誰にも教えないで</p>', `<p>${phrases('誰にも', '教えないで')}</p>`),
    );
  });

  it('changes nothing in a language written with spaces, nor text without CJK or Thai letters', () => {
    const html = '<p>Sign in to {{application.name}} — このコード</p>';
    expect(breakPhrases(html, 'en')).toBe(html);
    expect(breakPhrases('<p>Acme Inc. 548 Market Street</p>', 'ja')).toBe('<p>Acme Inc. 548 Market Street</p>');
  });
});
