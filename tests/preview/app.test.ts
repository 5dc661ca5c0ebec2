/**
 * The preview's browser app (src/preview/app.ts): the shipped build is served
 * when it matches the sources, otherwise one build per version of the sources
 * is cached; the build never changes this process's NODE_ENV (React's server
 * renderer would load its production build beside the development JSX runtime).
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, loadApp } from '../../src/preview/app.ts';

let dir: string;
let app: string;
let toolkit: string;
const logs: string[] = [];
const log = (line: string) => logs.push(line);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'authmail-app-'));
  app = join(dir, 'preview');
  toolkit = join(dir, 'toolkit');
  cpSync(resolve(import.meta.dirname, '../../preview'), app, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('builds once into the cache without touching NODE_ENV, then serves the cached build', async () => {
  const env = process.env.NODE_ENV;
  const files = await loadApp(app, toolkit, log, join(dir, 'no-prebuilt'));
  expect(process.env.NODE_ENV).toBe(env);
  expect(logs).toEqual([expect.stringMatching(/^built the preview app in \d+ ms \(cached in node_modules\//)]);
  expect(files.get('/')?.body.toString()).toContain('<div id="app">');
  expect(files.get('/sw.js')?.type).toBe('text/javascript; charset=utf-8');
  expect([...files.keys()].some((p) => /^\/assets\/.*\.js$/.test(p))).toBe(true);
  expect(files.has('/source-hash')).toBe(false);

  logs.length = 0;
  await loadApp(app, toolkit, log, join(dir, 'no-prebuilt'));
  expect(logs).toEqual([]);
}, 120_000);

it('serves the shipped build while it matches the sources, and builds after an edit', async () => {
  const prebuilt = join(dir, 'prebuilt');
  await buildApp(app, prebuilt);
  writeFileSync(join(prebuilt, 'index.html'), '<!-- shipped -->');
  rmSync(join(toolkit, 'node_modules'), { recursive: true, force: true });
  logs.length = 0;
  expect((await loadApp(app, toolkit, log, prebuilt)).get('/')?.body.toString()).toBe('<!-- shipped -->');
  expect(logs).toEqual([]);

  writeFileSync(join(app, 'src/style.css'), '\n/* edited */\n', { flag: 'a' });
  const rebuilt = await loadApp(app, toolkit, log, prebuilt);
  expect(rebuilt.get('/')?.body.toString()).toContain('<div id="app">');
  expect(logs).toHaveLength(1);
}, 120_000);
