/**
 * The message a transport delivers: addresses (validated here, before
 * anything is sent), the rendered subject/HTML/text, custom headers, a
 * Message-ID that stays the same across retries, the template context for
 * transports that build their own request, and the MIME source
 * (multipart/alternative, text then HTML) composed by nodemailer's
 * MailComposer on demand.
 */
import { randomUUID } from 'node:crypto';
import { domainToASCII } from 'node:url';
import { z } from 'zod';
import { AddressError, type AddressField, HeaderError } from '../core/errors.ts';
import type { Direction } from '../locale/index.ts';
import type { HostedTemplate } from './hosted.ts';

export interface Mailbox {
  name?: string;
  address: string;
}

export type MailboxInput = string | Mailbox;

/** Header values: one string, or several for a repeated header. */
export type Headers = Record<string, string | string[]>;

export interface MessageContext {
  /** Template id (`sign-in`). */
  template: string;
  /** Logto template type (`SignIn`). */
  logtoType: string;
  /** The locale the email was rendered in (after resolution). */
  locale: string;
  dir: Direction;
  /** The caller's variables as given (defaults merged in), before validation. */
  variables: Readonly<Record<string, unknown>>;
  /** The locale the caller asked for, if any. */
  requestedLocale?: string | undefined;
  /** The end user's IP, when the caller passes it (Logto's `ip`). */
  ip?: string | undefined;
  /** Set when the send asked for the provider-hosted template (`hosted: true`): its name and data. */
  hosted?: HostedTemplate | undefined;
}

export interface OutgoingMessage {
  /** `<uuid@sender-domain>`; the same for every attempt of one send. */
  readonly messageId: string;
  readonly date: Date;
  readonly from: Mailbox;
  readonly to: Mailbox;
  readonly replyTo?: Mailbox | undefined;
  /** SMTP envelope: bounce address and recipients. */
  readonly envelope: { from: string; to: string[] };
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** Custom headers (validated), added to the MIME source. */
  readonly headers: Readonly<Headers>;
  readonly context: MessageContext;
  /** The RFC 5322 source, with `extraHeaders` (a transport's own, such as SMTP `customHeaders`) added. */
  mime(extraHeaders?: Headers): Promise<Buffer>;
}

// ---------------------------------------------------------------- addresses

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting controls is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const LOCAL_ATOM = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\uffff-]+$/u;
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** Why `address` (a bare addr-spec) is not usable, or undefined when it is. */
export function addressProblem(address: string): string | undefined {
  if (address === '') return 'it is empty';
  if (CONTROL.test(address)) return 'it contains a line break or control character';
  if (/\s/.test(address)) return 'it contains a space';
  if (address.length > 254) return 'it is longer than 254 characters';
  const at = address.lastIndexOf('@');
  if (at === -1) return 'it has no "@"';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local === '') return 'the part before "@" is empty';
  if (local.includes('@') || local.includes('"')) return 'quoted or multiple "@" local parts are not accepted';
  if (local.length > 64) return 'the part before "@" is longer than 64 characters';
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'the part before "@" has a leading, trailing or double dot';
  }
  if (!local.split('.').every((atom) => LOCAL_ATOM.test(atom))) {
    return 'the part before "@" contains a character not allowed in an address';
  }
  if (domain === '') return 'the domain after "@" is empty';
  if (domain.startsWith('[')) return 'address literals ([IP]) are not accepted';
  if (domain.length > 253) return 'the domain is longer than 253 characters';
  const labels = domain.split('.');
  if (labels.length < 2) return `the domain "${domain}" has no dot (expected a name like example.com)`;
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return `the domain "${domain}" is not a valid host name (label "${bad}")`;
  if (/^\d+$/.test(labels[labels.length - 1] as string)) return `the domain "${domain}" ends in a number`;
  return undefined;
}

/**
 * The address with its domain in ASCII (IDNA / punycode: `a@bücher.example` →
 * `a@xn--bcher-kva.example`), as SMTP servers without SMTPUTF8 take it and as
 * they report it back. The local part is kept as given.
 */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at === -1) return address;
  const domain = address.slice(at + 1);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: printable ASCII needs no conversion
  const ascii = /^[\u0000-\u007f]*$/.test(domain) ? domain : domainToASCII(domain);
  return `${address.slice(0, at)}@${ascii || domain}`;
}

/** One spelling per inbox for comparisons: lower-cased, domain in ASCII. */
export const addressKey = (address: string) => asciiAddress(address.trim()).toLowerCase();

/**
 * Parses `"Name <addr>"`, a bare address or `{ name, address }` into one
 * mailbox, or throws `AddressError` naming the field and the problem.
 */
export function parseMailbox(input: MailboxInput, field: AddressField): Mailbox {
  let name: string | undefined;
  let address: string;
  const shown = typeof input === 'string' ? input : (input?.address ?? '');
  if (typeof input === 'string') {
    if (CONTROL.test(input)) throw new AddressError(field, input, 'it contains a line break or control character');
    const s = input.trim();
    const m = /^(.*?)\s*<([^<>]*)>$/s.exec(s);
    if (m && !/[<>]/.test(m[1] as string)) {
      name = unquote((m[1] as string).trim());
      address = (m[2] as string).trim();
    } else {
      if (/[<>,;]/.test(s))
        throw new AddressError(field, input, 'expected one address, like a@example.com or "Name <a@example.com>"');
      address = s;
    }
  } else if (input && typeof input === 'object' && typeof input.address === 'string') {
    address = input.address.trim();
    if (input.name !== undefined) {
      if (typeof input.name !== 'string') throw new AddressError(field, shown, 'the name must be a string');
      name = input.name.trim();
    }
  } else {
    throw new AddressError(field, String(input), 'expected a string or { name?, address }');
  }
  if (name !== undefined) {
    if (CONTROL.test(name))
      throw new AddressError(field, shown, 'the display name contains a line break or control character');
    if (name.length > 200) throw new AddressError(field, shown, 'the display name is longer than 200 characters');
  }
  const problem = addressProblem(address);
  if (problem) throw new AddressError(field, shown, problem);
  return name ? { name, address } : { address };
}

