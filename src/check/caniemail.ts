/**
 * caniemail data (vendored in `data/caniemail.json`, see
 * `scripts/caniemail-snapshot.ts`): the newest test result of each feature
 * for each platform of the target client families.
 *
 * Differences from the `caniemail` package's own checker, on purpose: the
 * newest version is found with a numeric-aware comparison (`12.2` after
 * `6.1`, `149.0.1` after `78.10`), `u` (unknown) is ignored rather than
 * reported as partial, and the walker in `rules/client-support.ts` also
 * sees CSS functions and declarations inside `@media`.
 */
import { readFileSync } from 'node:fs';

export const TARGET_FAMILIES = ['gmail', 'outlook', 'apple-mail', 'yahoo'] as const;

export type Support = 'y' | 'a' | 'n' | 'u';

export interface Feature {
  slug: string;
  title: string;
  category: 'css' | 'html' | 'image';
  url: string;
  lastTestDate: string;
  stats: Record<string, Record<string, Record<string, string>>>;
  notes: Record<string, string>;
}

export interface Snapshot {
  source: string;
  apiVersion: string;
  lastUpdate: string;
  families: Record<string, string>;
  platforms: Record<string, string>;
  features: Feature[];
}

export interface ClientSupport {
  /** `family.platform`, e.g. `outlook.windows`. */
  client: string;
  /** `Outlook Windows`. */
  name: string;
  support: Support;
  version: string;
  notes: string[];
}

let snapshot: Snapshot | undefined;
let bySlug: Map<string, Feature> | undefined;

export function caniemailData(): Snapshot {
  snapshot ??= JSON.parse(readFileSync(new URL('./data/caniemail.json', import.meta.url), 'utf8')) as Snapshot;
  return snapshot;
}

export function feature(slug: string): Feature | undefined {
  bySlug ??= new Map(caniemailData().features.map((f) => [f.slug, f]));
  return bySlug.get(slug);
}

/** Compares version keys numerically part by part: `2019-02` < `2021-11`, `6.1` < `12.2`, `78.10` < `149.0.1`. */
export function compareVersions(a: string, b: string): number {
  const pa = a
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  const pb = b
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (x !== y) return x - y;
  }
  return a.localeCompare(b);
}

/** `a #1 #3` → `{ support: 'a', notes: ['1', '3'] }`. */
export function parseCell(cell: string): { support: Support; notes: string[] } {
  const [value = 'u', ...rest] = cell.trim().split(/\s+/);
  const support = (['y', 'a', 'n', 'u'].includes(value) ? value : 'u') as Support;
  return { support, notes: rest.filter((r) => r.startsWith('#')).map((r) => r.slice(1)) };
}

/** The newest result of `f` for every platform of the target families. */
export function supportOf(f: Feature, families: readonly string[] = TARGET_FAMILIES): ClientSupport[] {
  const data = caniemailData();
  const out: ClientSupport[] = [];
  for (const family of families) {
    for (const [platform, versions] of Object.entries(f.stats[family] ?? {})) {
      const latest = Object.keys(versions).sort(compareVersions).at(-1);
      if (latest === undefined) continue;
      const { support, notes } = parseCell(versions[latest] as string);
      out.push({
        client: `${family}.${platform}`,
        name: `${data.families[family] ?? family} ${data.platforms[platform] ?? platform}`,
        support,
        version: latest,
        notes: notes.map((n) => f.notes[n]).filter((n): n is string => typeof n === 'string'),
      });
    }
  }
  return out;
}
