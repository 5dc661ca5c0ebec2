/**
 * Line breaks between phrases for languages written without spaces between
 * words (Japanese, Chinese, Thai). Browsers break such text between almost
 * any two characters, which leaves "い。" alone on a line or splits コ/ード.
 * BudouX (Google's phrase segmenter, models for ja, zh-Hans, zh-Hant, th)
 * splits each text into phrases at build time; each phrase becomes an
 * inline-block span, so a line breaks only between phrases (a phrase longer
 * than the line still wraps inside its box). Where a client ignores
 * inline-block (Outlook for Windows), the spans are plain inline text and
 * the text wraps as it did before. `word-break: keep-all` + `<wbr>` was not
 * used: caniemail lists keep-all as applied like break-all in Gmail's apps,
 * Outlook's apps and Apple Mail, and `<wbr>` as unsupported in Gmail for iOS.
 *
 * Values are never segmented: in the build they are `{{slots}}`; in a
 * development render `valueScope` wraps each value (and each `when`/`pick`
 * result, where the build has a section tag) in marks, which act as the same
 * boundaries and are removed here, so both renders stay byte-equal.
 * The plain-text part is made from the HTML before this step: unchanged.
 */
import {
  loadDefaultJapaneseParser,
  loadDefaultSimplifiedChineseParser,
  loadDefaultThaiParser,
  loadDefaultTraditionalChineseParser,
} from 'budoux';

/** Unicode noncharacters (never in text a template or a translation holds): a value's start and end, a section's edge. */
export const MARK = { open: '\uFDD0', close: '\uFDD1', edge: '\uFDD2' } as const;
const MARKS = /[\uFDD0-\uFDD2]/g;

export const unmark = (s: string) => s.replace(MARKS, '');

interface PhraseParser {
  parse(sentence: string): string[];
}

const MODELS: Record<string, () => PhraseParser> = {
  ja: loadDefaultJapaneseParser,
  'zh-Hans': loadDefaultSimplifiedChineseParser,
  'zh-Hant': loadDefaultTraditionalChineseParser,
  th: loadDefaultThaiParser,
};
const parsers = new Map<string, PhraseParser | undefined>();

/** The model a locale is segmented with (`ja`, `zh-Hans`, `zh-Hant`, `th`), or undefined for a spaced language. */
export function phraseModel(locale: string): string | undefined {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale).maximize();
  } catch {
    return undefined;
  }
  const key = tag.language === 'zh' ? `zh-${tag.script}` : tag.language;
  return key in MODELS ? key : undefined;
}

function parserFor(locale: string): PhraseParser | undefined {
  if (!parsers.has(locale)) {
    const model = phraseModel(locale);
    parsers.set(locale, model ? MODELS[model]?.() : undefined);
  }
  return parsers.get(locale);
}

/** Whether a development render in this locale must mark its values. */
export const segments = (locale: string) => phraseModel(locale) !== undefined;

const SPAN_OPEN = '<span style="display:inline-block">';
const SPAN_CLOSE = '</span>';

/** The escapes React writes in text, and numeric references: one character each for the segmenter. */
const UNIT = /&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-fA-F]+);|\{\{[^{}]*\}\}|[\s\S]/gu;
const NAMED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&nbsp;': '\u00a0' };
const decode = (unit: string) => {
  if (unit.length === 1 || !unit.startsWith('&')) return unit;
  if (unit in NAMED) return NAMED[unit] as string;
  const hex = unit[2] === 'x' || unit[2] === 'X';
  return String.fromCodePoint(Number.parseInt(unit.slice(hex ? 3 : 2, -1), hex ? 16 : 10));
};
/** Worth a span: a phrase with a letter of a script that is written without spaces. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

/** One run of text (HTML-escaped, as in the markup) with each phrase of its literal parts in a span. */
export function breakText(raw: string, parser: PhraseParser): string {
  const units = raw.match(UNIT) ?? [];
  let out = '';
  let literal: string[] = [];
  let inValue = false;
  const flush = () => {
    if (!literal.length) return;
    const text = literal.map(decode).join('');
    if (!UNSPACED.test(text)) {
      out += literal.join('');
    } else {
      // Map the segmenter's phrases (of decoded characters) back onto the raw units.
      let i = 0;
      for (const phrase of parser.parse(text)) {
        let taken = 0;
        const start = i;
        while (taken < phrase.length && i < literal.length) taken += decode(literal[i++] as string).length;
        const chunk = literal.slice(start, i);
        // Spaces at a phrase's edge stay outside its box, where they still separate words.
        let a = 0;
        let b = chunk.length;
        while (a < b && /^\s$|^&nbsp;$/.test(chunk[a] as string)) a++;
        while (b > a && /^\s$|^&nbsp;$/.test(chunk[b - 1] as string)) b--;
        const inner = chunk.slice(a, b);
        // One character needs no box (and a lone bracket must stay free to follow the line-break rules).
        const boxed = inner.length > 1 ? SPAN_OPEN + inner.join('') + SPAN_CLOSE : inner.join('');
        out += chunk.slice(0, a).join('') + boxed + chunk.slice(b).join('');
      }
      out += literal.slice(i).join('');
    }
    literal = [];
  };
  for (const unit of units) {
    if (unit === MARK.open || unit === MARK.close) {
      flush();
      inValue = unit === MARK.open;
      out += unit;
    } else if (inValue) {
      out += unit;
    } else if (unit === MARK.edge || unit.startsWith('{{')) {
      flush();
      out += unit;
    } else {
      literal.push(unit);
    }
  }
  flush();
  return out;
}

/** Elements whose text is not laid out in the body (or is hidden: the preheader). */
const SKIP = /^<(?:head|title|style|script)\b|data-skip-in-text=/i;
/** Tags (with their names) and comments, so that text between them can be segmented. */
const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)\b[^>]*>/g;
const VOID = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

/**
 * The email's HTML with phrase spans in its visible text when the locale is segmented, and without
 * value marks in every case.
 */
export function breakPhrases(html: string, locale: string): string {
  const parser = parserFor(locale);
  if (!parser) return unmark(html);
  let out = '';
  let last = 0;
  /** Open elements whose text is skipped, by tag name, with their nesting depth. */
  const skipping: string[] = [];
  for (const m of html.matchAll(TAG)) {
    const text = html.slice(last, m.index);
    out += skipping.length ? text : breakText(text, parser);
    out += m[0];
    last = m.index + m[0].length;
    const [tag, closing, rawName] = m;
    const name = rawName?.toLowerCase();
    if (!name || VOID.has(name) || tag.endsWith('/>')) continue;
    if (closing) {
      if (skipping.length && skipping.at(-1) === name) skipping.pop();
    } else if (skipping.length) {
      if (skipping.at(-1) === name) skipping.push(name);
    } else if (SKIP.test(tag)) {
      skipping.push(name);
    }
  }
  out += skipping.length ? html.slice(last) : breakText(html.slice(last), parser);
  return unmark(out);
}
