/**
 * Values and Latin lines in right-to-left emails keep their order, checked by
 * the Unicode Bidirectional Algorithm (bidi-js, UAX #9) laying each line out
 * as a client does, with the email's direction as the paragraph's.
 */
import bidiModule, { type Bidi } from 'bidi-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { templateData } from '../../src/hosted/data.ts';
import { sourceTrees } from '../../src/hosted/tree.ts';
import { FSI, isolate, keepLtrLines, LRI, PDI } from '../../src/locale/bidi.ts';
import { render } from '../../src/render/render.tsx';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';

// The package's types describe an ES module; Node loads its CommonJS build, whose export is the factory.
const bidi = (bidiModule as unknown as () => Bidi)();

/** A line as it reads on screen, left to right (isolate controls dropped, as they render as nothing). */
function onScreen(line: string, dir: 'ltr' | 'rtl'): string {
  const levels = bidi.getEmbeddingLevels(line, dir);
  const chars = line.split('');
  for (const [start = 0, end = 0] of bidi.getReorderSegments(line, levels))
    chars.splice(start, end - start + 1, ...chars.slice(start, end + 1).reverse());
  return chars.join('').replace(/[\u2066-\u2069]/g, '');
}

/** The text of each block element of an HTML part, as its paragraph. */
const blocks = (html: string) =>
  [...html.matchAll(/<(h1|p|td|div)\b[^>]*>((?:(?!<\/?(?:h1|p|td|div)\b)[\s\S])*?)<\/\1>/g)]
    .map((m) =>
      (m[2] ?? '')
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&#x27;/g, "'")
        .trim(),
    )
    .filter(Boolean);

const HOSTILE = { application: { id: 'a', name: 'Acme!' } };
const INVITE = {
  link: 'https://auth.fixture.test/invitation?token=t1',
  inviter: { id: 'u', name: 'Jonas W.' },
  organization: { id: 'o', name: 'Globex (EU)' },
};

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({ catalog, translations, locales: ['en', 'ar'], brand: testBrand });
  bundle = createBundle(out.manifest, out.sources);
});

