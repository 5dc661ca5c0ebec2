/**
 * `authmail queue`: what the send queue holds and what became of its jobs —
 * jobs per state, the oldest one's age, the outcome totals, and the most
 * recent failures with their reason (recipients masked).
 */
import { createQueueFromConfig } from '../../send/from-config.ts';
import { bundleFor } from '../bundle.ts';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE = 'authmail queue [--failed <n>] [--json] [--config <file>] [--bundle <dir>]';

export const queue: Command = {
  summary: 'Show the send queue: jobs waiting, delivered, failed and dropped, and recent failures',
  usage: USAGE,
  options: {
    failed: { type: 'string' },
    json: { type: 'boolean' },
    bundle: { type: 'string' },
  },
  async run({ values, positionals, stdout, stderr, cwd }) {
    if (positionals.length) {
      stderr.write(`authmail queue: unexpected argument ${JSON.stringify(positionals[0])}\nUsage: ${USAGE}\n`);
      return 1;
    }
    const limit = values.failed === undefined ? 10 : Number(values.failed);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1000) {
      stderr.write(`authmail queue: --failed must be a whole number from 0 to 1000, got "${String(values.failed)}"\n`);
      return 1;
    }
    const config = await commandConfig('queue', values.config, cwd, stderr, ['send']);
    const bundle = await bundleFor(values.bundle as string | undefined, cwd, stderr, 'queue', config);
    const q = await createQueueFromConfig(config, { bundle });
    try {
      const [stats, failures] = await Promise.all([q.stats(), limit ? q.failures(limit) : []]);
      if (values.json) {
        stdout.write(`${JSON.stringify({ queue: q.name, ...stats, failures }, null, 2)}\n`);
        return 0;
      }
      const o = stats.outcomes;
      stdout.write(
        `queue ${q.name}: ${stats.waiting} waiting, ${stats.active} being delivered, ${stats.delayed} waiting to retry` +
          `${stats.oldestAgeMs ? ` (oldest ${Math.round(stats.oldestAgeMs / 1000)} s)` : ''}\n` +
          `since the start: ${o.delivered} delivered, ${o.failed} failed, ${o.expired} dropped as expired, ${o.retried} retries\n`,
      );
      for (const f of failures)
        stdout.write(`  ${f.failedAt ?? '?'}  ${f.id}  ${f.template} to ${f.to}: ${f.reason}\n`);
      return 0;
    } finally {
      await q.close();
    }
  },
};
