/**
 * Findings React Email's own components bring to every email that uses
 * them, accepted with the reason they are harmless — each scoped by a
 * selector to the markup the component writes, so the same feature in a
 * team's own markup is still reported. (The toolkit's exceptions for its
 * own frame are in exceptions.ts; a project adds its own in its config.)
 */
import type { ProjectException } from './schema.ts';

const cs = (feature: string, selector: string, reason: string): ProjectException => ({
  rule: 'client-support',
  feature,
  selector,
  upTo: 'error',
  reason,
});

/** `<Preview>`'s hidden div: React Email hides it five ways, so each client that ignores one honours another. */
const PREVIEW = 'div[data-skip-in-text="true"]';
const HIDING =
  "React Email's <Preview> hides the preview text with display:none, max-height:0, overflow:hidden and opacity:0 together: a client that ignores one honours another.";

export const reactEmailExceptions: readonly ProjectException[] = [
  cs('css-display-none', PREVIEW, HIDING),
  cs('css-max-height', PREVIEW, HIDING),
  cs('css-overflow', PREVIEW, HIDING),
  cs('css-opacity', PREVIEW, HIDING),
  cs(
    'html-body',
    'body',
    "React Email's <Body> repeats its styles on a table cell inside <body>: clients that replace <body> by a <div> keep them.",
  ),
  cs(
    'html-role',
    'table[role="presentation"]',
    'role="presentation" on layout tables (React Email\'s Container, Section, Row) tells screen readers they are not data; where ignored, the table reads as before.',
  ),
  cs(
    'html-target',
    'a[target="_blank"]',
    'target="_blank" on React Email\'s <Link> and <Button>: where unsupported, the client opens the link its own way.',
  ),
];
