/**
 * OTP-bombing protection: rate limits per recipient address and per client
 * IP, decided before anything is sent. Each limit is "at most `limit` emails
 * per `window`" as the generic cell rate algorithm (GCRA): a steady rate of
 * one email per `window / limit` with a burst of `limit`, one timestamp per
 * key, and an exact `Retry-After`. A request passes only when every limit
 * allows it, and only then does it count (a refused request costs nothing).
 *
 * Keys: one per inbox, not per spelling (`recipientKey`): the address
 * lower-cased, its domain in ASCII (IDNA), its `+tag` removed, and at Gmail
 * (gmail.com, googlemail.com) its dots removed and googlemail.com read as
 * gmail.com; `recipientKeys: 'address'` keeps only case and IDNA. A second
 * line per registrable domain (`domain`, off by default) caps what many
 * invented addresses at one domain can draw. The client IP: IPv4-mapped IPv6
 * as IPv4, other IPv6 addresses by their /64 (one host usually holds a /64).
 *
 * In memory, per process, bounded by `maxKeys` per limit (recovered keys are
 * dropped first, then the least recently used tenth). The price of the bound:
 * whoever makes `maxKeys` other keys active within a window can push a
 * victim's key out and reset its count (docs/serve.md "Rate limits"). Several server
 * instances each count on their own: `serve.rateLimit.redis` shares the
 * counts (rate-limit-redis.ts).
 */
import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import { addressKey } from '../mail/message.ts';
import type { LimitConfig } from './schema.ts';

export type LimitName = 'recipient' | 'domain' | 'ip';

/** How recipients are counted: one budget per inbox (`canonical`), or per address as written but for case. */
export type RecipientKeys = 'canonical' | 'address';

export interface RateLimitKeys {
  recipient: string;
  /** The client IP (Logto's `ip`), when the request has one. */
  ip?: string | undefined;
}

export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; limit: LimitName; retryAfterMs: number; max: number; window: number }
  /** The shared store could not decide, and `onStoreError` is `deny`. */
  | { allowed: false; limit: 'store'; reason: string };

export interface StoreHealth {
  store: 'memory' | 'redis';
  status: 'ok' | 'unavailable';
  reason?: string;
}

export interface RateLimiter {
  /** Decides, and counts the request when it is allowed. */
  take(keys: RateLimitKeys, now?: number): RateLimitDecision | Promise<RateLimitDecision>;
  /** Drops keys whose limits have fully recovered. */
  sweep(now?: number): void;
  /** Keys tracked, per limit. */
  size(): Record<LimitName, number>;
  /** Whether the store answers (in memory: always). */
  health(): StoreHealth;
  close?(): Promise<void>;
}

/** One GCRA limit over many keys. */
export class Gcra {
  readonly limit: number;
  readonly window: number;
  readonly interval: number;
  private readonly maxKeys: number;
  /** key → theoretical arrival time of the next request (ms). */
  private readonly tat = new Map<string, number>();

  constructor(config: LimitConfig, maxKeys: number) {
    this.limit = config.limit;
    this.window = config.window;
    this.interval = config.window / config.limit;
    this.maxKeys = maxKeys;
  }

  /** 0 when a request for `key` is allowed at `now`, else the wait in ms; plus the state to commit. */
  peek(key: string, now: number): { wait: number; next: number } {
    const tat = Math.max(this.tat.get(key) ?? now, now);
    const next = tat + this.interval;
    const allowAt = next - this.window;
    return { wait: allowAt > now ? Math.ceil(allowAt - now) : 0, next };
  }

  commit(key: string, next: number, now: number): void {
    if (this.tat.has(key))
      this.tat.delete(key); // re-insert: Map order = least recently used first
    else if (this.tat.size >= this.maxKeys) this.evict(now);
    this.tat.set(key, next);
  }

  sweep(now: number): void {
    for (const [key, tat] of this.tat) if (tat <= now) this.tat.delete(key);
  }

  get size(): number {
    return this.tat.size;
  }

  private evict(now: number): void {
    this.sweep(now);
    // Still full of live keys: drop the least recently used tenth, so eviction stays amortized O(1).
    if (this.tat.size >= this.maxKeys) {
      let drop = Math.max(1, Math.floor(this.maxKeys / 10));
      for (const key of this.tat.keys()) {
        this.tat.delete(key);
        if (--drop === 0) break;
      }
    }
  }
}

/** Domains that deliver every spelling with dots in the local part to one inbox, and their one name. */
const DOTLESS: Readonly<Record<string, string>> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The inbox an address reaches: `V.ictim+1@GoogleMail.com` → `victim@gmail.com`, `Ada+otp@Example.COM` →
 * `ada@example.com`. Sub-addressing (`+tag`, RFC 5233) is folded at every domain: Gmail, Outlook.com,
 * iCloud, Fastmail, Proton, Google Workspace and Microsoft 365 all deliver `a+x` to `a`, and counting a
 * domain that does not together with its `a` costs at most a shared budget. `address` keeps the tag.
 */
