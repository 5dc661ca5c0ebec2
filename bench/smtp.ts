/**
 * Messages per second through `mailer.send()` to a loopback SMTP sink
 * (smtp-server in a child process, so it has its own event loop), unpooled
 * (one connection per message) against pooled (connections reused), over
 * plain SMTP and over STARTTLS with a generated certificate. Every message is
 * counted by Message-ID at the sink: none may be lost or duplicated.
 *
 *   npm run bench:smtp [-- --messages 1000 --concurrency 10 --connections 5 --rounds 3]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { parseArgs } from 'node:util';
import { generate } from 'selfsigned';
import { SMTPServer } from 'smtp-server';
import { buildBundles } from '../src/build/build.ts';
import { table } from '../src/build/report.ts';
import { loadConfig } from '../src/config/load.ts';
import { createBundle } from '../src/runtime/index.ts';
import { createMailer, createSmtpTransport, type SmtpOptionsInput } from '../src/send/index.ts';

// ---------------------------------------------------------------- sink (child process)

if (process.argv.includes('--sink')) {
  const tls = process.argv.includes('--tls');
  if (process.argv.includes('--greet-now')) {
    // smtp-server holds every greeting 100 ms to catch early talkers (not configurable). Real
    // submission servers greet at once; this variant shows the protocol cost alone.
    const { SMTPConnection } = await import('smtp-server/lib/smtp-connection');
    const proto = SMTPConnection.prototype as unknown as {
      init(): void;
      _setListeners(cb: () => void): void;
      connectionReady(): void;
    };
    proto.init = function (this: typeof proto) {
      this._setListeners(() => this.connectionReady());
    };
  }
  const ids: string[] = [];
  let connections = 0;
  const pem = tls
    ? await generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' })
    : undefined;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    // The sandbox has no resolver: a PTR lookup per connection would time the DNS, not SMTP.
    disableReverseLookup: true,
    closeTimeout: 100,
    size: 1024 * 1024,
    ...(pem ? { key: pem.private, cert: pem.cert } : { disabledCommands: ['STARTTLS'] }),
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        ids.push(/^Message-ID: (<[^>]+>)/im.exec(head)?.[1] ?? '(none)');
        callback();
      });
    },
  });
  server.server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.server.address() as { port: number }).port, cert: pem?.cert });
  });
  process.on('message', (msg: string) => {
    if (msg === 'stats') {
      process.send?.({ ids: ids.splice(0), connections });
      connections = 0;
    }
    if (msg === 'exit') server.close(() => process.exit(0));
  });
} else {
  await main();
}

// ---------------------------------------------------------------- client

interface Sink {
  port: number;
  cert?: string;
  child: ChildProcess;
  stats(): Promise<{ ids: string[]; connections: number }>;
  stop(): void;
}

async function startSink(tls: boolean, greetNow: boolean): Promise<Sink> {
  const args = ['--sink', ...(tls ? ['--tls'] : []), ...(greetNow ? ['--greet-now'] : [])];
  const child = fork(process.argv[1] as string, args, {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ port: number; cert?: string }>((resolve) =>
    child.once('message', resolve as never),
  );
  return {
    ...ready,
    child,
    stats: () =>
      new Promise((resolve) => {
        child.once('message', resolve as never);
        child.send('stats');
      }),
    stop: () => child.send('exit'),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      messages: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '10' },
      connections: { type: 'string', default: '5' },
      rounds: { type: 'string', default: '3' },
    },
  });
  const total = Number(values.messages);
  const concurrency = Number(values.concurrency);
  const maxConnections = Number(values.connections);
  const rounds = Number(values.rounds);
  const { config } = await loadConfig();
  const output = await buildBundles({ templates: ['sign-in'], locales: ['en', 'de'], brand: config.brand });
  const bundle = createBundle(output.manifest, output.sources);

  async function run(sink: Sink, smtp: SmtpOptionsInput, count: number) {
    const mailer = createMailer({
      bundle,
      transport: createSmtpTransport(smtp),
      from: 'Acme <no-reply@acme.example>',
      delivery: { attemptTimeout: 60_000, deadline: 120_000, maxAttempts: 1 },
    });
    const sent: string[] = [];
    let failed = 0;
    let next = 0;
    await sink.stats(); // reset
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count) {
          const i = next++;
          try {
            const r = await mailer.send({
              template: 'sign-in',
              to: `user${i}@example.com`,
              locale: i % 2 ? 'de' : 'en',
              variables: { code: String(100000 + (i % 900000)) },
            });
            sent.push(r.messageId);
          } catch (error) {
            failed++;
            if (failed < 4) console.error((error as Error).message);
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await mailer.close();
    const { ids, connections } = await sink.stats();
    const received = new Set(ids);
    const lost = sent.filter((id) => !received.has(id)).length;
    const duplicates = ids.length - received.size;
    return { perSecond: count / seconds, seconds, sent: sent.length, failed, lost, duplicates, connections };
  }

  const scenarios = await Promise.all(
    (
      [
        [false, false],
        [true, false],
        [false, true],
        [true, true],
      ] as const
    ).map(async ([tls, greetNow]) => {
      const sink = await startSink(tls, greetNow);
      const base: SmtpOptionsInput = tls
        ? { host: 'localhost', port: sink.port, starttls: 'required', tls: { ca: sink.cert ?? '' } }
        : { host: '127.0.0.1', port: sink.port };
      return {
        sink,
        label: `${tls ? 'STARTTLS' : 'plain'}, ${greetNow ? 'greets at once' : 'stock (holds greeting 100 ms)'}`,
        modes: {
          unpooled: base,
          pooled: { ...base, pool: true, maxConnections, maxMessages: Number.MAX_SAFE_INTEGER },
        } as Record<'unpooled' | 'pooled', SmtpOptionsInput>,
      };
    }),
  );
  type Result = Awaited<ReturnType<typeof run>>;
  const results = new Map<string, Result[]>();
  let allDelivered = true;
  // Rounds interleave the scenarios so that load from other processes spreads over all of them;
  // the table shows the median round.
  for (let round = 1; round <= rounds; round++) {
    for (const { sink, label, modes } of scenarios) {
      for (const mode of ['unpooled', 'pooled'] as const) {
        await run(sink, modes[mode], Math.min(50, total)); // warm-up
        const r = await run(sink, modes[mode], total);
        allDelivered &&= r.failed === 0 && r.lost === 0 && r.duplicates === 0 && r.sent === total;
        const key = `${label}|${mode}`;
        results.set(key, [...(results.get(key) ?? []), r]);
      }
    }
    console.error(`round ${round}/${rounds} done`);
  }
  for (const { sink } of scenarios) sink.stop();

  const median = (rs: Result[]) =>
    [...rs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(rs.length / 2)] as Result;
  const rows: string[][] = [];
  const ratios: string[] = [];
  for (const { label } of scenarios) {
    const m: Record<string, Result> = {};
    for (const mode of ['unpooled', 'pooled'] as const) {
      const rs = results.get(`${label}|${mode}`) ?? [];
      const r = median(rs);
      m[mode] = r;
      const range = rs.map((x) => x.perSecond.toFixed(0)).join(', ');
      rows.push([
        label,
        mode,
        r.perSecond.toFixed(0),
        range,
        ((r.seconds * 1000) / total).toFixed(2),
        String(r.connections),
        String(rs.reduce((n, x) => n + x.sent, 0)),
        String(rs.reduce((n, x) => n + x.lost + x.failed, 0)),
        String(rs.reduce((n, x) => n + x.duplicates, 0)),
      ]);
    }
    ratios.push(`${label}: pooled ${((m.pooled?.perSecond ?? 0) / (m.unpooled?.perSecond ?? 1)).toFixed(1)}× unpooled`);
  }

  console.log(
    `mailer.send() → loopback smtp-server sink (separate process); ${rounds} rounds of ${total} messages, ${concurrency} sends in flight, pool of ${maxConnections}`,
  );
  console.log(
    table([
      [
        'sink',
        'mode',
        'msgs/s (median)',
        'msgs/s (rounds)',
        'ms/msg',
        'connections',
        'delivered',
        'lost',
        'duplicates',
      ],
      ...rows,
    ]),
  );
  console.log(`${ratios.join('\n')}\n(goal ≥ 5×)`);
  console.log(allDelivered ? 'none lost, none duplicated' : 'MESSAGES LOST OR DUPLICATED');
  process.exitCode = allDelivered ? 0 : 1;
}
