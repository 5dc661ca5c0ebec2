/**
 * Line breaks between phrases for languages written without spaces between
 * words (Japanese, Chinese, Thai). Browsers break such text between almost
 * any two characters, which leaves "い。" alone on a line or splits コ/ード.
 * BudouX (Google's phrase segmenter, models for ja, zh-Hans, zh-Hant, th)
 * splits each text into phrases at build time, and a zero-width space
 * (U+200B) goes between two phrases; the layout sets `word-break: keep-all`,
 * so a line breaks only there (or at spaces and punctuation). Where a client
 * ignores keep-all, the text wraps between any two characters, as before;
 * where it applies break-word as well (Gmail's and Outlook's apps, Apple
 * Mail, per caniemail), a phrase wider than the line still wraps inside.
 *
 * Not tags: a tag between two letters is what SpamAssassin counts as HTML
 * obfuscation (an inline-block span per phrase scored HTML_OBFUSCATE_20_30,
 * +2.5, on every Japanese email). Its zero-width rule looks only at
 * zero-width characters between ASCII letters, and a space is only inserted
 * between two characters that are neither ASCII nor white space.
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
import { type PhraseModel, phraseModel } from '../locale/segmented.ts';
import { bindLastWord } from '../runtime/format.ts';

/** Unicode noncharacters (never in text a template or a translation holds): a value's start and end, a section's edge. */
export const MARK = { open: '\uFDD0', close: '\uFDD1', edge: '\uFDD2', text: '\uFDD3' } as const;
const MARKS = /[\uFDD0-\uFDD3]/g;

export const unmark = (s: string) => s.replace(MARKS, '');

interface PhraseParser {
  parse(sentence: string): string[];
}

const MODELS: Record<PhraseModel, () => PhraseParser> = {
  ja: loadDefaultJapaneseParser,
  'zh-Hans': loadDefaultSimplifiedChineseParser,
  'zh-Hant': loadDefaultTraditionalChineseParser,
  th: loadDefaultThaiParser,
};
/** A locale's phrase parser and the model it uses. */
interface Segmenter {
  model: string;
  parse(sentence: string): string[];
}
const segmenters = new Map<string, Segmenter | undefined>();

function segmenterFor(locale: string): Segmenter | undefined {
  if (!segmenters.has(locale)) {
    const model = phraseModel(locale);
    const parser = model ? MODELS[model]() : undefined;
    segmenters.set(locale, model && parser ? { model, parse: (s) => parser.parse(s) } : undefined);
  }
  return segmenters.get(locale);
}

/** Between two phrases: a line may break here, and nothing shows. */
export const PHRASE_BREAK = '\u200b';

