/**
 * The generated parts of README.md and docs/*.md: each sits between
 * `<!-- name:start … -->` and `<!-- name:end -->` and is made from the code
 * (the command registry, the check rules, the provider list, the templates).
 * `npm run docs` rewrites them; tests/content/docs.test.ts keeps them current.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { exceptionsTable, reactEmailExceptionsTable, rulesTable } from '../src/check/docs.ts';
import { cliReference } from '../src/cli/docs.ts';
import { configKeysTable } from '../src/config/docs.ts';
import { projectCatalog } from '../src/project/catalog.ts';
import { catalogTable } from '../src/project/docs.ts';
import { providersTable } from '../src/providers/docs.ts';

export const DOC_FILES = (root: string) => [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];

export async function generatedBlocks(root: string): Promise<Record<string, string>> {
  return {
    catalog: catalogTable(await projectCatalog(root)),
    providers: providersTable(),
    'check-rules': rulesTable(),
    'check-exceptions': exceptionsTable(),
    'check-react-email-exceptions': reactEmailExceptionsTable(),
    cli: cliReference(),
    'config-keys': configKeysTable(),
  };
}

const BLOCK = /(<!-- ([a-z-]+):start[^\n]*-->\n)(?:[\s\S]*?\n)?(<!-- \2:end -->)/g;

/** The text with every block it holds replaced by its generated body; an unknown block name throws. */
export function fillBlocks(text: string, blocks: Record<string, string>, file: string): string {
  return text.replace(BLOCK, (_m, start: string, name: string, end: string) => {
    const body = blocks[name];
    if (body === undefined) throw new Error(`${file}: no generator for the block "${name}"`);
    return `${start}${body}\n${end}`;
  });
}

/** The names of the blocks a text holds. */
export const blockNames = (text: string) => [...text.matchAll(BLOCK)].map((m) => m[2]);
