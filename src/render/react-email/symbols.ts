/**
 * Stand-ins for a React Email template's props while it is compiled: each
 * value becomes a character of Unicode's private use area that React prints
 * unchanged and escapes nowhere, so the rendered HTML shows where every
 * value lands — in text, in an attribute, inside `mailto:${email}`. Numbers
 * and dates cannot be characters: they get unique values that the formatters
 * recognise. While a compile runs, Intl's date and number formats, the
 * Date/Number `toLocale…String` methods and the case methods of strings are
 * wrapped: given a stand-in, they return a new stand-in that carries the
 * format (`{{date:datetime:dateStyle=long}}`), so the runtime formats the
 * real value the same way at send time. String operations that cannot be
 * compiled (`split`, `slice`, `replace`…) are recorded with the line that
 * called them.
 */
import { INTL_DATE_FIELDS, INTL_NUMBER_FIELDS } from '../../runtime/format.ts';

export interface SlotRef {
  readonly path: string;
  readonly format?: { readonly name: string; readonly args: string } | undefined;
  /** For a list item's field: which item (the compiler renders lists of one and two). */
  readonly item?: number | undefined;
}

/** String methods as they are before any compile wraps them (the wrappers use these, never themselves). */
const S = {
  split: String.prototype.split,
  includes: String.prototype.includes,
  startsWith: String.prototype.startsWith,
  slice: String.prototype.slice,
  replace: String.prototype.replace,
};

const BASE = 0xe100;
const LAST = 0xf8ff;
export const STAND_IN = /[\ue100-\uf8ff]/g;
const HAS_STAND_IN = /[\ue100-\uf8ff]/;

/** Epoch of the first stand-in date: 2001-02-03 04:05:06.7xx, one millisecond apart. */
const DATE_BASE = Date.UTC(2001, 1, 3, 4, 5, 6, 700);
/** First stand-in number: large, odd, printed by React as its own digits. */
const NUMBER_BASE = 7_919_000_001;

export interface Misuse {
  readonly path: string;
  readonly operation: string;
  /** `file:line:column` of the call in the project's code, when the stack shows it. */
  readonly at?: string | undefined;
}

export class StandIns {
  private readonly refs: SlotRef[] = [];
  private readonly keys = new Map<string, string>();
  private readonly dates = new Map<number, SlotRef>();
  private readonly numbers = new Map<number, SlotRef>();
  readonly misuses: Misuse[] = [];
  /** How many times a date or number format was given no value (it then shows today, or NaN). */
  blind = 0;

  /** The character that stands for `ref`. */
  char(ref: SlotRef): string {
    const key = `${ref.path}\u0000${ref.item ?? ''}\u0000${ref.format?.name ?? ''}\u0000${ref.format?.args ?? ''}`;
    let c = this.keys.get(key);
    if (!c) {
      if (BASE + this.refs.length > LAST) throw new Error('too many values to compile');
      c = String.fromCharCode(BASE + this.refs.length);
      this.refs.push(ref);
      this.keys.set(key, c);
    }
    return c;
  }

  refOf(char: string): SlotRef | undefined {
    return this.refs[char.charCodeAt(0) - BASE];
  }

  private readonly byRef = new Map<string, number>();

  /** The same stand-in every time for one value (renders are compared). */
  private unique(kind: 'date' | 'number', ref: SlotRef): number {
    const key = `${kind}\u0000${ref.path}\u0000${ref.item ?? ''}`;
    let n = this.byRef.get(key);
    if (n === undefined) {
      n = kind === 'date' ? DATE_BASE + this.dates.size : NUMBER_BASE + 2 * this.numbers.size;
      (kind === 'date' ? this.dates : this.numbers).set(n, ref);
      this.byRef.set(key, n);
    }
    return n;
  }

  date(ref: SlotRef): Date {
    return new Date(this.unique('date', ref));
  }

  number(ref: SlotRef): number {
    return this.unique('number', ref);
  }

  dateRef(value: unknown): SlotRef | undefined {
    const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Number.NaN;
    return this.dates.get(time);
  }

  numberRef(value: unknown): SlotRef | undefined {
    return typeof value === 'number' ? this.numbers.get(value) : undefined;
  }

  /** Where a stand-in date's ISO string or a number's digits were printed as they are. */
  printedAsIs(): { text: string; ref: SlotRef }[] {
    return [
      ...[...this.dates].map(([time, ref]) => ({ text: new Date(time).toISOString(), ref })),
      ...[...this.numbers].map(([n, ref]) => ({ text: String(n), ref })),
    ];
  }
}

/**
 * Who called a wrapped method: the project's code (a template or a component of it; `at` is its
 * `file:line:column` when the stack shows it) or a library's (React Email's components handle props
 * too, and are not the template's doing). A frame in the loader's bundle is the project's: the bundle
 * holds its files only, dependencies load natively.
 */
