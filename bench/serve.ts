/**
 * `authmail serve` under load: N concurrent HTTP clients on loopback post
 * Logto-shaped requests through the server (its own process: auth, zod,
 * rate limits, render, JSON logs to a file) to an `smtp-server` sink (its own
 * process) over a pool of SMTP connections. Three processes, so each has its
 * own event loop on the 2 cores.
 *
 *   1. throughput: requests/s and latency p50/p99 as the client sees it, and
 *      p50/p99 inside the server excluding the time spent in the SMTP
 *      conversation (waiting for a pooled connection and for the sink's 250).
 *      Every acknowledged request must arrive at the sink exactly once, and
 *      nothing may be refused.
 *   2. the sink is killed (SIGKILL) mid-run: every request must get a non-2xx
 *      answer or be delivered — none acknowledged and lost.
 *
 * The sink (serve-sink.ts) appends each Message-ID to a file before it
 * answers 250, so its record survives the kill; the client is serve-load.ts.
 *
 *   npm run bench:serve [-- --requests 3000 --concurrency 10,50 --connections 10 --rounds 3 --kill-requests 1500]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { table } from '../src/build/report.ts';
import { parseConfig } from '../src/config/index.ts';
import { loadBundle } from '../src/runtime/index.ts';
import { createMailer, createSmtpTransport, defaultFrom, type Transport } from '../src/send/index.ts';
import { createLogger, mailerLog, startServer } from '../src/serve/index.ts';
import { load, percentile, reconcile, startSink, TOKEN } from './serve-load.ts';

const role = process.argv[2];
let spawned: (c: ChildProcess) => void = () => {};

// ---------------------------------------------------------------- server (child process)

async function runServer() {
  const [, , , sinkPort, connections, logFile] = process.argv;
  const brand = ((await import('../authmail.config.ts')) as { default: { brand: unknown } }).default.brand;
  const config = parseConfig({
    brand,
    send: {
      transport: 'smtp',
      // Fewer, faster retries than the defaults so that phase 2 ends in seconds, not minutes.
      delivery: { maxAttempts: 3, backoff: { initial: 200, max: 1_000 } },
      transports: {
        smtp: {
          host: '127.0.0.1',
          port: Number(sinkPort),
          pool: true,
          maxConnections: Number(connections),
          maxMessages: 1_000_000,
        },
      },
    },
    serve: { authorization: TOKEN, port: 0, maxInFlight: 4096 },
  });
  const bundle = await loadBundle(resolve('dist'));
  const log = createWriteStream(logFile as string);
  const logger = createLogger({ level: 'info', write: (line) => log.write(line) });
  const smtp = createSmtpTransport(config.send.transports.smtp ?? {});
  // Time spent in the SMTP conversation (pool wait + sink), per recipient; the MIME source is composed first.
  const sinkMs = new Map<string, number>();
  const transport: Transport = {
    name: 'smtp',
    async send(message, options) {
      await message.mime();
      const t0 = performance.now();
      try {
        return await smtp.send(message, options);
      } finally {
        sinkMs.set(message.to.address, (sinkMs.get(message.to.address) ?? 0) + performance.now() - t0);
      }
    },
    close: () => smtp.close?.(),
  };
  const mailer = createMailer({
    bundle,
    transport,
    from: defaultFrom(config, 'smtp'),
    defaults: config.send.defaults,
    delivery: config.send.delivery,
    log: mailerLog(logger),
  });
  const server = await startServer({ bundle, mailer, settings: config.serve, defaults: config.send.defaults, logger });
  let total: number[] = [];
  let excluding: number[] = [];
  // How late the server's event loop runs (GC, CPU contention): context for the tail.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  server.http.prependListener('request', (req, res) => {
    const t0 = performance.now();
    const id = String(req.headers['x-request-id'] ?? '');
    res.on('finish', () => {
      const ms = performance.now() - t0;
      const address = `u${id}@bench.example`;
      total.push(ms);
      excluding.push(ms - (sinkMs.get(address) ?? 0));
      sinkMs.delete(address);
    });
  });
  process.send?.({ url: server.url });
  process.on('message', async (msg: string) => {
    if (msg === 'stats') {
      process.send?.({
        total,
        excluding,
        loopDelayP99: loopDelay.percentile(99) / 1e6,
        loopDelayMax: loopDelay.max / 1e6,
      });
      total = [];
      excluding = [];
      loopDelay.reset();
    }
    if (msg === 'exit') {
      await server.close();
      log.end(() => process.exit(0));
    }
  });
}

// ---------------------------------------------------------------- client

function child(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const c = fork(process.argv[1] as string, args, {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  spawned(c);
  return new Promise((done) =>
    c.once('message', (ready) => done({ child: c, ready: ready as Record<string, unknown> })),
  );
}

const ask = <T>(c: ChildProcess, msg: string) =>
  new Promise<T>((done) => {
    c.once('message', done as never);
    c.send(msg);
  });

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      requests: { type: 'string', default: '3000' },
      concurrency: { type: 'string', default: '10,50' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      'kill-requests': { type: 'string', default: '1500' },
    },
  });
  if (!existsSync(resolve('dist/manifest.json'))) {
    console.error('bench/serve.ts serves the compiled bundles: run `npm run build` first.');
    process.exit(1);
  }
  const total = Number(values.requests);
  const levels = String(values.concurrency).split(',').map(Number);
  const connections = Number(values.connections);
  const rounds = Number(values.rounds);
  const killRequests = Number(values['kill-requests']);
  const tmp = resolve('.cache');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(tmp, { recursive: true });
  const load0 = loadavg();

  // Phase 1: throughput.
  const idsFile = join(tmp, 'bench-serve-sink.ids');
  const sink = await startSink(idsFile);
  spawned(sink.child);
  const server = await child(['--server', String(sink.port), String(connections), join(tmp, 'bench-serve.log')]);
  const url = server.ready.url as string;
  let consumed = 0;
  const results: {
    concurrency: number;
    perSecond: number;
    p50: number;
    p99: number;
    s50: number;
    s99: number;
    loop99: number;
    loopMax: number;
    r: ReturnType<typeof reconcile>;
  }[] = [];
  await load(url, 200, 10); // warm-up: connections, JIT
  await ask(server.child, 'stats');
  consumed = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).length;
  for (let round = 1; round <= rounds; round++) {
    for (const concurrency of levels) {
      const { answers, seconds } = await load(url, total, concurrency);
      await new Promise((r) => setTimeout(r, 200)); // let the last appends land
      const stats = await ask<{ total: number[]; excluding: number[]; loopDelayP99: number; loopDelayMax: number }>(
        server.child,
        'stats',
      );
      const r = reconcile(answers, idsFile, consumed);
      consumed += r.received;
      const ms = answers.map((a) => a.ms);
      results.push({
        concurrency,
        perSecond: total / seconds,
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
        s50: percentile(stats.excluding, 50),
        s99: percentile(stats.excluding, 99),
        loop99: stats.loopDelayP99,
        loopMax: stats.loopDelayMax,
        r,
      });
      const last = results[results.length - 1];
      console.error(
        `round ${round}, ${concurrency} clients: ${(total / seconds).toFixed(0)} req/s, p50 ${last?.p50.toFixed(1)} ms, p99 ${last?.p99.toFixed(1)} ms, server excl. sink p50 ${last?.s50.toFixed(1)} / p99 ${last?.s99.toFixed(1)} ms, event-loop delay p99 ${last?.loop99.toFixed(1)} ms (max ${last?.loopMax.toFixed(0)}), load ${loadavg()[0]?.toFixed(2)}`,
      );
    }
  }
  server.child.send('exit');
  sink.child.kill('SIGKILL');
  await new Promise((r) => server.child.once('exit', r));

  // Phase 2: the sink dies mid-run.
  const killIds = join(tmp, 'bench-serve-kill.ids');
  const sink2 = await startSink(killIds);
  spawned(sink2.child);
  const server2 = await child(['--server', String(sink2.port), String(connections), join(tmp, 'bench-serve-kill.log')]);
  let killedAt = 0;
  const killConcurrency = Math.max(...levels);
  const killed = await load(server2.ready.url as string, killRequests, killConcurrency, (_a, n) => {
    if (!killedAt && n >= killRequests / 3) {
      killedAt = n;
      sink2.child.kill('SIGKILL');
    }
  });
  const k = reconcile(killed.answers, killIds, 0);
  server2.child.send('exit');
  await new Promise((r) => server2.child.once('exit', r));
  const load1 = loadavg();

  // Report.
  const fmt = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : '–');
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const rows: string[][] = [];
  for (const concurrency of levels) {
    const rs = results.filter((x) => x.concurrency === concurrency);
    if (!rs.length) continue;
    const list = (pick: (x: (typeof rs)[number]) => number, d = 1) => rs.map((x) => fmt(pick(x), d)).join(', ');
    rows.push([
      String(concurrency),
      fmt(median(rs.map((x) => x.perSecond)), 0),
      list((x) => x.perSecond, 0),
      fmt(median(rs.map((x) => x.p50))),
      fmt(median(rs.map((x) => x.p99))),
      list((x) => x.p99),
      fmt(median(rs.map((x) => x.s50))),
      fmt(median(rs.map((x) => x.s99))),
      list((x) => x.s99),
      list((x) => x.loop99),
      String(rs.reduce((n, x) => n + x.r.acked, 0)),
      String(rs.reduce((n, x) => n + x.r.lost, 0)),
      String(rs.reduce((n, x) => n + x.r.duplicates, 0)),
      String(rs.reduce((n, x) => n + x.r.refused, 0)),
    ]);
  }
  console.log(
    `authmail serve: HTTP clients → serve → SMTP pool of ${connections} → smtp-server sink; 3 processes on ${cpus().length} cores, loopback; ${rounds} rounds of ${total} requests per client count (medians over rounds, then each round)`,
  );
  console.log(
    table([
      [
        'clients',
        'req/s',
        'req/s (rounds)',
        'p50 ms',
        'p99 ms',
        'p99 ms (rounds)',
        'server p50 excl. sink',
        'server p99 excl. sink',
        'server p99 excl. sink (rounds)',
        'event-loop delay p99 (rounds)',
        'acknowledged',
        'lost',
        'duplicates',
        'refused',
      ],
      ...rows,
    ]),
  );
  console.log(
    `sink killed after ${killedAt} of ${killRequests} answers (${killConcurrency} clients): acknowledged ${k.acked}, acknowledged and lost ${k.lost}, ` +
      `non-2xx ${k.refused} (answers by status: ${Object.entries(k.byStatus)
        .map(([s, n]) => `${s}: ${n}`)
        .join(', ')}), non-2xx but delivered ${k.deliveredAnyway}, duplicates ${k.duplicates}`,
  );
  console.log(
    `load average before ${load0.map((x) => x.toFixed(2)).join(' ')}, after ${load1.map((x) => x.toFixed(2)).join(' ')}`,
  );
  const ok =
    results.every((x) => x.r.lost === 0 && x.r.duplicates === 0 && x.r.refused === 0) &&
    k.lost === 0 &&
    k.duplicates === 0;
  console.log(
    ok ? 'every acknowledged request received exactly once; none acknowledged and lost' : 'FAILED: see above',
  );
  process.exitCode = ok ? 0 : 1;
}

if (role === '--server') await runServer();
else {
  // Children die with the client, whatever happens to it.
  const children = new Set<ChildProcess>();
  spawned = (c) => children.add(c);
  process.on('exit', () => {
    for (const c of children) c.kill('SIGKILL');
  });
  await main();
}
