/**
 * Links: https only (mailto: allowed), no URL shorteners, and a link whose
 * visible text is an address goes to that address's host.
 */
import { readFileSync } from 'node:fs';
import { textOf } from '../parse.ts';
import type { EmailRule, RuleFinding } from '../types.ts';

let shorteners: string[] | undefined;

/** SpamAssassin's URL shortener hosts (`data/url-shorteners.txt`); `.host` matches subdomains. */
export function shortenerHosts(): string[] {
  shorteners ??= readFileSync(new URL('../data/url-shorteners.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#'));
  return shorteners;
}

export function isShortener(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return shortenerHosts().some((s) => (s.startsWith('.') ? h.endsWith(s) : h === s));
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
};

export const linkHttps: EmailRule = {
  id: 'link-https',
  family: 'links',
  kind: 'email',
  severity: 'error',
  description:
    'links and images use https:// (links may also be mailto:); no http:, javascript:, relative or IP-address URLs',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const el of email.elements) {
      const attr = el.name === 'a' ? 'href' : el.name === 'img' ? 'src' : undefined;
      const url = attr ? el.attribs[attr]?.trim() : undefined;
      if (!attr || url === undefined) continue;
      const where = email.at(el.startIndex ?? 0, el);
      if (el.name === 'a' && /^mailto:/i.test(url)) continue;
      if (el.name === 'a' && url.startsWith('#')) continue;
      if (!/^https:\/\//i.test(url)) {
        findings.push({
          message: `${el.name === 'a' ? 'A link' : 'An image'} uses "${url.slice(0, 60)}"; use an absolute https:// address.`,
          location: where,
        });
        continue;
      }
      const host = hostOf(url);
      if (host && (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('['))) {
        findings.push({
          message: `A link points to an IP address (${host}); spam filters distrust that, use a domain name.`,
          location: where,
        });
      }
    }
    return findings;
  },
};

export const linkShortener: EmailRule = {
  id: 'link-shortener',
  family: 'links',
  kind: 'email',
  severity: 'error',
  description: "no URL shorteners (SpamAssassin's list): they hide the destination and raise spam scores",
  check(email) {
    const findings: RuleFinding[] = [];
    for (const el of email.elements) {
      const url = el.name === 'a' ? el.attribs.href : el.name === 'img' ? el.attribs.src : undefined;
      const host = url ? hostOf(url) : undefined;
      if (host && isShortener(host)) {
        findings.push({
          message: `${host} is a URL shortener: readers cannot see where the link goes and spam filters score it. Link to the real address.`,
          location: email.at(el.startIndex ?? 0, el),
        });
      }
    }
    return findings;
  },
};

/** The host a link text shows, when the text looks like an address (`https://x.com/…`, `help.acme.example`). */
export function shownHost(text: string): string | undefined {
  const t = text.trim();
  if (/\s/.test(t) || !t) return undefined;
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(t)) return undefined; // an e-mail address: checked against mailto
  const m = /^(?:https?:\/\/)?((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,})(?::\d+)?(?:[/?#].*)?$/iu.exec(t);
  return m?.[1]?.toLowerCase();
}

export const linkText: EmailRule = {
  id: 'link-text',
  family: 'links',
  kind: 'email',
  severity: 'error',
  description:
    'a link whose text is an address (URL, host or e-mail) goes to exactly that host or address — otherwise it looks like phishing',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const el of email.elements.filter((e) => e.name === 'a' && e.attribs.href)) {
      const text = textOf(el).trim();
      const href = (el.attribs.href as string).trim();
      const where = email.at(el.startIndex ?? 0, el);
      if (/^mailto:/i.test(href)) {
        const address = decodeURIComponent(href.slice(7).split('?')[0] ?? '').toLowerCase();
        if (/^[^@\s]+@[^@\s]+$/.test(text) && text.toLowerCase() !== address) {
          findings.push({ message: `The link shows ${text} but writes to ${address}.`, location: where });
        }
        continue;
      }
      const shown = shownHost(text);
      const real = hostOf(href);
      if (shown && real && shown !== real) {
        findings.push({
          message: `The link shows ${shown} but goes to ${real}; readers (and spam filters) see a mismatch like phishing. Show the real address or use words.`,
          location: where,
        });
      }
      if (/^http:\/\//i.test(text) && /^https:\/\//i.test(href)) {
        findings.push({ message: 'The link text shows http:// while the link is https://.', location: where });
      }
    }
    return findings;
  },
};

export const linkRules = [linkHttps, linkShortener, linkText];
