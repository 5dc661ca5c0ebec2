/**
 * Live reload: the server-sent event stream the page listens to (`reload`,
 * `inbox`), and the file watcher that reloads the workspace when a
 * template, a shared module, the config, a toolkit source the build uses or
 * a locale file changes (events within 15 ms are one reload).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join, relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
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

const IN_NODE_MODULES = /[/\\]node_modules([/\\]|$)/;

/**
 * Watches folders, not files: a save that replaces a file (an editor's "atomic"
 * or "safe write", `sed -i`, `git checkout`) gives it a new inode, which a watch on
 * the file — what Node 20's recursive `fs.watch` sets on Linux — loses for good.
 * chokidar watches each folder and re-resolves a path after a rename. `emails/`,
 * `locales/` and the toolkit's sources (unless installed) are watched in depth; the project root and
 * the folder of any other file the code imports (a shared component outside
 * `emails/`) one level deep, the latter re-read after every reload.
 *
 * chokidar drops, rather than delays, a change that comes within 50 ms of the last one it reported for a
 * file (and one whose mtime equals the last, as two writes in one tick of the kernel's clock have): a
 * formatter's second write, or a save right after a fast reload, would leave the preview on the older
 * text. So each file an event named is read again once events for it stop, and reloaded if it is not
 * what the last reload read.
 */
export function watchProject(options: {
  root: string;
  /** The toolkit's own folder: its sources are watched too (the engine is built from them). */
  toolkit: string;
  workspace: Workspace;
  onReload: (event: ReloadEvent) => void;
  /** The watcher's own failure (a folder it cannot watch): saves may go unseen until a restart. */
  onError: (message: string) => void;
  log: (line: string) => void;
  /**
   * When the workspace began reading the files (ms since the epoch): a file changed since then, before the
   * watch was ready, is reloaded once it is (the server starts the watch after its first render).
   */
  since?: number | undefined;
}): { ready: Promise<void>; close(): Promise<void> } {
  const { root, workspace } = options;
  // The toolkit's sources only where they are being worked on: an installed authmail (under node_modules) is not
  // edited, and watching its few hundred files would cost the server some 15 MB.
  const toolkitSrc = join(options.toolkit, 'src');
  const installed = IN_NODE_MODULES.test(toolkitSrc);
  const deep = [join(root, 'emails'), join(root, 'locales'), ...(installed ? [] : [toolkitSrc])];
  const inDeep = (file: string) => deep.some((dir) => file.startsWith(dir + sep));
  /** The part of a path below the deep folder holding it (the toolkit itself may live in a node_modules). */
  const underDeep = (path: string) => path.slice(deep.find((dir) => path.startsWith(dir))?.length ?? 0);
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  /** What each file held when it was last reloaded (a digest; null when absent). */
  const reloaded = new Map<string, string | null>();
  const digest = (abs: string) => {
    try {
      return createHash('sha1').update(readFileSync(abs)).digest('base64');
    } catch {
      return null;
    }
  };
  /** Per file: the check once events for it stop (past chokidar's 50 ms). */
  const settles = new Map<string, NodeJS.Timeout>();
  const settle = (abs: string) => {
    clearTimeout(settles.get(abs));
    const check = setTimeout(() => {
      settles.delete(abs);
      if (digest(abs) !== reloaded.get(abs)) onChange('change', abs);
    }, 100);
    check.unref();
    settles.set(abs, check);
  };
  /** Watches the folders of imported files outside `emails/` and `locales/` too (set once the watch starts). */
  let followImports = () => {};
  const flush = async () => {
    timer = undefined;
    const files = [...changed];
    changed = new Set();
    // Read before the reload: a write during it is then seen as different by its settle check.
    for (const f of files) reloaded.set(join(root, f), digest(join(root, f)));
    const locales = files.some((f) => f.startsWith(`locales${sep}`));
    const code = files.some((f) => !f.startsWith(`locales${sep}`));
    const result = await workspace.reload({ code, locales, files: files.map((f) => join(root, f)) });
    options.onReload({ generation: workspace.generation, files, ms: result.ms, error: result.error });
    options.log(
      result.error
        ? `✗ ${files.join(', ')}: ${result.error.message.split('\n')[0]}`
        : `↻ ${files.join(', ')} (${result.ms.toFixed(0)} ms)`,
    );
    followImports();
  };
  const onChange = (_event: string, abs: string) => {
    const rel = relative(root, abs);
    const relevant =
      (rel.startsWith(`locales${sep}`) && rel.endsWith('.json')) ||
      (rel.startsWith(`emails${sep}`) && /\.(tsx?|jsx?|mjs|json)$/.test(rel)) ||
      workspace.files.has(abs);
    if (!relevant) return;
    changed.add(rel);
    settle(abs);
    clearTimeout(timer);
    timer = setTimeout(() => void flush(), 15);
  };
  const onError = (error: unknown) => {
    const message = `the file watcher failed (${(error as Error)?.message ?? String(error)}): saves may not reload until authmail dev restarts`;
    options.log(`✗ ${message}`);
    options.onError(message);
  };
  /** The watch, from the scan of every folder on: changes are reported from then on. */
  const start = async () => {
    // Imported when the watch starts (a second after the first email), not as the server starts.
    const { watch } = await import('chokidar');
    const inDepth = watch(deep, { ignoreInitial: true, ignored: (path) => IN_NODE_MODULES.test(underDeep(path)) });
    const shallow = watch(root, { ignoreInitial: true, depth: 0 });
    const watchers: FSWatcher[] = [inDepth, shallow];
    for (const w of watchers) w.on('all', onChange).on('error', onError);
    const shallowDirs = new Set([root]);
    followImports = () => {
      for (const file of workspace.files) {
        const dir = dirname(file);
        if (inDeep(file) || shallowDirs.has(dir) || IN_NODE_MODULES.test(file)) continue;
        shallowDirs.add(dir);
        shallow.add(dir);
      }
    };
    void workspace.ready().then(followImports);
    const ready = Promise.all(watchers.map((w) => new Promise<void>((resolve) => w.once('ready', () => resolve()))));
    if (options.since !== undefined) {
      // Coarse file times: a write a few milliseconds before `since` may carry a time just under it.
      const since = options.since - 20;
      void ready.then(() => {
        const watched = Object.entries(inDepth.getWatched()).flatMap(([dir, names]) => names.map((n) => join(dir, n)));
        for (const file of new Set([...watched, ...workspace.files])) {
          const mtime = statSync(file, { throwIfNoEntry: false });
          if (mtime?.isFile() && mtime.mtimeMs >= since) onChange('change', file);
        }
      });
    }
    return { watchers, ready };
  };
  // A watch that cannot start is reported as the watcher's own failures are; start-up is over either way.
  const started = start().catch((error: unknown) => {
    onError(error);
    return undefined;
  });
  return {
    ready: started.then((watch) => watch?.ready).then(() => undefined),
    async close() {
      clearTimeout(timer);
      for (const check of settles.values()) clearTimeout(check);
      await Promise.all((await started)?.watchers.map((w) => w.close()) ?? []);
    },
  };
}
