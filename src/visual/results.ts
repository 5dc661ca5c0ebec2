/**
 * The last visual run, kept as `results.json` beside its report, so that the
 * preview can list the failing comparisons and approve one: approving copies
 * that shot's actual image over its baseline, which is what
 * `test:visual --update` does for it. Paths are stored relative to the run's
 * project root and resolved against it again; an approval only ever writes
 * `<baselines>/<locale>/<template>.<variant>.webp` for a failure of the run.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { IMAGE_EXT, LEGACY_IMAGE_EXT } from './image-type.ts';

export const RESULTS_FILE = 'results.json';

/**
 * `<locale>/<template>.[stress-]<viewport>-<scheme>`: letters, digits, `-`, `_` only (no `..`, no separators
 * besides the one).
 */
const SHOT_ID = /^[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+\.[a-z]+(-[a-z]+)+$/;

const failureSchema = z.object({
  id: z.string().regex(SHOT_ID),
  reason: z.string(),
  diffPixels: z.number().optional(),
  /** Files relative to the run's output folder. */
  files: z.object({ expected: z.string().optional(), actual: z.string(), diff: z.string().optional() }),
  /** When the preview approved it (ISO time). */
  approvedAt: z.string().optional(),
});

const resultsSchema = z.object({
  version: z.literal(1),
  finishedAt: z.string(),
  shots: z.number(),
  passed: z.number(),
  /** The baselines folder the run compared with, relative to the project root. */
  baselines: z.string(),
  failures: z.array(failureSchema),
});

export type VisualRunRecord = z.infer<typeof resultsSchema>;
export type RecordedFailure = z.infer<typeof failureSchema>;
export type ShotFile = keyof RecordedFailure['files'];

/** One failing comparison of a run, with its image files (absolute paths). */
export interface VisualFailure {
  id: string;
  reason: string;
  diffPixels?: number | undefined;
  expected?: string | undefined;
  actual: string;
  diff?: string | undefined;
}

export interface RunSummary {
  shots: number;
  passed: number;
  failures: readonly VisualFailure[];
}

export async function writeRunRecord(run: RunSummary, outDir: string, baselineDir: string, root: string) {
  const rel = (p: string | undefined) => (p === undefined ? undefined : relative(outDir, p));
  const record: VisualRunRecord = {
    version: 1,
    finishedAt: new Date().toISOString(),
    shots: run.shots,
    passed: run.passed,
    baselines: relative(root, baselineDir),
    failures: run.failures.map((f) => ({
      id: f.id,
      reason: f.reason,
      diffPixels: f.diffPixels,
      files: { expected: rel(f.expected), actual: relative(outDir, f.actual), diff: rel(f.diff) },
    })),
  };
  await writeFile(join(outDir, RESULTS_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** The last run in `outDir`, or undefined when there was none; an unreadable record is an error naming the file. */
export async function readRunRecord(outDir: string): Promise<VisualRunRecord | undefined> {
  const path = join(outDir, RESULTS_FILE);
  if (!existsSync(path)) return undefined;
  const parsed = resultsSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a visual run record: run \`authmail test:visual\` again`);
  return parsed.data;
}

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** `path` with every symlink of its longest existing part followed (the rest, not there yet, appended). */
async function realPath(path: string): Promise<string> {
  let rest = '';
  for (let at = resolve(path); ; ) {
    try {
      return join(await realpath(at), rest);
    } catch {
      const up = dirname(at);
      if (up === at) return resolve(path);
      rest = join(basename(at), rest);
      at = up;
    }
  }
}

/** Whether `path`, followed through its symlinks, lies inside `dir`, followed through its own. */
export async function insideReally(dir: string, path: string): Promise<boolean> {
  return inside(await realPath(dir), await realPath(path));
}

/** The file of one failure's image, only when it lies inside the output folder (symlinks followed). */
export async function shotFile(outDir: string, failure: RecordedFailure, which: ShotFile): Promise<string | undefined> {
  const file = failure.files[which];
  if (file === undefined) return undefined;
  const path = resolve(outDir, file);
  return inside(outDir, path) && (await insideReally(outDir, path)) ? path : undefined;
}

export class ApproveError extends Error {
  constructor(
    readonly code: 'NO_RUN' | 'NOT_A_FAILURE' | 'OUTSIDE_PROJECT' | 'NO_IMAGE' | 'BASELINES_MOVED',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Writes failing shots' actual images as their baselines and marks them approved in the record: all
 * of them, or none when one cannot be (each is checked first). Writes go only into `baselines` — the
 * config's folder, which must be the one the run compared with — by real path: a symlink out of it, or
 * out of the project, is refused, and each file is written beside its target and renamed over it (a
 * baseline that is a symlink is replaced, never written through). Returns the baselines' paths
 * relative to the project root, in the order of `ids`.
 */
export async function approveShots(options: {
  outDir: string;
  root: string;
  /** The config's `visual.baselines`, absolute. */
  baselines: string;
  ids: readonly string[];
}): Promise<string[]> {
  const { outDir, root, baselines, ids } = options;
  const record = await readRunRecord(outDir);
  if (!record)
    throw new ApproveError(
      'NO_RUN',
      `No visual run in ${relative(root, outDir) || '.'}: run \`authmail test:visual\` first`,
    );
  const shown = relative(root, baselines) || '.';
  if (resolve(root, record.baselines) !== resolve(baselines)) {
    throw new ApproveError(
      'BASELINES_MOVED',
      `The last visual run compared with ${record.baselines}, the config's visual.baselines is ${shown}: run \`authmail test:visual\` again`,
    );
  }
  if (!inside(root, baselines) || !(await insideReally(root, baselines))) {
    throw new ApproveError('OUTSIDE_PROJECT', `The baselines folder ${shown} is outside the project`);
  }
  const plan: { failure: RecordedFailure; actual: string; target: string }[] = [];
  const failures = new Map(record.failures.map((f) => [f.id, f]));
  // One locale folder holds many shots: each folder's real path is checked once.
  const folders = new Map<string, Promise<boolean>>();
  const confined = (dir: string) => {
    if (!folders.has(dir)) folders.set(dir, insideReally(baselines, dir));
    return folders.get(dir) as Promise<boolean>;
  };
  for (const id of ids) {
    const failure = failures.get(id);
    if (!failure) throw new ApproveError('NOT_A_FAILURE', `${id} is not a failing comparison of the last visual run`);
    const target = join(baselines, `${failure.id}${IMAGE_EXT}`);
    if (!inside(baselines, target) || !(await confined(dirname(target)))) {
      throw new ApproveError('OUTSIDE_PROJECT', `${dirname(relative(root, target))} leads out of ${shown} (a symlink)`);
    }
    const actual = await shotFile(outDir, failure, 'actual');
    if (!actual || !existsSync(actual))
      throw new ApproveError('NO_IMAGE', `The actual image of ${id} is gone: run \`authmail test:visual\` again`);
    plan.push({ failure, actual, target });
  }
  for (const { failure, actual, target } of plan) {
    await mkdir(dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await copyFile(actual, temporary);
    await rename(temporary, target);
    await rm(join(baselines, `${failure.id}${LEGACY_IMAGE_EXT}`), { force: true });
    failure.approvedAt = new Date().toISOString();
  }
  await writeFile(join(outDir, RESULTS_FILE), `${JSON.stringify(record, null, 2)}\n`);
  return plan.map(({ target }) => relative(root, target));
}
