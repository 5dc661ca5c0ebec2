/**
 * The preview's JSON API: what the server (`src/preview/server.ts`) sends and
 * the browser app (`preview/`) reads. Types only.
 */
import type { FlatField } from '../catalog/fields.ts';

export interface TemplateInfo {
  id: string;
  /** The Logto type it answers; absent for a template sent by id only. */
  logtoType?: string | undefined;
  when: string;
  /** The declaration, flattened (`flatten()`), as the manifest carries it. */
  variables: readonly FlatField[];
  sample: Record<string, unknown>;
  /** The sample with the stress values (src/variables/stress.ts): long compounds, punctuation, CJK, emoji. */
  stress: Record<string, unknown>;
}

export interface LocaleInfo {
  tag: string;
  /** Its name in English and in itself, e.g. "German — Deutsch". */
  name: string;
  dir: 'ltr' | 'rtl';
}

export interface BrandInfo {
  /** `''` for the config's `brand`, else the preset's name. */
  id: string;
  label: string;
  senderName: string;
  fromAddress: string;
}

/** The transport `authmail.config.ts` configures (`send.transport`), offered as an alternative to the local inbox. */
export interface TransportInfo {
  name: string;
  /** Where it delivers: a host, an endpoint's origin, a folder, or the provider. */
  target: string;
  /** True when nothing leaves the machine (the outbox). */
  local: boolean;
}

export interface Meta {
  templates: TemplateInfo[];
  /** Template files that are not previewed, and why (`emails/x.tsx`, line, message). */
  problems: {
    file: string;
    /** The template id the file would have: the page stays on a template that broke rather than leave it. */
    template: string;
    line?: number | undefined;
    column?: number | undefined;
    message: string;
  }[];
  locales: LocaleInfo[];
  brands: BrandInfo[];
  transport: TransportInfo;
  generation: number;
}

/** `GET /api/inbox`: where the local inbox listens, and what it holds (newest first). */
export interface InboxList {
  address: { host: string; port: number };
  messages: InboxSummary[];
}

export interface RenderRequest {
  template: string;
  locale: string;
  brand?: string | undefined;
  /** Absent: the template's sample values. */
  variables?: unknown;
}

/** One `authmail check` finding for the email on screen. */
export interface PreviewFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Where: the part, line:column and the element when it has one. */
  where?: string | undefined;
  /** A CSS selector of the element in the email, for "show in email". */
  selector?: string | undefined;
  /** The email clients concerned (client-support findings). */
  clients?: string[] | undefined;
  /** Accepted by a documented exception (its reason). */
  accepted?: string | undefined;
}

/** The render request, and whether to run the rules that need Chromium (accessibility, line breaks) too. */
export interface CheckRequest extends RenderRequest {
  browser?: boolean | undefined;
}

export type CheckResponse =
  | { ok: true; findings: PreviewFinding[]; rules: number; browser: boolean }
  | { ok: false; error: PreviewError };

export interface SendRequest extends RenderRequest {
  to: string;
  /** The built-in local inbox (default), or the transport the config names. */
  via?: 'inbox' | 'configured';
}

export type SendResponse =
  | { ok: true; messageId: string; transport: string; accepted: string[]; attempts: number }
  | { ok: false; error: PreviewError };

export interface PreviewError {
  /** An authmail error code (`MISSING_VARIABLE`, `INVALID_VARIABLE`, …), `BUILD_ERROR` or `RENDER_ERROR`. */
  code: string;
  message: string;
  variable?: string | undefined;
  problem?: string | undefined;
  /** For code errors: where (file:line) and the stack. */
  stack?: string | undefined;
}

export interface RenderedPreview {
  ok: true;
  /** Serves the HTML at `/__email/<id>`. */
  id: string;
  template: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  from: { name: string; address: string };
  subject: string;
  /** What an inbox list shows after the subject: the start of the body text. */
  preheader: string;
  html: string;
  text: string;
  /** The compiled bundle of this template × locale, with its `{{slots}}`. */
  bundle: { subject: string; html: string; text: string };
  bytes: { html: number; htmlGzip: number; text: number };
  generation: number;
  ms: number;
}

export type RenderResponse = RenderedPreview | { ok: false; error: PreviewError; generation: number };

/**
 * What the server writes into the page (`<script type="application/json" id="authmail-first-view">`) when
 * it has it at hand, the last session's first view (snapshot.ts): the meta, and the email the page's
 * address names with its sample values. The page asks for neither then.
 */
export interface FirstView {
  meta: Meta;
  render?: { request: Required<Pick<RenderRequest, 'template' | 'locale' | 'brand'>>; response: RenderedPreview };
}

export interface InboxSummary {
  id: string;
  receivedAt: string;
  from: string;
  to: string;
  subject: string;
  size: number;
}

export interface InboxMessage extends InboxSummary {
  envelope: { from: string; to: string[] };
  headers: [string, string][];
  text: string;
  html: string | null;
}

/** Server-sent events on `/api/events`. */
/** The file watcher's own failure: saves may go unseen until the server restarts. */
export interface WatcherEvent {
  message: string;
}

export interface ReloadEvent {
  generation: number;
  /** Project-relative paths that changed. */
  files: string[];
  /** Time to reload the code or translations, in ms. */
  ms: number;
  error: PreviewError | null;
  /** Why, when no file changed (the first view kept from the last session differed from the code's). */
  reason?: string | undefined;
}

/** One failing comparison of the last `authmail test:visual`, with its images under `/__visual/`. */
export interface VisualComparison {
  id: string;
  reason: string;
  diffPixels?: number | undefined;
  images: { expected?: string | undefined; actual: string; diff?: string | undefined };
  /** Set once approved here: its actual image is the baseline now. */
  approvedAt?: string | undefined;
}

/** `GET /api/visual`: the last visual run of the project (`run: null` before the first). */
export interface VisualReview {
  /** The run's output folder, relative to the project root. */
  out: string;
  run: {
    finishedAt: string;
    shots: number;
    passed: number;
    baselines: string;
    failures: VisualComparison[];
  } | null;
}

/** The shots to approve (the API also takes `{ id }` for one). */
export interface ApproveRequest {
  ids: string[];
}

/** All approved (`baselines` in the order of `ids`), or none, with the reason. */
export type ApproveResponse = { ok: true; ids: string[]; baselines: string[] } | { ok: false; error: PreviewError };
