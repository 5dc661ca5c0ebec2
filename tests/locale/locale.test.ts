import { describe, expect, it } from 'vitest';
import { UnknownLocaleError } from '../../src/core/errors.ts';
import { directionOf, MAX_UI_LOCALES, matchLocale, resolveLocale, uiLocaleTags } from '../../src/locale/index.ts';
import { LOGTO_LOCALES as LOCALES } from '../fixtures/locales.ts';

describe('locale resolution', () => {
  it.each([
    // exact, any case
    ['en', 'en'],
    ['de', 'de'],
    ['pt-BR', 'pt-BR'],
    ['pt-br', 'pt-BR'],
    ['ZH-tw', 'zh-TW'],
    ['fa-IR', 'fa-IR'],
    ['pt_BR', 'pt-BR'],
    // language + region / script
    ['de-AT', 'de'],
    ['de-CH', 'de'],
    ['en-GB', 'en'],
    ['es-MX', 'es-MX'],
    ['es-mx', 'es-MX'],
    ['es-AR', 'es'],
    ['es-419', 'es'],
    ['fr-CA', 'fr'],
    ['zh-Hant-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['zh-Hans', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['pt', 'pt-BR'],
    ['pt-AO', 'pt-PT'],
    ['fa', 'fa-IR'],
    ['pl', 'pl-PL'],
    ['tr', 'tr-TR'],
    ['uk', 'uk-UA'],
    ['ar-EG', 'ar'],
    ['ja-JP', 'ja'],
    ['ko-KR', 'ko'],
    ['th-TH', 'th'],
  ])('%s → %s', (requested, expected) => {
    expect(matchLocale(requested, LOCALES)).toBe(expected);
    expect(resolveLocale({ locale: requested }, LOCALES)).toMatchObject({ locale: expected, source: 'locale' });
  });

  it.each(['nl', 'sv-SE', 'sr-Latn'])('%s has no match and falls back to en', (tag) => {
    expect(matchLocale(tag, LOCALES)).toBeUndefined();
    expect(resolveLocale({ locale: tag }, LOCALES)).toEqual({ locale: 'en', dir: 'ltr', source: 'default' });
  });

  it('uses uiLocales in order after the requested tag fails', () => {
    expect(resolveLocale({ locale: 'nl', uiLocales: 'sv fr-CA de' }, LOCALES)).toMatchObject({
      locale: 'fr',
      source: 'uiLocales',
    });
    expect(resolveLocale({ uiLocales: 'zh-Hant-TW en' }, LOCALES)).toMatchObject({
      locale: 'zh-TW',
      source: 'uiLocales',
    });
    expect(resolveLocale({ locale: 'de', uiLocales: 'fr' }, LOCALES)).toMatchObject({ locale: 'de', source: 'locale' });
  });

  it('skips malformed uiLocales entries (end-user input) but rejects a malformed locale', () => {
    expect(resolveLocale({ uiLocales: '!!! ja' }, LOCALES)).toMatchObject({ locale: 'ja', source: 'uiLocales' });
    for (const bad of ['xx_!!', '123', 'en--US', 'a'.repeat(20)]) {
      expect(() => resolveLocale({ locale: bad }, LOCALES)).toThrow(UnknownLocaleError);
      expect(() => resolveLocale({ locale: bad }, LOCALES)).toThrow(/not a valid BCP 47/);
    }
  });

  it('reads at most MAX_UI_LOCALES well-formed uiLocales entries, whatever the length of the list', () => {
    const junk = `${'x'.repeat(300)} !!! ${'a'.repeat(40)}`;
    expect(resolveLocale({ uiLocales: `${junk} de` }, LOCALES)).toMatchObject({ locale: 'de', source: 'uiLocales' });
    expect(uiLocaleTags(`${junk} de fr`)).toEqual(['de', 'fr']);
    const many = Array.from({ length: MAX_UI_LOCALES }, () => 'sv');
    expect(resolveLocale({ uiLocales: [...many, 'de'].join(' ') }, ['en', 'de'])).toMatchObject({ source: 'default' });
    expect(resolveLocale({ uiLocales: [...many.slice(1), 'de'].join(' ') }, ['en', 'de'])).toMatchObject({
      locale: 'de',
    });
  });

  it('defaults to en with nothing requested', () => {
    expect(resolveLocale({}, LOCALES)).toEqual({ locale: 'en', dir: 'ltr', source: 'default' });
  });

  it('fails when nothing matches and the fallback is not available', () => {
    expect(() => resolveLocale({ locale: 'nl' }, ['de', 'fr'])).toThrow(/fallback "en" is not available/);
    expect(resolveLocale({ locale: 'de-AT' }, ['de', 'fr'])).toMatchObject({ locale: 'de' });
  });

  it('knows which locales are right-to-left, from the script of the tag (named or likely)', () => {
    expect(LOCALES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar', 'fa-IR']);
    for (const tag of ['he', 'ur', 'ps', 'ckb', 'dv', 'yi', 'az-Arab', 'pa-Arab', 'ar-EG', 'fa']) {
      expect(directionOf(tag), tag).toBe('rtl');
    }
    for (const tag of ['ar-Latn', 'az', 'pa', 'sr-Latn', 'zh-Hant', 'nl', 'not a tag!']) {
      expect(directionOf(tag), tag).toBe('ltr');
    }
  });
});