export function recipientKey(address: string, mode: RecipientKeys = 'canonical'): string {
  // Case, and the Unicode or punycode form of the domain, never make another inbox.
  const a = addressKey(address);
  const at = a.lastIndexOf('@');
  if (at <= 0 || mode === 'address') return a;
  let local = a.slice(0, at);
  let domain = a.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  const dotless = DOTLESS[domain];
  if (dotless) {
    domain = dotless;
    local = local.replaceAll('.', '') || local;
  }
  return `${local}@${domain}`;
}

/** The registrable domain of a recipient (`a@mail.corp.example.co.uk` → `example.co.uk`), for the domain cap. */
export function domainKey(address: string): string | undefined {
  const canonical = recipientKey(address);
  const domain = canonical.slice(canonical.lastIndexOf('@') + 1);
  if (!domain) return undefined;
  return getDomain(domain, { allowPrivateDomains: true }) ?? domain;
}

/** Eight 16-bit groups of an IPv6 address (no zone), or undefined. */
function ipv6Groups(ip: string): number[] | undefined {
  let s = ip;
  let tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4?.[1]) {
    const b = v4[1].split('.').map(Number);
    tail = [((b[0] ?? 0) << 8) | (b[1] ?? 0), ((b[2] ?? 0) << 8) | (b[3] ?? 0)];
    s = s.slice(0, -v4[1].length);
    if (s.endsWith(':') && !s.endsWith('::')) s = s.slice(0, -1);
  }
  const [head = '', rest] = s.split('::');
  const parse = (part: string) => (part ? part.split(':').map((h) => Number.parseInt(h, 16)) : []);
  const left = parse(head);
  const right = [...parse(rest ?? ''), ...tail];
  const fill = 8 - left.length - right.length;
  if (rest === undefined && fill !== 0) return undefined;
  const groups = [...left, ...new Array(Math.max(0, fill)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** The rate-limit key of a client IP: IPv4 as is, IPv4-mapped IPv6 as IPv4, other IPv6 by /64. */
export function ipKey(ip: string): string | undefined {
  const bare = ip.trim().replace(/%.*$/, '');
  const kind = isIP(bare);
  if (kind === 4) return bare;
  if (kind !== 6) return undefined;
  const g = ipv6Groups(bare.toLowerCase());
  if (!g) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) {
    return [(g[6] ?? 0) >> 8, (g[6] ?? 0) & 255, (g[7] ?? 0) >> 8, (g[7] ?? 0) & 255].join('.');
  }
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

export interface RateLimitOptions {
  recipient: LimitConfig | false;
  /** Per registrable domain of the recipient (off by default). */
  domain?: LimitConfig | false | undefined;
  ip: LimitConfig | false;
  maxKeys: number;
  recipientKeys?: RecipientKeys | undefined;
}

/** The key of each configured limit for one request (a limit without a key, an IP-less request say, is skipped). */
export function limitKeys(
  names: readonly LimitName[],
  keys: RateLimitKeys,
  mode: RecipientKeys = 'canonical',
): { name: LimitName; key: string }[] {
  return names.flatMap((name) => {
    const key =
      name === 'recipient'
        ? recipientKey(keys.recipient, mode)
        : name === 'domain'
          ? domainKey(keys.recipient)
          : keys.ip
            ? ipKey(keys.ip)
            : undefined;
    return key === undefined ? [] : [{ name, key }];
  });
}

/** The configured limits, in the order they are checked. */
export function configuredLimits(options: Pick<RateLimitOptions, 'recipient' | 'domain' | 'ip'>) {
  const out: [LimitName, LimitConfig][] = [];
  if (options.recipient) out.push(['recipient', options.recipient]);
  if (options.domain) out.push(['domain', options.domain]);
  if (options.ip) out.push(['ip', options.ip]);
  return out;
}

/** A limiter in this process's memory: it decides at once. */
export interface MemoryRateLimiter extends RateLimiter {
  take(keys: RateLimitKeys, now?: number): RateLimitDecision;
}

type Refusal = Extract<RateLimitDecision, { retryAfterMs: number }>;

/** The in-memory limiter for the `serve.rateLimit` settings. */
export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): MemoryRateLimiter {
  const limits = new Map(configuredLimits(options).map(([name, config]) => [name, new Gcra(config, options.maxKeys)]));
  return {
    take(keys, now = clock()) {
      const plan: { gcra: Gcra; key: string; next: number }[] = [];
      let refused: Refusal | undefined;
      for (const { name, key } of limitKeys([...limits.keys()], keys, options.recipientKeys)) {
        const gcra = limits.get(name) as Gcra;
        const { wait, next } = gcra.peek(key, now);
        if (wait > 0) {
          if (!refused || wait > refused.retryAfterMs) {
            refused = { allowed: false, limit: name, retryAfterMs: wait, max: gcra.limit, window: gcra.window };
          }
        } else plan.push({ gcra, key, next });
      }
      if (refused) return refused;
      for (const p of plan) p.gcra.commit(p.key, p.next, now);
      return { allowed: true };
    },
    sweep(now = clock()) {
      for (const gcra of limits.values()) gcra.sweep(now);
    },
    size() {
      const out: Record<LimitName, number> = { recipient: 0, domain: 0, ip: 0 };
      for (const [name, gcra] of limits) out[name] = gcra.size;
      return out;
    },
    health: (): StoreHealth => ({ store: 'memory', status: 'ok' }),
  };
}
