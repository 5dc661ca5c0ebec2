/**
 * authmail as a team installs it: the tarball `npm pack` makes, installed
 * into a fresh project outside this repository (no path back into it), with
 * nothing else installed by hand. The install is offline: npm takes every
 * package from its cache (filled by this repository's own `npm ci`), pinned
 * by a lockfile made from this repository's.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../src/browser/chromium.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let base: string;
let project: string;
let packed: string[];

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

/** The tarball as `npm pack` makes it, prepack included, from a copy of this checkout (the build writes lib/ there). */
function pack(): string {
  const copy = join(base, 'authmail');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
  const sources = [
    'package.json',
    'tsconfig.lib.json',
    'README.md',
    'scripts',
    ...pkg.files.filter((f) => f !== 'lib'),
  ];
  for (const entry of sources)
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', base], {
    cwd: copy,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  // prepack's scripts print before npm's JSON.
  const [result] = JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string; files: { path: string }[] }[];
  packed = result?.files.map((f) => f.path) ?? [];
  return result?.filename as string;
}

type LockEntry = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };

/** The lockfile paths `dependencies` need, found as Node does: the nearest `node_modules/<name>` up from the dependent. */
function dependencyClosure(lockPackages: Record<string, LockEntry>, dependencies: Record<string, string>): Set<string> {
  const found = new Set<string>();
  const visit = (from: string, names: string[]) => {
    for (const name of names) {
      let dir = from;
      for (;;) {
        const path = `${dir ? `${dir}/` : ''}node_modules/${name}`;
        if (lockPackages[path]) {
          if (!found.has(path)) {
            found.add(path);
            const entry = lockPackages[path] as LockEntry;
            visit(path, [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {})]);
          }
          break;
        }
        if (!dir) break;
        const up = dir.lastIndexOf('/node_modules/');
        dir = up === -1 ? '' : dir.slice(0, up);
      }
    }
  };
  visit('', Object.keys(dependencies));
  return found;
}

let tarballSpec: string;
let tarballEntry: Record<string, unknown>;

/**
 * The project's lockfile for the devDependencies its package.json names: authmail from the tarball, every
 * other package as this repository's lockfile pins it (so npm finds it in its cache), then `npm ci`.
 */
