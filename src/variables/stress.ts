/**
 * The "stress values": a template's sample with every text it declares
 * replaced by a value that breaks careless layouts and careless bidi — a long
 * German compound, Latin names ending in punctuation (which a right-to-left
 * email must keep in order), a CJK name, emoji, a right-to-left name in a
 * left-to-right email, and a name at the length cap. Optional objects are
 * filled in, so every optional line shows. The visual tests shoot them beside
 * the samples.
 */

import type { FlatField } from '../catalog/fields.ts';
import { MAX_TEXT_LENGTH } from './normalize.ts';

const AT_CAP =
  'Internationale Vereinigung der Anbieter von Authentifizierungs- und Identitätsverwaltungsdiensten e. V. Berlin';

/** One per text field, in the order the template declares them, then round again. */
export const STRESS_TEXTS = [
  'Donaudampfschifffahrtsgesellschaftskapitänsmützenfabrik',
  'Acme!',
  'Jonas W.',
  '株式会社サンプル開発センター',
  'Zoë Ångström 🚀👩🏽‍💻',
  'محمد الأحمد',
  AT_CAP.slice(0, MAX_TEXT_LENGTH),
] as const;

type Values = Record<string, unknown>;

const get = (values: Values, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Values)[k] : undefined), values);

function set(values: Values, path: string, value: unknown) {
  const keys = path.split('.');
  let at = values;
  for (const key of keys.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Values;
  }
  at[keys[keys.length - 1] as string] = value;
}

/** The stress values of a template: its sample, every text replaced and every optional object given. */
export function stressValues(fields: readonly FlatField[], sample: Values): Values {
  const values = structuredClone(sample);
  let next = 0;
  fields.forEach((field) => {
    // Inside a list, items keep their sample values; a list is a repetition, not a text.
    if (fields.some((f, i) => f.kind === 'list' && isAncestor(fields, i, field))) return;
    if (field.kind === 'text') set(values, field.path, STRESS_TEXTS[next++ % STRESS_TEXTS.length]);
    else if (field.kind === 'id' && get(values, field.path) === undefined) set(values, field.path, 'stress_1');
    else if (field.kind === 'email' && get(values, field.path) === undefined)
      set(values, field.path, 'jonas.wagner-schmidt@example-enterprise.co.uk');
  });
  return values;
}

function isAncestor(fields: readonly FlatField[], ancestor: number, field: FlatField): boolean {
  let parent = field.parent;
  while (parent !== -1) {
    if (parent === ancestor) return true;
    parent = (fields[parent] as FlatField).parent;
  }
  return false;
}
