/**
 * Colours, type and spacing shared by every email. Inline styles carry the
 * light theme (every client); the `<style>` block adds dark mode and mobile
 * tweaks as progressive enhancement for clients that support them.
 */
import { accentOf, type Brand } from '../../brand/brand.ts';
import type { Direction } from '../../locale/index.ts';

export const light = {
  page: '#f4f5f7',
  card: '#ffffff',
  text: '#1f2328',
  muted: '#545b66',
  border: '#e4e7ec',
  codeBg: '#f1f3f8',
  codeText: '#111827',
} as const;

export const dark = {
  page: '#0f1115',
  card: '#1a1d23',
  text: '#e8eaed',
  muted: '#aab1bc',
  border: '#2f343d',
  codeBg: '#262a33',
  codeText: '#ffffff',
} as const;

export const fontFamily =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif";
/**
 * The code's face, first found wins: Apple (SF Mono, Menlo), Windows (Cascadia Mono on 11,
 * Consolas), Android (Roboto Mono in Gmail, else its monospace), Linux (DejaVu Sans Mono). Each draws a
 * slashed or dotted zero and a 1 with a flag, unlike Courier New and Liberation Mono, which come last.
 * (Not `ui-monospace`: Outlook for Windows does not know it, and caniemail flags it.)
 */
export const monoFamily =
  "'SF Mono', SFMono-Regular, Menlo, 'Cascadia Mono', Consolas, 'Roboto Mono', 'DejaVu Sans Mono', 'Liberation Mono', 'Courier New', monospace";

export const WIDTH = 600;

import { tint } from '../../brand/color.ts';

export { contrast, readableOn, tint } from '../../brand/color.ts';

/** Start-side text alignment; Outlook ignores `start`, so it is spelled out. */
export const align = (dir: Direction): 'left' | 'right' => (dir === 'rtl' ? 'right' : 'left');

/**
 * The `<style>` block: dark mode and narrow screens. One rule per line: a
 * minified `}}` would read as a template slot delimiter. A space before
 * `!important`: Outlook's engines drop the flag without it.
 */
export const styleSheet = (brand: Brand) =>
  `
:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme:dark){
.am-page,.am-page>table>tbody>tr>td{background-color:${dark.page} !important}
.am-card{background-color:${dark.card} !important;border-color:${dark.border} !important${accentOf(brand) === 'bar' ? `;border-top-color:${brand.primaryColor} !important` : ''}}
.am-text{color:${dark.text} !important}
.am-muted{color:${dark.muted} !important}
.am-link,.am-heading{color:${tint(brand.primaryColor, 0.6)} !important}
.am-code{background-color:${dark.codeBg} !important;color:${dark.codeText} !important;border-color:${dark.border} !important}
.am-rule{border-color:${dark.border} !important}
.am-logo-light{display:none !important}
.am-logo-dark{display:block !important;max-height:none !important;overflow:visible !important}
}
@media only screen and (max-width:620px){
.am-page>table>tbody>tr>td{padding:16px 12px !important}
.am-card-pad{padding:28px 20px !important}
.am-code{font-size:28px !important;letter-spacing:6px !important}
.am-button{display:block !important;text-align:center !important}
}`.trim();

/** A moment as readers need it (a request's time, an expiry): date, hour and minute, and the time zone. */
export const MOMENT = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
} as const;