describe('bidi isolation of values', () => {
  it('reads the way the algorithm is used here: an unisolated "Acme!" in Arabic shows as "!Acme"', () => {
    expect(onScreen('رمز Acme!', 'rtl')).toBe('!Acme زمر');
    expect(onScreen(`رمز ${FSI}Acme!${PDI}`, 'rtl')).toBe('Acme! زمر');
  });

  it('"Acme!" and "Jonas W." keep their punctuation in an Arabic subject, preheader, HTML and text part', () => {
    const signIn = bundle.render('sign-in', { locale: 'ar', variables: { code: '123456', ...HOSTILE } });
    const invite = bundle.render('organization-invitation', { locale: 'ar', variables: INVITE });
    const checks: [string, string, string][] = [
      ['sign-in subject', signIn.subject, 'Acme!'],
      ['invitation subject', invite.subject, 'Jonas W.'],
    ];
    for (const [part, text, value] of [
      ['sign-in html', blocks(signIn.html).join('\n'), 'Acme!'],
      ['sign-in text', signIn.text, 'Acme!'],
      ['invitation html', blocks(invite.html).join('\n'), 'Jonas W.'],
      ['invitation text', invite.text, 'Jonas W.'],
    ] as const) {
      const lines = text.split('\n').filter((l) => l.includes(value.slice(0, 4)));
      expect(lines.length, part).toBeGreaterThan(0);
      for (const line of lines) checks.push([part, line, value]);
    }
    const preheader = /data-skip-in-text[^>]*>([^<]*)/.exec(signIn.html)?.[1] ?? '';
    if (preheader.includes('Acme')) checks.push(['sign-in preheader', preheader, 'Acme!']);
    for (const [part, line, value] of checks) {
      expect(line, part).toContain(`${FSI}${value}${PDI}`);
      expect(onScreen(line, 'rtl'), part).toContain(value);
    }
  });

  it('the development render isolates exactly as the runtime does', async () => {
    for (const [template, variables] of [
      ['sign-in', { code: '123456', ...HOSTILE }],
      ['organization-invitation', INVITE],
    ] as const) {
      const dev = await render(template, { locale: 'ar', variables, brand: testBrand, catalog, translations });
      const rt = bundle.render(template, { locale: 'ar', variables });
      expect([dev.subject, dev.text], template).toEqual([rt.subject, rt.text]);
      expect(dev.html.includes(`${FSI}${template === 'sign-in' ? 'Acme!' : 'Jonas W.'}${PDI}`), template).toBe(true);
    }
  });

  it('in a left-to-right email, isolates only a value with right-to-left letters', () => {
    const latin = bundle.render('sign-in', { locale: 'en', variables: { code: '123456', ...HOSTILE } });
    expect(`${latin.subject}${latin.html}${latin.text}`).not.toMatch(/[\u2066-\u2069]/);
    const hebrew = bundle.render('sign-in', {
      locale: 'en',
      variables: { code: '123456', application: { id: 'a', name: 'שלום!' } },
    });
    expect(hebrew.subject).toContain(`${FSI}שלום!${PDI}`);
    expect(onScreen(hebrew.subject, 'ltr')).toContain('!םולש');
  });

  it('codes, links and addresses are never wrapped (they are copied and linked)', () => {
    const signIn = bundle.render('sign-in', { locale: 'ar', variables: { code: '482915', ...HOSTILE } });
    expect(signIn.html).not.toMatch(/[\u2066-\u2069]482915|482915[\u2066-\u2069]/);
    const invite = bundle.render('organization-invitation', { locale: 'ar', variables: INVITE });
    expect(invite.html).toContain(`href="${INVITE.link}"`);
    expect(invite.text).toMatch(/(^|\s)https:\/\/auth\.fixture\.test\/invitation\?token=t1($|\s)/m);
  });

  it('exports: Logto’s Arabic template isolates its variables itself; other providers get isolated data', () => {
    const ar = sourceTrees(bundle.source('sign-in', 'ar'), 'sign-in/ar', { isolate: 'in-template' });
    const en = sourceTrees(bundle.source('sign-in', 'en'), 'sign-in/en', { isolate: 'in-template' });
    expect(JSON.stringify(ar.subject)).toContain(
      `{"type":"text","text":"${FSI}"},{"type":"value","path":"application.name"},{"type":"text","text":"${PDI}"}`,
    );
    expect(JSON.stringify(en)).not.toMatch(/[\u2066-\u2069]/);
    const data = sourceTrees(bundle.source('sign-in', 'ar'), 'sign-in/ar', { isolate: 'in-data' });
    // No isolation around a provider's variable (the data carries it); the brand's own name stays isolated.
    expect(JSON.stringify([data.subject, data.html])).not.toMatch(/\u2068"\},\{"type":"value"/);
    // The template's own Latin lines of the Arabic text part are isolated in the template, as the runtime does.
    expect(JSON.stringify(data.text)).toContain(`${LRI}1 Fixture Road, Testville${PDI}`);
    const sent = templateData(bundle, 'sign-in', { locale: 'ar', variables: { code: '123456', ...HOSTILE } });
    expect(sent.data).toMatchObject({
      application: { name: `${FSI}Acme!${PDI}` },
      html: { application: { name: `${FSI}Acme!${PDI}` } },
    });
    const latin = templateData(bundle, 'sign-in', { locale: 'en', variables: { code: '123456', ...HOSTILE } });
    expect(latin.data).toMatchObject({ application: { name: 'Acme!' } });
  });
});

describe('the text part of a right-to-left email', () => {
  it('keeps Latin lines in their order: the company’s lines read the same as in a left-to-right layout', () => {
    const { text } = bundle.render('sign-in', { locale: 'ar', variables: { code: '123456', ...HOSTILE } });
    const latin = text.split('\n').filter((l) => /[A-Za-z]/.test(l) && !/[\u0600-\u06ff]/.test(l));
    expect(latin.some((l) => l.includes('1 Fixture Road'))).toBe(true);
    for (const line of latin) expect(onScreen(line, 'rtl'), line).toBe(onScreen(line, 'ltr'));
  });

  it.each([
    ['Acme Inc.', true],
    ['548 Market Street, San Francisco', true],
    ['Acme Cloud', false], // nothing that could move
    ['ABC123', false],
    ['482915', false],
    ['https://acme.example/help.', false], // a link: an invisible character beside it could join it
    ['support@acme.example.', false],
    ['رمز Acme.', false], // a right-to-left line: the sentence decides
    [`${FSI}Acme!${PDI}`, false], // an isolated value alone
  ])('%j isolated: %s', (line, wrapped) => {
    expect(keepLtrLines(line, 'rtl')).toBe(wrapped ? `${LRI}${line}${PDI}` : line);
    expect(keepLtrLines(line, 'ltr')).toBe(line);
    if (wrapped) {
      expect(onScreen(line, 'rtl')).not.toBe(line);
      expect(onScreen(keepLtrLines(line, 'rtl'), 'rtl')).toBe(line);
    }
  });

  it('isolate() leaves an empty value empty', () => {
    expect(isolate('', 'rtl')).toBe('');
    expect(isolate('Acme', 'ltr')).toBe('Acme');
  });
});
