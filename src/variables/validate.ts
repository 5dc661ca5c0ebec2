/**
 * Validates and normalizes a caller's variables against a template's flat
 * declaration (from the catalog, or from the manifest at run time). The
 * result is an array aligned with the declaration — a cheap lookup for the
 * runtime's compiled slots: a string for a present leaf, `true` for a present
 * object, `undefined` for anything absent.
 */
import type { FlatField, LeafKind } from '../catalog/fields.ts';
import { VariableError } from '../core/errors.ts';
import {
  InvalidValue,
  normalizeCode,
  normalizeEmail,
  normalizeId,
  normalizeLocaleValue,
  normalizeMinutes,
  normalizeText,
  normalizeUrl,
} from './normalize.ts';

export type Value = string | true | undefined;
export type Values = Value[];

const normalizers: Record<Exclude<LeafKind, 'minutes'>, (value: string) => string> = {
  code: normalizeCode,
  url: normalizeUrl,
  text: normalizeText,
  email: normalizeEmail,
  id: normalizeId,
  locale: normalizeLocaleValue,
};

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

export type Validator = (input: unknown) => Values;

export function compileValidator(template: string, fields: readonly FlatField[]): Validator {
  const names = fields.map((f) => f.path.slice(f.path.lastIndexOf('.') + 1));
  const n = fields.length;
  const missing = (f: FlatField, reason = 'is required') => new VariableError(template, f.path, 'missing', reason);
  const malformed = (f: FlatField, reason: string) => new VariableError(template, f.path, 'malformed', reason);

  return (input) => {
    const root = input ?? {};
    if (!isPlainObject(root)) {
      throw new VariableError(template, '(variables)', 'malformed', `must be an object (got ${typeName(root)})`);
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
        else if (f.required) throw missing(f, raw === '' ? 'must not be empty' : 'is required');
        continue;
      }
      if (f.kind === 'object') {
        if (!isPlainObject(raw)) throw malformed(f, `must be an object (got ${typeName(raw)})`);
        out[i] = true;
        objects[i] = raw;
        continue;
      }
      try {
        if (f.kind === 'minutes') {
          if (typeof raw !== 'number' && typeof raw !== 'string') {
            throw new InvalidValue(`must be a number (got ${typeName(raw)})`);
          }
          out[i] = normalizeMinutes(raw);
          continue;
        }
        if (typeof raw !== 'string') throw new InvalidValue(`must be a string (got ${typeName(raw)})`);
        const value = normalizers[f.kind](raw);
        if (value !== '') out[i] = value;
        else if (f.required) throw missing(f, 'must not be empty');
      } catch (error) {
        if (error instanceof InvalidValue) throw malformed(f, error.message);
        throw error;
      }
    }
    return out;
  };
}
