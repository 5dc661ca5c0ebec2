/**
 * Recipients in logs: enough to tell two apart in an investigation, not
 * enough to read the address (`m***@example.com`). Used by every log line of
 * `serve` and of the queue's workers.
 */

/** `mina.s@example.com` → `m***@example.com`; anything that is not an address → `***`. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return '***';
  const local = address.slice(0, at).replace(/^.*</, '').replace(/^"/, '');
  const domain = address.slice(at + 1).replace(/>.*$/, '');
  return `${Array.from(local)[0] ?? ''}***@${domain}`;
}

const ADDRESS = /[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+\.[^\s<>()[\]"',;:@]+/g;

/** Masks every address in a text. */
export const maskAddresses = (text: string): string => text.replace(ADDRESS, (a) => maskAddress(a));
