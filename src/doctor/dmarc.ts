/**
 * DMARC (RFC 7489): a policy record for the From domain (or its
 * organizational domain), its strength, reporting, and whether mail signed
 * and sent as the checked domain aligns with the From address.
 */
import { getDomain } from 'tldts';
import { tags } from './dkim.ts';
import type { TxtResolver } from './dns.ts';
import type { Finding } from './findings.ts';

export const organizationalDomain = (domain: string) => getDomain(domain, { allowPrivateDomains: true }) ?? domain;

/** Exactly how RFC 7489 §6.3 wants a record to start: "v=DMARC1", that case, no spaces. */
const EXACT_VERSION = /^v=DMARC1\s*(;|$)/;

export async function findDmarc(fromDomain: string, resolver: TxtResolver) {
  // Near misses (v=dmarc1, v = DMARC1) are found here and reported, not taken for "no record".
  const lookup = async (d: string) =>
    (await resolver.txt(`_dmarc.${d}`)).filter((r) => /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(r));
  let at = fromDomain;
  let records = await lookup(at);
  const org = organizationalDomain(fromDomain);
  if (records.length === 0 && org !== fromDomain) {
    at = org;
    records = await lookup(at);
  }
  return { at, records };
}

export async function checkDmarc(sendingDomain: string, fromDomain: string, resolver: TxtResolver): Promise<Finding[]> {
  const { at, records } = await findDmarc(fromDomain, resolver);
  const policy = policyFindings(at, fromDomain, records);
  if (records.length === 1) policy.push(...(await reportFindings(at, records[0] as string, resolver)));
  // Alignment matters even without a DMARC record: Gmail and Yahoo require it from bulk senders.
  const t = records.length === 1 ? tags(records[0] as string) : {};
  return [...policy, alignmentFinding(sendingDomain, fromDomain, t)];
}

function policyFindings(at: string, fromDomain: string, records: string[]): Finding[] {
  const name = `_dmarc.${at}`;
  if (records.length === 0) {
    return [
      {
        check: 'dmarc',
        status: 'error',
        name: `_dmarc.${fromDomain}`,
        message: `No DMARC record for ${fromDomain}. Gmail and Yahoo require one from bulk senders, and without it spoofed OTP mail is not rejected.`,
        fix: `Publish TXT _dmarc.${organizationalDomain(fromDomain)}: "v=DMARC1; p=none; rua=mailto:dmarc@${organizationalDomain(fromDomain)}", then tighten p= once reports are clean.`,
      },
    ];
  }
  if (records.length > 1) {
    return [
      {
        check: 'dmarc',
        status: 'error',
        name,
        record: records.join(' | '),
        message: `${records.length} DMARC records at ${name}; receivers then apply none.`,
        fix: 'Keep exactly one.',
      },
    ];
  }
  const record = records[0] as string;
  const t = tags(record);
  const findings: Finding[] = [];
  const base = { check: 'dmarc' as const, name, record };
  if (!EXACT_VERSION.test(record)) {
    findings.push({
      ...base,
      status: 'error',
      message: `The record starts with "${record.split(';')[0]?.trim()}"; RFC 7489 §6.3 requires exactly "v=DMARC1" (that case, no spaces), and receivers such as OpenDMARC find no record.`,
      fix: `Start the record with "v=DMARC1;".`,
    });
  }
  if (/(^|;)\s*[A-Za-z]+(\s+=|=\s+)/.test(record)) {
    findings.push({
      ...base,
      status: 'warning',
      message:
        'Tags have spaces around "=": the grammar allows them, but some receivers (OpenDMARC) reject the record.',
      fix: 'Write tags as name=value, e.g. "v=DMARC1; p=reject; rua=mailto:…".',
    });
  }
  const policy = (at === fromDomain ? t.p : (t.sp ?? t.p))?.toLowerCase();
  if (!policy || !['none', 'quarantine', 'reject'].includes(policy)) {
    findings.push({
      ...base,
      status: 'error',
      message: `The DMARC record has no valid policy (p=${t.p ?? ''}).`,
      fix: 'Set p=none, p=quarantine or p=reject.',
    });
  } else if (policy === 'none') {
    findings.push({
      ...base,
      status: 'warning',
      message: 'DMARC policy is p=none: spoofed mail is reported but still delivered.',
      fix: 'After a few weeks of clean aggregate reports, move to p=quarantine, then p=reject.',
    });
  }
  if (t.pct !== undefined && Number(t.pct) < 100) {
    findings.push({
      ...base,
      status: 'warning',
      message: `The policy applies to only ${t.pct}% of failing mail.`,
      fix: 'Raise pct to 100 (or remove it).',
    });
  }
  if (!t.rua) {
    findings.push({
      ...base,
      status: 'warning',
      message: 'No aggregate reports (rua=): failures go unseen.',
      fix: `Add rua=mailto:dmarc-reports@${organizationalDomain(fromDomain)}.`,
    });
  }
  if (!findings.some((f) => f.status !== 'ok')) {
    findings.push({
      ...base,
      status: 'ok',
      message: `DMARC p=${policy} at ${name}${t.rua ? ', with aggregate reports' : ''}.`,
    });
  }
  return findings;
}

