/**
 * `GET /metrics` (`serve.metrics`): Prometheus's text format through
 * prom-client. In one process the registry answers; with `--workers` each
 * worker counts in its own registry and the worker that gets the scrape asks
 * the primary, which sums every worker's (prom-client's AggregatorRegistry).
 */
import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Counter, Gauge, Histogram, Registry, register } from 'prom-client';
import type { QueueStats } from '../queue/stats.ts';

export interface ServeMetrics {
  request(status: number): void;
  send(transport: string, outcome: 'accepted' | 'failed', seconds: number): void;
  rateLimited(limit: string): void;
  inFlight(delta: 1 | -1): void;
  storeError(): void;
  /** The exposition text (summed over the workers under `--workers`). */
  text(): Promise<string>;
  readonly contentType: string;
}

const REQUEST = 'authmail:metrics';

/** Where the queue's figures come from (`serve.queue`): read from Redis at each scrape. */
export interface QueueStatsSource {
  stats(): Promise<QueueStats>;
}

export function createMetrics(options: { queue?: QueueStatsSource | undefined } = {}): ServeMetrics {
  // Workers count in prom-client's global registry, the one its cluster aggregation reads; making an
  // AggregatorRegistry is what installs the worker's answer to the primary's requests.
  if (cluster.isWorker) new AggregatorRegistry();
  const registry = cluster.isWorker ? register : new Registry();
  const requests = new Counter({
    name: 'authmail_requests_total',
    help: 'HTTP requests to the endpoint, by status code',
    labelNames: ['status'],
    registers: [registry],
  });
  const sends = new Counter({
    name: 'authmail_sends_total',
    help: 'Emails handed to a transport, by transport and outcome',
    labelNames: ['transport', 'outcome'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'authmail_send_duration_seconds',
    help: 'Time from the request to the transport accepting (or failing) the email',
    labelNames: ['transport'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'authmail_rate_limited_total',
    help: 'Requests refused by a rate limit, by the kind of key',
    labelNames: ['limit'],
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'authmail_sends_in_flight',
    help: 'Sends in progress',
    registers: [registry],
  });
  const storeErrors = new Counter({
    name: 'authmail_rate_limit_store_errors_total',
    help: 'Rate-limit decisions the shared store (Redis) could not make',
    registers: [registry],
  });
  if (options.queue) queueMetrics(options.queue, registry);
  return {
    request: (status) => requests.inc({ status: String(status) }),
    send(transport, outcome, seconds) {
      sends.inc({ transport, outcome });
      latency.observe({ transport }, seconds);
    },
    rateLimited: (limit) => limited.inc({ limit }),
    inFlight: (delta) => inFlight.inc(delta),
    storeError: () => storeErrors.inc(),
    text: () => (cluster.isWorker ? askPrimary() : registry.metrics()),
    contentType: registry.contentType,
  };
}

/**
 * The send queue's figures, read from Redis when scraped. Every worker process reads the same queue, so
 * the cluster sum takes the largest value instead of adding them up.
 */
function queueMetrics(queue: QueueStatsSource, registry: Registry): void {
  let pending: Promise<QueueStats> | undefined;
  // One read per scrape for all four families.
  const read = () => {
    pending ??= queue.stats().finally(() => {
      setTimeout(() => {
        pending = undefined;
      }, 100);
    });
    return pending;
  };
  new Gauge({
    name: 'authmail_queue_jobs',
    help: 'Jobs in the send queue, by state (waiting, active, delayed for a retry, failed and kept)',
    labelNames: ['state'],
    registers: [registry],
    aggregator: 'max',
    async collect() {
      const s = await read();
      for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) this.set({ state }, s[state]);
    },
  });
  new Gauge({
    name: 'authmail_queue_oldest_job_age_seconds',
    help: 'Age of the oldest job not yet delivered, failed or dropped',
    registers: [registry],
    aggregator: 'max',
    async collect() {
      this.set((await read()).oldestAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'authmail_queue_outcomes',
    help: 'Jobs by outcome since the queue was made (delivered, failed, expired = dropped at notAfter, retried)',
    labelNames: ['outcome'],
    registers: [registry],
    aggregator: 'max',
    async collect() {
      const s = await read();
      for (const [outcome, n] of Object.entries(s.outcomes)) this.set({ outcome }, n);
    },
  });
}

/** In a worker: the primary's sum over all workers. */
function askPrimary(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer the metrics request'));
    }, 10_000);
    const onMessage = (message: unknown) => {
      const m = message as { type?: string; id?: string; text?: string; error?: string };
      if (m?.type !== REQUEST || m.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (m.error !== undefined) reject(new Error(m.error));
      else resolve(m.text ?? '');
    };
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id });
  });
}

/** In the primary: answers the workers' metrics requests with the sum over all workers. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== REQUEST) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: REQUEST, id: message.id, text }),
      (error: Error) => worker.send({ type: REQUEST, id: message.id, error: error.message }),
    );
  });
}
