import { configWarnings } from '../../config/warnings.ts';
import type { Command } from '../command.ts';

const portOption = (value: unknown, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`--${name} must be a port number (0–65535), got "${String(value)}"`);
  }
  return port;
};

export const dev: Command = {
  summary: 'Preview every template × locale in the browser, live, with a local inbox',
  usage: 'authmail dev [--port 3737] [--smtp-port 0] [--app-dev]',
  options: {
    port: { type: 'string' },
    'smtp-port': { type: 'string' },
    'app-dev': { type: 'boolean', default: false },
  },
  async run({ values, stdout, stderr, cwd }) {
    let port: number | undefined;
    let smtpPort: number | undefined;
    try {
      port = portOption(values.port, 'port');
      smtpPort = portOption(values['smtp-port'], 'smtp-port');
    } catch (error) {
      stderr.write(`authmail dev: ${(error as Error).message}\nUsage: ${dev.usage}\n`);
      return 1;
    }
    const started = performance.now();
    // Listened for from the start: a Ctrl-C in the first second (before the inbox is up) still closes the
    // server in order (the next start's first view and dependencies are kept), rather than Node's default exit.
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    const { startPreviewServer } = await import('../../preview/server.ts');
    const server = await startPreviewServer({
      root: cwd,
      port,
      smtpPort,
      appDev: values['app-dev'] === true,
      log: (line) => stdout.write(`${line}\n`),
    });
    stdout.write(`authmail preview: ${server.url}  (listening after ${Math.round(performance.now() - started)} ms)\n`);
    void (async () => {
      await server.workspace.ready();
      if (server.workspace.error) stderr.write(`${server.workspace.error.message}\n`);
      else
        for (const warning of configWarnings(await server.workspace.config(), ['brand']))
          stderr.write(`authmail dev: warning: ${warning}\n`);
      const inbox = await server.inbox;
      stdout.write(`local inbox: smtp://${inbox.host}:${inbox.port}  (test sends stay on this machine)\n`);
      await server.live;
      stdout.write('live reload: ready (a save shows in the open page)\n');
    })().catch((error: unknown) => stderr.write(`authmail dev: ${(error as Error)?.message ?? String(error)}\n`));
    await stopped;
    await server.close();
    return 0;
  },
};
