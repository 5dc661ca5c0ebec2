/**
 * React Email's slim index (src/project/react-email-slim.mjs): the component
 * modules of React Email's own index minus Prism, Marked and Tailwind, as the
 * same instances the whole index exports; and which files need the whole.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { needsFullIndex, slimReactEmail } from '../../src/project/react-email-slim.mjs';

const dir = mkdtempSync(resolve('.cache/react-email-slim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('exports every component of React Email’s index but the heavy ones, as the same instances', async () => {
  const { source, names } = slimReactEmail();
  // In the repository, so that its bare import (the renderer) resolves from node_modules.
  const file = join(dir, 'slim.mjs');
  writeFileSync(file, source);
  const slim = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const full = (await import('react-email')) as Record<string, unknown>;
  for (const name of ['Html', 'Head', 'Body', 'Container', 'Section', 'Row', 'Column', 'Text', 'Heading', 'Link']) {
    expect(names, name).toContain(name);
  }
  for (const name of ['Button', 'Img', 'Hr', 'Preview', 'Font']) expect(names, name).toContain(name);
  for (const name of ['CodeBlock', 'CodeInline', 'Markdown', 'Tailwind']) expect(names, name).not.toContain(name);
  for (const name of names) expect(slim[name], name).toBe(full[name]);
  expect(slim.render).toBe(full.render);
});

it('sends a file to the whole index only when it names a heavy export or re-exports the index', () => {
  expect(needsFullIndex("import { Button, Text } from 'react-email';")).toBe(false);
  expect(needsFullIndex("import { CodeBlock, dracula } from 'react-email';")).toBe(true);
  expect(needsFullIndex("import { Tailwind } from 'react-email';")).toBe(true);
  expect(needsFullIndex("export * from 'react-email';")).toBe(true);
});