/**
 * Aggregate and failure reports to another domain are sent only when that domain authorizes them
 * with `<policy domain>._report._dmarc.<its domain>` (RFC 7489 §7.1).
 */
async function reportFindings(at: string, record: string, resolver: TxtResolver): Promise<Finding[]> {
  const t = tags(record);
  const out: Finding[] = [];
  const targets = [t.rua, t.ruf]
    .filter(Boolean)
    .flatMap((list) => (list as string).split(','))
    .map((uri) => /^mailto:[^@]+@([^!]+)/i.exec(uri.trim())?.[1]?.toLowerCase())
    .filter((d): d is string => Boolean(d));
  for (const domain of [...new Set(targets)]) {
    if (organizationalDomain(domain) === organizationalDomain(at)) continue;
    const name = `${at}._report._dmarc.${domain}`;
    const authorized = (await resolver.txt(name)).some((r) => /^v=DMARC1\s*(;|$)/i.test(r));
    if (!authorized) {
      out.push({
        check: 'dmarc',
        status: 'warning',
        name,
        message: `Reports go to ${domain}, which does not authorize them (no "v=DMARC1" at ${name}): receivers will not send them (RFC 7489 §7.1).`,
        fix: `Ask ${domain} to publish TXT ${name} "v=DMARC1;" (report services do this for you), or send reports to an address at ${organizationalDomain(at)}.`,
      });
    }
  }
  return out;
}

/** DKIM d= and the SPF (Return-Path) domain are the checked domain; the From domain must align with one. */
function alignmentFinding(sendingDomain: string, fromDomain: string, t: Record<string, string>): Finding {
  const strict = { dkim: t.adkim?.toLowerCase() === 's', spf: t.aspf?.toLowerCase() === 's' };
  const aligned = (mode: boolean) =>
    mode ? sendingDomain === fromDomain : organizationalDomain(sendingDomain) === organizationalDomain(fromDomain);
  const alignment = { dkim: aligned(strict.dkim), spf: aligned(strict.spf) };
  if (!alignment.dkim && !alignment.spf) {
    return {
      check: 'alignment',
      status: 'error',
      message: `Mail signed and sent as ${sendingDomain} does not align with the From address domain ${fromDomain}${strict.dkim || strict.spf ? ' (strict alignment)' : ''}: DMARC fails.`,
      fix: `Send from an address at ${sendingDomain}${strict.dkim ? '' : ` or a domain under ${organizationalDomain(sendingDomain)}`}, or set up DKIM for ${fromDomain}.`,
    };
  }
  return {
    check: 'alignment',
    status: 'ok',
    message: `From ${fromDomain} aligns with ${sendingDomain} (DKIM ${strict.dkim ? 'strict' : 'relaxed'}${alignment.dkim ? ' ✓' : ' ✗'}, SPF ${strict.spf ? 'strict' : 'relaxed'}${alignment.spf ? ' ✓' : ' ✗'}).`,
  };
}
