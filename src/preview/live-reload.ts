/**
 * Live reload: the server-sent event stream the page listens to (`reload`,
 * `inbox`), and the file watcher that reloads the workspace when a
 * template, a shared module, the config, a toolkit source the build uses or
 * a locale file changes (duplicate fs.watch events within 15 ms are one).
 */
import { type FSWatcher, watch } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, relative, sep } from 'node:path';
import type { ReloadEvent } from './protocol.ts';
import type { Workspace } from './workspace.ts';

export function createEventStream() {
  const clients = new Set<ServerResponse>();
  const keepAlive = setInterval(() => {
    for (const client of clients) client.write(': keep-alive\n\n');
  }, 20_000);
  keepAlive.unref();
  return {
    /** Answers `GET /api/events`: the stream, opened with a `hello` carrying `data`. */
    open(req: IncomingMessage, res: ServerResponse, data: unknown) {
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(`retry: 500\nevent: hello\ndata: ${JSON.stringify(data)}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    broadcast(event: string, data: unknown) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      for (const client of clients) client.write(frame);
    },
    close() {
      clearInterval(keepAlive);
      for (const client of clients) client.end();
    },
  };
}

export type EventStream = ReturnType<typeof createEventStream>;

export function watchProject(options: {
  root: string;
  /** The toolkit's own folder: its sources are watched too (the engine is built from them). */
  toolkit: string;
  workspace: Workspace;
  onReload: (event: ReloadEvent) => void;
  log: (line: string) => void;
}): { close(): void } {
  const { root, workspace } = options;
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    const locales = files.some((f) => f.startsWith(`locales${sep}`));
    const code = files.some((f) => !f.startsWith(`locales${sep}`));
    const result = await workspace.reload({ code, locales, files: files.map((f) => join(root, f)) });
    options.onReload({ generation: workspace.generation, files, ms: result.ms, error: result.error });
    options.log(
      result.error
        ? `✗ ${files.join(', ')}: ${result.error.message.split('\n')[0]}`
        : `↻ ${files.join(', ')} (${result.ms.toFixed(0)} ms)`,
    );
  };
  const onChange = (dir: string) => (_event: string, filename: string | Buffer | null) => {
    if (!filename) return;
    const abs = join(dir, filename.toString());
    const rel = relative(root, abs);
    const relevant =
      (rel.startsWith(`locales${sep}`) && rel.endsWith('.json')) ||
      (rel.startsWith(`emails${sep}`) && /\.(tsx?|jsx?|mjs|json)$/.test(rel)) ||
      workspace.files.has(abs);
    if (!relevant) return;
    changed.add(rel);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), 15);
  };
  const watched = [
    ...[join(root, 'emails'), join(root, 'locales'), join(options.toolkit, 'src')].map((dir) => [dir, true] as const),
    [root, false] as const,
  ];
  const watchers: FSWatcher[] = [...new Map(watched)].flatMap(([dir, recursive]) => {
    try {
      return [watch(dir, { recursive }, onChange(dir))];
    } catch {
      return []; // a folder the project does not have
    }
  });
  for (const w of watchers) w.on('error', () => undefined);
  return {
    close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