function callerIn(root: string): { project: boolean; at?: string | undefined } {
  const stack = new Error().stack ?? '';
  for (const line of (S.split as (this: string, sep: string) => string[]).call(stack, '\n').slice(1)) {
    const m = /\(?(?:file:\/\/)?(?:project:)?(\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line);
    if (!m?.[1] || S.includes.call(m[1], '/src/render/react-email/')) continue;
    if (S.includes.call(m[1], '/node_modules/')) return { project: false };
    if (S.startsWith.call(m[1], `${root}/`))
      return { project: true, at: `${S.slice.call(m[1], root.length + 1)}:${m[2]}:${m[3]}` };
    return { project: S.includes.call(m[1], '/src/project/bundle.js') };
  }
  return { project: false };
}

const DATE_FIELDS = ['weekday', 'year', 'month', 'day', 'dateStyle'];
const TIME_FIELDS = ['dayPeriod', 'hour', 'minute', 'second', 'fractionalSecondDigits', 'timeStyle'];

/** ECMA-402's defaults for `toLocaleDateString` and friends, made explicit for the runtime. */
function withDefaults(options: Record<string, unknown>, need: 'date' | 'time' | 'any'): Record<string, unknown> {
  const hasDate = DATE_FIELDS.some((k) => options[k] !== undefined);
  const hasTime = TIME_FIELDS.some((k) => options[k] !== undefined);
  const out = { ...options };
  if ((need === 'date' || need === 'any') && !hasDate && !hasTime)
    Object.assign(out, { year: 'numeric', month: 'numeric', day: 'numeric' });
  if ((need === 'time' || need === 'any') && !hasDate && !hasTime)
    Object.assign(out, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return out;
}

const ARG = /^[A-Za-z0-9_/+.-]+$/;

/**
 * What a format made before the compile started resolved to: its locale and options (not its time zone:
 * one it was not given is this process's, and the send's should be used).
 */
const KEEP = new Set(['style', 'currency', 'unit']);

function resolvedArgs(
  format: object,
  kind: 'DateTimeFormat' | 'NumberFormat',
): { locales: unknown; options: Record<string, unknown> } {
  const resolved = (format as Intl.NumberFormat).resolvedOptions() as unknown as Record<string, unknown>;
  const keys = kind === 'DateTimeFormat' ? INTL_DATE_FIELDS : INTL_NUMBER_FIELDS;
  // Only what differs from the defaults of its locale and style: the slot stays readable.
  const plain =
    kind === 'NumberFormat'
      ? (new Intl.NumberFormat(
          resolved.locale as string,
          {
            style: resolved.style,
            currency: resolved.currency,
            unit: resolved.unit,
          } as Intl.NumberFormatOptions,
        ).resolvedOptions() as unknown as Record<string, unknown>)
      : {};
  const options = Object.fromEntries(
    keys
      .filter((k) => resolved[k] !== undefined && (!(k in plain) || KEEP.has(k) || resolved[k] !== plain[k]))
      .filter((k) => !(k === 'style' && resolved[k] === 'decimal'))
      .map((k) => [k, resolved[k]]),
  );
  if (kind === 'DateTimeFormat') delete options.hourCycle;
  return { locales: resolved.locale, options };
}

/** Options as the slot syntax's `key=value` list; undefined when one cannot be written there. */
function args(locales: unknown, options: Record<string, unknown> | undefined): string | undefined {
  const pairs: string[] = [];
  const locale = Array.isArray(locales) ? locales[0] : locales;
  if (locale !== undefined) {
    if (typeof locale !== 'string') return undefined;
    pairs.push(`locale=${Intl.getCanonicalLocales(locale)[0]}`);
  }
  for (const [k, v] of Object.entries(options ?? {})) {
    if (v === undefined) continue;
    const text = String(v);
    if (!ARG.test(text) || !ARG.test(k)) return undefined;
    pairs.push(`${k}=${text}`);
  }
  return pairs.join(',');
}

const UNCOMPILABLE = [
  'split',
  'slice',
  'substring',
  'substr',
  'charAt',
  'charCodeAt',
  'at',
  'replace',
  'replaceAll',
  'padStart',
  'padEnd',
  'repeat',
  'normalize',
  'localeCompare',
  'match',
  'search',
  'startsWith',
  'endsWith',
  'includes',
  'indexOf',
] as const;

/**
 * Installs the wrappers for the duration of `run` (one compile at a time: the previous ones are put back
 * after it, whatever happens).
 */
export async function withStandIns<T>(standIns: StandIns, root: string, run: () => Promise<T>): Promise<T> {
  const restore: (() => void)[] = [];
  const patch = <O extends object, K extends keyof O>(owner: O, key: K, make: (original: O[K]) => O[K]) => {
    const descriptor = Object.getOwnPropertyDescriptor(owner, key) as PropertyDescriptor;
    const original = owner[key];
    Object.defineProperty(owner, key, { ...descriptor, value: make(original) });
    restore.push(() => Object.defineProperty(owner, key, descriptor));
  };
  const refFor = (value: string): SlotRef | undefined =>
    value.length === 1 && HAS_STAND_IN.test(value) ? standIns.refOf(value) : undefined;
  const transformed = (value: string, name: string, fallback: (s: string) => string) => {
    if (!HAS_STAND_IN.test(value)) return fallback(value);
    return S.replace.call(value, /[\ue100-\uf8ff]|[^\ue100-\uf8ff]+/g, (part: string) => {
      const ref = refFor(part);
      if (!ref) return fallback(part);
      if (ref.format) {
        standIns.misuses.push({ path: ref.path, operation: `${name}() on a formatted value`, at: callerIn(root).at });
        return part;
      }
      return standIns.char({ ...ref, format: { name, args: '' } });
    });
  };

  // Intl.DateTimeFormat / NumberFormat: remember what each instance was made with.
  const made = new WeakMap<object, { locales: unknown; options: Record<string, unknown> | undefined }>();
  for (const name of ['DateTimeFormat', 'NumberFormat'] as const) {
    const Original = Intl[name] as unknown as new (l?: unknown, o?: unknown) => object;
    const Wrapped = function (this: unknown, locales?: unknown, options?: Record<string, unknown>) {
      const instance = new Original(locales, options);
      made.set(instance, { locales, options });
      return instance;
    } as unknown as typeof Intl.DateTimeFormat;
    Object.setPrototypeOf(Wrapped, Original);
    (Wrapped as unknown as { prototype: object }).prototype = Original.prototype;
    patch(Intl, name, () => Wrapped as never);
    const proto = Original.prototype as object;
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'format') as PropertyDescriptor;
    Object.defineProperty(proto, 'format', {
      ...descriptor,
      get(this: object) {
        const bound = (descriptor.get as () => (v: unknown) => string).call(this);
        return (value: unknown) => {
          if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) standIns.blind++;
          const ref = name === 'DateTimeFormat' ? standIns.dateRef(value ?? Date.now()) : standIns.numberRef(value);
          if (!ref) return bound(value);
          // A format made before the compile (at a module's top) is read back from what it resolved to.
          const how = made.get(this) ?? resolvedArgs(this, name);
          const a = args(
            how?.locales,
            name === 'DateTimeFormat' ? withDefaults(how?.options ?? {}, 'date') : how?.options,
          );
          if (a === undefined) {
            standIns.misuses.push({
              path: ref.path,
              operation: `Intl.${name} with options the slot syntax cannot hold`,
              at: callerIn(root).at,
            });
            return bound(value);
          }
          return standIns.char({
            ...ref,
            format: { name: name === 'DateTimeFormat' ? 'datetime' : 'number', args: a },
          });
        };
      },
    });
    restore.push(() => Object.defineProperty(proto, 'format', descriptor));
  }
  for (const [method, need] of [
    ['toLocaleDateString', 'date'],
    ['toLocaleTimeString', 'time'],
    ['toLocaleString', 'any'],
  ] as const) {
    patch(
      Date.prototype,
      method,
      (original) =>
        function (this: Date, locales?: unknown, options?: Record<string, unknown>) {
          const ref = standIns.dateRef(this);
          if (!ref) return (original as (l?: unknown, o?: unknown) => string).call(this, locales, options);
          const a = args(locales, withDefaults(options ?? {}, need));
          if (a === undefined) return (original as (l?: unknown, o?: unknown) => string).call(this, locales, options);
          return standIns.char({ ...ref, format: { name: 'datetime', args: a } });
        } as never,
    );
  }
  patch(
    Number.prototype,
    'toLocaleString',
    (original) =>
      function (this: number, locales?: unknown, options?: Record<string, unknown>) {
        const ref = standIns.numberRef(Number(this));
        const a = ref ? args(locales, options) : undefined;
        if (!ref || a === undefined)
          return (original as (l?: unknown, o?: unknown) => string).call(this, locales, options);
        return standIns.char({ ...ref, format: { name: 'number', args: a } });
      } as never,
  );
  for (const [method, name] of [
    ['toUpperCase', 'upper'],
    ['toLowerCase', 'lower'],
    ['toLocaleUpperCase', 'upper'],
    ['toLocaleLowerCase', 'lower'],
    ['trim', 'trim'],
  ] as const) {
    patch(
      String.prototype,
      method,
      (original) =>
        function (this: string) {
          const self = String(this);
          return transformed(self, name, (s) => (original as () => string).call(s));
        } as never,
    );
  }
  let finding = false;
  for (const method of UNCOMPILABLE) {
    patch(
      String.prototype,
      method,
      (original) =>
        function (this: string, ...rest: unknown[]) {
          const self = String(this);
          // Not while finding the caller: making a stack trace (source maps) runs string methods too.
          if (!finding && HAS_STAND_IN.test(self)) {
            finding = true;
            try {
              const caller = callerIn(root);
              const first = /[\ue100-\uf8ff]/.exec(self)?.[0] ?? '';
              if (caller.project) {
                standIns.misuses.push({
                  path: standIns.refOf(first)?.path ?? '?',
                  operation: `.${method}()`,
                  at: caller.at,
                });
              }
            } finally {
              finding = false;
            }
          }
          return (original as (...a: unknown[]) => unknown).apply(self, rest);
        } as never,
    );
  }
  try {
    return await run();
  } finally {
    for (const undo of restore.reverse()) undo();
  }
}
