/**
 * SPF (RFC 7208): one record, a final `-all`/`~all`, at most 10 DNS-querying
 * terms counted through every include and redirect, at most 2 void lookups.
 */
import { DnsLookupError, type TxtResolver } from './dns.ts';
import type { Finding } from './findings.ts';

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

const isSpf = (record: string) => /^v=spf1(\s|$)/i.test(record);

export interface SpfTree {
  domains: string[];
  lookups: number;
  voids: number;
  problems: string[];
}

interface Term {
  qualifier: string;
  name: string;
  value: string;
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);

/** Terms of an SPF record; an unknown mechanism is `invalid` (unknown modifiers are allowed by the RFC). */
export function parseSpf(record: string): Term[] {
  return record
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((raw) => {
      const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
      if (modifier)
        return { qualifier: '', name: `${(modifier[1] as string).toLowerCase()}=`, value: modifier[2] as string };
      const m = /^([+?~-]?)([a-z0-9]+)(?::([^/]*))?(\/.*)?$/i.exec(raw);
      return m && MECHANISMS.has((m[2] as string).toLowerCase())
        ? { qualifier: m[1] || '+', name: (m[2] as string).toLowerCase(), value: m[3] ?? '' }
        : { qualifier: '', name: 'invalid', value: raw };
    });
}

const QUERYING = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

/** Walks includes and redirects, counting DNS-querying terms. */
async function walk(domain: string, resolver: TxtResolver, tree: SpfTree, seen: Set<string>) {
  if (seen.has(domain)) {
    tree.problems.push(`include loop through ${domain}`);
    return;
  }
  seen.add(domain);
  tree.domains.push(domain);
  const records = (await resolver.txt(domain)).filter(isSpf);
  if (records.length === 0) {
    tree.voids++;
    tree.problems.push(`${domain} has no SPF record (an include of it is a permanent error)`);
    return;
  }
  for (const term of parseSpf(records[0] as string)) {
    if (QUERYING.has(term.name) || term.name === 'redirect=') tree.lookups++;
    if (term.name === 'ptr') tree.problems.push(`"ptr" in ${domain} is deprecated and slow; remove it`);
    if ((term.name === 'include' || term.name === 'redirect=') && term.value) {
      if (term.value.includes('%')) continue; // macros depend on the sender; counted, not followed
      await walk(term.value.toLowerCase(), resolver, tree, seen);
    }
  }
}

export async function checkSpf(
  domain: string,
  resolver: TxtResolver,
): Promise<{ findings: Finding[]; tree?: SpfTree }> {
  const records = (await resolver.txt(domain)).filter(isSpf);
  const name = domain;
  if (records.length === 0) {
    return {
      findings: [
        {
          check: 'spf',
          status: 'error',
          name,
          message: `No SPF record at ${domain}.`,
          fix: `Publish one TXT record at ${domain}: "v=spf1 include:<your provider's SPF domain> -all".`,
        },
      ],
    };
  }
  if (records.length > 1) {
    return {
      findings: [
        {
          check: 'spf',
          status: 'error',
          name,
          record: records.join(' | '),
          message: `${records.length} SPF records at ${domain}; receivers treat that as a permanent error and SPF fails.`,
          fix: 'Merge them into a single "v=spf1 … -all" record.',
        },
      ],
    };
  }
  const record = records[0] as string;
  const findings: Finding[] = [];
  const terms = parseSpf(record);
  const invalid = terms.filter((t) => t.name === 'invalid');
  if (invalid.length) {
    findings.push({
      check: 'spf',
      status: 'error',
      name,
      record,
      message: `Unparseable SPF term(s): ${invalid.map((t) => t.value).join(', ')}.`,
      fix: 'Correct or remove them; one bad term makes the whole record a permanent error.',
    });
  }
  const all = terms.find((t) => t.name === 'all');
  const redirect = terms.find((t) => t.name === 'redirect=');
  if (all?.qualifier === '+') {
    findings.push({
      check: 'spf',
      status: 'error',
      name,
      record,
      message: 'The record ends in "+all": every server on the internet may send as this domain.',
      fix: 'End it with "-all" (or "~all" while you roll out).',
    });
  } else if (all?.qualifier === '?') {
    findings.push({
      check: 'spf',
      status: 'warning',
      name,
      record,
      message: 'The record ends in "?all" (neutral), which protects nothing.',
      fix: 'End it with "-all" or "~all".',
    });
  } else if (!all && !redirect) {
    findings.push({
      check: 'spf',
      status: 'warning',
      name,
      record,
      message: 'The record has no "all" term, so unlisted senders get a neutral result.',
      fix: 'Add "-all" (or "~all") at the end.',
    });
  }
  const tree: SpfTree = { domains: [], lookups: 0, voids: 0, problems: [] };
  try {
    await walk(domain, resolver, tree, new Set());
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    tree.problems.push(error.message);
  }
  for (const problem of tree.problems.filter((p) => !p.startsWith(`${domain} has no SPF`))) {
    findings.push({
      check: 'spf',
      status: 'error',
      name,
      record,
      message: `SPF problem: ${problem}.`,
      fix: 'Fix or remove the term.',
    });
  }
  if (tree.lookups > SPF_LOOKUP_LIMIT) {
    findings.push({
      check: 'spf',
      status: 'error',
      name,
      record,
      message: `SPF needs ${tree.lookups} DNS lookups (limit ${SPF_LOOKUP_LIMIT}); receivers stop at the limit and SPF fails.`,
      fix: 'Remove includes you no longer send through, or move a provider to its own subdomain.',
    });
  }
  if (tree.voids > SPF_VOID_LIMIT) {
    findings.push({
      check: 'spf',
      status: 'error',
      name,
      record,
      message: `${tree.voids} includes point at names without SPF records (limit ${SPF_VOID_LIMIT}).`,
      fix: 'Remove includes of domains that no longer publish SPF.',
    });
  }
  if (!findings.some((f) => f.status === 'error' || f.status === 'warning')) {
    findings.push({
      check: 'spf',
      status: 'ok',
      name,
      record,
      message: `One SPF record, ending in "${all ? `${all.qualifier === '+' ? '' : all.qualifier}all` : `redirect=${redirect?.value}`}", ${tree.lookups} of ${SPF_LOOKUP_LIMIT} lookups.`,
    });
  }
  return { findings, tree };
}
