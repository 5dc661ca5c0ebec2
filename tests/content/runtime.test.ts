/**
 * The default content is runtime-safe: its built bundles render byte-equal to
 * the development render, every template × locale × variable set (a template
 * that branches on a value in JavaScript instead of `s.when` would differ).
 */
import { beforeAll, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { translations } from '../../src/render/translations.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { catalog, templateIds } from '../fixtures/content.ts';
import { expectRuntimeEqualsRender } from '../fixtures/equality.ts';

const tr = translations();
let bundle: Bundle;
beforeAll(async () => {
  const output = await buildBundles({ catalog, translations: tr, brand: testBrand });
  bundle = createBundle(output.manifest, output.sources);
  expect(output.sources).toHaveLength(templateIds.length * tr.locales.length);
});

it.each(templateIds)('%s: the runtime renders what the development render does', async (id) => {
  await expectRuntimeEqualsRender({ bundle, catalog, translations: tr, brand: testBrand }, id);
});
