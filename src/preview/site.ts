/**
 * `authmail preview build`: a static review site of every template × locale — the emails as sent
 * (sample values), light and with their own dark styles, their inbox line, text part and checks,
 * and the last visual report when there is one — that opens from any static host or from `file://`
 * with no server and no request outside its folder (assets under `assets.baseUrl` are copied in and
 * linked relatively). The page is one HTML file with its script inlined (`preview/site/site.ts`).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckEmail } from '../check/types.ts';
import type { Config } from '../config/index.ts';
import { localAsset } from '../core/assets.ts';
import { UsageError } from '../core/errors.ts';
import { localeName } from '../locale/name.ts';
import { inboxLine } from './inbox-line.ts';
import { dataScript } from './page-data.ts';
import type { SiteData, SiteEmail, SiteFinding } from './site-data.ts';

const SITE_DIR = fileURLToPath(new URL('../../preview/site/', import.meta.url));
/** Left in a folder this command wrote, so that a later build may empty it (and no other folder). */
const MARKER = '.authmail-preview-site';

export interface SiteOptions {
  root: string;
  config: Config;
  /** The folder to write (emptied first when an earlier build wrote it). */
  out: string;
  /** Run the Chromium checks (accessibility, line breaks) for the Checks view. Default true. */
  browser?: boolean | undefined;
  onProgress?: ((stage: string, done: number, total: number) => void) | undefined;
}

export interface SiteResult {
  out: string;
  emails: number;
  files: number;
  bytes: number;
}

/** The email's own `prefers-color-scheme` rules switched as a client in that mode applies them (the preview's emulation, in the source). */
export const withScheme = (html: string, scheme: 'light' | 'dark') =>
  html.replace(/\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)/g, (_, value: string) =>
    value === scheme ? '(min-width: 0px)' : '(authmail-emulated-scheme: none)',
  );

/** No script runs in an email (mail clients run none), and links keep no referrer. */
const lockDown = (html: string) =>
  html.replace(
    /<head([^>]*)>/i,
    `<head$1><meta http-equiv="Content-Security-Policy" content="script-src 'none'"><meta name="referrer" content="no-referrer">`,
  );

function prepareOut(root: string, out: string) {
  const inside = (dir: string, path: string) => path === dir || path.startsWith(dir + sep);
  if (inside(out, root)) throw new UsageError(`--out ${out} would hold the project itself: name a folder of its own`);
  if (existsSync(out) && readdirSync(out).length) {
    if (!existsSync(join(out, MARKER))) {
      throw new UsageError(
        `--out ${relative(root, out) || out} is not empty and was not written by authmail preview build: name a new folder`,
      );
    }
    rmSync(out, { recursive: true, force: true });
  }
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, MARKER), 'Written by `authmail preview build`; emptied by the next build.\n');
}

/** The page script, bundled for the browser and inlined (a module script would not load from file://). */
async function pageScript(): Promise<string> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [join(SITE_DIR, 'site.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return (result.outputFiles[0]?.text ?? '').replace(/<\/script/gi, '<\\/script');
}

export async function buildReviewSite(options: SiteOptions): Promise<SiteResult> {
  const { root, config } = options;
  const out = resolve(root, options.out);
  prepareOut(root, out);
  const { runChecks } = await import('../check/runner.ts');
  const { formatLocation } = await import('../check/report.ts');
  let sampled: readonly CheckEmail[] = [];
  const report = await runChecks({
    config,
    cwd: root,
    browser: options.browser !== false,
    onProgress: options.onProgress,
    onSampled: (emails) => {
      sampled = emails;
    },
  });

  // Assets under the config's base URL: copied beside the emails and linked relatively.
  const assets = config.assets;
  const copied = new Set<string>();
  const localise = (html: string, depth: number) => {
    if (!assets) return html;
    const prefix = assets.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return html.replace(new RegExp(`${prefix}[^"'\\s)<>]*`, 'g'), (url) => {
      const file = localAsset(url.replace(/&amp;/g, '&'), assets, root);
      if (!file) return url;
      const rel = relative(resolve(root, assets.dir), file.path).split(sep).join('/');
      if (!copied.has(rel)) {
        copied.add(rel);
        mkdirSync(dirname(join(out, 'assets', rel)), { recursive: true });
        cpSync(file.path, join(out, 'assets', rel));
      }
      return `${'../'.repeat(depth)}assets/${rel}`;
    });
  };

  // The findings by email, once (a report holds thousands, most of them accepted).
  const findingsOf = new Map<string, SiteFinding[]>();
  for (const f of report.findings) {
    const key = `${f.template}/${f.locale}`;
    const list = findingsOf.get(key) ?? [];
    list.push({
      severity: f.exception ? 'info' : f.severity,
      rule: f.feature ? `${f.rule}/${f.feature}` : f.rule,
      message: f.message,
      where: formatLocation(f.location),
      accepted: f.exception,
    });
    findingsOf.set(key, list);
  }
  const emails: Record<string, SiteEmail> = {};
  for (const email of sampled) {
    if (email.stress) continue;
    const base = `emails/${email.locale}/${email.template}`;
    const html = lockDown(localise(email.html, 2));
    mkdirSync(join(out, 'emails', email.locale), { recursive: true });
    writeFileSync(join(out, `${base}.html`), withScheme(html, 'light'));
    writeFileSync(join(out, `${base}.dark.html`), withScheme(html, 'dark'));
    emails[`${email.template}/${email.locale}`] = {
      subject: email.subject,
      preheader: inboxLine(email.html),
      text: email.text,
      dir: email.dir,
      light: `${base}.html`,
      dark: `${base}.dark.html`,
      findings: findingsOf.get(`${email.template}/${email.locale}`) ?? [],
    };
  }

  // The last visual run's report, with its images, when there is one.
  const visualOut = resolve(root, config.visual.out);
  const visual = existsSync(join(visualOut, 'report.html')) ? 'visual/report.html' : undefined;
  if (visual) cpSync(visualOut, join(out, 'visual'), { recursive: true, dereference: false, verbatimSymlinks: true });

  const locales = report.locales.map((tag) => ({
    tag,
    name: localeName(tag),
    dir: sampled.find((e) => e.locale === tag)?.dir ?? 'ltr',
  }));
  const data: SiteData = {
    title: `${config.brand.senderName} — emails for review`,
    builtAt: new Date().toISOString(),
    from: config.brand.senderName,
    templates: report.templates.filter((t) => Object.keys(emails).some((k) => k.startsWith(`${t}/`))),
    locales,
    emails,
    visual,
    checks: { browser: report.browser, errors: report.errors, warnings: report.warnings },
  };
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeText(data.title)}</title>
<style>${readFileSync(join(SITE_DIR, 'site.css'), 'utf8')}</style>
</head><body><div id="app"></div>
${dataScript('site-data', data)}
<script>${await pageScript()}</script>
</body></html>
`;
  writeFileSync(join(out, 'index.html'), page);
  const files = listFiles(out);
  return {
    out,
    emails: Object.keys(emails).length,
    files: files.length,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
  };
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
