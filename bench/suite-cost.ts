/**
 * What the quality suites cost a team: `authmail check` (with and without the
 * browser) and `authmail test:visual` on this repository's default content
 * (every locale), and on a new project made by `authmail init` (its default
 * visual selection: the default locale, one right-to-left and one CJK
 * locale), with the size of the baselines each commits.
 *
 *   npx tsx bench/suite-cost.ts [--skip-repo] [--skip-new]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin/authmail.mjs');
const args = new Set(process.argv.slice(2));

function timed(label: string, cwd: string, cliArgs: string[]): void {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...cliArgs], { cwd, encoding: 'utf8', env: { ...process.env, CI: '' } });
  const seconds = (performance.now() - started) / 1000;
  const last = `${r.stdout}`.trimEnd().split('\n').at(-1);
  console.log(`${label.padEnd(58)} ${seconds.toFixed(1).padStart(6)} s   ${last}`);
  if (r.status !== 0) console.log(r.stderr.slice(-2000));
}

function baselines(dir: string): string {
  let files = 0;
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else {
        files++;
        bytes += statSync(join(d, e.name)).size;
      }
    }
  };
  walk(dir);
  return `${files} files, ${(bytes / 1e6).toFixed(1)} MB (${(bytes / files / 1e3).toFixed(1)} KB each)`;
}

if (!args.has('--skip-repo')) {
  console.log('default content (this repository, 9 templates × 21 locales)');
  timed('authmail check --no-browser', ROOT, ['check', '--no-browser']);
  timed('authmail check', ROOT, ['check']);
  timed('authmail test:visual --locale all', ROOT, ['test:visual', '--locale', 'all']);
  console.log(`baselines: ${baselines(join(ROOT, 'tests/visual/baselines'))}`);
}

if (!args.has('--skip-new')) {
  const dir = mkdtempSync(join(tmpdir(), 'authmail-bench-'));
  try {
    execFileSync(process.execPath, [CLI, 'init'], { cwd: dir, stdio: 'ignore' });
    // The project's templates import `authmail/email`: this checkout stands in for the installed package.
    mkdirSync(join(dir, 'node_modules'), { recursive: true });
    symlinkSync(ROOT, join(dir, 'node_modules/authmail'), 'dir');
    console.log('\na new project (authmail init; default visual selection)');
    timed('authmail check --strict', dir, ['check', '--strict']);
    timed('authmail test:visual (first run: records the baselines)', dir, ['test:visual']);
    timed('authmail test:visual (compares)', dir, ['test:visual']);
    console.log(`baselines: ${baselines(join(dir, 'tests/visual/baselines'))}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
