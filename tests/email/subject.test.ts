/** brand.codeInSubject: the code first in a code email's subject, in every language; off by default. */
import { expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { parseConfig } from '../../src/config/index.ts';
import { createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog, logtoTranslations } from '../fixtures/logto-content.tsx';

const subjects = async (brand: typeof testBrand) => {
  const out = await buildBundles({
    catalog: logtoCatalog,
    translations: logtoTranslations,
    templates: ['sign-in'],
    locales: ['en', 'ar'],
    brand,
  });
  const bundle = createBundle(out.manifest, out.sources);
  return ['en', 'ar'].map((locale) => bundle.render('sign-in', { locale, variables: { code: '482915' } }).subject);
};

it('puts the code first in the subject only when brand.codeInSubject is on', async () => {
  expect(parseConfig({ brand: testBrand }).brand.codeInSubject).toBe(false);
  const [en, ar] = await subjects(testBrand);
  expect(en).not.toContain('482915');
  expect(ar).not.toContain('482915');
  const [enOn, arOn] = await subjects({ ...testBrand, codeInSubject: true });
  expect(enOn).toBe(`482915 · ${en}`);
  expect(arOn).toBe(`482915 · ${ar}`);
});
