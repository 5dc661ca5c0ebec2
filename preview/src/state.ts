/**
 * The preview's state: what the URL and the browser's storage hold (template, locale, view, edited
 * variables, folded panels), and what the server sent (`app`: templates, locales, brands, generation).
 */
import type { LocaleInfo, Meta, TemplateInfo } from '../../src/preview/protocol.ts';
import { type ColourMode, isColourMode } from './colour-modes.ts';
import type { Editor } from './editor.ts';

export type View = 'email' | 'sheet-templates' | 'sheet-locales' | 'inbox' | 'visual';
type Tab = 'rendered' | 'text' | 'html' | 'bundle' | 'checks';
export type Width = 'desktop' | 'mobile' | 'gmail';

export const WIDTHS: Record<Width, { label: string; px: number; title: string }> = {
  desktop: { label: 'Desktop', px: 680, title: 'Desktop client, 680 px (the email is 600 px wide)' },
  mobile: { label: 'Mobile 375', px: 375, title: 'Phone, 375 px' },
  gmail: { label: 'Gmail app 360', px: 360, title: 'Gmail app on Android, 360 px' },
};
export const TABS: Record<Tab, string> = {
  rendered: 'Rendered',
  text: 'Plain text',
  html: 'HTML source',
  bundle: 'Compiled bundle',
  checks: 'Checks',
};

export interface State {
  view: View;
  template: string;
  locale: string;
  /** Second locale of the side-by-side mode, or `''`. */
  compare: string;
  brand: string;
  /** Colour mode (colour-modes.ts): light, the email's own dark styles, or a client's forced dark. */
  scheme: ColourMode;
  width: Width;
  tab: Tab;
  to: string;
  /** Where “Send test” delivers; not remembered across page loads, so it starts at the local inbox. */
  via: 'inbox' | 'configured';
  /** Scale each email down to its column (zoom) instead of letting it scroll. */
  fit: boolean;
  /** Side panels folded away (remembered in this browser): more room for the email on a small screen. */
  hidden: { templates: boolean; variables: boolean };
}

const VARS_KEY = 'authmail.preview.variables';
const HIDDEN_KEY = 'authmail.preview.hidden';
const params = new URLSearchParams(location.search);
export const state: State = {
  view: (params.get('view') as View) || 'email',
  template: params.get('template') || '',
  locale: params.get('locale') || 'en',
  compare: params.get('compare') || '',
  brand: params.get('brand') || '',
  scheme: isColourMode(params.get('scheme')) ? (params.get('scheme') as ColourMode) : 'light',
  width: (params.get('width') as Width) in WIDTHS ? (params.get('width') as Width) : 'desktop',
  tab: (params.get('tab') as Tab) in TABS ? (params.get('tab') as Tab) : 'rendered',
  to: sessionStorage.getItem('authmail.preview.to') || 'designer@example.test',
  via: 'inbox',
  fit: params.get('fit') === '1',
  hidden: { templates: false, variables: false, ...JSON.parse(localStorage.getItem(HIDDEN_KEY) || '{}') },
};
export const edited: Record<string, unknown> = JSON.parse(sessionStorage.getItem(VARS_KEY) || '{}');

export function saveState() {
  const q = new URLSearchParams();
  for (const key of ['view', 'template', 'locale', 'compare', 'brand', 'scheme', 'width', 'tab'] as const) {
    if (state[key]) q.set(key, state[key]);
  }
  if (state.fit) q.set('fit', '1');
  history.replaceState(null, '', `?${q}`);
  sessionStorage.setItem(VARS_KEY, JSON.stringify(edited));
  sessionStorage.setItem('authmail.preview.to', state.to);
  localStorage.setItem(HIDDEN_KEY, JSON.stringify(state.hidden));
}

/** Each template as last listed: one whose file broke since keeps its variables, and shows its error. */
const lastKnown = new Map<string, TemplateInfo>();
export const templateInfo = (id = state.template): TemplateInfo => {
  const listed = app.meta.templates.find((t) => t.id === id);
  if (listed) {
    lastKnown.set(id, listed);
    return listed;
  }
  return lastKnown.get(id) ?? { id, when: '', variables: [], sample: {}, stress: {} };
};
export const localeInfo = (tag: string) => app.meta.locales.find((l) => l.tag === tag) as LocaleInfo;
export const variablesOf = (id: string) => (id in edited ? edited[id] : templateInfo(id).sample);

/** What the server sent, and the variable editor on screen. */
export const app: {
  meta: Meta;
  generation: number;
  editor: Editor | undefined;
  /** What the last live reload changed, said once by the render it caused. */
  reloaded?: string | undefined;
} = {
  meta: undefined as unknown as Meta,
  generation: 0,
  editor: undefined,
};

export const localeOptions = () => app.meta.locales.map((l) => ({ value: l.tag, label: `${l.tag} · ${l.name}` }));
