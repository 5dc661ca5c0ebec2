/**
 * A long `authmail dev` session: the same template saved again and again (each save waited for in the
 * browser, as bench/preview.ts does), the server's RSS read every 50 saves. A leak per save shows as a
 * line that keeps rising once the first saves' warm-up is over.
 *
 *   npx tsx bench/preview-session.ts [--saves 300]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { launchChromium } from '../src/browser/chromium.ts';
import { table } from '../src/build/report.ts';
import { copyProject, startPreview } from '../tests/fixtures/preview.ts';

const { values } = parseArgs({ options: { saves: { type: 'string', default: '300' } } });
const SAVES = Number(values.saves);
const mb = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`))
      ?.match(/(\d+)/)?.[1] ?? 0,
  ) / 1024;

const project = copyProject('default');
const browser = await launchChromium();
const server = await startPreview(project.dir);
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}?template=sign-in`);
  await page.waitForSelector('.pane[data-rendered]', { timeout: 30_000 });
  // Once the start-up work is done (`live reload: ready` is its last line).
  while (!server.output().includes('live reload: ready')) await new Promise((r) => setTimeout(r, 50));
  const pid = server.child.pid as number;
  const file = `${project.dir}/emails/sign-in.tsx`;
  const original = readFileSync(file, 'utf8');
  if (!original.includes('<CodeEmail s={s} />')) throw new Error('emails/sign-in.tsx changed; update the bench');
  const rows: string[][] = [['saves', 'server RSS', 'peak so far']];
  const started = performance.now();
  for (let i = 0; i <= SAVES; i++) {
    if (i % 50 === 0) rows.push([String(i), `${mb(pid, 'VmRSS').toFixed(1)} MB`, `${mb(pid, 'VmHWM').toFixed(1)} MB`]);
    if (i === SAVES) break;
    const marker = `Saved-${i}`;
    writeFileSync(file, original.replace('<CodeEmail s={s} />', `<CodeEmail s={s} intro="${marker}" />`));
    await page.waitForFunction(
      (m) => {
        const frame = document.querySelector('.pane[data-rendered] iframe') as HTMLIFrameElement | null;
        return frame?.contentDocument?.body?.innerText.includes(m) ?? false;
      },
      marker,
      { timeout: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log(
    `authmail dev — ${SAVES} saves of emails/sign-in.tsx in ${((performance.now() - started) / 1000).toFixed(0)} s, Node ${process.version}\n`,
  );
  console.log(table(rows));
} finally {
  await server.stop();
  await browser.close();
  project.remove();
}
