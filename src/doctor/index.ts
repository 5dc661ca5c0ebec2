/**
 * `authmail doctor`: SPF, DKIM and DMARC of a sending domain, alignment with
 * the From address, and separation from marketing mail.
 */
import { AuthmailError } from '../core/errors.ts';
import { checkDkim } from './dkim.ts';
import { checkDmarc } from './dmarc.ts';
import { DnsLookupError, type TxtResolver } from './dns.ts';
import type { Finding, Status } from './findings.ts';
import { checkSeparation } from './separation.ts';
import { checkSpf } from './spf.ts';

export { systemResolver, type TxtResolver } from './dns.ts';
export type { Finding, Status } from './findings.ts';

export interface DoctorOptions {
  /** DKIM selectors to check; common ones are probed when empty. */
  selectors?: readonly string[];
  /** The From address the auth mail uses (alignment is checked against it). */
  from?: string | undefined;
  resolver: TxtResolver;
}

export interface DoctorReport {
  domain: string;
  from: string;
  findings: Finding[];
  /** The worst status. */
  status: Status;
}

const RANK: Record<Status, number> = { ok: 0, info: 1, warning: 2, error: 3 };
const DOMAIN = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/i;

export class DoctorInputError extends AuthmailError {
  constructor(message: string) {
    super('INVALID_INPUT', message);
  }
}

export async function runDoctor(domainInput: string, options: DoctorOptions): Promise<DoctorReport> {
  const domain = domainInput.trim().toLowerCase().replace(/\.$/, '');
  if (!DOMAIN.test(domain)) throw new DoctorInputError(`"${domainInput}" is not a domain name (e.g. example.com)`);
  const from = options.from?.trim() ?? `no-reply@${domain}`;
  const fromDomain = from.split('@')[1]?.toLowerCase();
  if (!fromDomain || !DOMAIN.test(fromDomain)) throw new DoctorInputError(`"${from}" is not an e-mail address`);

  const guard = async <T>(check: Finding['check'], run: () => Promise<T>, fallback: T, out: Finding[]): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof DnsLookupError)) throw error;
      out.push({
        check,
        status: 'error',
        message: error.message,
        fix: 'Check the DNS server and the name, then run again.',
      });
      return fallback;
    }
  };
  const findings: Finding[] = [];
  const spf = await guard('spf', () => checkSpf(domain, options.resolver), { findings: [] }, findings);
  findings.push(...spf.findings);
  const dkim = await guard('dkim', () => checkDkim(domain, options.selectors ?? [], options.resolver), [], findings);
  findings.push(...dkim.map((d) => d.finding));
  findings.push(...(await guard('dmarc', () => checkDmarc(domain, fromDomain, options.resolver), [], findings)));
  findings.push(
    checkSeparation(
      domain,
      spf.tree?.domains ?? [],
      dkim.filter((d) => d.finding.status !== 'error').map((d) => d.selector),
    ),
  );
  const status = findings.reduce<Status>((worst, f) => (RANK[f.status] > RANK[worst] ? f.status : worst), 'ok');
  return { domain, from, findings, status };
}

const ICON: Record<Status, string> = { ok: '✓', info: 'i', warning: '!', error: '✗' };

export function formatReport(report: DoctorReport): string {
  const lines = [`${report.domain} (From ${report.from})`, ''];
  for (const f of report.findings) {
    lines.push(`${ICON[f.status]} ${f.check.toUpperCase().padEnd(10)} ${f.message}`);
    if (f.record) lines.push(`  ${''.padEnd(10)} record: ${f.record}`);
    if (f.fix && f.status !== 'ok') lines.push(`  ${''.padEnd(10)} fix: ${f.fix}`);
  }
  const counts = (s: Status) => report.findings.filter((f) => f.status === s).length;
  lines.push('', `${counts('error')} error(s), ${counts('warning')} warning(s)`);
  return lines.join('\n');
}
