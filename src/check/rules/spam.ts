/**
 * Content heuristics from Apache SpamAssassin's rules that short
 * authentication emails can trip (names in parentheses):
 * all-caps subject (SUBJ_ALL_CAPS), images with little HTML
 * (HTML_IMAGE_ONLY_*), many hidden elements (HTML_TEXT_INVISIBLE_STYLE),
 * a title much longer than the subject (HTML_TITLE_SUBJ_DIFF), forms,
 * scripts and frames, a text part that differs from the HTML part
 * (MPART_ALT_DIFF), and Latin "e" among Cyrillic ones (MIXED_ES).
 */
import { textOf } from '../parse.ts';
import type { EmailRule, RuleFinding } from '../types.ts';
import { isHidden } from './structure.ts';

export const subjectCaps: EmailRule = {
  id: 'spam-subject-caps',
  family: 'spam',
  kind: 'email',
  severity: 'warning',
  description: 'the subject is not written in capitals (SpamAssassin SUBJ_ALL_CAPS)',
  check(email) {
    const words = email.subject.split(/\s+/).filter((w) => /\p{L}/u.test(w));
    const cased = email.subject.replace(/[^\p{Lu}\p{Ll}]/gu, '');
    if (words.length >= 2 && cased.length >= 4 && cased === cased.toUpperCase()) {
      return [
        {
          message: `The subject is all capitals ("${email.subject}"); spam filters score that.`,
          location: { part: 'subject' },
        },
      ];
    }
    return [];
  },
};

/** HTML_IMAGE_ONLY_32 fires for HTML with images up to this length. */
export const IMAGE_ONLY_BYTES = 3200;

export const imageOnly: EmailRule = {
  id: 'spam-image-only',
  family: 'spam',
  kind: 'email',
  severity: 'warning',
  description: `an email with images has real text: more than ${IMAGE_ONLY_BYTES} bytes of HTML (HTML_IMAGE_ONLY_*) and visible words`,
  check(email) {
    const imgs = email.elements.filter((e) => e.name === 'img');
    if (!imgs.length) return [];
    const findings: RuleFinding[] = [];
    const bytes = Buffer.byteLength(email.html);
    if (bytes <= IMAGE_ONLY_BYTES) {
      findings.push({
        message: `The HTML is only ${bytes} bytes but has images; spam filters read that as an image-only email. Add text or drop the images.`,
        location: { part: 'html' },
      });
    }
    const body = email.elements.find((e) => e.name === 'body');
    const words = body
      ? textOf(body)
          .replace(/[\u00a0\u200b-\u200f\ufeff]/g, ' ')
          .match(/[\p{L}\p{N}]+/gu)
      : null;
    if (!words || words.length < 5) {
      findings.push({
        message: 'The email is (almost) only images: without them it says nothing.',
        location: { part: 'html' },
      });
    }
    return findings;
  },
};

export const MAX_HIDDEN = 5;

export const hiddenElements: EmailRule = {
  id: 'spam-hidden',
  family: 'spam',
  kind: 'email',
  severity: 'warning',
  description: `at most ${MAX_HIDDEN} hidden elements (display:none, visibility:hidden, font-size:0) — more looks like hidden text (HTML_TEXT_INVISIBLE_STYLE)`,
  check(email) {
    const hidden = email.elements.filter((e) => e.name !== 'style' && e.name !== 'title' && isHidden(email, e));
    if (hidden.length <= MAX_HIDDEN) return [];
    const first = hidden[MAX_HIDDEN] ?? hidden[0];
    return [
      {
        message: `${hidden.length} elements are hidden; spam filters flag more than ${MAX_HIDDEN} as hidden text.`,
        location: first ? email.at(first.startIndex ?? 0, first) : { part: 'html' },
      },
    ];
  },
};

export const TITLE_SUBJECT_RATIO = 3.5;

