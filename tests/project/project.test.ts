/**
 * The project a command works on: its root (`--root`, default the working
 * directory), its config file (found at the root, or `--config`), its
 * locales (the folders of `locales/`, or `locales.only`, with
 * `locales.default`), and its brand. Fixtures of their own: a brand and
 * locales copied into a temporary project.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import defaultContent from '../../authmail.config.ts';
import { brandSchema } from '../../src/brand/brand.ts';
import { buildBundles } from '../../src/build/build.ts';
import { CONFIG_FILES, findConfigFile, loadConfig } from '../../src/config/load.ts';
import { loadCatalog } from '../../src/project/catalog.ts';
import { loadTranslations, readLocaleFiles } from '../../src/render/translations.ts';
import { createBundle } from '../../src/runtime/bundle.ts';
import { cli } from '../fixtures/cli.ts';
import { fixtureBrand as brand, FIXTURE_LOCALES, FIXTURE_TEMPLATE, fixtureProject } from '../fixtures/project.ts';
import { startTestServer } from '../fixtures/serve.ts';

let root: string;
let n = 0;
/** The fixture project's locales: its default first. */
const two = FIXTURE_LOCALES;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'authmail-project-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A copy of the fixture project with `files` (name → content). */
async function project(files: Record<string, string>) {
  return fixtureProject(join(root, `p${++n}`), files);
}

const esm = (config: unknown) => `export default ${JSON.stringify(config)};\n`;

describe('the config file', () => {
  it.each([
    ['authmail.config.mjs', esm({ brand })],
    ['authmail.config.js', esm({ brand })],
    [
      'authmail.config.mts',
      `const config: { brand: unknown } = ${JSON.stringify({ brand })};\nexport default config;\n`,
    ],
    ['authmail.config.ts', `export default ${JSON.stringify({ brand })} as const;\n`],
    ['authmail.config.json', JSON.stringify({ brand })],
  ])('is found at the root as %s', async (name, content) => {
    const dir = await project({ [name]: content, 'package.json': '{"type":"module"}' });
    expect(findConfigFile(dir)).toBe(join(dir, name));
    expect((await loadConfig(undefined, dir)).config.brand.senderName).toBe('Fixture Co');
  });

  it('takes the first in the documented order, and --config over all of them', async () => {
    const other = { brand: { ...brand, senderName: 'Other' } };
    const dir = await project({
      'authmail.config.json': JSON.stringify({ brand }),
      'custom/my.json': JSON.stringify(other),
    });
    await writeFile(join(dir, 'authmail.config.mjs'), esm(other));
    expect(findConfigFile(dir)).toBe(join(dir, 'authmail.config.mjs'));
    expect((await loadConfig('custom/my.json', dir)).config.brand.senderName).toBe('Other');
  });

  it('names what it looked for when there is none, and a file without a default export', async () => {
    const dir = await project({});
    await expect(loadConfig(undefined, dir)).rejects.toThrow(
      `not found (looked for ${CONFIG_FILES.join(', ')} in ${dir}`,
    );
    await expect(loadConfig('nope.json', dir)).rejects.toThrow(`not found: ${join(dir, 'nope.json')}`);
    const empty = await project({ 'authmail.config.mjs': 'export const brand = {};\n' });
    await expect(loadConfig(undefined, empty)).rejects.toThrow('has no default export');
    const broken = await project({ 'authmail.config.json': '{ "brand": ' });
    await expect(loadConfig(undefined, broken)).rejects.toThrow(/authmail\.config\.json[\s\S]*is not JSON/);
  });
});

describe('--root', () => {
  it('points any command at another project folder, and refuses a folder that does not exist', async () => {
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand }) });
    const built = await cli(['build', '--root', dir, '--out', 'out']);
    expect(built.code, built.stderr).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.locales).toEqual([...two]);
    expect(Object.keys(manifest.templates)).toEqual([FIXTURE_TEMPLATE]);
    const missing = await cli(['build', '--root', join(root, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('--root');
    expect(missing.stderr).toContain('no such folder');
  });

  it('builds in the project’s brand, not the default content’s', async () => {
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand }) });
    expect((await cli(['build', '--root', dir])).code).toBe(0);
    const email = JSON.parse(await readFile(join(dir, 'dist', FIXTURE_TEMPLATE, 'en.json'), 'utf8'));
    expect(email.html).toContain('Fixture Co, 1 Test Street');
    expect(email.html).toContain('https://fixture.test/logo.png');
    expect(email.html).not.toContain(defaultContent.brand.companyInformation.split('\n')[0]);
  });
});

