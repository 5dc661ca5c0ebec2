/**
 * `authmail init` and `authmail add` as a new team uses them: a project
 * started in an empty folder builds, sends and checks; a new template and a
 * new locale appear everywhere, marked untranslated until someone writes
 * their texts; nothing is overwritten without --force.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../fixtures/cli.ts';
import { linkToolkit } from '../fixtures/project.ts';

let base: string;
let dir: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'authmail-init-'));
  dir = join(base, 'team-emails');
});
afterAll(() => rm(base, { recursive: true, force: true }));

const unmark = (file: string) =>
  writeFileSync(
    file,
    readFileSync(file, 'utf8').replaceAll('[untranslated] ', '').replaceAll('{app} code', '{app} login link'),
  );

describe('authmail init', () => {
  it('writes the default content, package.json, tsconfig, .gitignore, a CI workflow and a README', async () => {
    const r = await cli(['init', 'team-emails'], base);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Created \d+ files in team-emails/);
    for (const file of [
      'authmail.config.ts',
      'package.json',
      'tsconfig.json',
      '.gitignore',
      'README.md',
      '.github/workflows/emails.yml',
    ])
      expect(existsSync(join(dir, file)), file).toBe(true);
    expect(readdirSync(join(dir, 'emails')).filter((f) => f.endsWith('.tsx')).length).toBeGreaterThan(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'team-emails', type: 'module', scripts: { build: 'authmail build' } });
    expect(pkg.devDependencies.authmail).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(readFileSync(join(dir, '.github/workflows/emails.yml'), 'utf8')).toContain('npx authmail check --strict');
  });

  it('never overwrites: a second init writes nothing and names what exists; --force does', async () => {
    writeFileSync(join(dir, 'authmail.config.ts'), '// the team’s own\n');
    const again = await cli(['init'], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/would overwrite \d+ files \(.*\); nothing was written\. --force overwrites them\./);
    expect(readFileSync(join(dir, 'authmail.config.ts'), 'utf8')).toBe('// the team’s own\n');
    expect((await cli(['init', '--force'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'authmail.config.ts'), 'utf8')).toContain('defineConfig');
  });

  it('gives a project that builds, sends to the outbox and checks', async () => {
    linkToolkit(dir);
    const built = await cli(['build'], dir);
    expect(built.code, built.stderr).toBe(0);
    const first =
      readdirSync(join(dir, 'emails'))
        .find((f) => f.endsWith('.tsx'))
        ?.replace('.tsx', '') ?? '';
    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.templates)).toContain(first);
  }, 120_000);
});

describe('authmail add', () => {
  it('adds a template and a locale, marked untranslated; check lists them; real text clears them', async () => {
    const template = await cli(['add', 'template', 'magic-link'], dir);
    expect(template.code, template.stderr).toBe(0);
    expect(template.stdout).toContain('emails/magic-link.tsx');
    expect(template.stdout).toContain('locales/en/magic-link.json');
    const locale = await cli(['add', 'locale', 'nl'], dir);
    expect(locale.code, locale.stderr).toBe(0);
    expect(locale.stdout).toContain('locales/nl/common.json');
    expect(readFileSync(join(dir, 'locales/nl/magic-link.json'), 'utf8')).toContain('[untranslated] ');

    const marked = await cli(
      ['check', '--no-browser', '--strict', '--template', 'magic-link', '--locale', 'en,nl'],
      dir,
    );
    expect(marked.code, marked.stderr).toBe(1);
    expect(marked.stdout, marked.stderr).toContain('locale-untranslated');
    expect(marked.stdout).toMatch(/locales\/nl\/magic-link\.json: 5 messages still marked untranslated/);

    for (const tag of readdirSync(join(dir, 'locales'))) {
      for (const file of readdirSync(join(dir, 'locales', tag))) unmark(join(dir, 'locales', tag, file));
    }
    const clean = await cli(
      ['check', '--no-browser', '--strict', '--template', 'magic-link', '--locale', 'en,nl'],
      dir,
    );
    expect(clean.stdout).not.toMatch(/still marked untranslated/);
    expect(clean.code, clean.stdout).toBe(0);

    // dist/ was built before the template was added: send says what to do.
    const stale = await cli(['send', '--template', 'magic-link', '--to', 'a@example.com', '--var', 'code=424242'], dir);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain('dist/ has no magic-link (added since the last build?); run `authmail build`');
    expect((await cli(['build'], dir)).code).toBe(0);
    const sent = await cli(
      ['send', '--template', 'magic-link', '--locale', 'nl', '--to', 'a@example.com', '--var', 'code=424242', '--json'],
      dir,
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, locale: 'nl', transport: 'outbox' });
    const eml = readdirSync(join(dir, 'outbox')).find((f) => f.endsWith('.eml')) ?? '';
    expect(readFileSync(join(dir, 'outbox', eml), 'utf8')).toContain('424242');
  }, 180_000);

  it('names a bad id, a bad tag, an existing template and a missing kind', async () => {
    expect((await cli(['add', 'template', 'Magic_Link'], dir)).stderr).toContain(
      '"Magic_Link" cannot be a template id',
    );
    expect((await cli(['add', 'locale', 'not a tag'], dir)).stderr).toContain('"not a tag" is not a locale tag');
    expect((await cli(['add', 'template', 'magic-link'], dir)).stderr).toContain(
      'emails/magic-link.tsx already exists',
    );
    expect((await cli(['add', 'thing', 'x'], dir)).stderr).toContain('expected "template" or "locale"');
  });
});
