/**
 * `npm test`: every suite of this repository in one run, ending with one line
 * `N passed, N failed` for all of it, so CI and a reader see at once what ran.
 *
 * Each step runs even when an earlier one failed (a type error should not hide
 * a failing test). Type-check and lint count as one test each; Vitest counts
 * its tests; `authmail check` and `authmail test:visual` count what their own
 * last line reports (emails, screenshots).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface Step {
  name: string;
  command: string[];
  /** Counts from the step's output; without one, the exit code counts as one test. */
  count?: (output: string) => { passed: number; failed: number } | undefined;
}

const resultsDir = 'test-results';
const vitestJson = join(resultsDir, 'vitest.json');

/** The last `<word>: N passed, N failed` line a command printed. */
function lastSummary(output: string): { passed: number; failed: number } | undefined {
  const all = [...output.matchAll(/^(?:[\w:-]+: )?(\d+) passed, (\d+) failed\b/gm)];
  const last = all.at(-1);
  return last ? { passed: Number(last[1]), failed: Number(last[2]) } : undefined;
}

function vitestCounts(): { passed: number; failed: number } | undefined {
  try {
    const report = JSON.parse(readFileSync(vitestJson, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      numFailedTestSuites?: number;
    };
    // A file that fails to load has no tests of its own: count it as one failure.
    const suiteFailures = report.numFailedTests === 0 ? (report.numFailedTestSuites ?? 0) : 0;
    return { passed: report.numPassedTests, failed: report.numFailedTests + suiteFailures };
  } catch {
    return undefined;
  }
}

const steps: Step[] = [
  // The TypeScript, then the plain JavaScript `authmail dev` starts with (checked from its JSDoc).
  { name: 'typecheck', command: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'lint', command: ['npx', 'biome', 'ci', '.'] },
  {
    name: 'vitest',
    command: ['npx', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    count: () => vitestCounts(),
  },
  { name: 'check', command: ['node', 'bin/authmail.mjs', 'check', '--strict'], count: lastSummary },
  // Every locale (a new project shoots three), and a missing baseline fails even outside CI.
  {
    name: 'visual',
    command: ['node', 'bin/authmail.mjs', 'test:visual', '--locale', 'all', '--ci'],
    count: lastSummary,
  },
];

function run(command: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const [bin, ...args] = command as [string, ...string[]];
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
    child.on('error', (error) => resolve({ code: 1, output: String(error) }));
  });
}

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const chosen = only.length ? steps.filter((s) => only.includes(s.name)) : steps;
  mkdirSync(resultsDir, { recursive: true });
  rmSync(vitestJson, { force: true });
  const rows: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const step of chosen) {
    process.stdout.write(`\n── ${step.name}: ${step.command.join(' ')}\n`);
    const started = Date.now();
    const { code, output } = await run(step.command);
    const seconds = Math.round((Date.now() - started) / 1000);
    let counts = step.count?.(output) ?? (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
    // A non-zero exit with nothing counted as failed (a crash, a strict warning) is still a failure.
    if (code !== 0 && counts.failed === 0) counts = { passed: counts.passed, failed: 1 };
    passed += counts.passed;
    failed += counts.failed;
    // The time per step shows where CI's 30 minutes go.
    rows.push(
      `  ${step.name.padEnd(10)} ${counts.passed} passed, ${counts.failed} failed (exit ${code}, ${seconds} s)`,
    );
  }
  process.stdout.write(`\n${rows.join('\n')}\n${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
