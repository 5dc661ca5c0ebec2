/**
 * Documented exceptions: findings the shipped templates are allowed to have,
 * each with its reason. An exception names a rule (and a caniemail feature
 * or axe rule) and the highest severity it accepts, so a finding that gets
 * worse (partial → unsupported) is reported again. docs/checks.md lists
 * them (a test keeps it current).
 */
import { type Finding, SEVERITY_ORDER, type Severity } from './types.ts';

export interface Exception {
  rule: string;
  feature?: string;
  /** The highest severity accepted. */
  upTo: Exclude<Severity, 'info'>;
  reason: string;
}

const ENHANCEMENT =
  'Only in the <style> block, which holds progressive enhancement (dark mode, narrow screens): every essential style is inline, so clients that drop the block show the light, full-width design.';

const cs = (feature: string, upTo: Exception['upTo'], reason: string): Exception => ({
  rule: 'client-support',
  feature,
  upTo,
  reason,
});

export const exceptions: Exception[] = [
  // <style>: dark mode and mobile tweaks.
  cs(
    'html-style',
    'error',
    `${ENHANCEMENT} Gmail's mobile webmail and non-Google accounts in the Gmail apps ignore it.`,
  ),
  cs('css-at-media', 'error', `${ENHANCEMENT} Without the narrow-screen query the card keeps its desktop padding.`),
  cs(
    'css-at-media-prefers-color-scheme',
    'error',
    `${ENHANCEMENT} Dark mode is applied by clients that support it (Apple Mail, Outlook.com/macOS/iOS/Android); Gmail, Yahoo and Outlook for Windows show the light design or invert it themselves.`,
  ),
  cs(
    'css-color-scheme',
    'error',
    `${ENHANCEMENT} \`color-scheme\` on :root tells Apple Mail the email supports dark mode; others ignore it.`,
  ),
  cs(
    'html-meta-color-scheme',
    'error',
    'Tells Apple Mail (macOS) the email supports dark mode; clients without support ignore the <meta>.',
  ),
  cs('css-selector-class', 'error', ENHANCEMENT),
  cs('css-selector-child', 'error', ENHANCEMENT),
  cs('css-selector-grouping', 'error', ENHANCEMENT),
  cs('css-selector-type', 'error', ENHANCEMENT),
  cs(
    'css-important',
    'warning',
    `${ENHANCEMENT} Written lowercase with a space before it, as the partial-support notes require; never inline.`,
  ),
  // Hiding the preheader and the dark logo.
  cs(
    'css-display-none',
    'error',
    'Hides the preheader and the dark-mode logo. Each also has max-height:0, overflow:hidden and mso-hide:all (the preheader also opacity:0 and 1px text), so it stays hidden where display:none is ignored (Gmail mobile webmail, Outlook for Windows on <img>).',
  ),
  cs(
    'css-opacity',
    'error',
    'Belt-and-braces hiding of the preheader (with display:none, max-height:0, mso-hide:all); harmless where ignored.',
  ),
  cs(
    'css-max-height',
    'error',
    'Hides the preheader and the dark logo where display:none is ignored; Outlook for Windows, which ignores max-height, honours mso-hide:all instead.',
  ),
  cs(
    'css-overflow',
    'error',
    'Part of hiding the preheader and the dark logo (with max-height:0); Outlook for Windows uses mso-hide:all.',
  ),
  // Visual details that degrade gracefully.
  cs(
    'css-height',
    'error',
    'The logo is 36px high with width:auto and max-width; Yahoo turns height into min-height, and max-width plus the width/height attributes keep the logo in its box.',
  ),
  cs(
    'css-overflow-wrap',
    'error',
    "Japanese, Chinese and Thai only, beside keep-all: lets a long value without spaces (an organization name) wrap instead of overflowing. Where it is ignored, keep-all is either ignored too (the text wraps between any two characters) or applied with the client's own break-word (Gmail's and Outlook's apps, Apple Mail, per caniemail), which does the same.",
  ),
  cs(
    'css-word-break',
    'error',
    'Lets the long invitation URL wrap on phones, and keeps Japanese, Chinese and Thai phrases whole (keep-all; lines break at the zero-width spaces between phrases). Where it is ignored (Yahoo, Windows Mail) the URL wraps at its punctuation or scrolls, and those languages wrap between any two characters as they would without it; no CSS wrapping property is better supported (word-wrap and overflow-wrap fail in more clients).',
  ),
  cs(
    'html-target',
    'error',
    'React Email\'s Button and Link write target="_blank"; the clients listed as unsupported force a new window for every link anyway, so the attribute changes nothing.',
  ),
  // Structure that clients partly rewrite.
  cs(
    'html-body',
    'error',
    'Clients that replace or drop <body> lose its lang, dir and background: all three are repeated on the wrapper cell and a <div> inside it.',
  ),
  cs(
    'html-role',
    'error',
    'role="presentation" on layout tables is for screen readers; Windows Mail drops it (tables are then read as tables) and Yahoo keeps it on <table>, which is where it is used.',
  ),
  cs('html-lang', 'warning', 'Yahoo ignores lang on <td>; it is also on <html>, <body> and a <div> wrapper.'),
  cs(
    'html-dir',
    'warning',
    'dir is on <html>, <body>, the wrapper and the code cell, never on <a> (buggy in Outlook for Windows); Gmail mobile webmail guesses direction itself.',
  ),
  // Partial support whose limits the templates stay within (the caniemail notes).
  cs('css-margin', 'warning', 'No negative or auto margins; margins sit on <p>, <h1> and tables, not on <span>.'),
  cs(
    'css-padding',
    'warning',
    "Padding sits on table cells, except the button link, whose padding React Email's Button rebuilds for Outlook with mso spacers.",
  ),
  cs('css-font-size', 'warning', 'Sizes are px only (no rem, relative or percentage values).'),
  cs('css-font-weight', 'warning', 'Weights are 600 and 700, which every client maps to bold.'),
  cs(
    'css-line-height',
    'warning',
    'px line heights on text; Outlook for Windows may round them, which only changes spacing slightly.',
  ),
  cs('css-letter-spacing', 'warning', 'px letter-spacing (Outlook renders em too small), positive values only.'),
  cs(
    'css-text-align',
    'warning',
    'Only left, right and center (no start/end/match-parent); the side is chosen per locale direction.',
  ),
  cs('css-display', 'warning', 'Only block, inline-block and none (no flex, grid or two-value syntax).'),
  cs('css-border', 'warning', '1px borders on table cells only.'),
  cs(
    'css-max-width',
    'warning',
    'The 600px frame is a <table> (where Outlook for Windows honours max-width); on the logo the width attribute applies.',
  ),
  cs('css-width', 'warning', 'CSS width on tables; the logo also has a width attribute for Outlook for Windows.'),
  cs(
    'html-width',
    'warning',
    'Fixed pixel widths on images, no percentages; Outlook for Windows at 120 dpi may scale them, as every email.',
  ),
  cs(
    'html-height',
    'warning',
    'Fixed pixel heights on images; Outlook for Windows at 120 dpi may scale them, as every email.',
  ),
  cs('html-align', 'warning', 'Only align="center" on tables (left/right is what Outlook for macOS ignores).'),
  cs('html-mailto-links', 'warning', 'A plain mailto: address, no bcc.'),
];

export function findException(f: Finding, list: readonly Exception[]): Exception | undefined {
  return list.find(
    (e) =>
      e.rule === f.rule &&
      (e.feature === undefined || e.feature === f.feature) &&
      SEVERITY_ORDER[f.severity] <= SEVERITY_ORDER[e.upTo],
  );
}

/** Marks the findings an exception accepts. */
export function applyExceptions(findings: readonly Finding[], list: readonly Exception[]): Finding[] {
  return findings.map((f) => {
    const e = f.severity === 'info' ? undefined : findException(f, list);
    return e ? { ...f, exception: e.reason } : f;
  });
}
