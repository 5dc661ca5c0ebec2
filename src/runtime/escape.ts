/**
 * Escaping per output context. `escapeHtml` matches React's
 * `escapeTextForBrowser` character for character (text and attributes), so
 * a filled bundle is byte-equal to React's render of the same value.
 */
const HTML_SPECIAL = /["&'<>]/;
const HTML_SPECIAL_ALL = /["&'<>]/g;
const ENTITIES: Record<string, string> = {
  '"': '&quot;',
  '&': '&amp;',
  "'": '&#x27;',
  '<': '&lt;',
  '>': '&gt;',
};

export const escapeHtml = (value: string): string =>
  HTML_SPECIAL.test(value) ? value.replace(HTML_SPECIAL_ALL, (c) => ENTITIES[c] as string) : value;

/** Plain text and the subject take values as they are (normalization already removed CR/LF and controls). */
export const asIs = (value: string): string => value;

export type Escape = (value: string) => string;
