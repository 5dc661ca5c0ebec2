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
    expect(breakPhrases('<h1>ลงชื่อเข้าใช้ Acme</h1>', 'th')).toBe(`<h1>${phrases('ลงชื่อ', 'เข้า', 'ใช้\u00a0Acme')}</h1>`);
    expect(breakPhrases('<p>登入「Acme」完成登录。</p>', 'zh-TW')).toBe(
      `<p>${phrases('登入', '「Acme」', '完成', '登录。')}</p>`,
    );
  });

  it('breaks Thai only where BudouX and the dictionary agree (BudouX alone splits ต้อง|การ)', () => {
    expect(breakPhrases('<p>หากต้องการความช่วยเหลือ โปรดติดต่อ</p>', 'th')).toBe(
      `<p>${phrases('หาก', 'ต้องการ', 'ความ', 'ช่วย', 'เหลือ โปรด', 'ติดต่อ')}</p>`,
    );
  });

  it('breaks Chinese only at the dictionary’s word boundaries (BudouX alone splits 忽|略 and 验|证码)', () => {
    const words = (text: string, locale: string) =>
      new Set([...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)].map((s) => s.index));
    for (const [locale, sentence] of [
      ['zh-CN', '如果您没有尝试登录，请忽略本邮件。请勿与任何人分享此验证码。'],
      ['zh-TW', '如果您沒有嘗試登入，請忽略此郵件。請勿與任何人分享此驗證碼。'],
    ] as const) {
      const out = breakPhrases(`<p>${sentence}</p>`, locale).slice(3, -4);
      const allowed = words(sentence, locale);
      let at = 0;
      for (const piece of out.split('\u200b')) {
        if (at > 0) expect(allowed.has(at), `${locale}: break before ${piece}`).toBe(true);
        at += piece.length;
      }
      expect(out.split('\u200b').length, locale).toBeGreaterThan(4);
      expect(out).not.toMatch(/忽\u200b略|驗?验?\u200b证|驗\u200b證|任何\u200b人/);
    }
  });

  it('keeps a hyphenated word whole in every language: "E-Mail-Adresse" never breaks after "E-"', () => {
    for (const locale of ['de', 'en', 'ru', 'zh-CN'])
      expect(breakPhrases('<p>Ihre E-Mail-Adresse und Jean-Luc</p>', locale), locale).toBe(
        '<p>Ihre E\u2011Mail\u2011Adresse und Jean\u2011Luc</p>',
      );
    // What readers copy or clients link keeps its ASCII hyphens; so do values and number ranges.
    const kept = '<p>no-reply@acme-mail.example, https://acme-cloud.example/sign-in, acme-cloud.example, 10-15</p>';
    expect(breakPhrases(kept, 'de')).toBe(kept);
    expect(breakPhrases(`<p>Hallo ${MARK.open}Jean-Luc${MARK.close}</p>`, 'de')).toBe('<p>Hallo Jean-Luc</p>');
    expect(breakPhrases('<a href="https://a-b.example">a-b</a>', 'de')).toBe(
      '<a href="https://a-b.example">a\u2011b</a>',
    );
  });

  it('binds a short last word of a heading to the word before it, never a value', () => {
    expect(breakPhrases('<h1 style="x">Код, который запросили вы</h1>', 'ru')).toBe(
      '<h1 style="x">Код, который запросили\u00a0вы</h1>',
    );
    expect(breakPhrases('<h1>Confirm it’s you.</h1>', 'en')).toBe('<h1>Confirm it’s\u00a0you.</h1>');
    expect(breakPhrases('<h1>Welcome to the organization</h1>', 'en')).toBe('<h1>Welcome to the organization</h1>');
    // A value: the runtime binds its own last word (bind=last); the development render does it here for a
    // text value, never for another kind (an address, a date).
    expect(breakPhrases('<h1>Sign in to {{app:isolate}}</h1>', 'en')).toBe(
      '<h1>Sign in to {{app:isolate:bind=last}}</h1>',
    );
    expect(breakPhrases(`<h1>Join ${MARK.text}Acme Labs${MARK.close}</h1>`, 'en')).toBe('<h1>Join Acme\u00a0Labs</h1>');
    expect(breakPhrases(`<h1>Sign in to ${MARK.open}Acme Labs${MARK.close}</h1>`, 'en')).toBe(
      '<h1>Sign in to Acme Labs</h1>',
    );
    expect(breakPhrases('<p>Text ends with vы</p>', 'ru')).toBe('<p>Text ends with vы</p>');
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