const unquote = (s: string) =>
  s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1).replace(/\\(.)/g, '$1') : s;

/** `Name <addr>` for display (headers are encoded by MailComposer, not from this); the name quoted when needed. */
export const formatMailbox = (m: Mailbox) =>
  m.name ? `${/[()<>[\]:;@\\,."]/.test(m.name) ? JSON.stringify(m.name) : m.name} <${m.address}>` : m.address;

// ---------------------------------------------------------------- headers

const HEADER_NAME = /^[!-9;-~]+$/;

/** Headers authmail writes itself; set them through the mailer's options instead. */
const RESERVED = new Map<string, string>([
  ['from', 'use the `from` option'],
  ['to', 'use `to`'],
  ['cc', 'a send has exactly one recipient'],
  ['bcc', 'a send has exactly one recipient'],
  ['subject', 'the subject comes from the template'],
  ['reply-to', 'use the `replyTo` option'],
  ['sender', 'use the `from` option'],
  ['message-id', 'authmail generates it'],
  ['date', 'authmail sets it'],
  ['mime-version', 'authmail sets it'],
  ['content-type', 'authmail builds multipart/alternative'],
  ['content-transfer-encoding', 'authmail sets it'],
  ['return-path', 'the receiving server sets it'],
  ['dkim-signature', 'configure `dkim` on the SMTP transport'],
]);

/** Why a custom header cannot be sent, or undefined when it can. */
export function headerProblem(name: string, value: unknown): string | undefined {
  if (!HEADER_NAME.test(name)) return 'the name must be printable ASCII without spaces or ":"';
  const reserved = RESERVED.get(name.toLowerCase());
  if (reserved) return `it is set by authmail (${reserved})`;
  const values = Array.isArray(value) ? value : [value];
  for (const v of values) {
    if (typeof v !== 'string') return 'the value must be a string';
    if (/[\r\n]/.test(v)) return 'the value contains a line break';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting controls is the point
    if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(v)) return 'the value contains a control character';
    if (v.length > 900) return 'the value is longer than 900 characters';
  }
  return undefined;
}

/** Validates custom headers; throws `HeaderError` naming the first bad one. */
export function checkHeaders(headers: unknown): Headers {
  if (headers === undefined || headers === null) return {};
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw new HeaderError('(headers)', 'expected an object of name → value');
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) throw new HeaderError(name, problem);
    out[name] = value as string | string[];
  }
  return out;
}

// ---------------------------------------------------------------- message

export interface MessageInit {
  from: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox | undefined;
  subject: string;
  html: string;
  text: string;
  headers?: Headers;
  context: MessageContext;
  messageId?: string;
  date?: Date;
}

/** MailComposer, imported on first use and then kept: a dynamic import per message costs more than composing. */
let mailComposer: Promise<typeof import('nodemailer/lib/mail-composer')> | undefined;
const loadMailComposer = () => {
  mailComposer ??= import('nodemailer/lib/mail-composer');
  return mailComposer;
};

/** Domain part of an address (for the Message-ID). */
const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

export function createMessage(init: MessageInit): OutgoingMessage {
  const messageId = init.messageId ?? `<${randomUUID()}@${domainOf(init.from.address)}>`;
  const date = init.date ?? new Date();
  const headers: Headers = {
    'Auto-Submitted': 'auto-generated',
    'Content-Language': init.context.locale,
    ...init.headers,
  };
  let base: Promise<Buffer> | undefined;
  const compose = async (extra?: Headers) => {
    const { default: MailComposer } = await loadMailComposer();
    return new MailComposer({
      from: init.from,
      to: [init.to],
      ...(init.replyTo ? { replyTo: init.replyTo } : {}),
      subject: init.subject,
      text: init.text,
      html: init.html,
      messageId,
      date,
      headers: extra ? { ...headers, ...extra } : headers,
      disableFileAccess: true,
      disableUrlAccess: true,
    })
      .compile()
      .build();
  };
  return {
    messageId,
    date,
    from: init.from,
    to: init.to,
    replyTo: init.replyTo,
    // The envelope names the domains in ASCII: a server without SMTPUTF8 takes nothing else.
    envelope: { from: asciiAddress(init.from.address), to: [asciiAddress(init.to.address)] },
    subject: init.subject,
    html: init.html,
    text: init.text,
    headers,
    context: init.context,
    mime(extra) {
      if (extra && Object.keys(extra).length) return compose(extra);
      base ??= compose();
      return base;
    },
  };
}

/** A config or input field holding one mailbox (`"Name <a@b.example>"` or an address), checked as `parseMailbox` checks it. */
export const mailboxSchema = z.string().superRefine((value, ctx) => {
  try {
    parseMailbox(value, 'from');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});
