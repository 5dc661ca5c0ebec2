/**
 * SMTP transport options: nodemailer's and Logto's SMTP connector field
 * names, plus AEM `DefaultMailService` keys as aliases, validated by one zod
 * schema and normalized into `SmtpOptions`. An alias and its canonical key
 * may both be given only with the same value.
 *
 *   AEM key            canonical
 *   smtp.host          host
 *   smtp.port          port
 *   smtp.user          auth.user
 *   smtp.password      auth.pass
 *   from.address       fromEmail
 *   smtp.ssl           secure
 *   smtp.starttls      starttls: true → 'opportunistic', false → 'disabled'
 *   smtp.requiretls    starttls: 'required'   (Logto/nodemailer: requireTLS)
 *   debug.email        debug                  (Logto/nodemailer: logger, debug)
 *   oauth.flow         auth.type: 'oauth2'
 */

import { z } from 'zod';
import { bool, numeric } from '../../core/schema.ts';
import { headerProblem, mailboxSchema } from '../../mail/message.ts';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  numeric.pipe(z.number().int('must be a whole number').min(min).max(max));
const ms = int(0, 24 * 3600_000);
const nonEmpty = z.string().min(1, 'must not be empty');

export const STARTTLS_POLICIES = ['opportunistic', 'required', 'disabled'] as const;
export type StarttlsPolicy = (typeof STARTTLS_POLICIES)[number];

const tlsSchema = z
  .object({
    /** Lowest TLS version accepted (default TLSv1.2). */
    minVersion: z.enum(['TLSv1.2', 'TLSv1.3']).optional(),
    /** Name checked against the server certificate (SNI); defaults to `host`. */
    servername: nonEmpty.optional(),
    /** Trusted CA certificate(s), PEM (for a private CA or a self-signed server). */
    ca: z.union([nonEmpty, z.array(nonEmpty)]).optional(),
    /** false accepts any certificate: only for a lab. Default true. */
    rejectUnauthorized: bool.optional(),
    ciphers: nonEmpty.optional(),
  })
  .strict();

const authSchema = z
  .object({
    /** `login` (user + pass, with PLAIN or LOGIN) or `oauth2` (XOAUTH2). Case-insensitive, as Logto accepts. */
    type: z
      .string()
      .transform((t) => t.toLowerCase())
      .pipe(z.enum(['login', 'oauth2'], { message: 'must be "login" or "oauth2"' }))
      .optional(),
    user: z.string().optional(),
    pass: z.string().optional(),
    /** Force an AUTH mechanism instead of the first the server offers. */
    method: z
      .string()
      .transform((t) => t.toUpperCase())
      .pipe(z.enum(['PLAIN', 'LOGIN', 'CRAM-MD5'], { message: 'must be PLAIN, LOGIN or CRAM-MD5' }))
      .optional(),
    // OAuth2 (nodemailer XOAUTH2): 3-legged with a refresh token, or a service account key.
    clientId: nonEmpty.optional(),
    clientSecret: nonEmpty.optional(),
    refreshToken: nonEmpty.optional(),
    accessToken: nonEmpty.optional(),
    expires: numeric.optional(),
    /** Token endpoint; Microsoft 365: https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token */
    accessUrl: z.url().optional(),
    privateKey: z.union([nonEmpty, z.object({ key: nonEmpty, passphrase: z.string() }).strict()]).optional(),
    serviceClient: nonEmpty.optional(),
    /** Extra token request parameters, such as `scope`. */
    customParams: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const dkimSchema = z
  .object({
    /** d= domain, normally the From domain (DMARC alignment). */
    domainName: nonEmpty,
    /** s= selector: the key is published at `<selector>._domainkey.<domain>`. */
    keySelector: nonEmpty,
    /** RSA private key, PEM (put it in a secret: `$[secret:dkim.key]`). */
    privateKey: nonEmpty,
    headerFieldNames: nonEmpty.optional(),
    skipFields: nonEmpty.optional(),
  })
  .strict();

const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())])).superRefine((headers, ctx) => {
  for (const [name, value] of Object.entries(headers)) {
    const problem = headerProblem(name, value);
    if (problem) ctx.addIssue({ code: 'custom', path: [name], message: problem });
  }
});

