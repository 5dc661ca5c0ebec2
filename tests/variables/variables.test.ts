/**
 * Bad input gets a typed error naming the template, the variable and the
 * reason — from the development render and the runtime alike.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { AuthmailError, UnknownLocaleError, UnknownTemplateError, VariableError } from '../../src/core/errors.ts';
import { render } from '../../src/render/render.tsx';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { MAX_TEXT_LENGTH, normalizeText } from '../../src/variables/normalize.ts';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';
import { BAD_URLS } from '../fixtures/variables.ts';

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({ catalog, translations, locales: ['en'], brand: testBrand });
  bundle = createBundle(out.manifest, out.sources);
});

/** Runs a render through both renderers and returns the two errors. */
async function errorsOf(template: string, options: { locale?: string; variables?: unknown }) {
  const dev = await render(template, { ...options, brand: testBrand, catalog, translations }).then(
    () => undefined,
    (e: unknown) => e,
  );
  let rt: unknown;
  try {
    bundle.render(template, options);
  } catch (e) {
    rt = e;
  }
  return [dev, rt];
}

const app = { id: 'app_1', name: 'Acme Cloud' };

describe('typed errors', () => {
  it('unknown template', async () => {
    for (const e of await errorsOf('sign_in', { variables: { code: '123456' } })) {
      expect(e).toBeInstanceOf(UnknownTemplateError);
      expect(e).toMatchObject({ code: 'UNKNOWN_TEMPLATE', template: 'sign_in' });
      expect((e as Error).message).toMatch(/Unknown template "sign_in".*sign-in/);
    }
  });

  it('malformed locale', async () => {
    for (const e of await errorsOf('sign-in', { locale: 'xx_!!', variables: { code: '123456' } })) {
      expect(e).toBeInstanceOf(UnknownLocaleError);
      expect(e).toMatchObject({ code: 'UNKNOWN_LOCALE', locale: 'xx_!!' });
    }
  });

  const cases: [string, string, unknown, string, 'missing' | 'malformed', RegExp][] = [
    ['missing code', 'sign-in', { application: app }, 'code', 'missing', /is required/],
    ['empty code', 'sign-in', { code: '' }, 'code', 'missing', /must not be empty/],
    ['code as number', 'sign-in', { code: 123456 }, 'code', 'malformed', /must be a string \(got number\)/],
    ['short code', 'sign-in', { code: '12' }, 'code', 'malformed', /4–32 letters or digits/],
    ['code with markup', 'sign-in', { code: '<b>1234</b>' }, 'code', 'malformed', /letters or digits/],
    ['code with space', 'sign-in', { code: '123 456' }, 'code', 'malformed', /letters or digits/],
    [
      'application not an object',
      'sign-in',
      { code: '123456', application: 'Acme' },
      'application',
      'malformed',
      /must be an object \(got string\)/,
    ],
    ['application array', 'sign-in', { code: '123456', application: [] }, 'application', 'malformed', /got array/],
    [
      'application without name',
      'sign-in',
      { code: '123456', application: { id: 'a' } },
      'application.name',
      'missing',
      /is required/,
    ],
    [
      'application without id',
      'sign-in',
      { code: '123456', application: { name: 'A' } },
      'application.id',
      'missing',
      /is required/,
    ],
    [
      'blank name',
      'sign-in',
      { code: '123456', application: { id: 'a', name: ' \u200b\u3164\u00ad ' } },
      'application.name',
      'missing',
      /must not be empty/,
    ],
    [
      'logo not a URL',
      'sign-in',
      { code: '123456', application: { ...app, branding: { logoUrl: 'logo.png' } } },
      'application.branding.logoUrl',
      'malformed',
      /http\(s\) URL/,
    ],
    ['expiry zero', 'sign-in', { code: '123456', expiresInMinutes: 0 }, 'expiresInMinutes', 'malformed', /1 to 1440/],
    [
      'expiry words',
      'sign-in',
      { code: '123456', expiresInMinutes: 'ten' },
      'expiresInMinutes',
      'malformed',
      /1 to 1440/,
    ],
    [
      'expiry fraction',
      'sign-in',
      { code: '123456', expiresInMinutes: 1.5 },
      'expiresInMinutes',
      'malformed',
      /whole number/,
    ],
    ['missing user', 'bind-mfa', { code: '123456' }, 'user', 'missing', /is required/],
    [
      'missing user id',
      'verify-operation',
      { code: '123456', user: { name: 'M' } },
      'user.id',
      'missing',
      /is required/,
    ],
    [
      'bad email',
      'link-account',
      { code: '123456', user: { id: 'u', primaryEmail: 'nope' } },
      'user.primaryEmail',
      'malformed',
      /e-mail address/,
    ],
    [
      'missing link',
      'organization-invitation',
      { organization: { id: 'o', name: 'O' } },
      'link',
      'missing',
      /is required/,
    ],
    [
      'missing organization',
      'organization-invitation',
      { link: 'https://x.example/i' },
      'organization',
      'missing',
      /is required/,
    ],
    [
      'variables not an object',
      'generic',
      'code=123456',
      '(variables)',
      'malformed',
      /must be an object \(got string\)/,
    ],
  ];

  it.each(cases)('%s', async (_, template, variables, variable, problem, reason) => {
    for (const e of await errorsOf(template, { locale: 'en', variables })) {
      expect(e).toBeInstanceOf(VariableError);
      expect(e).toBeInstanceOf(AuthmailError);
      expect(e).toMatchObject({
        template,
        variable,
        problem,
        code: problem === 'missing' ? 'MISSING_VARIABLE' : 'INVALID_VARIABLE',
      });
      expect((e as Error).message).toMatch(reason);
      expect((e as Error).message).toContain(`"${template}"`);
      expect((e as Error).message).toContain(`"${variable}"`);
    }
  });

  it.each(BAD_URLS)('refuses link %j', async (link) => {
    for (const e of await errorsOf('organization-invitation', {
      variables: { link, organization: { id: 'o', name: 'O' } },
    })) {
      expect(e).toBeInstanceOf(VariableError);
      expect(e).toMatchObject({ variable: 'link', problem: 'malformed' });
    }
  });

  it('does not echo a rejected code in the error', async () => {
    for (const e of await errorsOf('sign-in', { variables: { code: '99 99' } })) {
      expect((e as Error).message).not.toContain('99 99');
    }
  });
});

