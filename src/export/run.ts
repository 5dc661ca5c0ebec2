/**
 * `authmail export <target>`: every selected template × locale in the
 * target's dialect, then either a dry run — the exact API requests each
 * template's upsert makes, written under `<dir>/<target>/` with the auth
 * headers redacted — or the push itself, one template after another, with a
 * summary of what was created, updated, left unchanged, or failed.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SendError, UnknownLocaleError, UnknownTemplateError, UsageError } from '../core/errors.ts';
import type { Redactor } from '../core/redact.ts';
import type { Log } from '../mail/transport.ts';
import { type LogtoConnector, logtoConnectorTemplates, logtoManagementBody } from '../providers/logto/push.ts';
import {
  type Call,
  contentHash,
  PUSH_DELIVERY,
  type Pusher,
  type PushTemplate,
  retryingCall,
} from '../providers/push.ts';
import type { Bundle } from '../runtime/bundle.ts';
import { type ExportOptions, type ExportTarget, exportTemplate, unexportable } from './templates.ts';

export { type Unexportable, unexportable } from './templates.ts';

export interface ExportSelection extends ExportOptions {
  templates?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
}

/** The selected templates × locales exported for `target`, with content hashes. */
export function exportAll(bundle: Bundle, target: ExportTarget, selection: ExportSelection = {}): PushTemplate[] {
  const all = Object.keys(bundle.manifest.templates);
  const skipped = new Map(unexportable(bundle, target).map((u) => [u.template, u.reason]));
  for (const id of selection.templates ?? []) {
    if (!all.includes(id)) throw new UnknownTemplateError(id, all);
    const reason = skipped.get(id);
    if (reason) throw new UsageError(reason);
  }
  const out: PushTemplate[] = [];
  const ids = selection.templates?.length ? selection.templates : all.filter((id) => !skipped.has(id));
  for (const id of ids) {
    const locales = Object.keys(bundle.manifest.templates[id]?.emails ?? {});
    for (const locale of selection.locales ?? []) {
      if (!locales.includes(locale)) throw new UnknownLocaleError(locale, `not one of ${locales.join(', ')}`);
    }
    for (const locale of selection.locales?.length ? selection.locales : locales) {
      const t = exportTemplate(bundle, id, locale, target, selection);
      out.push({ ...t, hash: contentHash(t) });
    }
  }
  return out;
}

export interface DryRunOptions {
  /** Logto: the connector whose `templates` config shape is written (default smtp). */
  connector?: LogtoConnector | undefined;
  redact?: Redactor | undefined;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
const uniqueNotes = (templates: readonly PushTemplate[]) => [...new Set(templates.flatMap((t) => t.notes))];

/** Writes the dry run of `target` to `<dir>/<target>/` (replacing an earlier one) and returns the files written. */
export async function writeDryRun(
  dir: string,
  target: ExportTarget,
  templates: readonly PushTemplate[],
  pusher: Pusher | undefined,
  options: DryRunOptions = {},
): Promise<string[]> {
  const root = join(dir, target);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, content: string) => {
    const file = join(root, name);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, options.redact ? options.redact.string(content) : content);
    files.push(file);
  };
  const index = templates.map((t) => ({ name: t.name, template: t.template, locale: t.locale, hash: t.hash }));
  if (target === 'files' || !pusher) {
    for (const t of templates) {
      await write(`${t.name}.subject.txt`, t.subject);
      await write(`${t.name}.html`, t.html);
      if (t.text !== undefined) await write(`${t.name}.txt`, t.text);
    }
    await write('index.json', json({ target, templates: index, notes: uniqueNotes(templates) }));
    return files;
  }
  for (const t of templates) {
    // The data contract beside the requests: what a backend sends with this template's id.
    if (t.data) {
      await write(`data/${t.name}.schema.json`, json(t.data.schema));
      await write(`data/${t.name}.example.json`, json(t.data.example));
    }
    await write(
      `${t.name}.json`,
      json({
        target,
        baseUrl: pusher.baseUrl,
        name: t.name,
        template: t.template,
        locale: t.locale,
        logtoType: t.logtoType,
        hash: `sha256:${t.hash}`,
        notes: t.notes,
        requests: pusher.plan(t),
      }),
    );
  }
  const first = templates[0];
  if (target === 'logto' && first) {
    const all = pusher.plan(first).create[0];
    await write(
      'email-templates.json',
      json({ ...all, body: logtoManagementBody(templates), note: 'all templates in one request' }),
    );
    const byLocale = new Map<string, PushTemplate[]>();
    for (const t of templates) byLocale.set(t.locale, [...(byLocale.get(t.locale) ?? []), t]);
    for (const [locale, list] of byLocale) {
      await write(`connector/${locale}.json`, json({ templates: logtoConnectorTemplates(list, options.connector) }));
    }
  }
  await write(
    'index.json',
    json({
      target,
      baseUrl: pusher.baseUrl,
      dryRun: true,
      push: `authmail export ${target} --push`,
      upsert:
        'each template: lookup; when it does not exist, the "create" requests; when its content hash differs, the "update" requests; otherwise nothing',
      templates: index,
      notes: uniqueNotes(templates),
    }),
  );
  return files;
}

export interface PushFailure {
  name: string;
  error: { code: string; message: string; status?: number | undefined; retryable?: boolean | undefined };
}

export interface PushSummary {
  target: string;
  created: string[];
  updated: string[];
  unchanged: string[];
  failed: PushFailure[];
  /** Templates not tried after an authentication failure. */
  notAttempted: string[];
}

export interface PushOptions {
  log?: Log | undefined;
  call?: Call | undefined;
  /** Called after each template. */
  onResult?: (name: string, outcome: string, detail?: string) => void;
}

/** Upserts every template, one after another; a failure is recorded and the next template goes on (an auth failure stops). */
export async function pushAll(
  pusher: Pusher,
  templates: readonly PushTemplate[],
  options: PushOptions = {},
): Promise<PushSummary> {
  const call = options.call ?? retryingCall(pusher.target, PUSH_DELIVERY, options.log);
  const summary: PushSummary = {
    target: pusher.target,
    created: [],
    updated: [],
    unchanged: [],
    failed: [],
    notAttempted: [],
  };
  for (const [i, t] of templates.entries()) {
    try {
      const r = await pusher.push(t, call);
      summary[r.outcome].push(t.name);
      options.onResult?.(t.name, r.outcome, r.detail);
    } catch (error) {
      const e = error instanceof SendError ? error : undefined;
      const failure: PushFailure = {
        name: t.name,
        error: e
          ? { code: e.code, message: e.message, status: e.status, retryable: e.retryable }
          : { code: 'PUSH_FAILED', message: error instanceof Error ? error.message : String(error) },
      };
      summary.failed.push(failure);
      options.onResult?.(t.name, 'failed', failure.error.message);
      if (e?.code === 'AUTH_FAILED') {
        summary.notAttempted.push(...templates.slice(i + 1).map((x) => x.name));
        break;
      }
    }
  }
  return summary;
}
