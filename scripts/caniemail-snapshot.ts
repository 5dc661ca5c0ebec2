/**
 * Vendors the caniemail data the client-support checks read, so that nothing
 * is fetched when checks run. Keeps HTML, CSS and image features and the
 * support tables of the four client families authmail targets.
 *
 *   npm pack caniemail@2.0.2 && tar xzf caniemail-2.0.2.tgz
 *   npx tsx scripts/caniemail-snapshot.ts package/data/caniemail.json
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { TARGET_FAMILIES } from '../src/check/caniemail.ts';

const [input, output = 'src/check/data/caniemail.json'] = process.argv.slice(2);
if (!input) {
  console.error('Usage: npx tsx scripts/caniemail-snapshot.ts <caniemail.json> [output]');
  process.exit(1);
}

interface RawFeature {
  slug: string;
  title: string;
  category: string;
  url: string;
  last_test_date: string;
  stats: Record<string, Record<string, Record<string, string>>>;
  notes_by_num: Record<string, string> | null;
}
const raw = JSON.parse(readFileSync(input, 'utf8')) as {
  api_version: string;
  last_update_date: string;
  nicenames: { family: Record<string, string>; platform: Record<string, string> };
  data: RawFeature[];
};

const features = raw.data
  .filter((f) => ['css', 'html', 'image'].includes(f.category))
  .sort((a, b) => a.slug.localeCompare(b.slug))
  .map((f) => ({
    slug: f.slug,
    title: f.title.trim(),
    category: f.category,
    url: f.url,
    lastTestDate: f.last_test_date,
    stats: Object.fromEntries(
      TARGET_FAMILIES.filter((family) => f.stats[family]).map((family) => [family, f.stats[family]]),
    ),
    notes: f.notes_by_num ?? {},
  }));

const snapshot = {
  source: 'caniemail.com data (MIT, © HTeuMeuLeu) as shipped in the npm package caniemail 2.0.2 (MIT)',
  apiVersion: raw.api_version,
  lastUpdate: raw.last_update_date,
  families: Object.fromEntries(TARGET_FAMILIES.map((f) => [f, raw.nicenames.family[f] ?? f])),
  platforms: raw.nicenames.platform,
  features,
};
writeFileSync(output, `${JSON.stringify(snapshot)}\n`);
console.log(`${features.length} features → ${output}`);