describe('text normalization', () => {
  it.each([
    ['Mina Park', 'Mina Park'],
    ['  Mina \t\n Park ', 'Mina Park'],
    ['a\r\nBcc: x@y', 'a Bcc: x@y'],
    ['\u202Eevil\u202C', 'evil'],
    ['\u2066x\u2069\u200b\ufeff', 'x'],
    ['{{code}}', '{ {code} }'],
    ['می‌خواهم', 'می‌خواهم'],
    ['👩‍💻', '👩‍💻'],
    ['e\u0301', 'é'],
    // Invisible characters that render as nothing: soft hyphen, CGJ, Mongolian vowel separator,
    // Hangul fillers, Braille blank, tag characters, stray variation selectors and joiners.
    ['Ac\u00adme', 'Acme'],
    ['A\u034fB\u180eC', 'ABC'],
    ['Your \u3164 code', 'Your code'],
    ['\u115f\u1160\uffa0\u3164', ''],
    ['\u2800\u2800', ''],
    ['Acme\u{E0041}\u{E0042}', 'Acme'],
    ['\ufe0f Acme \u{E0100}', 'Acme'],
    ['\u200d Acme \u200c', 'Acme'],
    ['\u200d\u200c\ufe0f\u00ad', ''],
    // …and what emoji and scripts need stays: presentation selectors, ZWJ sequences, keycaps, flags.
    ['❤\ufe0f', '❤\ufe0f'],
    ['👁\ufe0f\u200d🗨\ufe0f', '👁\ufe0f\u200d🗨\ufe0f'],
    ['1\ufe0f\u20e3', '1\ufe0f\u20e3'],
    [
      '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
      '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
    ],
    ['\u{1F3F4}\u{E0067}', '\u{1F3F4}'],
  ])('%j → %j', (input, output) => {
    expect(normalizeText(input)).toBe(output);
  });

  it('a name made only of invisible characters is empty: required → refused, optional → absent', async () => {
    for (const name of ['\u3164', '\u2800', '\u00ad\u034f', '\u{E0020}'])
      for (const e of await errorsOf('sign-in', { variables: { code: '123456', application: { id: 'a', name } } }))
        expect((e as Error).message).toMatch(/application\.name.*must not be empty/);
  });

  it('bounds long text on a code point boundary', () => {
    const out = normalizeText('😀'.repeat(500));
    expect(Array.from(out)).toHaveLength(MAX_TEXT_LENGTH);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/[\ud800-\udbff]…$/);
  });
});

describe('brand presets', () => {
  it('override only the fields they set', async () => {
    const { parseConfig } = await import('../../src/config/index.ts');
    const { withPreset } = await import('../../src/brand/brand.ts');
    const config = parseConfig({
      brand: {
        senderName: 'Acme',
        fromAddress: 'no-reply@acme.example',
        productName: 'Acme',
        companyInformation: 'Acme Inc.',
        logoUrl: 'https://static.acme.example/logo.png',
        logoWidth: 200,
        primaryColor: '#112233',
      },
      brandPresets: { Other: { productName: 'Other' } },
    });
    expect(config.brandPresets.Other).toEqual({ productName: 'Other' });
    expect(withPreset(config.brand, config.brandPresets.Other ?? {})).toMatchObject({
      productName: 'Other',
      logoWidth: 200,
      logoHeight: 36,
      primaryColor: '#112233',
    });
    expect(() => parseConfig({ brand: config.brand, brandPresets: { Bad: { primaryColor: 'blue' } } })).toThrow(
      /brandPresets\.Bad\.primaryColor: must be a hex colour/,
    );
  });
});

describe('stress values', () => {
  it('fill every text a template declares with a hard case, give every optional object, and stay valid', async () => {
    const { stressValues, STRESS_TEXTS } = await import('../../src/variables/stress.ts');
    for (const id of ['sign-in', 'organization-invitation']) {
      const template = catalog.get(id);
      const stress = stressValues(template.fields, template.definition.sample as Record<string, unknown>);
      const texts = template.fields.filter((f) => f.kind === 'text').map((f) => f.path);
      const get = (path: string) =>
        path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], stress);
      expect(texts.length).toBeGreaterThan(1);
      for (const path of texts) expect(STRESS_TEXTS, path).toContain(get(path));
      // Valid input: the runtime renders it without an error, every stress text within the length cap.
      expect(() => bundle.render(id, { locale: 'en', variables: stress })).not.toThrow();
    }
    expect(Math.max(...STRESS_TEXTS.map((t) => [...t].length))).toBe(MAX_TEXT_LENGTH);
  });
});
