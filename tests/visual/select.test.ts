/** Which locales test:visual shoots when nobody says: the default, an RTL and a CJK one. */
import { describe, expect, it } from 'vitest';
import { visualSchema } from '../../src/visual/schema.ts';
import { defaultVisualLocales, visualLocales } from '../../src/visual/select.ts';

describe('visual locales', () => {
  const all = ['en', 'ar', 'cs', 'de', 'fa-IR', 'ja', 'ko', 'zh-CN'];

  it('default to the default locale, the first right-to-left and the first CJK locale', () => {
    expect(defaultVisualLocales(all, 'en')).toEqual(['en', 'ar', 'ja']);
    expect(defaultVisualLocales(['de', 'en', 'fr'], 'de')).toEqual(['de']);
    expect(defaultVisualLocales(['zh-TW', 'he', 'en'], 'zh-TW')).toEqual(['zh-TW', 'he']);
  });

  it('follow the command, then the config', () => {
    expect(visualLocales(['all'], undefined, all, 'en')).toEqual(all);
    expect(visualLocales(['de'], 'all', all, 'en')).toEqual(['de']);
    expect(visualLocales(undefined, 'all', all, 'en')).toEqual(all);
    expect(visualLocales(undefined, ['cs'], all, 'en')).toEqual(['cs']);
    expect(visualLocales([], undefined, all, 'en')).toEqual(['en', 'ar', 'ja']);
  });

  it('names bad selections in the config', () => {
    expect(visualSchema.parse({})).toEqual({
      baselines: 'tests/visual/baselines',
      out: 'test-results/visual',
      modes: ['light', 'dark'],
      widths: [640, 375],
      stress: true,
    });
    const issue = (input: unknown) => visualSchema.safeParse(input).error?.issues[0];
    expect(issue({ modes: ['sepia'] })).toMatchObject({ path: ['modes', 0], message: 'must be "light" or "dark"' });
    expect(issue({ widths: [100] })).toMatchObject({ path: ['widths', 0] });
    expect(issue({ locales: [] })).toMatchObject({ path: ['locales'] });
    expect(issue({ stress: 'yes' })).toMatchObject({ path: ['stress'] });
  });
});
