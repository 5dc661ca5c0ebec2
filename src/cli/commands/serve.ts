import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

const USAGE =
  'authmail serve [--port <n>] [--host <address>] [--config <file>] [--bundle <dir>] [--transport outbox|smtp|http]';

export const serve: Command = {
  summary: 'Serve the endpoint for Logto’s HTTP email connector (render + send, rate-limited)',
  usage: USAGE,
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    config: { type: 'string', short: 'c' },
    bundle: { type: 'string' },
    transport: { type: 'string' },
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
    const config = await commandConfig('serve', values.config, cwd, stderr, ['send']);
    // Loaded only now: the server and the sender are React-free, and so stays this process's request path.
    const { serveFromConfig } = await import('../../serve/from-config.ts');
    const server = await serveFromConfig(config, {
      cwd,
      bundleDir: values.bundle as string | undefined,
      transport: values.transport as string | undefined,
      host: values.host as string | undefined,
      port,
      write: (line) => stdout.write(line),
    });
    const stop = () => {
      void server.close();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    try {
      await server.closed;
    } finally {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    }
    return 0;
  },
};
