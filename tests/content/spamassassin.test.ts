/**
 * The default content through SpamAssassin 4 with Debian's rules, local tests
 * only (`spamassassin -L -t`: no DNS, no network): every template in one
 * locale of each script, sent as authmail sends it (the mailer's MIME source,
 * through the outbox transport), scores 0 or less, but for one open finding
 * (OPEN below). Messages go in one mbox per run, so the rules load once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { mixedEs } from '../../src/check/rules/spam.ts';
import { checkEmail } from '../../src/check/runner.ts';
import { loadConfig } from '../../src/config/load.ts';
import { createMailer } from '../../src/mail/mailer.ts';
import { projectCatalog } from '../../src/project/catalog.ts';
import { createOutboxTransport } from '../../src/providers/outbox/transport.ts';
import { createBundle } from '../../src/runtime/bundle.ts';

/** One locale per script: Latin, Cyrillic (two: the issue's), Arabic, CJK (Japanese, Chinese), Thai. */
const LOCALES = ['en', 'ru', 'uk-UA', 'ar', 'ja', 'zh-CN', 'th'];

/**
 * Open (issue 17): MIXED_ES (+1.0) fires when a message has more than 20 Latin "e" and between 1.4 and
 * 10 times as many e-like letters (Cyrillic "е" counts). SpamAssassin counts the subject, the text
 * part and the HTML part together; the default brand's Latin words (Acme, acme.example addresses,
 * "548 Market Street", the sample application "Acme Cloud") give a Russian or Ukrainian email 30–40
 * Latin "e". No word mixes scripts. Accepted here, for Cyrillic locales and this rule only.
 */
const OPEN = { rule: 'MIXED_ES', score: 1.0, locales: ['ru', 'uk-UA'] };
const accepted = (s: Scored) =>
  OPEN.locales.includes(s.id.split('/')[0] as string) && s.tests.split(',').includes(OPEN.rule) ? OPEN.score : 0;

interface Scored {
  id: string;
  score: number;
  tests: string;
}

let dir: string;
let scored: Scored[];

beforeAll(async () => {
  const { config } = await loadConfig();
  const catalog = await projectCatalog();
  const output = await buildBundles({ locales: LOCALES, brand: config.brand });
  dir = mkdtempSync(join(tmpdir(), 'authmail-spamassassin-'));
  const mailer = createMailer({
    bundle: createBundle(output.manifest, output.sources),
    transport: createOutboxTransport({ dir }),
    from: { name: config.brand.senderName, address: config.brand.fromAddress },
  });
  for (const template of catalog.ids) {
    for (const locale of LOCALES) {
      await mailer.send({
        template,
        locale,
        to: 'Mina Park <mina@example.com>',
        variables: catalog.get(template).definition.sample,
        headers: { 'X-Authmail-Case': `${locale}/${template}` },
      });
    }
  }
  // mbox: a "From " line before each message, "From " at a line start in a message quoted.
  const mbox = readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .replace(/\r\n/g, '\n')
        .replace(/^From /gm, '>From '),
    )
    .map((eml) => `From authmail@localhost Thu Jan  1 00:00:00 1970\n${eml}\n`)
    .join('');
  writeFileSync(join(dir, 'all.mbox'), mbox);
  const out = execFileSync('spamassassin', ['-L', '-t', '--mbox', join(dir, 'all.mbox')], {
    maxBuffer: 256 * 1024 * 1024,
  }).toString();
  scored = out
    .split(/^From authmail@localhost .*$/m)
    .filter((m) => m.includes('X-Authmail-Case'))
    .map((m) => {
      const status = /^X-Spam-Status: \w+, score=(-?[\d.]+) required=[\d.]+ tests=([\s\S]*?) autolearn/m.exec(m);
      return {
        id: /^X-Authmail-Case: (.+)$/m.exec(m)?.[1] ?? '?',
        score: Number(status?.[1] ?? Number.NaN),
        tests: (status?.[2] ?? '').replace(/\s+/g, ''),
      };
    });
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SpamAssassin', () => {
  it('scored every message: every template in every chosen locale', async () => {
    const catalog = await projectCatalog();
    expect(scored.map((s) => s.id).sort()).toEqual(catalog.ids.flatMap((t) => LOCALES.map((l) => `${l}/${t}`)).sort());
    for (const s of scored) expect(s.score, s.id).not.toBeNaN();
  });

  it('scores every email 0 or less, but for the one open finding below', () => {
    const over = scored.filter((s) => s.score - accepted(s) > 0).map((s) => `${s.id}: ${s.score} (${s.tests})`);
    expect(over).toEqual([]);
  });

  it('is what `authmail check` predicts for MIXED_ES (spam-mixed-es), email by email', () => {
    const predicted = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
      .filter((m) => checkEmail(m, [mixedEs]).length > 0)
      .map((m) => `${m.locale}/${m.template}`)
      .sort();
    const scoredByRule = scored
      .filter((s) => s.tests.split(',').includes('MIXED_ES'))
      .map((s) => s.id)
      .sort();
    expect(scoredByRule.length).toBeGreaterThan(0);
    expect(predicted).toEqual(scoredByRule);
  });

  it('still needs the open finding (remove it once it is fixed)', () => {
    expect(scored.filter((s) => accepted(s) > 0).length).toBeGreaterThan(0);
  });
});
