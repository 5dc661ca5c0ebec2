/**
 * README.md and docs/*.md against the code: the generated parts are current,
 * every `authmail <command> --flag` they show exists, every config key they
 * name is in the schema, every relative link and anchor resolves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { blockNames, DOC_FILES, fillBlocks, generatedBlocks } from '../../scripts/docs-blocks.ts';
import { commands } from '../../src/cli/commands/index.ts';
import { configSchema } from '../../src/config/schema.ts';

const ROOT = join(import.meta.dirname, '../..');
const docs = DOC_FILES(ROOT).map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }));

/** The code in a Markdown text: fenced blocks' lines and inline spans, with the line each is on. */
function codeOf(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    else if (fenced) out.push({ line: i + 1, code: line });
    else for (const m of line.matchAll(/`([^`]+)`/g)) out.push({ line: i + 1, code: m[1] ?? '' });
  });
  return out;
}

/** GitHub's anchor for a heading. */
const slug = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(text: string): Set<string> {
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && line.match(/^#{1,6} (.*)$/);
    if (m) out.add(slug(m[1] ?? ''));
  }
  return out;
}

describe('the documentation', () => {
  it('holds every generated part, each as the code makes it today (npm run docs)', async () => {
    const blocks = await generatedBlocks(ROOT);
    expect(new Set(docs.flatMap((d) => blockNames(d.text)))).toEqual(new Set(Object.keys(blocks)));
    for (const { file, text } of docs) expect(fillBlocks(text, blocks, file), file).toBe(text);
  });

  it('shows only commands and options that exist', () => {
    const global = ['root', 'config', 'help'];
    const wrong: string[] = [];
    let seen = 0;
    for (const { file, text } of docs)
      for (const { line, code } of codeOf(text))
        for (const use of code.split(/(?=\bauthmail )/).filter((s) => s.startsWith('authmail '))) {
          const name = (use.split(/\s+/)[1] ?? '').replace(/[`);,.]+$/, '');
          if (!/^[a-z]/.test(name) || name.endsWith(':')) continue; // a placeholder, a label, a package name
          const command = commands[name];
          if (!command) {
            wrong.push(`${file}:${line}: authmail ${name}`);
            continue;
          }
          seen++;
          const known = [...Object.keys(command.options ?? {}), ...global];
          for (const [, flag = ''] of use.matchAll(/(?:^|[\s[(|,])--([a-z][a-z-]*)/g))
            if (!known.includes(flag)) wrong.push(`${file}:${line}: authmail ${name} --${flag}`);
        }
    expect(seen).toBeGreaterThan(50);
    expect(wrong).toEqual([]);
  });

  it('names only config keys the schema has', () => {
    const schema = z.toJSONSchema(configSchema, { unrepresentable: 'any', io: 'input' }) as JsonSchema;
    const sections = Object.keys(schema.properties ?? {});
    const wrong: string[] = [];
    let seen = 0;
    for (const { file, text } of docs)
      for (const { line, code } of codeOf(text))
        for (const [path] of code.matchAll(/\b[a-z][A-Za-z]*(?:\.[a-z][A-Za-z0-9]*)+\b/g)) {
          const keys = path.split('.');
          if (!sections.includes(keys[0] ?? '') || /\.(ts|json|md|com|example)$/.test(path)) continue;
          seen++;
          if (!hasPath(schema, keys)) wrong.push(`${file}:${line}: ${path}`);
        }
    expect(seen).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('links only to files and headings that exist', () => {
    const wrong: string[] = [];
    for (const { file, text } of docs)
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const to = path ? normalize(join(dirname(file), path)) : file;
        if (!existsSync(join(ROOT, to))) wrong.push(`${file}: ${target} (no file ${to})`);
        else if (anchor && !anchors(readFileSync(join(ROOT, to), 'utf8')).has(anchor))
          wrong.push(`${file}: ${target} (no heading #${anchor} in ${to})`);
      }
    expect(wrong).toEqual([]);
  });

  it('points only at scripts the repository has', () => {
    const missing = docs.flatMap(({ file, text }) =>
      [...text.matchAll(/\b((?:scripts|bench)\/[\w.-]+\.(?:ts|sh|mjs))/g)]
        .map((m) => m[1] ?? '')
        .filter((path) => !existsSync(join(ROOT, path)))
        .map((path) => `${file}: ${path}`),
    );
    expect(missing).toEqual([]);
  });
});

interface JsonSchema {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
}

/** Whether a dotted key is in the schema: through objects, records, unions and arrays. */
function hasPath(schema: JsonSchema, keys: string[]): boolean {
  if (keys.length === 0) return true;
  const [key = '', ...rest] = keys;
  const branches = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  if (branches.some((b) => hasPath(b, keys))) return true;
  if (schema.items && hasPath(schema.items, keys)) return true;
  const next = schema.properties?.[key];
  if (next) return hasPath(next, rest);
  const record = schema.additionalProperties;
  return typeof record === 'object' && hasPath(record, rest);
}
