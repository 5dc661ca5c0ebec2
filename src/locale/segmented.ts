/**
 * Which languages are written without spaces between words, and so get
 * phrase line breaks (render/phrases.ts): Japanese, Chinese (by script) and
 * Thai, named by the BudouX model that segments them.
 */

export const PHRASE_MODELS = ['ja', 'zh-Hans', 'zh-Hant', 'th'] as const;
export type PhraseModel = (typeof PHRASE_MODELS)[number];

/** The model a locale is segmented with (`ja`, `zh-Hans`, `zh-Hant`, `th`), or undefined for a spaced language. */
export function phraseModel(locale: string): PhraseModel | undefined {
  let tag: Intl.Locale;
  try {
    tag = new Intl.Locale(locale).maximize();
  } catch {
    return undefined;
  }
  const key = tag.language === 'zh' ? `zh-${tag.script}` : tag.language;
  return (PHRASE_MODELS as readonly string[]).includes(key) ? (key as PhraseModel) : undefined;
}

/** Whether a development render in this locale must mark its values. */
export const segments = (locale: string) => phraseModel(locale) !== undefined;
