import cluster from 'node:cluster';
import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE =
  'authmail serve [--port <n>] [--host <address>] [--workers <n>] [--config <file>] [--bundle <dir>] [--transport outbox|smtp|http]';

export const serve: Command = {
  summary: 'Serve the endpoint for Logto’s HTTP email connector (render + send, rate-limited)',
  usage: USAGE,
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    config: { type: 'string', short: 'c' },
    bundle: { type: 'string' },
    transport: { type: 'string' },
    /** Processes sharing the port (node:cluster); limits are shared through serve.rateLimit.redis. */
    workers: { type: 'string', short: 'w' },
  },
  async run({ values, positionals, stdout, stderr, cwd }) {
    if (positionals.length) {
      stderr.write(`authmail serve: unexpected argument ${JSON.stringify(positionals[0])}\nUsage: ${USAGE}\n`);
      return 1;
    }
    let port: number | undefined;
    if (values.port !== undefined) {
      port = Number(values.port);
      if (!/^\d+$/.test(String(values.port)) || port > 65_535) {
        stderr.write(`authmail serve: --port must be a port number (0–65535), got "${String(values.port)}"\n`);
        return 1;
      }
    }
    const workers = values.workers === undefined ? 1 : Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
      stderr.write(`authmail serve: --workers must be a whole number from 1 to 64, got "${String(values.workers)}"\n`);
      return 1;
    }
    const config = await commandConfig('serve', values.config, cwd, stderr, ['send']);
    if (workers > 1 && cluster.isPrimary) {
      if (!config.serve.rateLimit.redis) {
        stderr.write(
          `authmail serve: warning: ${workers} workers without serve.rateLimit.redis count their rate limits each on their own (up to ${workers}× the limits); set serve.rateLimit.redis to share them\n`,
        );
      }
      const { runPrimary } = await import('../../serve/cluster.ts');
      return runPrimary({
        workers,
        metrics: config.serve.metrics,
        write: (line) => stdout.write(line),
        fail: (line) => stderr.write(`authmail serve: ${line}\n`),
      });
    }
    // Loaded only now: the server and the sender are React-free, and so stays this process's request path.
    const { serveFromConfig } = await import('../../serve/from-config.ts');
    // `ready`: a cluster worker's report to its primary, sent before the `listening` line.
    const start = async (ready?: () => Promise<void>) => {
      const server = await serveFromConfig(config, {
        cwd,
        bundleDir: values.bundle as string | undefined,
        transport: values.transport as string | undefined,
        host: values.host as string | undefined,
        port,
        write: (line) => stdout.write(line),
        onListening: ready,
      });
      const stop = () => {
        void server.close();
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      void server.closed.finally(() => {
        process.off('SIGTERM', stop);
        process.off('SIGINT', stop);
      });
      return server;
    };
    if (cluster.isWorker) {
      const { runWorker } = await import('../../serve/cluster.ts');
      return runWorker(start, (line) => stdout.write(line));
    }
    await (await start()).closed;
    return 0;
  },
};
