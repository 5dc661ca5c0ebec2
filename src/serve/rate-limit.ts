/**
 * OTP-bombing protection: rate limits per recipient address and per client
 * IP, decided before anything is sent. Each limit is "at most `limit` emails
 * per `window`" as the generic cell rate algorithm (GCRA): a steady rate of
 * one email per `window / limit` with a burst of `limit`, one timestamp per
 * key, and an exact `Retry-After`. A request passes only when every limit
 * allows it, and only then does it count (a refused request costs nothing).
 *
 * Keys: the recipient lower-cased, its domain in ASCII (IDNA), its `+tag`
 * removed (`Ada+1@bücher.x` and `ada+2@xn--bcher-kva.x` reach one inbox),
 * and the client IP, IPv4-mapped IPv6 as IPv4 and other IPv6 addresses by
 * their /64 (one host usually holds a whole /64).
 *
 * In memory, per process, bounded by `maxKeys` per limit (recovered keys are
 * dropped first, then the least recently used tenth). The price of the bound:
 * whoever makes `maxKeys` other keys active within a window can push a
 * victim's key out and reset its count (README "Rate limits"). Several server
 * instances each count on their own: `serve.rateLimit.redis` shares the
 * counts (rate-limit-redis.ts).
 */
import { isIP } from 'node:net';
import { addressKey } from '../mail/message.ts';
import type { LimitConfig } from './schema.ts';

export type LimitName = 'recipient' | 'ip';

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

/** `Ada+otp@Example.COM` → `ada@example.com`. */
export function recipientKey(address: string): string {
  // Every spelling of one inbox is one key: case, and the Unicode or punycode form of its domain.
  const a = addressKey(address);
  const at = a.lastIndexOf('@');
  if (at <= 0) return a;
  const local = a.slice(0, at);
  const plus = local.indexOf('+');
  return `${plus > 0 ? local.slice(0, plus) : local}${a.slice(at)}`;
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
  ip: LimitConfig | false;
  maxKeys: number;
}

/** A limiter in this process's memory: it decides at once. */
export interface MemoryRateLimiter extends RateLimiter {
  take(keys: RateLimitKeys, now?: number): RateLimitDecision;
}

type Refusal = Extract<RateLimitDecision, { retryAfterMs: number }>;

/** The in-memory limiter for the `serve.rateLimit` settings. */
export function createRateLimiter(options: RateLimitOptions, clock: () => number = Date.now): MemoryRateLimiter {
  const limits: [LimitName, Gcra][] = [];
  if (options.recipient) limits.push(['recipient', new Gcra(options.recipient, options.maxKeys)]);
  if (options.ip) limits.push(['ip', new Gcra(options.ip, options.maxKeys)]);
  return {
    take(keys, now = clock()) {
      const plan: { gcra: Gcra; key: string; next: number }[] = [];
      let refused: Refusal | undefined;
      for (const [name, gcra] of limits) {
        const key = name === 'recipient' ? recipientKey(keys.recipient) : keys.ip ? ipKey(keys.ip) : undefined;
        if (key === undefined) continue;
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
      for (const [, gcra] of limits) gcra.sweep(now);
    },
    size() {
      const out: Record<LimitName, number> = { recipient: 0, ip: 0 };
      for (const [name, gcra] of limits) out[name] = gcra.size;
      return out;
    },
    health: (): StoreHealth => ({ store: 'memory', status: 'ok' }),
  };
}
