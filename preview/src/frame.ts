/**
 * Email frames: offline through the service worker, the colour mode applied inside the frame, the
 * viewport's width (presets, drag, fit) and height.
 */
import { COLOUR_MODES, type ColourMode, invertFully, invertPartially } from './colour-modes.ts';
import { h } from './dom.ts';
import { state, type Width } from './state.ts';
import { status } from './ui.ts';

/**
 * Resolves once the worker is active. The frames need no more: an iframe's
 * navigation inside the worker's scope is handled by the active worker, which
 * then controls the frame, whether or not it controls this page yet.
 */
async function serviceWorker() {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  await navigator.serviceWorker.ready;
}

const originalMedia = new WeakMap<CSSRule, string>();
const SCHEME_FEATURE = /\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g;

/**
 * The colour mode an email is shown in: the chosen one, except that Dark at the Gmail app's width is
 * what the Gmail app does (it ignores the email's own dark styles and inverts colours: partial, Android).
 */
export const shownMode = (look: Look = currentLook()): ColourMode =>
  look.scheme === 'dark' && look.width === 'gmail' ? 'partial' : look.scheme;

/** How one pane shows its email: the toolbar's choice, or a variant of it side by side. */
export interface Look {
  scheme: ColourMode;
  width: Width;
  /** false: images blocked, as clients that do not load them show the email (alt text in their place). */
  images?: boolean;
  /** false: every `<style>` block dropped, as clients that strip them show the email (inline styles only). */
  styles?: boolean;
}
export const currentLook = (): Look => ({ scheme: state.scheme, width: state.width });

interface Variant {
  label: string;
  name: string;
  look: (l: Look) => Look;
  /** Whether the variant shows something else than `l` (no identical pair is offered). */
  differs: (l: Look) => boolean;
  /** Which clients show the email so, and where that is documented. */
  clients?: string;
}

/** Side-by-side choices besides another locale: the same email in another colour mode, width or client behaviour. */
export const VARIANTS: Record<string, Variant> = {
  ...Object.fromEntries(
    (Object.keys(COLOUR_MODES) as ColourMode[]).map((mode) => [
      `@${mode}`,
      {
        label: `the same in ${COLOUR_MODES[mode].label}`,
        name: COLOUR_MODES[mode].label,
        look: (l: Look) => ({ ...l, scheme: mode }),
        differs: (l: Look) => shownMode(l) !== shownMode({ ...l, scheme: mode }),
      },
    ]),
  ),
  '@mobile': {
    label: 'the same at Mobile 375',
    name: 'Mobile 375',
    look: (l) => ({ ...l, width: 'mobile' }),
    differs: (l) => l.width === 'desktop',
  },
  '@images-off': {
    label: 'the same with images off',
    name: 'Images off',
    look: (l) => ({ ...l, images: false }),
    differs: (l) => l.images !== false,
    clients:
      'Images off: Outlook for Windows downloads no pictures from senders outside the safe list until the reader allows it (Microsoft Support, “Block or unblock automatic picture downloads in email messages”), and readers who turn images off anywhere: the alt text stands in.',
  },
  '@no-style': {
    label: 'the same without <style>',
    name: 'No <style>',
    look: (l) => ({ ...l, styles: false }),
    differs: (l) => l.styles !== false,
    clients:
      'No <style>: Gmail for non-Google accounts (IMAP/POP in the Gmail apps) and Gmail’s mobile webmail drop style blocks (caniemail `html-style`): only inline styles apply — no dark-mode or narrow-screen rules.',
  },
};

/** The variants that show something else than the toolbar's look. */
export const variantsFor = (l: Look) => Object.entries(VARIANTS).filter(([, v]) => v.differs(l));

/** Images off: each image shows its alt text in its box, as a client that blocks it does; backgrounds go. */
function blockImages(doc: Document) {
  for (const img of Array.from(doc.images)) {
    img.removeAttribute('srcset');
    img.src = 'about:blank#blocked';
  }
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>('[background], [style*="background"]'))) {
    el.removeAttribute('background');
    el.style.backgroundImage = 'none';
  }
}

/**
 * Light / dark: the email's own `@media (prefers-color-scheme)` rules, as a
 * client in that mode applies them. A page cannot choose an iframe's colour
 * preference, so the rules' conditions are switched in the CSS object model
 * (as DevTools' media emulation does); the HTML stays byte for byte the same.
 */
function emulateScheme(doc: Document, scheme: 'light' | 'dark') {
  const visit = (rules: CSSRuleList) => {
    for (const rule of Array.from(rules)) {
      const media = (rule as CSSMediaRule).media as MediaList | undefined;
      if (media) {
        const original = originalMedia.get(rule) ?? media.mediaText;
        originalMedia.set(rule, original);
        if (original.includes('prefers-color-scheme')) {
          // A matching feature becomes always true, the other one an unknown feature, which never matches.
          media.mediaText = original.replace(SCHEME_FEATURE, (_, value: string) =>
            value === scheme ? '(min-width: 0px)' : '(authmail-emulated-scheme: none)',
          );
        }
      }
      const nested = (rule as CSSGroupingRule).cssRules;
      if (nested) visit(nested);
    }
  };
  for (const sheet of Array.from(doc.styleSheets)) {
    try {
      visit(sheet.cssRules);
    } catch {
      // A cross-origin sheet cannot be read; emails inline their CSS.
    }
  }
}