/** The escapes React writes in text, numeric references and slots: one unit each. */
const UNIT = /&(?:amp|lt|gt|quot|nbsp|#\d+|#x[0-9a-fA-F]+);|\{\{[^{}]*\}\}|[\s\S]/gu;
const NAMED: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&nbsp;': '\u00a0' };
const decode = (unit: string) => {
  if (unit.length === 1 || !unit.startsWith('&')) return unit;
  if (unit in NAMED) return NAMED[unit] as string;
  const hex = unit[2] === 'x' || unit[2] === 'X';
  return String.fromCodePoint(Number.parseInt(unit.slice(hex ? 3 : 2, -1), hex ? 16 : 10));
};
/** Text worth segmenting: a letter of a script that is written without spaces. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
/** A boundary gets a break only between two characters that are neither ASCII nor white space. */
const JOINABLE = /^[^\p{ASCII}\s\u00a0]$/u;

/**
 * Thai and Chinese: the word boundaries of ICU's dictionary. BudouX's models also split inside some
 * dictionary words (Thai ต้อง|การ, Chinese 忽|略, 验|证码), so a phrase break needs both. Japanese keeps
 * BudouX's phrases: ICU splits Japanese words finer than phrases, never coarser.
 */
function dictionaryWords(segmenter: Segmenter, text: string): Set<number> | undefined {
  if (segmenter.model === 'ja') return undefined;
  const locale = segmenter.model === 'th' ? 'th' : segmenter.model === 'zh-Hant' ? 'zh-Hant' : 'zh';
  return new Set([...new Intl.Segmenter(locale, { granularity: 'word' }).segment(text)].map((s) => s.index));
}

/** One run of text (HTML-escaped, as in the markup) with a zero-width space between the phrases of its literal parts. */
export function breakText(raw: string, segmenter: Segmenter | undefined): string {
  const units = raw.match(UNIT) ?? [];
  let out = '';
  let literal: string[] = [];
  let inValue = false;
  const flush = () => {
    if (!literal.length) return;
    literal = keepHyphenated(literal);
    const text = literal.map(decode).join('');
    if (!segmenter || !UNSPACED.test(text)) {
      out += literal.join('');
    } else {
      // Map the segmenter's phrases (of decoded characters) back onto the raw units.
      const words = dictionaryWords(segmenter, text);
      let i = 0;
      let at = 0;
      let previous = '';
      for (const phrase of segmenter.parse(text)) {
        let taken = 0;
        const start = i;
        while (taken < phrase.length && i < literal.length) taken += decode(literal[i++] as string).length;
        const chunk = literal.slice(start, i);
        const first = [...decode(chunk[0] ?? '')][0] ?? '';
        if (start > 0 && JOINABLE.test(previous) && JOINABLE.test(first) && (!words || words.has(at)))
          out += PHRASE_BREAK;
        at += phrase.length;
        out += chunk.join('');
        previous = [...decode(chunk.at(-1) ?? '')].at(-1) ?? '';
      }
      out += literal.slice(i).join('');
    }
    literal = [];
  };
  for (const unit of units) {
    if (unit === MARK.open || unit === MARK.text || unit === MARK.close) {
      flush();
      inValue = unit !== MARK.close;
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

/** Between two letters inside a word: "E-Mail-Adresse" must not break after "E-". */
const HYPHEN_IN_WORD = /(?<=\p{L})-(?=\p{L})/u;
/** A word a reader copies or a client links (an address, a URL, a domain): its hyphens stay ASCII. */
const LINKABLE = /[/@]|\p{L}\.\p{L}/u;

/**
 * A hyphen inside a word of the copy becomes a non-breaking hyphen (U+2011): browsers break after
 * any hyphen, which leaves "E-" at a line's end. Values are left as they are (they are slots in the
 * build), and so are words with "/", "@" or a dot between letters, which readers copy.
 */
function keepHyphenated(units: string[]): string[] {
  let word: number[] = [];
  const out = [...units];
  const end = () => {
    const text = word.map((i) => decode(out[i] as string)).join('');
    if (!LINKABLE.test(text))
      for (let k = 1; k < word.length - 1; k++) {
        const i = word[k] as number;
        if (
          out[i] === '-' &&
          HYPHEN_IN_WORD.test(
            `${decode(out[word[k - 1] as number] as string)}-${decode(out[word[k + 1] as number] as string)}`,
          )
        )
          out[i] = NB_HYPHEN;
      }
    word = [];
  };
  units.forEach((unit, i) => {
    if (/^\s$/.test(decode(unit)) || unit === '&nbsp;') end();
    else word.push(i);
  });
  end();
  return out;
}
export const NB_HYPHEN = '\u2011';

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
  const segmenter = segmenterFor(locale);
  let out = '';
  let last = 0;
  /** Open elements whose text is skipped, by tag name, with their nesting depth. */
  const skipping: string[] = [];
  for (const m of html.matchAll(TAG)) {
    const text = html.slice(last, m.index);
    out += skipping.length ? text : breakText(text, segmenter);
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
  out += skipping.length ? html.slice(last) : breakText(html.slice(last), segmenter);
  return unmark(bindHeadings(out));
}

/** A heading's last word, when it is short, and what may follow it: "," "." "!" "?" and the like. */
const LAST_WORD = / ([^\s<>{}\uFDD0-\uFDD3]{1,4})((?:<[^>]+>)*)$/u;
/** A text value in a heading: its slot (build) or its marked text (development render). */
const HEADING_VALUE = /\{\{([\w.]+):isolate\}\}|\uFDD3([^\uFDD0-\uFDD3]*)\uFDD1/g;

/**
 * No short word alone on a heading's last line ("вы", "in", "à"): the space before the heading's last
 * word becomes a no-break space. A value in a heading gets the same inside itself at send time
 * (`{{path:isolate:bind=last}}`; the development render does it here), every value, since which one
 * ends the heading depends on the branches taken.
 */
function bindHeadings(html: string): string {
  return html.replace(/(<h1\b[^>]*>)([\s\S]*?)(<\/h1>)/g, (_m, open: string, inner: string, close: string) => {
    const bound = inner
      .replace(HEADING_VALUE, (_v, slot: string | undefined, marked: string | undefined) =>
        slot ? `{{${slot}:isolate:bind=last}}` : `${MARK.text}${bindLastWord(marked ?? '')}${MARK.close}`,
      )
      .replace(LAST_WORD, (_w, word: string, tags: string) =>
        /\p{L}/u.test(word) ? `\u00a0${word}${tags}` : ` ${word}${tags}`,
      );
    return open + bound + close;
  });
}
