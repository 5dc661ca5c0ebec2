/**
 * The default content exported to every provider is fillable by a backend
 * that is not JavaScript: every template × locale, the sample, full, minimal
 * and hostile values, documented data only, equal to the runtime
 * (tests/fixtures/hosted-check.ts).
 */
import { beforeAll, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { translations } from '../../src/render/translations.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { catalog, templateIds } from '../fixtures/content.ts';
import { expectDocumentedDataWorks, HOSTED_TARGETS } from '../fixtures/hosted-check.ts';
import { variableSets } from '../fixtures/variables.ts';

const tr = translations();
let bundle: Bundle;
beforeAll(async () => {
  const output = await buildBundles({ catalog, translations: tr, brand: testBrand });
  bundle = createBundle(output.manifest, output.sources);
  expect(output.sources).toHaveLength(templateIds.length * tr.locales.length);
});

it.each(templateIds)('%s: every locale and provider, filled with the documented data, reads as the runtime', (id) => {
  const sets = variableSets(catalog, id).filter(([name]) => ['sample', 'full', 'minimal', 'hostile'].includes(name));
  for (const locale of tr.locales) {
    for (const target of HOSTED_TARGETS) expectDocumentedDataWorks(bundle, id, locale, target, sets);
  }
});
