/**
 * The HTML report of a visual run: every failure with its expected,
 * actual and diff images side by side (each scaled to a third of the page,
 * so the diff is never off-screen), and the contact sheets shown in it.
 */
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { VisualResult } from './run.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export async function writeReport(result: VisualResult, path: string, outDir: string): Promise<void> {
  const rel = (p: string) => esc(relative(outDir, p));
  const failures = result.failures
    .map((f) => {
      const img = (label: string, p: string | undefined) =>
        p
          ? `<figure><figcaption>${label}</figcaption><a href="${rel(p)}"><img src="${rel(p)}" alt="${label}"></a></figure>`
          : `<figure><figcaption>${label}</figcaption><p class="none">none</p></figure>`;
      return `<section id="${esc(f.id)}">
  <h2>${esc(f.id)}</h2>
  <p class="reason">${esc(f.reason)}</p>
  <div class="images">${img('expected (baseline)', f.expected)}${img('actual', f.actual)}${img('diff (changed pixels in red)', f.diff)}</div>
</section>`;
    })
    .join('\n');
  const sheets = result.contactSheets
    .map((p) => {
      const name = esc(relative(outDir, p).replace(/^contact-sheets\//, ''));
      return `<figure class="sheet"><figcaption><a href="${rel(p)}">${name}</a></figcaption><a href="${rel(p)}"><img src="${rel(p)}" alt="contact sheet ${name}" loading="lazy"></a></figure>`;
    })
    .join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>authmail visual report</title><style>
body{font:14px/1.5 system-ui,sans-serif;margin:24px;color:#1f2328}
h1{font-size:20px} h2{font-size:16px;margin:24px 0 4px}
.ok{color:#1a7f37} .fail{color:#cf222e}
.images{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:16px;align-items:start}
figure{margin:0;min-width:0} figcaption{font-weight:600;margin-bottom:4px}
img{border:1px solid #d0d7de;max-width:100%;height:auto;display:block}
.sheets{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:16px}
.reason{margin:0;color:#57606a} .none{color:#57606a;font-style:italic}
</style></head><body>
<h1>authmail visual regression</h1>
<p class="${result.failures.length ? 'fail' : 'ok'}">${result.passed} passed, ${result.failures.length} failed of ${result.shots} screenshots (${result.templates.length} templates × ${result.locales.length} locales × 4 variants) in ${result.seconds.toFixed(1)} s.
Tolerance: pixelmatch threshold ${result.tolerance.threshold}, anti-aliasing ${result.tolerance.includeAA ? 'counted' : 'ignored'}, at most ${result.tolerance.maxDiffPixels} differing pixels.</p>
${failures}
<h2>Contact sheets</h2>
${sheets ? `<div class="sheets">${sheets}</div>` : '<p class="none">none</p>'}
</body></html>
`;
  await writeFile(path, html);
}