/** Logto's SMTP connector requires these usage types in `templates` (connector-smtp's config guard). */
const LOGTO_REQUIRED_TEMPLATES = ['Register', 'SignIn', 'ForgotPassword', 'Generic'];

/**
 * Logto's `templates`, validated as its connector does, so that a config copied from the Logto
 * console is accepted verbatim; authmail renders its own templates and does not use them.
 */
const logtoTemplatesSchema = z
  .array(
    z.object({
      usageType: z.string(),
      contentType: z.enum(['text/plain', 'text/html'], { message: 'must be "text/plain" or "text/html"' }),
      subject: z.string(),
      content: z.string(),
    }),
  )
  .superRefine((templates, ctx) => {
    const missing = LOGTO_REQUIRED_TEMPLATES.filter((type) => !templates.some((t) => t.usageType === type));
    if (missing.length) ctx.addIssue({ code: 'custom', message: `Logto requires templates for ${missing.join(', ')}` });
  });

export const smtpInputSchema = z
  .object({
    host: nonEmpty.optional(),
    /** Default 587, or 465 with `secure`. */
    port: int(1, 65535).optional(),
    /** Implicit TLS from the first byte (SMTPS, port 465). */
    secure: bool.optional(),
    /** STARTTLS policy: upgrade when offered (default), require it, or never use it. */
    starttls: z.enum(STARTTLS_POLICIES, { message: `must be one of ${STARTTLS_POLICIES.join(', ')}` }).optional(),
    /** Logto / nodemailer: STARTTLS required. */
    requireTLS: bool.optional(),
    /** Logto / nodemailer: never STARTTLS. */
    ignoreTLS: bool.optional(),
    tls: tlsSchema.optional(),
    /** Logto: TLS server name (same as `tls.servername`). */
    servername: nonEmpty.optional(),
    auth: authSchema.optional(),
    /** Keep connections open and reuse them. */
    pool: bool.optional(),
    maxConnections: int(1, 100).optional(),
    maxMessages: int(1).optional(),
    /** Messages per `rateDelta` ms, per pool (0 = no limit). */
    rateLimit: int(0).optional(),
    rateDelta: ms.optional(),
    dkim: dkimSchema.optional(),
    connectionTimeout: ms.optional(),
    greetingTimeout: ms.optional(),
    socketTimeout: ms.optional(),
    dnsTimeout: ms.optional(),
    /** EHLO host name (ASCII). */
    name: nonEmpty.optional(),
    localAddress: nonEmpty.optional(),
    /** Headers added to every message sent through this transport. */
    customHeaders: headersSchema.optional(),
    /** Logto: the From address (`"Name <addr>"` or `addr`) of messages sent through this transport. */
    fromEmail: mailboxSchema.optional(),
    replyTo: mailboxSchema.optional(),
    /** Log the SMTP conversation (credentials masked, secrets redacted). */
    logger: bool.optional(),
    debug: bool.optional(),
    /** Logto security flags; authmail composes the message itself and always disables both. */
    disableFileAccess: bool.optional(),
    disableUrlAccess: bool.optional(),
    /** Logto's connector templates (a console config as is): checked as Logto checks them, then not used. */
    templates: logtoTemplatesSchema.optional(),
    // AEM com.day.cq.mailer.DefaultMailService
    'smtp.host': nonEmpty.optional(),
    'smtp.port': int(1, 65535).optional(),
    'smtp.user': z.string().optional(),
    'smtp.password': z.string().optional(),
    'from.address': mailboxSchema.optional(),
    'smtp.ssl': bool.optional(),
    'smtp.starttls': bool.optional(),
    'smtp.requiretls': bool.optional(),
    'debug.email': bool.optional(),
    'oauth.flow': bool.optional(),
  })
  .strict();

export type SmtpOptionsInput = z.input<typeof smtpInputSchema>;
type Raw = z.output<typeof smtpInputSchema>;

