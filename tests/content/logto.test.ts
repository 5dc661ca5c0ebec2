/**
 * The default content exported to Logto is safe under Logto's own substitution
 * (connector-kit) with every payload Logto can send, in every locale, and its
 * Management API body passes `@logto/schemas`' guards.
 */
import { beforeAll, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { translations } from '../../src/render/translations.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { catalog } from '../fixtures/content.ts';
import { expectLogtoSafe, expectManagementBodyValid } from '../fixtures/logto-safety.ts';

const tr = translations();
const logtoTemplates = catalog.ids.filter((id) => catalog.get(id).definition.logtoType).length;
let bundle: Bundle;
beforeAll(async () => {
  const output = await buildBundles({ catalog, translations: tr, brand: testBrand });
  bundle = createBundle(output.manifest, output.sources);
});

it('every Logto export, filled by connector-kit with every payload kind: no placeholder, no markup from a value', async () => {
  expect(await expectLogtoSafe(bundle)).toBe(logtoTemplates * tr.locales.length * 5);
});

it('the Management API body passes @logto/schemas', async () => {
  expect(await expectManagementBodyValid(bundle)).toBe(logtoTemplates * tr.locales.length);
});
