/** The in-memory rate limiter of `authmail serve` (GCRA per recipient and per IP, bounded keys). */
import { describe, expect, it } from 'vitest';
import { createRateLimiter, domainKey, Gcra, ipKey, recipientKey } from '../../src/serve/index.ts';

describe('rate limiter (GCRA)', () => {
  it('allows a burst of `limit`, then one per window/limit, with the exact wait', () => {
    const g = new Gcra({ limit: 3, window: 60_000 }, 100);
    const take = (now: number) => {
      const { wait, next } = g.peek('k', now);
      if (wait === 0) g.commit('k', next, now);
      return wait;
    };
    expect([take(0), take(0), take(0)]).toEqual([0, 0, 0]);
    expect(take(0)).toBe(20_000);
    expect(take(19_999)).toBe(1);
    expect(take(20_000)).toBe(0);
    expect(take(20_000)).toBe(20_000);
    // After a full window of silence, the whole burst is back.
    expect([take(140_000), take(140_000), take(140_000), take(140_000)]).toEqual([0, 0, 0, 20_000]);
  });

  it('counts a request only when every limit allows it', () => {
    let now = 0;
    const limiter = createRateLimiter(
      { recipient: { limit: 1, window: 10_000 }, ip: { limit: 2, window: 10_000 }, maxKeys: 100 },
      () => now,
    );
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toEqual({ allowed: true });
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toMatchObject({
      allowed: false,
      limit: 'recipient',
      retryAfterMs: 10_000,
    });
    // The refused request did not use the IP's second slot.
    expect(limiter.take({ recipient: 'b@x.com', ip: '10.0.0.1' })).toEqual({ allowed: true });
    expect(limiter.take({ recipient: 'c@x.com', ip: '10.0.0.1' })).toMatchObject({ allowed: false, limit: 'ip' });
    now = 10_000;
    limiter.sweep();
    expect(limiter.size()).toEqual({ recipient: 0, domain: 0, ip: 0 });
  });

  it('names the longer wait when several limits refuse', () => {
    const limiter = createRateLimiter(
      { recipient: { limit: 1, window: 10_000 }, ip: { limit: 1, window: 60_000 }, maxKeys: 100 },
      () => 0,
    );
    limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' });
    expect(limiter.take({ recipient: 'a@x.com', ip: '10.0.0.1' })).toMatchObject({ limit: 'ip', retryAfterMs: 60_000 });
  });

  it('counts the Unicode and punycode spellings of one inbox together', () => {
    const limiter = createRateLimiter({ recipient: { limit: 5, window: 60_000 }, ip: false, maxKeys: 100 }, () => 0);
    const spellings = ['a@bücher.example', 'a@xn--bcher-kva.example', 'A@BÜCHER.example', 'a+1@XN--BCHER-KVA.example'];
    const allowed = Array.from(
      { length: 10 },
      (_, i) => limiter.take({ recipient: spellings[i % 4] as string }).allowed,
    );
    expect(allowed.filter(Boolean)).toHaveLength(5);
  });

  it('keeps at most maxKeys keys per limit', () => {
    const limiter = createRateLimiter({ recipient: { limit: 1, window: 60_000 }, ip: false, maxKeys: 100 }, () => 0);
    for (let i = 0; i < 1_000; i++) limiter.take({ recipient: `u${i}@x.com` });
    expect(limiter.size().recipient).toBeLessThanOrEqual(100);
    // The most recent keys are still limited.
    expect(limiter.take({ recipient: 'u999@x.com' }).allowed).toBe(false);
  });

  it.each([
    ['Ada@Example.COM', 'ada@example.com'],
    ['ada+otp@example.com', 'ada@example.com'],
    ['ada+a+b@example.com', 'ada@example.com'],
    ['+tag@example.com', '+tag@example.com'],
    ['ada@bücher.example', 'ada@xn--bcher-kva.example'],
    ['Ada+x@BÜCHER.example', 'ada@xn--bcher-kva.example'],
    ['ADA@XN--BCHER-KVA.EXAMPLE', 'ada@xn--bcher-kva.example'],
    // Gmail ignores dots, googlemail.com is gmail.com; other domains keep their dots.
    ['v.ictim@gmail.com', 'victim@gmail.com'],
    ['vi.c.tim@gmail.com', 'victim@gmail.com'],
    ['victim@googlemail.com', 'victim@gmail.com'],
    ['Victim+1@GoogleMail.com', 'victim@gmail.com'],
    ['v.ictim@example.com', 'v.ictim@example.com'],
  ])('recipient key of %s is %s', (address, key) => {
    expect(recipientKey(address)).toBe(key);
  });

  it('gives the spellings of one Gmail inbox one budget, and a second line per domain', () => {
    const limiter = createRateLimiter({ recipient: { limit: 5, window: 600_000 }, ip: false, maxKeys: 1_000 }, () => 0);
    const spellings = ['victim@gmail.com', 'v.ictim@gmail.com', 'vi.c.tim@gmail.com', 'victim@googlemail.com'];
    const allowed = [...spellings, 'victim+1@googlemail.com', 'V.I.C.T.I.M@gmail.com', 'victim+2@gmail.com'].map(
      (recipient) => limiter.take({ recipient }).allowed,
    );
    expect(allowed).toEqual([true, true, true, true, true, false, false]);

    const exact = createRateLimiter(
      { recipient: { limit: 1, window: 600_000 }, ip: false, maxKeys: 1_000, recipientKeys: 'address' },
      () => 0,
    );
    expect(spellings.map((recipient) => exact.take({ recipient }).allowed)).toEqual([true, true, true, true]);

    const domains = createRateLimiter(
      { recipient: { limit: 5, window: 600_000 }, domain: { limit: 3, window: 600_000 }, ip: false, maxKeys: 1_000 },
      () => 0,
    );
    const invented = ['a@catch.example', 'b@catch.example', 'c@mail.catch.example', 'd@catch.example'];
    expect(invented.map((recipient) => domains.take({ recipient }))).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: true },
      expect.objectContaining({ allowed: false, limit: 'domain', max: 3 }),
    ]);
    expect(domains.take({ recipient: 'a@other.example' }).allowed).toBe(true);
  });

  it.each([
    ['a@mail.corp.example.co.uk', 'example.co.uk'],
    ['a@googlemail.com', 'gmail.com'],
    ['a@bücher.example', 'xn--bcher-kva.example'],
  ])('domain key of %s is %s', (address, key) => {
    expect(domainKey(address)).toBe(key);
  });

  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['2001:db8:1:2::a', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:b', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not-an-ip', undefined],
  ])('ip key of %s is %s', (ip, key) => {
    expect(ipKey(ip)).toBe(key);
  });
});