export type SmtpAuth =
  | { type: 'login'; user: string; pass: string; method?: 'PLAIN' | 'LOGIN' | 'CRAM-MD5' }
  | {
      type: 'oauth2';
      user: string;
      clientId?: string;
      clientSecret?: string;
      refreshToken?: string;
      accessToken?: string;
      expires?: number;
      accessUrl?: string;
      privateKey?: string | { key: string; passphrase: string };
      serviceClient?: string;
      customParams?: Record<string, string>;
    };

/** Normalized SMTP options. */
export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  starttls: StarttlsPolicy;
  tls: {
    minVersion: 'TLSv1.2' | 'TLSv1.3';
    servername?: string;
    ca?: string | string[];
    rejectUnauthorized: boolean;
    ciphers?: string;
  };
  auth?: SmtpAuth;
  pool: boolean;
  maxConnections: number;
  maxMessages: number;
  rateLimit?: number;
  rateDelta: number;
  dkim?: z.output<typeof dkimSchema>;
  connectionTimeout: number;
  greetingTimeout: number;
  socketTimeout: number;
  dnsTimeout: number;
  name?: string;
  localAddress?: string;
  customHeaders: Record<string, string | string[]>;
  /** How many Logto connector `templates` the config carried (accepted, not used: authmail renders its own). */
  ignoredLogtoTemplates?: number;
  /** From address given by `fromEmail` / `from.address`. */
  from?: string;
  replyTo?: string;
  debug: boolean;
}

type Ctx = z.RefinementCtx;

/** Reads `canonical` and its `alias`; reports a conflict at the alias. */
function pick<T>(ctx: Ctx, canonical: [string, T | undefined], alias: [string, T | undefined]): T | undefined {
  const [cName, c] = canonical;
  const [aName, a] = alias;
  if (c !== undefined && a !== undefined && c !== a) {
    ctx.addIssue({ code: 'custom', path: aName.split('/'), message: `conflicts with "${cName}" (give one of them)` });
  }
  return c ?? a;
}

function starttlsPolicy(ctx: Ctx, raw: Raw): StarttlsPolicy {
  const votes: [string, StarttlsPolicy][] = [];
  if (raw.starttls !== undefined) votes.push(['starttls', raw.starttls]);
  if (raw.requireTLS) votes.push(['requireTLS', 'required']);
  if (raw.ignoreTLS) votes.push(['ignoreTLS', 'disabled']);
  if (raw['smtp.requiretls']) votes.push(['smtp.requiretls', 'required']);
  if (raw['smtp.starttls'] !== undefined) {
    // smtp.starttls=true only enables STARTTLS; it does not contradict smtp.requiretls.
    if (raw['smtp.starttls'] === false) votes.push(['smtp.starttls', 'disabled']);
    else if (!votes.length) votes.push(['smtp.starttls', 'opportunistic']);
  }
  const first = votes[0];
  if (!first) return 'opportunistic';
  for (const [key, policy] of votes.slice(1)) {
    if (policy !== first[1]) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `STARTTLS ${policy} conflicts with "${first[0]}" (STARTTLS ${first[1]})`,
      });
    }
  }
  return first[1];
}

