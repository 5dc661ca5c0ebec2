/** What `authmail add` puts before every message it writes: the text still needs a translator (`authmail check` lists it). */
export const UNTRANSLATED = '[untranslated] ';