function install(devDependencies: Record<string, string>) {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const packages: Record<string, unknown> = {
    '': { name: 'team', devDependencies },
    'node_modules/authmail': tarballEntry,
  };
  const others = Object.fromEntries(Object.entries(devDependencies).filter(([name]) => name !== 'authmail'));
  for (const path of dependencyClosure(lock.packages, { ...pkg.dependencies, ...others })) {
    packages[path] = { ...lock.packages[path], dev: true, devOptional: undefined };
  }
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'team', lockfileVersion: 3, requires: true, packages }),
  );
  const installed = spawnSync('npm', ['ci', '--offline', '--no-audit', '--no-fund'], {
    cwd: project,
    encoding: 'utf8',
  });
  if (installed.status !== 0) throw new Error(`npm ci in the project failed:\n${installed.stderr.slice(-3000)}`);
}

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'authmail-package-'));
  project = join(base, 'team');
  mkdirSync(project);
  const tarball = pack();
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  tarballSpec = `file:../${tarball}`;
  tarballEntry = {
    version: pkg.version,
    resolved: tarballSpec,
    integrity: `sha512-${createHash('sha512')
      .update(readFileSync(join(base, tarball)))
      .digest('base64')}`,
    dev: true,
    dependencies: pkg.dependencies,
    bin: pkg.bin,
    engines: pkg.engines,
  };
  // What `npm init -y` (npm 11) writes, then `npm i -D authmail`.
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({
      name: 'team',
      version: '1.0.0',
      main: 'index.js',
      scripts: { test: 'echo "Error: no test specified" && exit 1' },
      type: 'commonjs',
      devDependencies: { authmail: tarballSpec },
    }),
  );
  install({ authmail: tarballSpec });
}, 300_000);

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('the packed tarball in a fresh project', () => {
  it('ships the compiled runtime and the prebuilt preview app, not this repository’s build output', () => {
    expect(packed).toContain('lib/runtime/index.js');
    expect(packed).toContain('lib/preview-app/index.html');
    expect(packed.some((f) => f.startsWith('dist/') || f.startsWith('tests/'))).toBe(false);
  });

  it('installs the CLI with nothing else', () => {
    expect(existsSync(join(project, 'node_modules/authmail/src/cli/main.ts'))).toBe(true);
    const help = authmail(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/init\s+Start a project/);
  });

  it('init after npm init -y: npm test and tsc --noEmit are green on day one, with TypeScript 5 and the newest', () => {
    const init = authmail(['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain(`package.json: replaced npm's placeholder "test" script`);
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8'));
    expect(pkg.scripts.test).toBe('authmail check --strict && authmail test:visual');
    expect(Object.keys(pkg.devDependencies).sort()).toEqual(['@types/react', 'authmail', 'typescript']);
    install(pkg.devDependencies);

    // The first local run records the visual baselines (three locales: default, RTL, CJK), and passes.
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env.CI;
    const test = spawnSync('npm', ['test'], { cwd: project, encoding: 'utf8', env, timeout: 280_000 });
    expect(test.status, test.stdout.slice(-3000) + test.stderr.slice(-2000)).toBe(0);
    expect(test.stdout).toMatch(/check: 189 passed, 0 failed/);
    expect(test.stdout).toMatch(/recorded 135 new baselines in tests\/visual\/baselines\/: review them/);
    expect(existsSync(join(project, 'tests/visual/baselines/ar/sign-in.mobile-dark.webp'))).toBe(true);
    expect(existsSync(join(project, 'tests/visual/baselines/de'))).toBe(false);
    // In CI, with them committed, the same run compares.
    const ci = authmail(['test:visual', '--ci']);
    expect(ci.code, ci.stdout + ci.stderr).toBe(0);
    expect(ci.stdout).toContain('visual: 135 passed, 0 failed');

    // A team's type-check: its own TypeScript (the newest), and TypeScript 5.
    for (const tsc of [
      join(project, 'node_modules/typescript/bin/tsc'),
      join(ROOT, 'node_modules/typescript-5/bin/tsc'),
    ]) {
      const checked = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: project, encoding: 'utf8' });
      expect(checked.status, `${tsc}: ${checked.stdout}${checked.stderr}`).toBe(0);
    }
  }, 300_000);

  it('init, add a template and a locale, build, send, check and export, in the project', () => {
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
    const files = authmail(['export', 'files']);
    expect(files.code, files.stderr).toBe(0);
    const index = JSON.parse(readFileSync(join(project, 'export/files/index.json'), 'utf8'));
    expect(index.templates).toContainEqual(expect.objectContaining({ template: 'magic-link', locale: 'nl' }));
    const exported = authmail(['export', 'sendgrid']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(existsSync(join(project, 'export/sendgrid/index.json'))).toBe(true);
  }, 300_000);

  it('test:visual --update writes the project’s baselines, then test:visual passes against them', () => {
    const only = ['--template', 'magic-link', '--locale', 'en,nl'];
    const update = authmail(['test:visual', '--update', ...only]);
    expect(update.code, update.stdout + update.stderr).toBe(0);
    // Four variants and the stress values, for each of the two locales.
    expect(update.stdout).toContain('updated 10 baselines');
    expect(existsSync(join(project, 'tests/visual/baselines/nl/magic-link.mobile-dark.webp'))).toBe(true);
    expect(existsSync(join(project, 'tests/visual/baselines/nl/magic-link.stress-mobile-light.webp'))).toBe(true);
    const again = authmail(['test:visual', ...only]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain('visual: 10 passed, 0 failed');
  }, 300_000);

  it('preview build writes a static review site from the installed package, with the visual report', () => {
    const site = authmail(['preview', 'build', '--no-browser']);
    expect(site.code, site.stdout + site.stderr).toBe(0);
    expect(site.stdout).toMatch(/^preview build: \d+ emails/);
    const page = readFileSync(join(project, 'preview-build/index.html'), 'utf8');
    expect(page).toContain('"magic-link"');
    expect(existsSync(join(project, 'preview-build/emails/nl/magic-link.dark.html'))).toBe(true);
    expect(existsSync(join(project, 'preview-build/visual/report.html'))).toBe(true);
  }, 300_000);

  it('dev serves the shipped app (no Vite build) and shows the first template in Chromium', async () => {
    const child = spawn(join(project, 'node_modules/.bin/authmail'), ['dev', '--port', '0'], {
      cwd: project,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const browser = await launchChromium();
    try {
      const deadline = Date.now() + 60_000;
      let url: string | undefined;
      while (!url && Date.now() < deadline) {
        url = /authmail preview: (http:\/\/\S+)/.exec(output)?.[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(url, output).toBeDefined();
      const page = await browser.newPage();
      await page.goto(url as string);
      const pane = page.locator('.pane[data-rendered]').first();
      await pane.waitFor({ timeout: 30_000 });
      const frame = await (await pane.locator('iframe').elementHandle())?.contentFrame();
      await expect.poll(async () => (await frame?.evaluate(() => document.body.innerText)) ?? '').toMatch(/\d{6}/);
      expect(output).not.toContain('built the preview app');
    } finally {
      await browser.close();
      child.kill('SIGINT');
    }
  }, 120_000);
});