function normalizeAuth(ctx: Ctx, raw: Raw): SmtpAuth | undefined {
  const a = raw.auth ?? {};
  const user = pick(ctx, ['auth.user', a.user], ['smtp.user', raw['smtp.user']]);
  const pass = pick(ctx, ['auth.pass', a.pass], ['smtp.password', raw['smtp.password']]);
  const oauthFlow = raw['oauth.flow'];
  if (oauthFlow !== undefined && a.type !== undefined && (a.type === 'oauth2') !== oauthFlow) {
    ctx.addIssue({ code: 'custom', path: ['oauth.flow'], message: `conflicts with "auth.type" (${a.type})` });
  }
  const type = a.type ?? (oauthFlow ? 'oauth2' : 'login');
  if (type === 'oauth2') {
    if (!user) {
      ctx.addIssue({ code: 'custom', path: ['auth', 'user'], message: 'OAuth2 needs the mailbox user (or smtp.user)' });
      return undefined;
    }
    const hasToken =
      a.accessToken || (a.refreshToken && a.clientId && a.clientSecret) || (a.privateKey && a.serviceClient);
    if (!hasToken) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth'],
        message:
          'OAuth2 needs accessToken, or clientId + clientSecret + refreshToken (+ accessUrl), or serviceClient + privateKey',
      });
    }
    if (pass) ctx.addIssue({ code: 'custom', path: ['auth', 'pass'], message: 'a password is not used with OAuth2' });
    const { type: _t, pass: _p, method: _m, user: _u, ...rest } = a;
    return { type: 'oauth2', user, ...rest } as SmtpAuth;
  }
  if (a.clientId || a.clientSecret || a.refreshToken || a.accessToken || a.privateKey || a.serviceClient) {
    ctx.addIssue({
      code: 'custom',
      path: ['auth', 'type'],
      message: 'OAuth2 fields are given: set type "oauth2" (or oauth.flow)',
    });
  }
  if (user === undefined && pass === undefined) return undefined; // IP-authorized relay
  if (!user) ctx.addIssue({ code: 'custom', path: ['auth', 'user'], message: 'a password is given without a user' });
  if (pass === undefined)
    ctx.addIssue({ code: 'custom', path: ['auth', 'pass'], message: 'a user is given without a password' });
  return { type: 'login', user: user ?? '', pass: pass ?? '', ...(a.method ? { method: a.method } : {}) };
}

export const smtpOptionsSchema = smtpInputSchema.transform((raw, ctx): SmtpOptions => {
  const host = pick(ctx, ['host', raw.host], ['smtp.host', raw['smtp.host']]);
  if (!host) ctx.addIssue({ code: 'custom', path: ['host'], message: 'is required (or smtp.host)' });
  const secure = pick(ctx, ['secure', raw.secure], ['smtp.ssl', raw['smtp.ssl']]) ?? false;
  const port = pick(ctx, ['port', raw.port], ['smtp.port', raw['smtp.port']]) ?? (secure ? 465 : 587);
  const starttls = starttlsPolicy(ctx, raw);
  const from = pick(ctx, ['fromEmail', raw.fromEmail], ['from.address', raw['from.address']]);
  const servername = pick(ctx, ['tls.servername', raw.tls?.servername], ['servername', raw.servername]);
  const debug = Boolean(raw.debug || raw.logger || raw['debug.email']);
  const auth = normalizeAuth(ctx, raw);
  const opts: SmtpOptions = {
    host: host ?? '',
    port,
    secure,
    starttls,
    tls: {
      minVersion: raw.tls?.minVersion ?? 'TLSv1.2',
      rejectUnauthorized: raw.tls?.rejectUnauthorized ?? true,
      ...(servername ? { servername } : {}),
      ...(raw.tls?.ca ? { ca: raw.tls.ca } : {}),
      ...(raw.tls?.ciphers ? { ciphers: raw.tls.ciphers } : {}),
    },
    pool: raw.pool ?? false,
    maxConnections: raw.maxConnections ?? 5,
    maxMessages: raw.maxMessages ?? 100,
    rateDelta: raw.rateDelta ?? 1000,
    connectionTimeout: raw.connectionTimeout ?? 120_000,
    greetingTimeout: raw.greetingTimeout ?? 30_000,
    socketTimeout: raw.socketTimeout ?? 600_000,
    dnsTimeout: raw.dnsTimeout ?? 30_000,
    customHeaders: raw.customHeaders ?? {},
    debug,
  };
  if (auth) opts.auth = auth;
  if (raw.rateLimit) opts.rateLimit = raw.rateLimit;
  if (raw.dkim) opts.dkim = raw.dkim;
  if (raw.name) opts.name = raw.name;
  if (raw.localAddress) opts.localAddress = raw.localAddress;
  if (from) opts.from = from;
  if (raw.replyTo) opts.replyTo = raw.replyTo;
  if (raw.templates) opts.ignoredLogtoTemplates = raw.templates.length;
  return opts;
});
