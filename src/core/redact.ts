/**
 * Keeps secrets out of logs, errors and `--json` output. A redactor knows the
 * secret values (from `$[secret:…]` files and from sensitive keys such as
 * `pass`, `clientSecret` or `authorization`) and replaces each of them, and
 * the forms they take in transit (base64, URL- and JSON-encoded), with
 * `[redacted]`.
 */

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would blank out ordinary text. */
export const MIN_SECRET_LENGTH = 3;

export interface Redactor {
  /** Adds secret values (empty and very short ones are ignored). */
  add(...values: readonly (string | undefined | null)[]): void;
  /** The text with every known secret replaced. */
  string(text: string): string;
  /** A deep copy of a JSON-like value with every string redacted. */
  value<T>(value: T): T;
  /** The secret values (to hand on to another redactor). */
  values(): string[];
  /** How many secret values are known. */
  readonly size: number;
}

function forms(secret: string): string[] {
  const out = [secret, Buffer.from(secret, 'utf8').toString('base64'), encodeURIComponent(secret)];
  out.push(JSON.stringify(secret).slice(1, -1));
  // A multi-line secret (a PEM key) can show up line by line.
  for (const line of secret.split(/\r?\n/)) if (line.trim().length >= 16) out.push(line.trim());
  return out;
}

export function createRedactor(values: Iterable<string | undefined | null> = []): Redactor {
  const secrets = new Set<string>();
  let needles: string[] = [];
  const rebuild = () => {
    const all = new Set<string>();
    for (const s of secrets) for (const f of forms(s)) if (f.length >= MIN_SECRET_LENGTH) all.add(f);
    needles = [...all].sort((a, b) => b.length - a.length);
  };
  const redactor: Redactor = {
    add(...list) {
      let changed = false;
      for (const v of list) {
        if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH && !secrets.has(v)) {
          secrets.add(v);
          changed = true;
        }
      }
      if (changed) rebuild();
    },
    string(text) {
      let out = text;
      for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
      return out;
    },
    value<T>(value: T): T {
      const walk = (v: unknown): unknown => {
        if (typeof v === 'string') return redactor.string(v);
        if (Array.isArray(v)) return v.map(walk);
        if (v && typeof v === 'object') {
          const obj =
            typeof (v as { toJSON?: unknown }).toJSON === 'function' ? (v as { toJSON(): unknown }).toJSON() : v;
          if (obj !== v) return walk(obj);
          return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        }
        return v;
      };
      return walk(value) as T;
    },
    values: () => [...secrets],
    get size() {
      return secrets.size;
    },
  };
  redactor.add(...values);
  return redactor;
}

/** Keys whose values are secrets wherever they appear, whatever their source. */
export const SECRET_KEY = /pass|secret|token|authorization|private_?key|api_?key/i;

/** The string values under secret-looking keys of a JSON-like value (config, transport options). */
export function secretValues(value: unknown, key = ''): string[] {
  if (typeof value === 'string') return SECRET_KEY.test(key) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretValues(v, key));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      SECRET_KEY.test(k) && v && typeof v === 'object' ? allStrings(v) : secretValues(v, k),
    );
  }
  return [];
}

function allStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(allStrings);
  return [];
}

const secretsByOwner = new WeakMap<object, Redactor>();

/**
 * The secrets that belong to an object (a parsed config: its secret files and secret-looking keys), as
 * one redactor, so that a secret added later (a token from the environment) is redacted everywhere.
 */
export function secretsOf(owner: object): Redactor {
  let redactor = secretsByOwner.get(owner);
  if (!redactor) {
    redactor = createRedactor();
    secretsByOwner.set(owner, redactor);
  }
  return redactor;
}

/** Records the secrets of `owner` (parseConfig does, with what it resolved). */
export const setSecrets = (owner: object, redactor: Redactor) => secretsByOwner.set(owner, redactor);
