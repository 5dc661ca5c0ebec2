/**
 * `authmail worker`: delivers the emails of `send.queue` through the
 * configured transport, JSON log lines on stdout (as `serve`). SIGTERM /
 * SIGINT stop taking jobs and let the ones in progress finish. A worker that
 * cannot start (no Redis, a refused password, no bundle) exits 1 with one line.
 */
import { resolve } from 'node:path';
import { secretsOf } from '../../core/redact.ts';
import { TRANSPORT_NAMES } from '../../providers/index.ts';
import { loadBundle } from '../../runtime/index.ts';
import { createQueueWorkerFromConfig } from '../../send/from-config.ts';
import { createLogger } from '../../serve/log.ts';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE = `authmail worker [--concurrency <n>] [--config <file>] [--bundle <dir>] [--transport ${TRANSPORT_NAMES.join('|')}]`;

export const worker: Command = {
  summary: 'Deliver the emails of the send queue (send.queue, BullMQ on Redis)',
  usage: USAGE,
  options: {
    concurrency: { type: 'string' },
    bundle: { type: 'string' },
    transport: { type: 'string' },
  },
  async run({ values, positionals, stdout, stderr, cwd }) {
    if (positionals.length) {
      stderr.write(`authmail worker: unexpected argument ${JSON.stringify(positionals[0])}\nUsage: ${USAGE}\n`);
      return 1;
    }
    const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
    if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
      stderr.write(
        `authmail worker: --concurrency must be a whole number from 1 to 256, got "${String(values.concurrency)}"\n`,
      );
      return 1;
    }
    const config = await commandConfig('worker', values.config, cwd, stderr, ['send']);
    const bundle = await loadBundle(resolve(cwd, (values.bundle as string | undefined) ?? 'dist'));
    const logger = createLogger({
      level: config.serve.logLevel,
      write: (line) => stdout.write(line),
      redact: secretsOf(config),
    });
    const running = await createQueueWorkerFromConfig(config, {
      bundle,
      cwd,
      transport: values.transport as string | undefined,
      concurrency,
      workerLog: (level, event, fields) => logger.log(level, event, fields),
    });
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
        logger.log('info', 'queue-worker-stopping', {});
        resolve();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    await running.close();
    logger.log('info', 'queue-worker-stopped', {});
    return 0;
  },
};
