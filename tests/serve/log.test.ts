/** What `authmail serve` logs of addresses: masked. */
import { describe, expect, it } from 'vitest';
import { maskAddress, maskAddresses } from '../../src/serve/index.ts';

describe('masking', () => {
  it.each([
    ['mina@example.com', 'm***@example.com'],
    ['Mina Park <mina.park@example.com>', 'm***@example.com'],
    ['"x"@example.com', 'x***@example.com'],
    ['ölaf@example.com', 'ö***@example.com'],
    ['no-address', '***'],
    ['@example.com', '***'],
  ])('%s → %s', (address, masked) => {
    expect(maskAddress(address)).toBe(masked);
  });

  it('masks every address in a text', () => {
    expect(maskAddresses('550 5.1.1 <bob@example.com>: unknown; cc ann.lee@sub.example.org')).toBe(
      '550 5.1.1 <b***@example.com>: unknown; cc a***@sub.example.org',
    );
  });
});
