/**
 * The static review site's page (`authmail preview build`): every template × locale from files beside
 * it, in light or dark, at desktop or mobile width, with its inbox line, text part and checks. No
 * server and no request off the page's folder: it opens from `file://` as from any static host. The
 * state lives in the URL's hash, so a link names one email in one look.
 */
import type { SiteData, SiteEmail } from '../../src/preview/site-data.ts';
import { inlineMarkdown } from '../src/markdown.ts';

const data = JSON.parse(document.getElementById('site-data')?.textContent ?? '{}') as SiteData;

type Scheme = 'light' | 'dark';
type Width = 'desktop' | 'mobile';
type Tab = 'email' | 'text' | 'checks';
const WIDTHS: Record<Width, number> = { desktop: 680, mobile: 375 };

const state = (() => {
  const p = new URLSearchParams(location.hash.slice(1));
  const pick = <T extends string>(key: string, allowed: readonly T[], fallback: T): T => {
    const v = p.get(key) as T | null;
    return v && allowed.includes(v) ? v : fallback;
  };
  return {
    template: pick('template', data.templates, data.templates[0] ?? ''),
    locale: pick(
      'locale',
      data.locales.map((l) => l.tag),
      data.locales[0]?.tag ?? '',
    ),
    scheme: pick<Scheme>('scheme', ['light', 'dark'], 'light'),
    width: pick<Width>('width', ['desktop', 'mobile'], 'desktop'),
    tab: pick<Tab>('tab', ['email', 'text', 'checks'], 'email'),
  };
})();

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string | false | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) el.setAttribute(k, v);
  for (const c of children) if (c !== false && c !== undefined) el.append(c);
  return el;
}

function group<T extends string>(
  label: string,
  name: string,
  options: Record<T, string>,
  value: T,
  set: (v: T) => void,
) {
  const box = h('div', { class: 'group', role: 'group', 'aria-label': label });
  for (const [key, text] of Object.entries(options) as [T, string][]) {
    const b = h(
      'button',
      { type: 'button', 'data-name': name, 'data-value': key, 'aria-pressed': String(key === value) },
      text,
    );
    b.addEventListener('click', () => set(key));
    box.append(b);
  }
  return box;
}

function findingsView(email: SiteEmail) {
  const open = email.findings.filter((f) => !f.accepted);
  const accepted = email.findings.filter((f) => f.accepted);
  const item = (f: SiteEmail['findings'][number]) =>
    h(
      'li',
      { 'data-rule': f.rule, 'data-severity': f.severity },
      h('code', {}, f.rule),
      ' ',
      ...inlineMarkdown(f.message),
      f.where ? h('div', { class: 'where' }, f.where) : undefined,
      f.accepted ? h('div', { class: 'where' }, 'Accepted: ', ...inlineMarkdown(f.accepted)) : undefined,
    );
  const box = h(
    'div',
    { class: 'checks' },
    h(
      'p',
      { class: 'hint' },
      open.length ? `${open.length} to look at` : 'Nothing to fix',
      data.checks.browser ? '' : ' (built without the browser checks)',
    ),
  );
  for (const severity of ['error', 'warning', 'info'] as const) {
    const list = open.filter((f) => f.severity === severity);
    if (list.length) box.append(h('h3', {}, `${severity} (${list.length})`), h('ul', {}, ...list.map(item)));
  }
  if (accepted.length) {
    box.append(
      h(
        'details',
        {},
        h('summary', {}, `${accepted.length} accepted by documented exceptions`),
        h('ul', {}, ...accepted.map(item)),
      ),
    );
  }
  return box;
}

function render() {
  history.replaceState(null, '', `#${new URLSearchParams(state).toString()}`);
  const email = data.emails[`${state.template}/${state.locale}`];
  const app = document.getElementById('app') as HTMLElement;
  const set =
    <K extends keyof typeof state>(key: K) =>
    (v: (typeof state)[K]) => {
      state[key] = v;
      render();
    };
  const nav = h('nav', { 'aria-label': 'Templates' });
  for (const id of data.templates) {
    const b = h('button', { type: 'button', 'data-template': id, 'aria-current': String(id === state.template) }, id);
    b.addEventListener('click', () => set('template')(id));
    nav.append(b);
  }
  const locale = h('select', { name: 'locale', 'aria-label': 'Locale' });
  for (const l of data.locales) {
    const o = h('option', { value: l.tag }, `${l.tag} · ${l.name}`);
    o.selected = l.tag === state.locale;
    locale.append(o);
  }
  locale.addEventListener('change', () => set('locale')(locale.value));
  const toolbar = h(
    'div',
    { class: 'toolbar' },
    locale,
    group('Colour mode', 'scheme', { light: 'Light', dark: 'Dark' }, state.scheme, set('scheme')),
    group('Width', 'width', { desktop: 'Desktop 680', mobile: 'Mobile 375' }, state.width, set('width')),
    group('View', 'tab', { email: 'Email', text: 'Plain text', checks: 'Checks' }, state.tab, set('tab')),
    data.visual ? h('a', { href: data.visual, class: 'visual-link' }, 'Visual test report') : undefined,
  );
  let body: Node;
  if (!email) body = h('p', { class: 'hint' }, `No ${state.template} in ${state.locale} in this build.`);
  else if (state.tab === 'text') body = h('pre', { class: 'text', dir: email.dir }, email.text);
  else if (state.tab === 'checks') body = findingsView(email);
  else {
    const frame = h('iframe', {
      title: `${state.template} in ${state.locale}`,
      src: state.scheme === 'dark' ? email.dark : email.light,
      sandbox: 'allow-same-origin',
      style: `width:${WIDTHS[state.width]}px`,
    });
    body = h('div', { class: `viewport ${state.scheme}` }, frame);
  }
  const inbox = email
    ? h(
        'div',
        { class: 'inbox-row', dir: 'auto' },
        h('span', { class: 'from' }, data.from),
        h('span', { class: 'subject', dir: email.dir }, email.subject),
        h('span', { class: 'preheader', dir: email.dir }, email.preheader),
      )
    : undefined;
  app.replaceChildren(
    h(
      'header',
      {},
      h('h1', {}, data.title),
      h('span', { class: 'hint' }, `Built ${new Date(data.builtAt).toLocaleString()}`),
    ),
    h(
      'div',
      { class: 'body' },
      nav,
      h('main', { 'data-email': `${state.template}/${state.locale}` }, toolbar, inbox, body),
    ),
  );
}

window.addEventListener('hashchange', () => location.reload());
render();