describe('locales', () => {
  it('are the folders of locales/, the configured default first', async () => {
    const [first, second] = two;
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand, locales: { default: second } }) });
    expect((await cli(['build', '--root', dir])).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.defaultLocale).toBe(second);
    expect(manifest.locales).toEqual([second, first]);
  });

  it('can be limited with locales.only', async () => {
    const [first, second] = two;
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand, locales: { only: [first] } }) });
    expect((await cli(['build', '--root', dir])).code).toBe(0);
    const manifest = JSON.parse(await readFile(join(dir, 'dist', 'manifest.json'), 'utf8'));
    expect(manifest.locales).toEqual([first]);
    expect(manifest.locales).not.toContain(second);
  });

  it('name a default or listed locale without a folder, and a folder that is not a tag', async () => {
    const noDefault = await project({ 'authmail.config.json': JSON.stringify({ brand, locales: { default: 'nl' } }) });
    const r = await cli(['build', '--root', noDefault]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the project has no locales/nl/ folder');
    const badTag = await project({
      'authmail.config.json': JSON.stringify({ brand, locales: { default: 'english' } }),
    });
    expect((await cli(['build', '--root', badTag])).stderr).toMatch(/locales\.default: must be a locale tag/);
    const strayFolder = await project({ 'authmail.config.json': JSON.stringify({ brand }) });
    await mkdir(join(strayFolder, 'locales', 'drafts'));
    expect((await cli(['build', '--root', strayFolder])).stderr).toMatch(
      /locales\/drafts is not named by a locale tag/,
    );
  });

  it('name the file, line and column of a locale file that is not JSON', async () => {
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand }) });
    const file = join(dir, 'locales', two[1], 'common.json');
    await writeFile(file, '{\n  "a": "b"\n  "c": "d"\n}\n');
    expect(() => readLocaleFiles(join(dir, 'locales'))).toThrow(`${file}:3:3: `);
    const r = await cli(['build', '--root', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}:3:3`);
  });
});

describe('a template without a Logto type', () => {
  it('is exported to every provider but Logto, which skips it with a note (or refuses it by name)', async () => {
    const dir = await project({ 'authmail.config.json': JSON.stringify({ brand }) });
    const sendgrid = await cli(['export', 'sendgrid', '--root', dir]);
    expect(sendgrid.code, sendgrid.stderr).toBe(0);
    expect(sendgrid.stdout).toMatch(/sendgrid: 2 templates/);
    const logto = await cli(['export', 'logto', '--root', dir]);
    expect(logto.code, logto.stderr).toBe(0);
    expect(logto.stdout).toContain(`note: ${FIXTURE_TEMPLATE} has no Logto type and is not exported`);
    const named = await cli(['export', 'logto', '--root', dir, '--template', FIXTURE_TEMPLATE]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain(`${FIXTURE_TEMPLATE} has no Logto type`);
  });

  it('is reached through serve only by an explicit serve.types entry', async () => {
    const dir = await project({});
    const catalog = await loadCatalog(dir);
    const output = await buildBundles({
      catalog,
      brand: brandSchema.parse(brand),
      translations: loadTranslations(join(dir, 'locales')),
    });
    const bundle = createBundle(output.manifest, output.sources);
    const s = await startTestServer({
      bundle,
      settings: { strictTypes: true, types: { Newsletter: FIXTURE_TEMPLATE } },
    });
    try {
      const sent = await s.post({
        to: 'ada@example.com',
        type: 'Newsletter',
        payload: { code: '112233', locale: 'de' },
      });
      expect(sent.status, sent.text).toBe(200);
      expect(sent.json).toMatchObject({ template: FIXTURE_TEMPLATE, locale: 'de' });
      expect(s.sink?.messages[0]?.parsed.text).toContain('112233');
      expect((await s.post({ to: 'ada@example.com', type: 'SignIn', payload: { code: '112233' } })).status).toBe(422);
    } finally {
      await s.close();
    }
    await expect(
      startTestServer({ bundle, sink: false, settings: { strictTypes: true, types: { Newsletter: 'nope' } } }),
    ).rejects.toThrow(`serve.types.Newsletter: the bundle has no template "nope"`);
  });
});

describe('config warnings', () => {
  it('names a logo outside assets.baseUrl and a primary colour under 4.5:1, and builds anyway', async () => {
    const config = {
      brand: { ...brand, primaryColor: '#7dd3fc' },
      brandPresets: { Pale: { primaryColor: '#fde68a', logoUrl: 'https://elsewhere.test/p.png' } },
      assets: { baseUrl: 'https://cdn.fixture.test/', dir: 'assets' },
    };
    const dir = await project({ 'authmail.config.json': JSON.stringify(config) });
    const r = await cli(['build', '--root', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'authmail build: warning: brand.logoUrl https://fixture.test/logo.png is not under assets.baseUrl (https://cdn.fixture.test/)',
    );
    expect(r.stderr).toMatch(
      /brand\.primaryColor #7dd3fc: links in it on the white card have a contrast of 1\.\d\d:1, under 4\.5:1/,
    );
    expect(r.stderr).toContain('brandPresets.Pale.logoUrl https://elsewhere.test/p.png is not under assets.baseUrl');
    expect(r.stderr).toMatch(/brandPresets\.Pale\.primaryColor #fde68a: links/);
    const quiet = await project({
      'authmail.config.json': JSON.stringify({
        brand: { ...brand, logoUrl: 'https://cdn.fixture.test/logo.png' },
        assets: { baseUrl: 'https://cdn.fixture.test/', dir: 'assets' },
      }),
    });
    expect((await cli(['build', '--root', quiet])).stderr).not.toContain('warning');
  });
});
