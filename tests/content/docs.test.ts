import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { projectCatalog } from '../../src/project/catalog.ts';
import { catalogTable } from '../../src/project/docs.ts';

/** Markdown with table cells trimmed, so column alignment by the formatter does not matter. */
const normalize = (md: string) =>
  md
    .trim()
    .split('\n')
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim().replace(/^-+$/, '---'))
            .join('|')
        : line.trim(),
    )
    .join('\n');

it('the README lists the default content’s templates as they declare themselves', async () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.split('<!-- catalog:start')[1]?.split('<!-- catalog:end -->')[0] ?? '';
  expect(normalize(section.slice(section.indexOf('\n') + 1))).toBe(normalize(catalogTable(await projectCatalog())));
});
