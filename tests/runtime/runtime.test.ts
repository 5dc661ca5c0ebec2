/**
 * The runtime against the development render: byte-equal over every
 * template × locale of the tests' own Logto content with sample, full,
 * minimal, hostile and random values (tests/content/ checks the default content).
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuildOutput, buildBundles, writeBundles } from '../../src/build/build.ts';
import { BundleError } from '../../src/core/errors.ts';
import { render } from '../../src/render/render.tsx';
import { createTranslations } from '../../src/render/translations.ts';
import { type Bundle, createBundle, loadBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { expectRuntimeEqualsRender } from '../fixtures/equality.ts';
import {
  logtoCatalog as catalog,
  logtoResources,
  logtoTranslations as translations,
} from '../fixtures/logto-content.tsx';

const LOCALES = translations.locales;
const templateIds = catalog.ids;
const build = (options: Partial<Parameters<typeof buildBundles>[0]> = {}) =>
  buildBundles({ catalog, translations, brand: testBrand, ...options });

let output: BuildOutput;
let bundle: Bundle;
let dir: string;

beforeAll(async () => {
  output = await build();
  bundle = createBundle(output.manifest, output.sources);
  dir = await mkdtemp(join(tmpdir(), 'authmail-bundle-'));
  await writeBundles(output, dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('build output', () => {
  it('has one bundle per template × locale and a manifest', () => {
    expect(output.sources).toHaveLength(templateIds.length * LOCALES.length);
    expect(output.files.map((f) => f.path)).toContain('manifest.json');
    expect(output.manifest.locales).toEqual(['en', 'ar', 'de', 'pt-BR']);
    const m = output.manifest.templates['organization-invitation'];
    expect(m?.logtoType).toBe('OrganizationInvitation');
    expect(m?.variables.find((v) => v.path === 'link')).toMatchObject({ kind: 'url', required: true });
    expect(m?.variables.find((v) => v.path === 'inviter')).toMatchObject({ kind: 'object', required: false });
    expect(output.manifest.templates['sign-in']?.derived).toEqual([
      expect.objectContaining({ path: 'expiresIn', from: 'expiresInMinutes' }),
    ]);
  });

  it('keeps slots in place of values', () => {
    const source = bundle.source('sign-in', 'de');
    // The code in groups (a format the runtime writes in the HTML part only).
    expect(source.html).toContain('{{code:group}}');
    expect(source.text).toContain('{{code:group}}');
    expect(source.subject).toMatch(/\{\{#application\.displayName\}\}/);
  });

  it('is deterministic: a second build writes the same bytes', async () => {
    const again = await build();
    expect(again.files).toEqual(output.files);
    const dir2 = await mkdtemp(join(tmpdir(), 'authmail-bundle-'));
    try {
      await writeBundles(again, dir2);
      for (const f of output.files) {
        expect(await readFile(join(dir2, f.path), 'utf8')).toBe(await readFile(join(dir, f.path), 'utf8'));
      }
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });

  it('fails when an email would be clipped by Gmail', async () => {
    const huge = structuredClone(logtoResources);
    (huge.en?.generic as Record<string, string>).intro = `Enter this code in {app}. ${'x'.repeat(110 * 1024)}`;
    await expect(
      build({ templates: ['generic'], locales: ['en'], translations: createTranslations(huge) }),
    ).rejects.toThrow(/Gmail clips HTML over 104448 bytes: generic\/en is \d+ bytes/);
  });
});

describe('runtime equals the development render', () => {
  it.each(templateIds)('%s in every locale with every variable set', async (id) => {
    await expectRuntimeEqualsRender({ bundle, catalog, translations, brand: testBrand }, id);
  });

  it('resolves the locale the same way (variables.locale, uiLocales)', async () => {
    const variables = { code: '123456', locale: 'pt', uiLocales: 'de' };
    expect(bundle.render('sign-in', { variables }).locale).toBe('pt-BR');
    expect(bundle.render('sign-in', { variables: { code: '123456', uiLocales: 'nl ar-EG' } }).locale).toBe('ar');
    expect(bundle.render('sign-in', { locale: 'de-AT', variables }).locale).toBe('de');
    expect(await render('sign-in', { variables, brand: testBrand, catalog, translations })).toEqual(
      bundle.render('sign-in', { variables }),
    );
  });
});

describe('loading bundles', () => {
  it('loads a written bundle and renders from it', async () => {
    const loaded = await loadBundle(dir);
    expect(loaded.templates).toEqual(templateIds);
    const email = loaded.render('sign-in', { locale: 'pt-BR', variables: { code: '246810' } });
    expect(email.text).toContain('246810');
    expect(email.locale).toBe('pt-BR');
  });

  it('refuses a tampered file', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'authmail-bundle-'));
    try {
      await writeBundles(output, copy);
      const file = join(copy, 'sign-in', 'en.json');
      await writeFile(file, (await readFile(file, 'utf8')).replace('{{code:group}}', '000000'));
      await expect(loadBundle(copy)).rejects.toThrow(/sign-in\/en.json does not match its hash/);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it('explains a missing bundle', async () => {
    await expect(loadBundle(join(dir, 'nope'))).rejects.toThrow(BundleError);
    await expect(loadBundle(join(dir, 'nope'))).rejects.toThrow(/Run `npm run build` first/);
  });

  it('refuses a manifest of another version', () => {
    expect(() => createBundle({ ...output.manifest, version: 2 }, [])).toThrow(/version 2 is not supported/);
    expect(() => createBundle({ hello: 1 }, [])).toThrow(/Not an authmail bundle/);
  });

  it('refuses a bundle whose slots the manifest does not declare', () => {
    const [first, ...rest] = output.sources;
    const broken = { ...(first as (typeof output.sources)[number]), html: '<p>{{secret}}</p>' };
    expect(() => createBundle(output.manifest, [broken, ...rest])).toThrow(/slot "secret" is not a variable/);
  });
});

describe('authmail/runtime', () => {
  it('loads no React, no i18next and no renderer', () => {
    const out = execFileSync(process.execPath, ['tests/fixtures/loaded-modules.mjs', 'src/runtime/index.ts'], {
      encoding: 'utf8',
    });
    const urls = JSON.parse(out) as string[];
    const project = urls.filter((u) => u.includes('/src/'));
    expect(project.some((u) => u.endsWith('/src/runtime/bundle.ts'))).toBe(true);
    const forbidden = urls.filter((u) =>
      /node_modules\/(react|react-dom|react-email|@react-email|i18next|html-to-text|zod)\/|\/src\/render\/|\/emails\//.test(
        u,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
