/**
 * DKIM (RFC 6376): the selector's key record exists, parses, is not revoked
 * or in test mode, and is large enough (RSA ≥ 1024 bits; 2048 recommended).
 */
import { createPublicKey } from 'node:crypto';
import type { TxtResolver } from './dns.ts';
import type { Finding } from './findings.ts';

/** Selectors tried when none is given: common defaults and the big providers' names. */
export const COMMON_SELECTORS = [
  'default',
  'dkim',
  'mail',
  'selector1',
  'selector2',
  'google',
  's1',
  's2',
  'k1',
  'k2',
  'mxvault',
  'resend',
  'pm',
  'mandrill',
  'smtp',
  'hs1',
  'hs2',
];

export const tags = (record: string) =>
  Object.fromEntries(
    record
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const i = part.indexOf('=');
        return [part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).replace(/\s+/g, '')];
      }),
  ) as Record<string, string>;

function keyBits(p: string, type: string): number | 'unparseable' {
  const der = Buffer.from(p, 'base64');
  for (const format of type === 'ed25519' ? ['spki-raw'] : ['spki', 'pkcs1']) {
    try {
      if (format === 'spki-raw') return der.length === 32 ? 256 : 'unparseable';
      const key = createPublicKey({ key: der, format: 'der', type: format as 'spki' | 'pkcs1' });
      return key.asymmetricKeyDetails?.modulusLength ?? 'unparseable';
    } catch {}
  }
  return 'unparseable';
}

export async function checkDkimSelector(
  domain: string,
  selector: string,
  resolver: TxtResolver,
): Promise<Finding | undefined> {
  const name = `${selector}._domainkey.${domain}`;
  const isKey = (r: string) => /(^|;)\s*(v=DKIM1|p=|k=)/i.test(r);
  let records = (await resolver.txt(name)).filter(isKey);
  if (records.length === 0) {
    // A selector delegated by CNAME (as most providers do): a recursive resolver follows it, an
    // authoritative server of this zone only answers with the CNAME.
    const target = await resolver.cname?.(name);
    if (!target) return undefined;
    records = (await resolver.txt(target).catch(() => [])).filter(isKey);
    if (records.length === 0) {
      return {
        check: 'dkim',
        status: 'warning',
        name,
        message: `${name} is a CNAME to ${target}, and the DNS server gave no key there: it does not recurse (an authoritative server answers for its own zones only), or ${target} has no key.`,
        fix: `Check ${target} with a recursive resolver (run without --dns-server, or with one that recurses); if it has no key, publish it at your provider.`,
      };
    }
  }
  const record = records[0] as string;
  const t = tags(record);
  const base = { check: 'dkim' as const, name, record };
  if (t.v !== undefined && t.v !== 'DKIM1') {
    return {
      ...base,
      status: 'error',
      message: `Key record ${name} has v=${t.v}; only DKIM1 exists.`,
      fix: 'Start the record with "v=DKIM1;".',
    };
  }
  if (t.p === undefined) {
    return {
      ...base,
      status: 'error',
      message: `Key record ${name} has no public key (p=).`,
      fix: 'Publish the public key your provider gives you as p=…',
    };
  }
  if (t.p === '') {
    return {
      ...base,
      status: 'error',
      message: `The key at ${name} is revoked (empty p=); mail signed with it fails DKIM.`,
      fix: 'Sign with a current selector, or publish its key again.',
    };
  }
  const type = (t.k ?? 'rsa').toLowerCase();
  const bits = keyBits(t.p, type);
  if (bits === 'unparseable') {
    return {
      ...base,
      status: 'error',
      message: `The public key at ${name} does not parse as a ${type} key.`,
      fix: 'Copy the key again from your provider; a truncated or re-wrapped key is a common cause.',
    };
  }
  if (t.t?.split(':').includes('y')) {
    return {
      ...base,
      status: 'warning',
      message: `${name} is in test mode (t=y): receivers may ignore failures and passes alike.`,
      fix: 'Remove "t=y" once signing works.',
    };
  }
  if (type === 'rsa' && bits < 1024) {
    return {
      ...base,
      status: 'error',
      message: `The RSA key at ${name} has ${bits} bits; receivers reject keys under 1024 bits.`,
      fix: 'Generate a 2048-bit key and publish it under a new selector.',
    };
  }
  if (type === 'rsa' && bits < 2048) {
    return {
      ...base,
      status: 'warning',
      message: `The RSA key at ${name} has ${bits} bits; 2048 is recommended (Gmail, Yahoo).`,
      fix: 'Rotate to a 2048-bit key under a new selector.',
    };
  }
  return { ...base, status: 'ok', message: `DKIM key at ${name}: ${type === 'rsa' ? `RSA ${bits} bits` : 'Ed25519'}.` };
}

export async function checkDkim(domain: string, selectors: readonly string[], resolver: TxtResolver) {
  const probing = selectors.length === 0;
  const results: { selector: string; finding: Finding }[] = [];
  for (const selector of probing ? COMMON_SELECTORS : selectors) {
    const finding = await checkDkimSelector(domain, selector, resolver);
    if (finding) results.push({ selector, finding });
    else if (!probing) {
      results.push({
        selector,
        finding: {
          check: 'dkim',
          status: 'error',
          name: `${selector}._domainkey.${domain}`,
          message: `No DKIM key at ${selector}._domainkey.${domain}.`,
          fix: 'Publish the TXT (or CNAME) record your provider gives you for this selector, or check the selector name.',
        },
      });
    }
  }
  if (probing && results.length === 0) {
    results.push({
      selector: '',
      finding: {
        check: 'dkim',
        status: 'warning',
        message: `No DKIM key found at common selectors of ${domain}.`,
        fix: 'Pass the selector your provider signs with: authmail doctor <domain> --selector <name>.',
      },
    });
  }
  return results;
}
