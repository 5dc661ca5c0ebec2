/**
 * The client side of the serve benchmarks: Logto-shaped requests from N
 * concurrent keep-alive clients, latency percentiles, and the reconciliation
 * of what was acknowledged with what the sink received.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';

export const TOKEN = 'Bearer bench-token-0123456789abcdef';
const LOCALES = ['en', 'de', 'ar', 'ja'];
let sequence = 0;

/** Forks the SMTP sink (bench/serve-sink.ts) recording into `idsFile`; resolves with its port. */
export function startSink(idsFile: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./serve-sink.ts', import.meta.url).pathname, [idsFile], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((done) => child.once('message', (m) => done({ child, port: (m as { port: number }).port })));
}

export const percentile = (values: number[], p: number) => {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
};

export interface Answer {
  status: number; // 0: no answer (connection error)
  messageId?: string;
  ms: number;
}

export function post(url: string, agent: Agent): Promise<Answer> {
  const id = ++sequence;
  const body = JSON.stringify({
    to: `u${id}@bench.example`,
    type: 'SignIn',
    payload: {
      code: String(100000 + (id % 900000)),
      locale: LOCALES[id % LOCALES.length],
      uiLocales: 'en',
      application: { id: 'app_7f3k2', name: 'Acme Cloud', branding: {} },
      user: { id: `usr_${id}`, name: 'Mina Park', primaryEmail: `u${id}@bench.example` },
    },
    ip: `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`,
  });
  const started = performance.now();
  return new Promise((done) => {
    const req = httpRequest(
      `${url}/`,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: TOKEN,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-request-id': String(id),
        },
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          data += d;
        });
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let messageId: string | undefined;
          if (status >= 200 && status < 300) messageId = (JSON.parse(data) as { messageId?: string }).messageId;
          done({ status, ms: performance.now() - started, ...(messageId ? { messageId } : {}) });
        });
      },
    );
    req.on('error', () => done({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

export async function load(url: string, count: number, concurrency: number, onAnswer?: (a: Answer, n: number) => void) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const answers: Answer[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const a = await post(url, agent);
        answers.push(a);
        onAnswer?.(a, answers.length);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { answers, seconds };
}

/** Acknowledged vs received: lost = acknowledged but never at the sink; duplicates = received twice. */
export function reconcile(answers: Answer[], idsFile: string, from: number) {
  const ids = readFileSync(idsFile, 'utf8').split('\n').filter(Boolean).slice(from);
  const received = new Map<string, number>();
  for (const id of ids) received.set(id, (received.get(id) ?? 0) + 1);
  const acked = answers.filter((a) => a.messageId);
  const ackedIds = new Set(acked.map((a) => a.messageId as string));
  return {
    received: ids.length,
    acked: acked.length,
    lost: acked.filter((a) => !received.has(a.messageId as string)).length,
    duplicates: [...received.values()].filter((n) => n > 1).length,
    refused: answers.filter((a) => !a.messageId).length,
    // A refusal the sink got anyway (the ambiguous case: a timeout or drop after the data went through).
    deliveredAnyway: ids.filter((id) => !ackedIds.has(id)).length,
    byStatus: answers.reduce<Record<string, number>>((m, a) => {
      m[a.status || 'no answer'] = (m[a.status || 'no answer'] ?? 0) + 1;
      return m;
    }, {}),
  };
}
