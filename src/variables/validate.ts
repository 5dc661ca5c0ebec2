/**
 * Validates and normalizes a caller's variables against a template's flat
 * declaration (from the catalog, or from the manifest at run time). The
 * result is an array aligned with one level of the declaration — a cheap
 * lookup for the runtime's compiled slots: a string for a present leaf,
 * `true` for a present object or a true boolean, the items' own arrays for a
 * list, `undefined` for anything absent. A list's items are a level of their
 * own (levels.ts).
 */
import type { FlatField, LeafKind } from '../catalog/fields.ts';
import { VariableError } from '../core/errors.ts';
import type { Level } from './levels.ts';
import {
  InvalidValue,
  normalizeCode,
  normalizeDatetime,
  normalizeEmail,
  normalizeId,
  normalizeLocaleValue,
  normalizeMinutes,
  normalizeNumber,
  normalizeText,
  normalizeUrl,
} from './normalize.ts';

export type Value = string | true | readonly Values[] | undefined;
export type Values = Value[];

type Normalizer = (value: unknown, field: FlatField) => string | true | undefined;

const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : v instanceof Date ? 'Date' : typeof v;

/** A string-only kind: anything else is refused with its type named. */
const stringKind =
  (normalize: (value: string, field: FlatField) => string): Normalizer =>
  (raw, field) => {
    if (typeof raw !== 'string') throw new InvalidValue(`must be a string (got ${typeName(raw)})`);
    return normalize(raw, field);
  };

const normalizers: Record<LeafKind, Normalizer> = {
  code: stringKind(normalizeCode),
  url: stringKind(normalizeUrl),
  text: stringKind((v, f) => normalizeText(v, f.max)),
  email: stringKind(normalizeEmail),
  id: stringKind(normalizeId),
  locale: stringKind(normalizeLocaleValue),
  minutes: (raw) => {
    if (typeof raw !== 'number' && typeof raw !== 'string') {
      throw new InvalidValue(`must be a number (got ${typeName(raw)})`);
    }
    return normalizeMinutes(raw);
  },
  number: (raw) => normalizeNumber(raw),
  datetime: (raw) => normalizeDatetime(raw),
  boolean: (raw) => {
    if (raw === true || raw === 'true') return true;
    if (raw === false || raw === 'false') return undefined;
    throw new InvalidValue(`must be true or false (got ${typeName(raw)})`);
  },
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

export type Validator = (input: unknown) => Values;

/** Most items a list may have: an email is not a report. */
export const MAX_LIST_ITEMS = 100;

export function compileValidator(template: string, level: Level): Validator {
  const { fields } = level;
  const names = fields.map((f) => f.path.slice(f.path.lastIndexOf('.') + 1));
  const n = fields.length;
  const items = new Map([...level.lists].map(([i, inner]) => [i, compileValidator(template, inner)]));
  const missing = (f: FlatField, reason = 'is required') => new VariableError(template, f.path, 'missing', reason);
  const malformed = (f: FlatField, reason: string) => new VariableError(template, f.path, 'malformed', reason);

  return (input) => {
    const root = input ?? {};
    if (!isPlainObject(root)) {
      throw new VariableError(
        template,
        level.path || '(variables)',
        'malformed',
        `must be an object (got ${typeName(root)})`,
      );
    }
    const out: Values = new Array(n);
    const objects: Record<string, unknown>[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const f = fields[i] as FlatField;
      let container: Record<string, unknown> = root;
      if (f.parent !== -1) {
        if (out[f.parent] !== true) continue; // parent absent: so are its children
        container = objects[f.parent] as Record<string, unknown>;
      }
      const raw = container[names[i] as string];
      if (raw === undefined || raw === null || raw === '') {
        if (f.default !== undefined) out[i] = String(f.default);
        else if (f.required && f.kind !== 'boolean') throw missing(f, raw === '' ? 'must not be empty' : 'is required');
        continue;
      }
      if (f.kind === 'object') {
        if (!isPlainObject(raw)) throw malformed(f, `must be an object (got ${typeName(raw)})`);
        out[i] = true;
        objects[i] = raw;
        continue;
      }
      if (f.kind === 'list') {
        if (!Array.isArray(raw)) throw malformed(f, `must be a list (got ${typeName(raw)})`);
        if (raw.length > MAX_LIST_ITEMS) throw malformed(f, `has ${raw.length} items; at most ${MAX_LIST_ITEMS}`);
        if (!raw.length) {
          if (f.required) throw missing(f, 'must not be empty');
          continue;
        }
        const validate = items.get(i) as Validator;
        out[i] = raw.map((item, k) => {
          try {
            return validate(item);
          } catch (error) {
            if (error instanceof VariableError) {
              throw new VariableError(
                template,
                `${f.path}[${k}]${error.variable.slice(f.path.length)}`,
                error.problem,
                error.reason,
              );
            }
            throw error;
          }
        });
        continue;
      }
      try {
        const value = normalizers[f.kind](raw, f);
        if (value !== '' && value !== undefined) out[i] = value;
        else if (value === '' && f.default !== undefined) out[i] = String(f.default);
        else if (f.required && f.kind !== 'boolean') throw missing(f, 'must not be empty');
      } catch (error) {
        if (error instanceof InvalidValue) throw malformed(f, error.message);
        throw error;
      }
    }
    // An optional object with nothing in it (`request: {}`, or only empty strings) is absent: a template's
    // block about it must not show with no rows. Children come after their parent, so one backward pass.
    const filled = new Array<boolean>(n);
    for (let i = n - 1; i >= 0; i--) {
      const f = fields[i] as FlatField;
      if (f.kind === 'object' && out[i] === true && !f.required && !filled[i]) out[i] = undefined;
      if (out[i] !== undefined && f.parent !== -1) filled[f.parent] = true;
    }
    return out;
  };
}