export const titleLength: EmailRule = {
  id: 'spam-title-length',
  family: 'spam',
  kind: 'email',
  severity: 'warning',
  description: `the <title> is at most ${TITLE_SUBJECT_RATIO}× as long as the subject (HTML_TITLE_SUBJ_DIFF)`,
  check(email) {
    const el = email.elements.find((e) => e.name === 'title');
    if (!el) return [];
    const t = textOf(el).trim();
    const s = email.subject.trim();
    if (s.length > 0 && t.length > TITLE_SUBJECT_RATIO * s.length) {
      return [
        {
          message: `The <title> has ${t.length} characters, more than ${TITLE_SUBJECT_RATIO}× the subject's ${s.length}; spam filters score that.`,
          location: email.at(el.startIndex ?? 0, el),
        },
      ];
    }
    return [];
  },
};

const FORBIDDEN: Record<string, string> = {
  script: 'scripts never run in email and mark it as dangerous',
  form: 'forms are stripped or flagged by most clients',
  input: 'form fields are stripped or flagged by most clients',
  button: 'buttons belong to forms; use a link styled as a button',
  textarea: 'form fields are stripped or flagged by most clients',
  select: 'form fields are stripped or flagged by most clients',
  iframe: 'frames are stripped and score as spam',
  frame: 'frames are stripped and score as spam',
  object: 'embedded objects are stripped and score as spam',
  embed: 'embedded objects are stripped and score as spam',
  applet: 'embedded objects are stripped and score as spam',
  base: '<base> changes every link and is stripped',
};

export const forbiddenElements: EmailRule = {
  id: 'spam-forbidden',
  family: 'spam',
  kind: 'email',
  severity: 'error',
  description: 'no <script>, <form> fields, <iframe>, <object>/<embed>, <base>, external stylesheets or meta refresh',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const el of email.elements) {
      const why = FORBIDDEN[el.name];
      const where = () => email.at(el.startIndex ?? 0, el);
      if (why) findings.push({ message: `<${el.name}>: ${why}.`, location: where() });
      if (el.name === 'link' && /stylesheet/i.test(el.attribs.rel ?? '')) {
        findings.push({
          message: 'An external stylesheet (<link rel="stylesheet">) is removed by every webmail.',
          location: where(),
        });
      }
      if (el.name === 'meta' && /refresh/i.test(el.attribs['http-equiv'] ?? '')) {
        findings.push({ message: '<meta http-equiv="refresh"> redirects are a phishing sign.', location: where() });
      }
      const handlers = Object.keys(el.attribs).filter((a) => /^on[a-z]+$/i.test(a));
      if (handlers.length)
        findings.push({ message: `Event handler attributes (${handlers.join(', ')}) are scripts.`, location: where() });
    }
    return findings;
  },
};

