/**
 * A team's first day with `authmail init`, `add` and `locales`, at the edges
 * a real repository has: npm's placeholder test script, scripts and a
 * tsconfig of its own, a .gitignore that already ignores node_modules, links
 * leading out of the project, a broken package.json; locale folders in
 * another spelling, reserved and overlong template ids; keys added to the
 * default locale only.
 */
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocaleFiles } from '../../src/render/translations.ts';
import { cli } from '../fixtures/cli.ts';
import { fixtureBrand, fixtureProject } from '../fixtures/project.ts';

let base: string;
let n = 0;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'authmail-first-day-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

const fresh = () => {
  const dir = join(base, `p${++n}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** What `npm init -y` writes (npm 11). */
const npmInit = (dir: string, extra: Record<string, unknown> = {}) =>
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: 'team',
      version: '1.0.0',
      main: 'index.js',
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
      type: 'commonjs',
      ...extra,
    }),
  );

describe('authmail init in an existing repository', () => {
  it('after npm init -y: replaces the placeholder test, adds what the templates need, and says so', async () => {
    const dir = fresh();
    npmInit(dir);
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n.env\n');
    const r = await cli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.scripts).toEqual({
      test: 'authmail check --strict && authmail test:visual',
      build: 'authmail build',
      dev: 'authmail dev',
    });
    expect(pkg.devDependencies).toMatchObject({ '@types/react': expect.any(String), typescript: expect.any(String) });
    expect(pkg.type).toBe('commonjs'); // the team's own choice stays: the templates type-check either way
    expect(r.stdout).toContain(`package.json: replaced npm's placeholder "test" script`);
    expect(r.stdout).toContain('package.json: added @types/react@');
    // `node_modules` (no slash) already ignores the folder: not added twice.
    const ignore = readFileSync(join(dir, '.gitignore'), 'utf8').split('\n');
    expect(ignore.filter((l) => l.replace(/\//g, '') === 'node_modules')).toHaveLength(1);
    expect(ignore).toContain('/dist/');
    expect(ignore).toContain('/preview-build/');
    expect(r.stdout).toContain('.gitignore: added /dist/');
    expect(readJson(join(dir, 'tsconfig.json')).compilerOptions).toMatchObject({
      jsx: 'react-jsx',
      moduleResolution: 'Bundler',
    });
    expect(r.stdout).toMatch(/Next:\n {2}npm install +# .*\n {2}npm run dev +# .*\n {2}npm test +# /);
    expect(r.stdout).not.toContain('set "type"');
  });

  it('keeps scripts and a tsconfig of its own, adds its own beside them, and the Next lines follow', async () => {
    const dir = fresh();
    npmInit(dir, { scripts: { build: 'vite build', dev: 'vite', test: 'vitest run' }, type: 'module' });
    writeFileSync(
      join(dir, 'tsconfig.json'),
      '{\n  // the team’s own\n  "compilerOptions": { "strict": true, "module": "NodeNext", },\n  "include": ["src", "emails"]\n}\n',
    );
    const r = await cli(['init'], dir);
    expect(r.code, r.stderr).toBe(0);
    const pkg = readJson(join(dir, 'package.json'));
    expect(pkg.scripts).toEqual({
      build: 'vite build',
      dev: 'vite',
      test: 'vitest run',
      'emails:build': 'authmail build',
      'emails:dev': 'authmail dev',
      'emails:test': 'authmail check --strict && authmail test:visual',
    });
    for (const name of ['build', 'dev', 'test']) {
      expect(r.stdout).toContain(`package.json: kept your "${name}" script; added "emails:${name}"`);
    }
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).toContain('// the team’s own');
    expect(readJson(join(dir, 'emails/tsconfig.json'))).toMatchObject({
      compilerOptions: { jsx: 'react-jsx' },
      include: ['.', '../authmail.config.ts'],
    });
    expect(r.stdout).toContain('tsconfig.json: kept yours; emails/tsconfig.json type-checks the templates');
    expect(r.stdout).toContain('tsconfig.json: it also compiles emails/, which needs "jsx": "react-jsx"');
    expect(r.stdout).toMatch(/npm run emails:dev +#/);
    expect(r.stdout).toMatch(/npm run emails:test +#/);
    expect(r.stdout).not.toMatch(/^ {2}npm run dev /m);
  });

  it('refuses, writing nothing, when a file it would write is a link out of the project', async () => {
    const outside = fresh();
    for (const [name, target] of [
      ['tsconfig.json', join(outside, 'missing-tsconfig.json')], // dangling: the write would create it outside
      ['emails', outside],
    ] as const) {
      const dir = fresh();
      symlinkSync(target, join(dir, name));
      const r = await cli(['init'], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        new RegExp(`^authmail init: ${name} is a symbolic link to .*, outside the project; nothing was written`),
      );
      expect(existsSync(join(dir, 'authmail.config.ts'))).toBe(false);
      expect(existsSync(join(dir, 'package.json'))).toBe(false);
      expect(existsSync(join(outside, 'missing-tsconfig.json'))).toBe(false);
      expect(existsSync(join(outside, 'sign-in.tsx'))).toBe(false);
    }
    // A dangling README.md is the project's (init writes EMAILS.md beside it), never written through.
    const readme = fresh();
    symlinkSync(join(outside, 'missing-readme.md'), join(readme, 'README.md'));
    expect((await cli(['init'], readme)).stdout).toContain("README.md: kept yours; the emails' notes are in EMAILS.md");
    expect(existsSync(join(outside, 'missing-readme.md'))).toBe(false);
    // A link inside the project is fine.
    const dir = fresh();
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs/README.md'), '# ours\n');
    symlinkSync('docs/README.md', join(dir, 'README.md'));
    expect((await cli(['init'], dir)).code).toBe(0);
  });

  it('names a package.json that is not JSON in one line, and writes nothing', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'package.json'), '{ "name": "team", }');
    const r = await cli(['init'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^authmail init: package\.json is not valid JSON \(.+\); nothing was written\n$/);
    expect(existsSync(join(dir, 'emails'))).toBe(false);
  });
});

describe('template ids', () => {
  it.each([
    [
      'common',
      /"common" cannot be a template id: it is reserved: locales\/<tag>\/common\.json holds the messages every template shares/,
    ],
    ['a'.repeat(300), /cannot be a template id: it is 300 characters long; a template id has at most 64/],
    ['Magic_Link', /"Magic_Link" cannot be a template id: it is not kebab-case/],
  ])('refuses %s, with and without --force, in one line', async (id, message) => {
    const dir = fresh();
    expect((await cli(['init'], dir)).code).toBe(0);
    for (const args of [[], ['--force']]) {
      const r = await cli(['add', 'template', id, ...args], dir);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect(readFileSync(join(dir, 'locales/en/common.json'), 'utf8')).not.toContain('[untranslated]');
  });
});

describe('locale tags', () => {
  it('add locale writes the canonical form and refuses a second spelling of one locale', async () => {
    const dir = fresh();
    fixtureProject(dir, { 'authmail.config.json': JSON.stringify({ brand: fixtureBrand }) });
    const r = await cli(['add', 'locale', 'De-at'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'locales/de-AT'))).toBe(true);
    expect(r.stdout).toContain('De-at is written de-AT');
    const twice = await cli(['add', 'locale', 'DE'], dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('locales/de/ exists already (DE is de); nothing was written');
    expect((await cli(['add', 'locale', 'zh-hant-tw'], dir)).stdout).toContain('locales/zh-Hant-TW/');
  });

  it('a folder in another spelling, or two spellings of one tag, is an error naming the fix', async () => {
    const dir = fresh();
    fixtureProject(dir, { 'authmail.config.json': JSON.stringify({ brand: fixtureBrand }) });
    mkdirSync(join(dir, 'locales/pt-br'));
    writeFileSync(join(dir, 'locales/pt-br/common.json'), '{}');
    expect(() => readLocaleFiles(join(dir, 'locales'))).toThrow(
      /the folder .*locales\/pt-br is not in the tag's canonical form: rename it to .*locales\/pt-BR/,
    );
    const build = await cli(['build'], dir);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/rename it to .*locales\/pt-BR/);
  });
});

describe('authmail locales', () => {
  it('sync adds the default locale’s new keys everywhere, marked untranslated, and lint names what is left', async () => {
    const dir = fresh();
    fixtureProject(dir, { 'authmail.config.json': JSON.stringify({ brand: fixtureBrand }) });
    const en = join(dir, 'locales/en/welcome-code.json');
    writeFileSync(en, JSON.stringify({ ...readJson(en), footnote: 'Sent by {app}.' }, null, 2));
    const de = join(dir, 'locales/de/welcome-code.json');
    writeFileSync(de, JSON.stringify({ ...readJson(de), stale: 'Alt' }, null, 2));

    const before = await cli(['locales', 'lint'], dir);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(
      'error  locales/de/welcome-code.json "footnote": is missing (en: "Sent by {app}.")',
    );
    expect(before.stdout).toContain('error  locales/de/welcome-code.json "stale": is not a key of en');

    const sync = await cli(['locales', 'sync'], dir);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toContain('Added 1 key in 1 file, marked untranslated.');
    expect(sync.stdout).toContain('locales/de/welcome-code.json: footnote');
    expect(sync.stdout).toContain('locales/de/welcome-code.json: stale not in en (--prune removes them)');
    expect(sync.stdout).toMatch(/^No template reads \d+ keys of en: .*welcome-code:footnote/m);
    expect(readJson(de)).toMatchObject({ footnote: '[untranslated] Sent by {app}.', stale: 'Alt' });

    const after = await cli(['locales', 'lint', '--json'], dir);
    const report = JSON.parse(after.stdout);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ severity: 'warning', key: 'footnote', message: 'is still marked untranslated' }),
    );
    expect((await cli(['locales', 'sync', '--prune'], dir)).stdout).toContain('(removed)');
    expect(readJson(de).stale).toBeUndefined();

    writeFileSync(de, JSON.stringify({ ...readJson(de), footnote: 'Gesendet von {product}.' }, null, 2));
    const values = await cli(['locales', 'lint', 'de'], dir);
    expect(values.stdout).toContain(
      '"footnote": has the values {product}, en has {app}: a value would be lost or missing',
    );
  }, 60_000);

  it('a build that meets a missing key says how to add it everywhere', async () => {
    const dir = fresh();
    fixtureProject(dir, { 'authmail.config.json': JSON.stringify({ brand: fixtureBrand }) });
    const de = join(dir, 'locales/de/welcome-code.json');
    const messages = readJson(de);
    delete messages[Object.keys(messages)[0] as string];
    writeFileSync(de, JSON.stringify(messages));
    const build = await cli(['build'], dir);
    expect(build.code).toBe(1);
    expect(build.stderr).toContain(
      '`authmail locales sync` adds every key the default locale has, marked untranslated',
    );
  }, 60_000);
});
