/**
 * TXT lookups for the doctor. `node:dns` by default (optionally against a
 * given server); any object with `txt()` can stand in.
 */
import { Resolver } from 'node:dns/promises';

export interface TxtResolver {
  /** The TXT records at `name`, each record's strings joined (RFC 7208 §3.3); [] when none exist. */
  txt(name: string): Promise<string[]>;
  /** The CNAME target of `name`, or undefined (a resolver that cannot tell may leave this out). */
  cname?(name: string): Promise<string | undefined>;
}

export class DnsLookupError extends Error {
  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`DNS lookup of ${host} failed: ${reason}`);
  }
}

const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

export function systemResolver(options: { server?: string | undefined; timeoutMs?: number } = {}): TxtResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 5000, tries: 2 });
  if (options.server) resolver.setServers([options.server]);
  return {
    async txt(name) {
      try {
        return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(''));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (NO_RECORDS.has(code)) return [];
        throw new DnsLookupError(name, code || (error as Error).message);
      }
    },
    async cname(name) {
      try {
        return (await resolver.resolveCname(name))[0];
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (NO_RECORDS.has(code)) return undefined;
        throw new DnsLookupError(name, code || (error as Error).message);
      }
    },
  };
}
