/**
 * authmail as a team installs it: the tarball `npm pack` makes, installed
 * into a fresh project outside this repository (no path back into it), with
 * nothing else installed by hand. The install is offline: npm takes every
 * package from its cache (filled by this repository's own `npm ci`), pinned
 * by a lockfile made from this repository's.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
let base: string;
let project: string;

/** `npx authmail …` in the installed project. */
function authmail(args: string[]) {
  const r = spawnSync(join(project, 'node_modules/.bin/authmail'), args, {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
    timeout: 240_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'authmail-package-'));
  project = join(base, 'team');
  mkdirSync(project);
  // The tarball, without running prepack (its build would write dist/ and lib/ into this checkout
  // while other suites run); the CLI runs from src/.
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', base], { cwd: ROOT, stdio: 'ignore' });
  const tarball = readdirSync(base).find((f) => f.endsWith('.tgz')) as string;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const spec = `file:../${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'team', devDependencies: { authmail: spec } },
    'node_modules/authmail': {
      version: pkg.version,
      resolved: spec,
      integrity: `sha512-${createHash('sha512')
        .update(readFileSync(join(base, tarball)))
        .digest('base64')}`,
      dev: true,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  // authmail's own dependency tree, as this repository's lockfile pins it (its dev tools left out).
  for (const [path, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) {
    if (path !== '' && !entry.dev) packages[path] = { ...entry, dev: true, devOptional: undefined };
  }
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'team', private: true, type: 'module', devDependencies: { authmail: spec } }),
  );
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'team', lockfileVersion: 3, requires: true, packages }),
  );
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], { cwd: project, stdio: 'ignore' });
}, 300_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the packed tarball in a fresh project', () => {
  it('installs the CLI with nothing else', () => {
    expect(existsSync(join(project, 'node_modules/authmail/src/cli/main.ts'))).toBe(true);
    const help = authmail(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/init\s+Start a project/);
  });

  it('init, add a template and a locale, build, send, check and export, in the project', () => {
    expect(authmail(['init']).code).toBe(0);
    expect(authmail(['add', 'template', 'magic-link']).code).toBe(0);
    expect(authmail(['add', 'locale', 'nl']).code).toBe(0);
    // Real text for the new template and locale: the marks go.
    for (const tag of readdirSync(join(project, 'locales'))) {
      for (const file of readdirSync(join(project, 'locales', tag))) {
        const path = join(project, 'locales', tag, file);
        writeFileSync(path, readFileSync(path, 'utf8').replaceAll('[untranslated] ', ''));
      }
    }
    const built = authmail(['build']);
    expect(built.code, built.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(project, 'dist/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.templates)).toContain('magic-link');
    expect(manifest.locales).toContain('nl');
    const sent = authmail([
      'send',
      '--template',
      'magic-link',
      '--locale',
      'nl',
      '--to',
      'a@example.com',
      '--var',
      'code=515253',
      '--json',
    ]);
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(JSON.parse(sent.stdout)).toMatchObject({ ok: true, locale: 'nl', transport: 'outbox' });
    const check = authmail(['check', '--no-browser', '--strict', '--template', 'magic-link', '--locale', 'en,nl']);
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect(check.stdout).toContain('check: 2 passed, 0 failed');
    const exported = authmail(['export', 'sendgrid']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(join(project, 'export/sendgrid/index.json'))).toBe(true);
  }, 300_000);
});
