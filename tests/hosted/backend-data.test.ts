/**
 * Exported templates filled the way a backend that is not JavaScript fills
 * them — with the documented data only (the values it has, normalized as the
 * README says; escaped HTML copies where the provider does not escape; the
 * expiry phrase only where the template cannot say it) — by each provider's
 * engine: Handlebars with SendGrid's helpers, Handlebars for Mailgun,
 * Handlebars without escaping for SES, Mustachio's lookup rules for Postmark,
 * Resend's substitution with fallbacks. Over the tests' own Logto content,
 * every template × locale × set (sample, full, minimal, hostile, random), the
 * email equals authmail's runtime for the same values (hosted-check.ts).
 */
import { beforeAll, describe, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { expectDocumentedDataWorks, HOSTED_TARGETS } from '../fixtures/hosted-check.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';
import { variableSets } from '../fixtures/variables.ts';

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({ catalog, translations, brand: testBrand });
  bundle = createBundle(out.manifest, out.sources);
});

const emails = catalog.ids.flatMap((id) => translations.locales.map((locale) => [id, locale] as const));

describe.each(emails)('%s / %s', (id, locale) => {
  it.each(HOSTED_TARGETS)('%s: the documented data gives the email the runtime renders', (target) => {
    expectDocumentedDataWorks(bundle, id, locale, target, variableSets(catalog, id));
  });
});
