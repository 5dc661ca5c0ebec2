/**
 * `authmail doctor` against a DNS server on loopback: good, missing,
 * malformed and misaligned records.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { type DoctorReport, runDoctor, systemResolver } from '../../src/doctor/index.ts';
import { cli } from '../fixtures/cli.ts';
import { startDnsServer, type ZoneEntry } from '../fixtures/dns-server.ts';

const rsaKey = (bits: number) =>
  generateKeyPairSync('rsa', { modulusLength: bits })
    .publicKey.export({ format: 'der', type: 'spki' })
    .toString('base64');
const key2048 = rsaKey(2048);
const key1024 = rsaKey(1024);
const key512 = rsaKey(512);

const provider = {
  '_spf.provider.example': ['v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 -all'],
};
const chain: Record<string, ZoneEntry> = {};
for (let i = 0; i < 11; i++) chain[`l${i}.chain.example`] = [`v=spf1 include:l${i + 1}.chain.example -all`];
chain['l11.chain.example'] = ['v=spf1 -all'];

const zone: Record<string, ZoneEntry> = {
  ...provider,
  ...chain,
  // good.example: everything right
  'good.example': ['v=spf1 include:_spf.provider.example -all', 'google-site-verification=abc'],
  's1._domainkey.good.example': [`v=DKIM1; k=rsa; p=${key2048}`],
  '_dmarc.good.example': ['v=DMARC1; p=reject; rua=mailto:dmarc@good.example; adkim=r; aspf=r'],
  // delegated DKIM through a CNAME, as ESPs do
  'em1._domainkey.good.example': { cname: 'em1.dkim.provider.example' },
  'em1.dkim.provider.example': [`v=DKIM1; p=${key2048}`],
  // malformed.example: two SPF records, revoked/weak keys, two DMARC records
  'malformed.example': ['v=spf1 include:_spf.provider.example -all', 'v=spf1 a mx ~all'],
  'revoked._domainkey.malformed.example': ['v=DKIM1; p='],
  'weak._domainkey.malformed.example': [`v=DKIM1; k=rsa; p=${key512}`],
  'old._domainkey.malformed.example': [`v=DKIM1; k=rsa; p=${key1024}`],
  'junk._domainkey.malformed.example': ['v=DKIM1; k=rsa; p=bm90IGEga2V5'],
  'test._domainkey.malformed.example': [`v=DKIM1; t=y; p=${key2048}`],
  '_dmarc.malformed.example': ['v=DMARC1; p=reject', 'v=DMARC1; p=none'],
  // open.example: +all, weak DMARC
  'open.example': ['v=spf1 +all'],
  '_dmarc.open.example': ['v=DMARC1; p=none; pct=50'],
  'bad.example': ['v=spf1 include:_spf.provider.example foo:bar -all'],
  // too many lookups, include loops and dangling includes
  'many.example': ['v=spf1 include:l0.chain.example -all'],
  'loop.example': ['v=spf1 include:loop2.example -all'],
  'loop2.example': ['v=spf1 include:loop.example -all'],
  'dangling.example': ['v=spf1 include:gone.example include:gone2.example include:gone3.example -all'],
  // marketing shares the domain
  'shop.example': ['v=spf1 include:servers.mcsv.net include:_spf.provider.example ~all'],
  'servers.mcsv.net': ['v=spf1 ip4:198.51.100.0/24 -all'],
  'k1._domainkey.shop.example': [`v=DKIM1; k=rsa; p=${key2048}`],
  '_dmarc.shop.example': ['v=DMARC1; p=quarantine; rua=mailto:d@shop.example'],
  // subdomain sending; DMARC at the organizational domain
  'auth.corp.example': ['v=spf1 include:_spf.provider.example -all'],
  's1._domainkey.auth.corp.example': [`v=DKIM1; p=${key2048}`],
  '_dmarc.corp.example': ['v=DMARC1; p=reject; rua=mailto:d@corp.example'],
  'strict.example': ['v=spf1 include:_spf.provider.example -all'],
  'mail.strict.example': ['v=spf1 include:_spf.provider.example -all'],
  '_dmarc.strict.example': ['v=DMARC1; p=reject; adkim=s; aspf=s; rua=mailto:d@strict.example'],
  'broken.example': { servfail: true },
  // precision: version case, reports to another domain (authorized or not), spaces around "=",
  // a selector delegated by CNAME into a zone this (non-recursing) server does not hold
  'lower.example': ['v=spf1 include:_spf.provider.example -all'],
  '_dmarc.lower.example': ['v=dmarc1; p=reject; rua=mailto:d@lower.example'],
  'reports.example': ['v=spf1 include:_spf.provider.example -all'],
  '_dmarc.reports.example': ['v=DMARC1; p=reject; rua=mailto:agg@reporter.example,mailto:d@ok-reporter.example'],
  'reports.example._report._dmarc.ok-reporter.example': ['v=DMARC1;'],
  'spaced.example': ['v=spf1 include:_spf.provider.example -all'],
  '_dmarc.spaced.example': ['v=DMARC1; p = reject; rua=mailto:d@spaced.example'],
  'esp._domainkey.good.example': { cname: 'esp.dkim.elsewhere.example' },
};

let dns: Awaited<ReturnType<typeof startDnsServer>>;
let resolver: ReturnType<typeof systemResolver>;
beforeAll(async () => {
  dns = await startDnsServer(zone);
  resolver = systemResolver({ server: dns.server, timeoutMs: 2000 });
});
afterAll(() => dns.close());

const by = (report: DoctorReport, check: string) => report.findings.filter((f) => f.check === check);
const statuses = (report: DoctorReport, check: string) => by(report, check).map((f) => f.status);

describe('doctor', () => {
  it('passes a well-configured domain', async () => {
    const report = await runDoctor('Good.Example.', {
      resolver,
      selectors: ['s1', 'em1'],
      from: 'no-reply@good.example',
    });
    expect(report.status).toBe('ok');
    expect(by(report, 'spf')[0]?.message).toMatch(/One SPF record, ending in "-all", 1 of 10 lookups/);
    expect(by(report, 'dkim').map((f) => f.message)).toEqual([
      'DKIM key at s1._domainkey.good.example: RSA 2048 bits.',
      'DKIM key at em1._domainkey.good.example: RSA 2048 bits.',
    ]);
    expect(statuses(report, 'dmarc')).toEqual(['ok']);
    expect(statuses(report, 'alignment')).toEqual(['ok']);
    expect(statuses(report, 'separation')).toEqual(['ok']);
  });

  it('finds the DKIM key at a common selector when none is given', async () => {
    const report = await runDoctor('good.example', { resolver, from: 'a@good.example' });
    expect(by(report, 'dkim').map((f) => f.name)).toEqual(['s1._domainkey.good.example']);
  });

  it('reports missing records with fixes', async () => {
    const report = await runDoctor('missing.example', { resolver, selectors: ['s1'] });
    expect(report.status).toBe('error');
    for (const check of ['spf', 'dkim', 'dmarc']) {
      const [f] = by(report, check);
      expect(f?.status, check).toBe('error');
      expect(f?.fix, check).toBeTruthy();
    }
    expect(by(report, 'spf')[0]?.message).toBe('No SPF record at missing.example.');
    expect(by(report, 'dkim')[0]?.message).toBe('No DKIM key at s1._domainkey.missing.example.');
    expect(by(report, 'dmarc')[0]?.fix).toContain('v=DMARC1; p=none; rua=mailto:dmarc@missing.example');
  });

  it('warns that DKIM was not checked when no common selector has a key', async () => {
    const report = await runDoctor('open.example', { resolver });
    expect(by(report, 'dkim')).toEqual([
      expect.objectContaining({ status: 'warning', fix: expect.stringContaining('--selector') }),
    ]);
  });

  it('reports malformed records', async () => {
    const report = await runDoctor('malformed.example', {
      resolver,
      selectors: ['revoked', 'weak', 'old', 'junk', 'test'],
      from: 'x@malformed.example',
    });
    expect(by(report, 'spf')[0]).toMatchObject({ status: 'error', message: expect.stringContaining('2 SPF records') });
    const dkim = Object.fromEntries(by(report, 'dkim').map((f) => [f.name?.split('.')[0], f]));
    expect(dkim.revoked).toMatchObject({ status: 'error', message: expect.stringContaining('revoked') });
    expect(dkim.weak).toMatchObject({ status: 'error', message: expect.stringContaining('512 bits') });
    expect(dkim.old).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('1024 bits; 2048 is recommended'),
    });
    expect(dkim.junk).toMatchObject({ status: 'error', message: expect.stringContaining('does not parse') });
    expect(dkim.test).toMatchObject({ status: 'warning', message: expect.stringContaining('test mode') });
    expect(by(report, 'dmarc')[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('2 DMARC records'),
    });
  });

  it('flags +all, unparseable terms and weak DMARC', async () => {
    const open = await runDoctor('open.example', { resolver, from: 'a@open.example' });
    expect(by(open, 'spf')[0]).toMatchObject({ status: 'error', message: expect.stringContaining('"+all"') });
    expect(by(open, 'dmarc').map((f) => f.message)).toEqual([
      expect.stringContaining('p=none'),
      expect.stringContaining('only 50%'),
      expect.stringContaining('No aggregate reports'),
    ]);
    const bad = await runDoctor('bad.example', { resolver });
    expect(by(bad, 'spf')[0]).toMatchObject({ status: 'error', message: 'Unparseable SPF term(s): foo:bar.' });
  });

  it('counts SPF lookups through nested includes', async () => {
    const report = await runDoctor('many.example', { resolver });
    expect(by(report, 'spf')).toContainEqual(
      expect.objectContaining({ status: 'error', message: expect.stringContaining('needs 12 DNS lookups (limit 10)') }),
    );
  });

  it('reports include loops and includes of names without SPF', async () => {
    const loop = await runDoctor('loop.example', { resolver });
    expect(by(loop, 'spf').map((f) => f.message)).toContainEqual(
      expect.stringContaining('include loop through loop.example'),
    );
    const dangling = await runDoctor('dangling.example', { resolver });
    const messages = by(dangling, 'spf').map((f) => f.message);
    expect(messages).toContainEqual(expect.stringContaining('gone.example has no SPF record'));
    expect(messages).toContainEqual(expect.stringContaining('3 includes point at names without SPF records (limit 2)'));
  });

  it('checks alignment with the From address', async () => {
    const misaligned = await runDoctor('good.example', { resolver, selectors: ['s1'], from: 'no-reply@other.example' });
    expect(by(misaligned, 'alignment')[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('does not align with the From address domain other.example'),
    });
    // A subdomain aligns in relaxed mode, with DMARC found at the organizational domain.
    const relaxed = await runDoctor('auth.corp.example', {
      resolver,
      selectors: ['s1'],
      from: 'no-reply@corp.example',
    });
    expect(statuses(relaxed, 'alignment')).toEqual(['ok']);
    expect(by(relaxed, 'dmarc')[0]?.name).toBe('_dmarc.corp.example');
    // Strict mode needs the exact domain.
    const strict = await runDoctor('mail.strict.example', { resolver, from: 'no-reply@strict.example' });
    expect(by(strict, 'alignment')[0]).toMatchObject({
      status: 'error',
      message: expect.stringContaining('strict alignment'),
    });
  });

  it('warns when marketing mail shares the domain', async () => {
    const report = await runDoctor('shop.example', { resolver, from: 'a@shop.example' });
    expect(by(report, 'separation')[0]).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('Mailchimp'),
      fix: expect.stringContaining('auth.shop.example'),
    });
  });

  it('reports a failing DNS server instead of guessing', async () => {
    const report = await runDoctor('broken.example', { resolver, selectors: ['s1'] });
    expect(by(report, 'spf')[0]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/DNS lookup of broken.example failed: ESERVFAIL/),
    });
  });

  it('refuses input that is not a domain or address', async () => {
    await expect(runDoctor('not a domain', { resolver })).rejects.toThrow(/"not a domain" is not a domain name/);
    await expect(runDoctor('good.example', { resolver, from: 'nobody' })).rejects.toThrow(
      /"nobody" is not an e-mail address/,
    );
  });
});

describe('doctor precision (as OpenDMARC and RFC 7489 read records)', () => {
  it('"v=dmarc1" in lower case is found and reported as an error with the fix', async () => {
    const report = await runDoctor('lower.example', { resolver, selectors: [], from: 'a@lower.example' });
    const dmarc = by(report, 'dmarc');
    expect(dmarc[0]).toMatchObject({ status: 'error', fix: 'Start the record with "v=DMARC1;".' });
    expect(dmarc[0]?.message).toContain('RFC 7489 §6.3 requires exactly "v=DMARC1"');
  });

  it('reports to another domain need its _report._dmarc authorization, else a warning', async () => {
    const report = await runDoctor('reports.example', { resolver, selectors: [], from: 'a@reports.example' });
    const warnings = by(report, 'dmarc').filter((f) => f.status === 'warning');
    expect(warnings.map((f) => f.name)).toEqual(['reports.example._report._dmarc.reporter.example']);
    expect(warnings[0]?.message).toMatch(/does not authorize them .*RFC 7489 §7\.1/);
  });

  it('spaces around "=" are accepted, with a warning that some receivers reject them', async () => {
    const report = await runDoctor('spaced.example', { resolver, selectors: [], from: 'a@spaced.example' });
    const dmarc = by(report, 'dmarc');
    expect(dmarc.map((f) => f.status)).toEqual(['warning']);
    expect(dmarc[0]?.message).toMatch(/spaces around "="/);
  });

  it('a selector CNAMEd into a zone the server does not hold: says so and names the target to check', async () => {
    const report = await runDoctor('good.example', { resolver, selectors: ['esp'], from: 'a@good.example' });
    const [finding] = by(report, 'dkim');
    expect(finding).toMatchObject({ status: 'warning', name: 'esp._domainkey.good.example' });
    expect(finding?.message).toContain('is a CNAME to esp.dkim.elsewhere.example');
    expect(finding?.fix).toMatch(/Check esp\.dkim\.elsewhere\.example with a recursive resolver/);
  });
});

describe('authmail doctor', () => {
  it('prints findings with fixes and exits 1 on errors', async () => {
    const r = await cli([
      'doctor',
      'missing.example',
      '--selector',
      's1',
      '--from',
      'a@missing.example',
      '--dns-server',
      dns.server,
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ SPF');
    expect(r.stdout).toContain('fix: Publish one TXT record at missing.example');
    expect(r.stdout).toMatch(/3 error\(s\)/);
  });

  it('exits 0 and prints JSON for a healthy domain', async () => {
    const r = await cli([
      'doctor',
      'good.example',
      '--selector',
      's1',
      '--from',
      'hi@good.example',
      '--json',
      '--dns-server',
      dns.server,
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as DoctorReport;
    expect(report).toMatchObject({ domain: 'good.example', from: 'hi@good.example', status: 'ok' });
  });

  it('uses the brand From address by default and names bad input', async () => {
    const r = await cli(['doctor', 'good.example', '--selector', 's1', '--json', '--dns-server', dns.server]);
    // The project in the working directory: its config's brand address, whatever it is.
    const { config } = await loadConfig();
    expect((JSON.parse(r.stdout) as DoctorReport).from).toBe(config.brand.fromAddress);
    const bad = await cli(['doctor', 'exa mple', '--dns-server', dns.server]);
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('is not a domain name') });
    expect((await cli(['doctor'])).code).toBe(1);
  });
});