let serviceWorkerReady: Promise<void> = Promise.resolve();

/** Registers the worker: the frames wait for it, the rest of the page does not. */
export function startServiceWorker(onError: (error: unknown) => void) {
  serviceWorkerReady = serviceWorker().catch(onError);
}

const shownAs = new WeakMap<
  HTMLIFrameElement,
  { look: Look; onLoad?: ((frame: HTMLIFrameElement) => void) | undefined }
>();
const linksShown = new WeakSet<Document>();

/** The look applied to a loaded email's document: styles or images dropped, colour mode; links shown, not followed. */
function prepare(doc: Document, look: Look) {
  const mode = shownMode(look);
  if (look.styles === false) for (const sheet of Array.from(doc.querySelectorAll('style'))) sheet.remove();
  if (look.images === false) blockImages(doc);
  emulateScheme(doc, COLOUR_MODES[mode].ownDarkCss ? 'dark' : 'light');
  if (mode === 'partial') invertPartially(doc);
  if (mode === 'full') invertFully(doc);
  if (linksShown.has(doc)) return;
  linksShown.add(doc);
  doc.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[href]');
    if (!link) return;
    event.preventDefault();
    status(`Link: ${(link as HTMLAnchorElement).href} — not opened (the preview makes no request outside it).`);
  });
}

/**
 * A loaded email frame shows `html` instead, in place: the new markup replaces the document's root (the
 * document, its CSP and its service worker stay; nothing navigates), and the frame's look is applied again.
 * A save repaints so without a request or a new frame. False when the frame has not loaded an email yet.
 */
export function replaceEmail(frame: HTMLIFrameElement, html: string): boolean {
  const doc = frame.contentDocument;
  const shown = shownAs.get(frame);
  if (!doc?.documentElement || !shown) return false;
  const next = new DOMParser().parseFromString(html, 'text/html').documentElement;
  doc.replaceChild(doc.importNode(next, true), doc.documentElement);
  prepare(doc, shown.look);
  shown.onLoad?.(frame);
  return true;
}

/**
 * An email iframe: no scripts (mail clients run none); links are shown, not
 * followed (the preview stays offline). It loads once the service worker
 * that keeps it offline is in control.
 */
export function emailFrame(
  src: string,
  title: string,
  onLoad?: (frame: HTMLIFrameElement) => void,
  look: Look = currentLook(),
) {
  const frame = h('iframe', {
    title,
    // Scripts in the email are blocked by the server's CSP (`script-src 'none'`); allow-scripts only lets this page's
    // listeners run in the frame. No popups, forms or top navigation.
    sandbox: 'allow-same-origin allow-scripts',
    loading: 'eager',
    style: { colorScheme: look.scheme === 'dark' ? 'dark' : 'light' },
  });
  frame.addEventListener('load', () => {
    const doc = frame.contentDocument;
    // The empty document an iframe holds before its src is set loads too.
    if (!doc || !frame.getAttribute('src') || doc.URL === 'about:blank') return;
    shownAs.set(frame, { look, onLoad });
    prepare(doc, look);
    onLoad?.(frame);
  });
  // A page the worker controls already (every visit after the first): its frames are in its scope, so
  // the frame loads at once, not a task later, when the worker's readiness reaches the page.
  if (navigator.serviceWorker?.controller) frame.src = src;
  else
    void serviceWorkerReady.then(() => {
      frame.src = src;
    });
  return frame;
}

/**
 * The email's width: the preset, then as the designer drags the viewport's corner (the frame follows,
 * so the email's own width rules apply); or, with Fit, scaled down to its column instead.
 */
export function sizeViewport(viewport: HTMLElement, frame: HTMLIFrameElement, px: number, dir: 'ltr' | 'rtl' = 'ltr') {
  const readout = h('span.width-readout', {}, `${px} px`);
  if (state.fit) {
    frame.style.width = `${px}px`;
    // Anchored at the email's start edge: a right-to-left email keeps its right edge where it was.
    frame.style.transformOrigin = dir === 'rtl' ? '100% 0' : '0 0';
    const fit = () => {
      // The pane fills its column when fitted (.panes.fit in style.css): its width is the room.
      const room = (viewport.closest('.pane')?.clientWidth ?? px) - 26;
      const scale = Math.min(1, room / px);
      frame.style.transform = scale < 1 ? `scale(${scale})` : '';
      viewport.style.height = scale < 1 ? `${Math.ceil(frame.offsetHeight * scale) + 24}px` : '';
      readout.textContent = scale < 1 ? `${px} px at ${Math.round(scale * 100)} %` : `${px} px`;
    };
    new ResizeObserver(fit).observe(frame);
    if (viewport.parentElement) new ResizeObserver(fit).observe(viewport.parentElement);
    requestAnimationFrame(fit);
  } else {
    viewport.classList.add('resizable');
    viewport.style.width = `${px + 26}px`;
    frame.style.width = '100%';
    new ResizeObserver(() => {
      readout.textContent = `${Math.round(frame.getBoundingClientRect().width)} px`;
      fitHeight(frame);
    }).observe(viewport);
  }
  viewport.prepend(readout);
}

export const fitHeight = (frame: HTMLIFrameElement) => {
  const doc = frame.contentDocument;
  if (doc?.documentElement) frame.style.height = `${Math.max(200, doc.documentElement.scrollHeight)}px`;
};
