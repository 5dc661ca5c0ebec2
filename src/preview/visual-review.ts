/**
 * The preview's visual review: the failing comparisons of the last
 * `authmail test:visual` (its `results.json`), their images, and approving
 * some (their actual images become the baselines, in the config's
 * `visual.baselines` only). Images are served only for a failure of that run,
 * from files inside its output folder by real path.
 */
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { ApproveError, approveShots, readRunRecord, type ShotFile, shotFile } from '../visual/results.ts';
import type { ApproveRequest, ApproveResponse, VisualReview } from './protocol.ts';
import type { Workspace } from './workspace.ts';

const KINDS: readonly ShotFile[] = ['expected', 'actual', 'diff'];

export function visualReview(workspace: Workspace) {
  const folders = async () => {
    const { visual } = await workspace.config();
    return { out: resolve(workspace.root, visual.out), baselines: resolve(workspace.root, visual.baselines) };
  };
  const outDir = async () => (await folders()).out;

  return {
    async list(): Promise<VisualReview> {
      const out = await outDir();
      const record = await readRunRecord(out);
      const url = (kind: ShotFile, id: string, present: unknown) =>
        present === undefined
          ? undefined
          : `/__visual/${kind}/${id}.webp?run=${encodeURIComponent(record?.finishedAt ?? '')}`;
      return {
        out: relative(workspace.root, out) || '.',
        run: record
          ? {
              finishedAt: record.finishedAt,
              shots: record.shots,
              passed: record.passed,
              baselines: record.baselines,
              failures: record.failures.map((f) => ({
                id: f.id,
                reason: f.reason,
                diffPixels: f.diffPixels,
                approvedAt: f.approvedAt,
                images: {
                  expected: url('expected', f.id, f.files.expected),
                  actual: url('actual', f.id, f.files.actual) as string,
                  diff: url('diff', f.id, f.files.diff),
                },
              })),
            }
          : null,
      };
    },

    /** `/__visual/<kind>/<id>.webp`: the image, or undefined for anything that is not an image of a failure. */
    async image(path: string): Promise<Buffer | undefined> {
      const match = /^\/__visual\/([a-z]+)\/(.+)\.webp$/.exec(path);
      const kind = match?.[1] as ShotFile | undefined;
      if (!match || !kind || !KINDS.includes(kind)) return undefined;
      const out = await outDir();
      const failure = (await readRunRecord(out))?.failures.find((f) => f.id === match[2]);
      const file = failure && (await shotFile(out, failure, kind));
      return file ? readFile(file).catch(() => undefined) : undefined;
    },

    /** The request was validated by requests.ts; whether each id is a failure of the last run is checked here. */
    async approve({ ids }: ApproveRequest): Promise<ApproveResponse> {
      try {
        const { out, baselines } = await folders();
        return { ok: true, ids, baselines: await approveShots({ outDir: out, root: workspace.root, baselines, ids }) };
      } catch (error) {
        if (error instanceof ApproveError) return { ok: false, error: { code: error.code, message: error.message } };
        throw error;
      }
    },
  };
}
