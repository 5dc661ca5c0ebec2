/**
 * `authmail serve --workers N`: the primary process forks N workers (node:cluster)
 * that run the same command and share its port; it sends nothing itself. A
 * worker that dies is replaced (after a second, so a crash loop stays slow);
 * SIGTERM / SIGINT shut every worker down gracefully (each finishes its
 * in-flight sends) and the primary exits when they all have. With
 * `serve.metrics`, the primary sums the workers' metrics for whichever
 * worker is scraped. Limits are shared only through `serve.rateLimit.redis`.
 */
import cluster, { type Worker } from 'node:cluster';

export interface PrimaryOptions {
  workers: number;
  metrics: boolean;
  /** JSON log lines. */
  write: (line: string) => void;
}

export async function runPrimary(options: PrimaryOptions): Promise<number> {
  const log = (event: string, fields: Record<string, unknown> = {}) =>
    options.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', event, ...fields })}\n`);
  if (options.metrics) (await import('./metrics.ts')).serveClusterMetrics();
  let stopping = false;
  const live = new Set<Worker>();
  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once('exit', (code, signal) => {
      live.delete(worker);
      if (stopping) return;
      log('worker-exited', { pid: worker.process.pid, code, signal, restartInMs: 1_000 });
      setTimeout(() => {
        if (!stopping) fork();
      }, 1_000).unref();
    });
  };
  for (let i = 0; i < options.workers; i++) fork();
  log('workers', { count: options.workers, primaryPid: process.pid });
  await new Promise<void>((resolve) => {
    const stop = () => {
      if (stopping) return;
      stopping = true;
      log('workers-stopping', { count: live.size });
      if (!live.size) resolve();
      for (const worker of live) {
        worker.once('exit', () => {
          if (!live.size) resolve();
        });
        worker.process.kill('SIGTERM');
      }
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  log('workers-stopped');
  return 0;
}
