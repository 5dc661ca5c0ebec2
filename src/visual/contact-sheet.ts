/**
 * One PNG per locale with every template in all four variants, scaled
 * down, labelled, for reviewing a locale at a glance.
 */
import type { Camera } from './capture.ts';

export interface SheetCell {
  label: string;
  png: Buffer;
  width: number;
  height: number;
}

export interface SheetRow {
  label: string;
  cells: SheetCell[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export const SHEET_SCALE = 0.5;

/** Renders the sheet in Chromium (labels need text) and returns its PNG. */
export async function contactSheet(camera: Camera, title: string, rows: SheetRow[]): Promise<Buffer> {
  const columns = rows[0]?.cells.map((c) => c.label) ?? [];
  const colWidths = columns.map((_, i) =>
    Math.max(...rows.map((r) => Math.round((r.cells[i]?.width ?? 0) * SHEET_SCALE))),
  );
  const width = 180 + colWidths.reduce((a, b) => a + b + 16, 0) + 16;
  const html = `<!doctype html><html><head><style>
    body{margin:0;padding:16px;background:#d9dce1;font:13px 'DejaVu Sans',sans-serif;color:#1f2328}
    h1{font-size:18px;margin:0 0 12px}
    table{border-collapse:separate;border-spacing:16px 12px;margin:-12px -16px}
    th{text-align:left;font-weight:600;vertical-align:bottom}
    td{vertical-align:top}
    td.name{font-weight:600;width:164px;padding-top:4px}
    img{display:block;box-shadow:0 0 0 1px #b8bdc6}
  </style></head><body><h1>${esc(title)}</h1><table>
    <tr><th></th>${columns.map((c, i) => `<th style="width:${colWidths[i]}px">${esc(c)}</th>`).join('')}</tr>
    ${rows
      .map(
        (r) =>
          `<tr><td class="name">${esc(r.label)}</td>${r.cells
            .map(
              (c) =>
                `<td><img width="${Math.round(c.width * SHEET_SCALE)}" height="${Math.round(c.height * SHEET_SCALE)}" src="data:image/png;base64,${c.png.toString('base64')}"></td>`,
            )
            .join('')}</tr>`,
      )
      .join('\n')}
  </table></body></html>`;
  const page = await camera.newPage(width, 800);
  try {
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    return await page.screenshot({ fullPage: true, type: 'png' });
  } finally {
    await page.context().close();
  }
}
