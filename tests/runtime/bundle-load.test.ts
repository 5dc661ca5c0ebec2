/**
 * A bundle on disk is input: a hand-edited or broken `dist/` is refused at
 * load with an error naming the problem, and nothing downstream (the
 * outbox, `export files`) writes outside its folder.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import projectConfig from '../../authmail.config.ts';
import { BundleError } from '../../src/core/errors.ts';
import { loadBundle, sha256 } from '../../src/runtime/bundle.ts';
import { cli } from '../fixtures/cli.ts';
import { logtoCatalog } from '../fixtures/logto-content.tsx';
import { testBundle } from '../fixtures/send.ts';

let root: string;
let good: string;
let n = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'authmail-bundle-load-'));
  good = join(root, 'good');
  await (await testBundle()).write(good);
});
afterAll(() => rm(root, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: tampering with test JSON
type Json = Record<string, any>;

/** A copy of the good bundle, changed by `edit` (manifest and email files as JSON). */
async function tampered(edit: (manifest: Json, dir: string) => Promise<void> | void): Promise<string> {
  const dir = join(root, `b${++n}`, 'dist');
  await cp(good, dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Json;
  await edit(manifest, dir);
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

/** Moves template `from` to id `to` in the manifest and on disk, with hashes recomputed (a careful forger). */
async function renameTemplate(manifest: Json, dir: string, from: string, to: string) {
  const t = manifest.templates[from];
  delete manifest.templates[from];
  manifest.templates[to] = t;
  for (const [locale, email] of Object.entries(t.emails as Record<string, Json>)) {
    const source = JSON.parse(await readFile(join(dir, email.file), 'utf8')) as Json;
    source.template = to;
    const text = JSON.stringify(source);
    email.file = `${to}/${locale}.json`;
    email.sha256 = sha256(text);
    await mkdir(join(dir, to), { recursive: true });
    await writeFile(join(dir, email.file), text);
  }
}

const loadError = async (dir: string) => {
  const error = await loadBundle(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BundleError);
  return (error as Error).message;
};

describe('loading a bundle', () => {
  it('loads the bundle the build wrote: every template and locale of it, and renders from it', async () => {
    const built = await testBundle();
    const loaded = await loadBundle(good);
    expect([...loaded.templates].sort()).toEqual([...built.bundle.templates].sort());
    expect(loaded.manifest.locales).toEqual(built.bundle.manifest.locales);
    const [id] = loaded.templates as [string];
    const locale = loaded.manifest.locales[0] as string;
    const variables = logtoCatalog.get(id).definition.sample;
    expect(loaded.render(id, { locale, variables })).toEqual(built.bundle.render(id, { locale, variables }));
  });

  it('refuses a template id that is a path', async () => {
    const first = Object.keys((await loadBundle(good)).manifest.templates)[0] as string;
    const dir = await tampered((m, d) => renameTemplate(m, d, first, '../../../x'));
    expect(await loadError(dir)).toContain('templates["../../../x"] is not a template id');
  });

  it('refuses a locale tag that is a path, and a file outside the bundle', async () => {
    const dir = await tampered((m) => {
      const t = Object.values(m.templates)[0] as Json;
      const [locale, email] = Object.entries(t.emails)[0] as [string, Json];
      t.emails['../../evil'] = email;
      delete t.emails[locale];
    });
    expect(await loadError(dir)).toMatch(/emails\["\.\.\/\.\.\/evil"\] is not a locale tag/);
    const outside = await tampered((m) => {
      const t = Object.values(m.templates)[0] as Json;
      (Object.values(t.emails)[0] as Json).file = '../../etc/passwd';
    });
    expect(await loadError(outside)).toMatch(/file must be ".+\.json"/);
  });

  it('names a manifest that is not JSON, of another version, or incomplete', async () => {
    const notJson = join(root, 'not-json');
    await mkdir(notJson);
    await writeFile(join(notJson, 'manifest.json'), '{"format": ');
    expect(await loadError(notJson)).toMatch(/manifest\.json is not JSON/);
    const v99 = await tampered((m) => {
      m.version = 99;
    });
    expect(await loadError(v99)).toMatch(/version 99 is not supported/);
    const noDefault = await tampered((m) => {
      delete m.defaultLocale;
    });
    expect(await loadError(noDefault)).toMatch(/defaultLocale/);
    const badKind = await tampered((m) => {
      ((Object.values(m.templates)[0] as Json).variables[0] as Json).kind = 'html';
    });
    expect(await loadError(badKind)).toMatch(/variables\[0\]\.kind must be one of code/);
  });

  it('refuses an email file that holds another email than the manifest lists', async () => {
    const dir = await tampered(async (m, d) => {
      const [id, t] = Object.entries(m.templates)[0] as [string, Json];
      const email = Object.values(t.emails)[0] as Json;
      const source = JSON.parse(await readFile(join(d, email.file), 'utf8')) as Json;
      source.template = `${id}-other`;
      const text = JSON.stringify(source);
      email.sha256 = sha256(text);
      await writeFile(join(d, email.file), text);
    });
    expect(await loadError(dir)).toMatch(/holds .+-other\/.+, not what the manifest lists/);
  });
});

describe('a tampered dist/ and the commands that write files', () => {
  it('send and export files refuse it and write nothing outside their folders', async () => {
    const first = Object.keys((await loadBundle(good)).manifest.templates)[0] as string;
    const dir = await tampered((m, d) => renameTemplate(m, d, first, '../../../x'));
    const cwd = join(dir, '..');
    await writeFile(join(cwd, 'authmail.config.json'), JSON.stringify({ brand: projectConfig.brand }));
    const before = await readdir(root);
    const send = await cli(['send', '--template', '../../../x', '--to', 'a@example.com', '--bundle', dir], cwd);
    expect(send.code).toBe(1);
    expect(send.stderr).toMatch(/is not a template id/);
    const exported = await cli(['export', 'files', '--bundle', dir], cwd);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toMatch(/is not a template id/);
    expect(existsSync(join(cwd, 'outbox'))).toBe(false);
    expect(existsSync(join(cwd, 'export'))).toBe(false);
    expect(await readdir(root)).toEqual(before);
  });
});
