/**
 * Config values from the environment and from secret files, in the syntax of
 * AEM / Apache Felix's interpolation plugin:
 *
 *   $[env:NAME]                  environment variable NAME
 *   $[env:NAME;default=VALUE]    … or VALUE when NAME is not set (`default=` for empty)
 *   $[secret:NAME]               the content of file NAME in the secrets directory
 *                                (default /run/secrets; a trailing newline is dropped)
 *   ;type=Integer|Long|Boolean   converts a value that is only the placeholder
 *   \$[                          a literal "$["
 *
 * Unlike Felix, a placeholder that cannot be resolved is an error naming the
 * key, never left in the value. Values read from secret files are collected
 * so they can be redacted from logs, errors and output.
 */

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type ConfigIssue, formatPath } from '../core/schema.ts';

export const DEFAULT_SECRETS_DIR = '/run/secrets';

export interface ResolveOptions {
  env?: Record<string, string | undefined>;
  /** Folder of `$[secret:NAME]` files. */
  secretsDir?: string;
  /** Base for a relative secretsDir. */
  cwd?: string;
}

export interface Resolved {
  value: unknown;
  issues: ConfigIssue[];
  /** Values read from secret files. */
  secrets: string[];
}

const PLACEHOLDER = /\\?\$\[([^\]]*)\]/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const TYPES = ['String', 'Integer', 'Long', 'Boolean'] as const;
type Type = (typeof TYPES)[number];

class Problem extends Error {}

function parsePlaceholder(body: string): { source: string; name: string; default?: string; type?: Type } {
  const colon = body.indexOf(':');
  if (colon === -1) throw new Problem(`"$[${body}]" is not a placeholder (expected $[env:NAME] or $[secret:NAME])`);
  const source = body.slice(0, colon);
  const [name = '', ...options] = body.slice(colon + 1).split(';');
  if (source !== 'env' && source !== 'secret') {
    throw new Problem(`"$[${body}]" uses "${source}:", which is not supported (use env: or secret:)`);
  }
  if (!NAME.test(name)) throw new Problem(`"$[${body}]" has an invalid name "${name}"`);
  const out: { source: string; name: string; default?: string; type?: Type } = { source, name };
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = eq === -1 ? option : option.slice(0, eq);
    const value = eq === -1 ? '' : option.slice(eq + 1);
    if (key === 'default' && eq !== -1) {
      if (source === 'secret') throw new Problem(`"$[${body}]": a secret has no default`);
      out.default = value;
    } else if (key === 'type' && (TYPES as readonly string[]).includes(value)) {
      out.type = value as Type;
    } else {
      throw new Problem(`"$[${body}]" has an unknown option "${option}" (known: default=…, type=${TYPES.join('|')})`);
    }
  }
  return out;
}

function convert(value: string, type: Type, placeholder: string): string | number | boolean {
  if (type === 'String') return value;
  if (type === 'Boolean') {
    if (/^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
    throw new Problem(`${placeholder} resolved to a value that is not a Boolean (true/false)`);
  }
  if (/^\s*-?\d+\s*$/.test(value)) return Number(value);
  throw new Problem(`${placeholder} resolved to a value that is not an ${type}`);
}

export function resolvePlaceholders(input: unknown, options: ResolveOptions = {}): Resolved {
  const env = options.env ?? process.env;
  const secretsDir = resolve(options.cwd ?? process.cwd(), options.secretsDir ?? DEFAULT_SECRETS_DIR);
  const issues: ConfigIssue[] = [];
  const secrets: string[] = [];

  const lookup = (p: ReturnType<typeof parsePlaceholder>, text: string): string => {
    if (p.source === 'env') {
      const v = env[p.name];
      if (v !== undefined) return v;
      if (p.default !== undefined) return p.default;
      throw new Problem(`${text} is unresolved: environment variable ${p.name} is not set and there is no ;default=`);
    }
    const file = join(secretsDir, p.name);
    if (isAbsolute(p.name) || p.name.includes('..')) throw new Problem(`${text}: invalid secret name`);
    let content: string;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      content = readFileSync(file, 'utf8');
    } catch {
      throw new Problem(`${text} is unresolved: no secret file ${file} (secretsDir: ${secretsDir})`);
    }
    const value = content.replace(/\r?\n$/, '');
    secrets.push(value);
    return value;
  };

  const resolveString = (s: string): unknown => {
    if (!s.includes('$[')) return s;
    const whole = /^\$\[([^\]]*)\]$/.exec(s);
    if (whole) {
      const p = parsePlaceholder(whole[1] as string);
      const value = lookup(p, s);
      return p.type ? convert(value, p.type, s) : value;
    }
    return s.replace(PLACEHOLDER, (match, body: string) => {
      if (match.startsWith('\\')) return match.slice(1);
      const p = parsePlaceholder(body);
      if (p.type && p.type !== 'String')
        throw new Problem(`${match}: type=${p.type} needs the placeholder to be the whole value`);
      return lookup(p, match);
    });
  };

  const walk = (value: unknown, path: PropertyKey[]): unknown => {
    if (typeof value === 'string') {
      try {
        return resolveString(value);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        issues.push({ path: formatPath(path), message: error.message });
        return undefined;
      }
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]));
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    return value;
  };

  return { value: walk(input, []), issues, secrets };
}