/** SpamAssassin's MPART_ALT_DIFF: share of HTML words (tokens with a letter or digit) missing from the text part. */
export function alternativeDifference(htmlText: string, text: string): number {
  // Zero-width spaces (phrase breaks in Japanese, Chinese, Thai: render/phrases.ts) do not split words.
  const tokens = (s: string) =>
    s
      .replace(/\u200b/g, '')
      .split(/\s+/)
      .filter((t) => /[\p{L}\p{N}]/u.test(t));
  const html = tokens(htmlText);
  if (!html.length) return 0;
  const counts = new Map<string, number>();
  for (const t of tokens(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const htmlCounts = new Map<string, number>();
  for (const t of html) htmlCounts.set(t, (htmlCounts.get(t) ?? 0) + 1);
  let missing = 0;
  for (const [t, n] of htmlCounts) if ((counts.get(t) ?? 0) < n) missing += n;
  return (missing / html.length) * 100;
}

export const MAX_ALT_DIFF = 30;

export const textDiffers: EmailRule = {
  id: 'spam-text-differs',
  family: 'spam',
  kind: 'email',
  severity: 'warning',
  description: `the plain-text part says what the HTML says: at most ${MAX_ALT_DIFF}% of the HTML's words missing from it (MPART_ALT_DIFF)`,
  check(email) {
    const body = email.elements.find((e) => e.name === 'body');
    if (!body) return [];
    // What a reader sees: skip hidden elements (preheader, dark-mode logo).
    const parts: string[] = [];
    const visit = (node: import('domhandler').ChildNode) => {
      if (node.type === 'text') parts.push(node.data);
      else if (node.type === 'tag' && !isHidden(email, node)) {
        for (const c of node.children) visit(c);
        if (['p', 'td', 'div', 'h1', 'h2', 'h3', 'br', 'tr'].includes(node.name)) parts.push(' ');
      }
    };
    for (const c of body.children) visit(c);
    const diff = alternativeDifference(parts.join(''), email.text);
    if (diff > MAX_ALT_DIFF) {
      return [
        {
          message: `${Math.round(diff)}% of the words of the HTML part are missing from the plain-text part; spam filters compare the two.`,
          location: { part: 'text' },
        },
      ];
    }
    return [];
  },
};

/**
 * SpamAssassin's `lcase_e` (72_active.cf): Latin e, the accented ones, Greek ϵ, and the Cyrillic
 * letters drawn like it (е ѐ ё є ѳ Ҽ ҽ Ҿ ҿ ө ӫ).
 */
const E_LIKE = /[eè-ëēĕėęěȀȅȇϵеѐёєѳҼ-ҿөӫ]/gu;
/** The rule's bounds: more than 20 Latin "e", and 1.4–10 times as many e-like letters; the counts stop at 230 and 320. */
const MIXED_ES = { latin: 20, low: 1.4, high: 10, maxLatin: 230, maxLike: 320 };

export const mixedEs: EmailRule = {
  id: 'spam-mixed-es',
  family: 'spam',
  kind: 'email',
  severity: 'info',
  description: `SpamAssassin's MIXED_ES (+1.0): more than ${MIXED_ES.latin} Latin "e" beside ${MIXED_ES.low}–${MIXED_ES.high} times as many e-like letters (Cyrillic "е" counts), over the subject and both parts — what Latin names and addresses in Cyrillic text add up to`,
  check(email) {
    // As SpamAssassin counts: the subject, then every text part rendered (hidden text included); text
    // nodes kept apart, so that the words of adjacent cells do not run together.
    const parts: string[] = [email.subject, email.text];
    const visit = (node: import('domhandler').ChildNode) => {
      if (node.type === 'text') parts.push(node.data);
      else if ('children' in node) for (const c of node.children) visit(c);
    };
    const body = email.elements.find((e) => e.name === 'body');
    if (body) visit(body);
    const all = parts.join(' ');
    const latin = Math.min(all.match(/e/g)?.length ?? 0, MIXED_ES.maxLatin);
    const like = Math.min(all.match(E_LIKE)?.length ?? 0, MIXED_ES.maxLike);
    if (latin <= MIXED_ES.latin || like <= latin * MIXED_ES.low || like >= latin * MIXED_ES.high) return [];
    const words = new Map<string, number>();
    for (const word of all.match(/[\w.@:/?=-]*e[\w.@:/?=-]*/g) ?? []) {
      words.set(word, (words.get(word) ?? 0) + 1);
    }
    const top = [...words]
      .map(([word, n]) => [word, n * (word.match(/e/g)?.length ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([word, n]) => `${word} (${n})`);
    return [
      {
        message: `SpamAssassin scores this email MIXED_ES (+1.0): ${latin} Latin "e" beside ${like - latin} Cyrillic or accented ones, counted over the subject and both parts (it fires above ${MIXED_ES.latin}). No word has to mix scripts: Latin names, addresses and links add up — most here: ${top.join(', ')}.`,
        location: { part: 'text' },
      },
    ];
  },
};

export const spamRules = [subjectCaps, imageOnly, hiddenElements, titleLength, forbiddenElements, textDiffers, mixedEs];
