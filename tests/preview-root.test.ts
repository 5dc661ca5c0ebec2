/**
 * `authmail dev --root <dir>` previews that project: its config (brand) and
 * its locales, not the folder the command runs from.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meta } from '../src/preview/protocol.ts';
import { localesDir, translations } from '../src/render/translations.ts';
import { copyProject, type ProjectCopy, type RunningPreview, startPreview } from './fixtures/preview.ts';

let toolkit: ProjectCopy;
let other: string;
let preview: RunningPreview;
let two: string[];

beforeAll(async () => {
  toolkit = copyProject();
  other = await mkdtemp(join(tmpdir(), 'authmail-preview-root-'));
  const have = translations().locales;
  two = [have[0] as string, have.find((l) => l !== have[0]) as string];
  for (const tag of two)
    await cp(join(localesDir(process.cwd()), tag), join(other, 'locales', tag), { recursive: true });
  await mkdir(join(other, 'emails'), { recursive: true });
  const brand = {
    senderName: 'Elsewhere',
    fromAddress: 'hi@elsewhere.test',
    productName: 'Elsewhere',
    companyInformation: 'Elsewhere Ltd',
    logoUrl: 'https://elsewhere.test/logo.png',
  };
  await writeFile(join(other, 'authmail.config.json'), JSON.stringify({ brand }));
  preview = await startPreview(toolkit.dir, 60_000, ['--root', other]);
}, 90_000);

afterAll(async () => {
  await preview?.stop();
  toolkit?.remove();
  await rm(other, { recursive: true, force: true });
});

describe('authmail dev --root', () => {
  it('shows the brand and the locales of the project at the root', async () => {
    const meta = (await fetch(new URL('/api/meta', preview.url)).then((r) => r.json())) as Meta;
    expect(meta.brands[0]).toMatchObject({ senderName: 'Elsewhere', fromAddress: 'hi@elsewhere.test' });
    expect(meta.locales.map((l) => l.tag)).toEqual(two);
  });
});
