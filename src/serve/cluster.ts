/**
 * `authmail serve --workers N`: the primary process forks N workers
 * (node:cluster) that run the same command and share its port; it sends
 * nothing itself. Each worker tells the primary when it listens, or why it
 * could not start, or why it crashed — one line, never a stack.
 *
 *   a worker cannot start (no bundle, the port in use…) → every worker stopped, exit 1 with the cause
 *   a worker crashes after it started                   → restarted after 1 s, doubling to 30 s while
 *                                                         crashes keep coming quickly
 *   5 quick crashes in a row (each within 10 s of its start) → every worker stopped, exit 1
 *   SIGTERM / SIGINT                                    → every worker shut down gracefully (in-flight
 *                                                         sends finish), exit 0
 *
 * With `serve.metrics` the primary sums the workers' metrics for whichever
 * worker is scraped. Limits are shared only through `serve.rateLimit.redis`.
 */
import cluster, { type Worker } from 'node:cluster';

const MESSAGE = 'authmail:worker';

/** What a worker tells the primary. */
type WorkerReport =
  | { type: typeof MESSAGE; state: 'ready' }
  | { type: typeof MESSAGE; state: 'failed'; reason: string };

export interface PrimaryOptions {
  workers: number;
  metrics: boolean;
  /** JSON log lines. */
  write: (line: string) => void;
  /** The one line of a fatal failure. */
  fail: (line: string) => void;
  /** Restart timing (tests shorten it). */
  restart?: { initialMs: number; maxMs: number; quickMs: number; giveUpAfter: number } | undefined;
}

export const RESTART = { initialMs: 1_000, maxMs: 30_000, quickMs: 10_000, giveUpAfter: 5 };

const oneLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() || 'unknown error';

const exitOf = (code: number | null, signal: string | null) => (signal ? `signal ${signal}` : `exit code ${code}`);

export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const restart = options.restart ?? RESTART;
  const log = (level: string, event: string, fields: Record<string, unknown> = {}) =>
    options.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  if (options.metrics) (await import('./metrics.ts')).serveClusterMetrics();
  const live = new Map<Worker, { started: number; ready: boolean; reason?: string }>();
  let stopping = false;
  let exitCode = 0;
  let quickCrashes = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });

  const stopAll = () => {
    if (!live.size) return done();
    for (const worker of live.keys()) worker.process.kill('SIGTERM');
  };
  const giveUp = (reason: string) => {
    if (stopping) return;
    stopping = true;
    exitCode = 1;
    log('error', 'workers-failed', { reason });
    options.fail(reason);
    stopAll();
  };

  const fork = () => {
    const worker = cluster.fork();
    const state: { started: number; ready: boolean; reason?: string } = { started: Date.now(), ready: false };
    live.set(worker, state);
    worker.on('message', (message: WorkerReport) => {
      if (message?.type !== MESSAGE) return;
      if (message.state === 'ready') state.ready = true;
      else state.reason = message.reason;
    });
    // The exit is judged once the IPC channel is closed too: a worker's last messages ('ready' from one killed just
    // after it started listening) may still be unread when its process's exit is reported.
    const exited = new Promise<[number | null, string | null]>((resolve) =>
      worker.once('exit', (code, signal) => resolve([code, signal])),
    );
    const disconnected = new Promise<void>((resolve) => worker.once('disconnect', () => resolve()));
    void Promise.all([exited, disconnected]).then(([[code, signal]]) => {
      live.delete(worker);
      if (stopping) {
        if (!live.size) done();
        return;
      }
      const reason = state.reason ?? exitOf(code, signal);
      if (!state.ready) return giveUp(`a worker could not start: ${reason}`);
      const ranMs = Date.now() - state.started;
      quickCrashes = ranMs < restart.quickMs ? quickCrashes + 1 : 0;
      if (quickCrashes >= restart.giveUpAfter) {
        return giveUp(
          `workers crashed ${quickCrashes} times in a row within ${restart.quickMs / 1000} s of starting; last: ${reason}`,
        );
      }
      const wait = Math.min(restart.maxMs, restart.initialMs * 2 ** Math.max(0, quickCrashes - 1));
      log('warn', 'worker-exited', { pid: worker.process.pid, reason, restartInMs: wait });
      setTimeout(() => {
        if (!stopping) fork();
      }, wait);
    });
  };

  for (let i = 0; i < options.workers; i++) fork();
  log('info', 'workers', { count: options.workers, primaryPid: process.pid });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('info', 'workers-stopping', { count: live.size });
    stopAll();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await finished;
  process.off('SIGTERM', stop);
  process.off('SIGINT', stop);
  log(exitCode ? 'error' : 'info', 'workers-stopped', { exitCode });
  return exitCode;
}

/**
 * In a worker: starts the server, tells the primary it listens (before the server's `listening` line, through
 * `start`'s `ready`) or why it could not, and turns a later crash into one log line and a report instead of a
 * stack. Resolves with the exit code.
 */
export async function runWorker(
  start: (ready: () => Promise<void>) => Promise<{ closed: Promise<void> }>,
  write: (line: string) => void,
): Promise<number> {
  const report = (message: WorkerReport) => process.send?.(message);
  const crash = (error: unknown) => {
    const reason = oneLine(error);
    write(`${JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'worker-crashed', reason })}\n`);
    report({ type: MESSAGE, state: 'failed', reason });
    process.exit(1);
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  let reported = false;
  // Resolved once the message is written to the channel: the primary reads it even if this process dies next.
  const ready = () =>
    new Promise<void>((resolve) => {
      if (reported || !process.send) return resolve();
      reported = true;
      process.send({ type: MESSAGE, state: 'ready' } satisfies WorkerReport, undefined, {}, () => resolve());
    });
  let server: { closed: Promise<void> };
  try {
    server = await start(ready);
  } catch (error) {
    report({ type: MESSAGE, state: 'failed', reason: oneLine(error) });
    // The channel to the primary would keep this process alive.
    process.disconnect?.();
    return 1;
  }
  await ready();
  await server.closed;
  process.disconnect?.();
  return 0;
}
