/**
 * A logo that vanishes in forced dark. Outlook.com and Gmail for Android
 * darken a light card themselves (white becomes about #121212) but leave
 * images as they are; Gmail for iOS inverts everything but images. A
 * transparent logo whose edges are dark (a black wordmark) then sits dark on
 * dark. Measured on the logo file itself: the share of its outline (opaque
 * pixels beside transparent ones) under 2:1 against #121212. A light keyline
 * or badge around the ink passes; an opaque logo (JPEG, or a PNG with its own
 * background) carries its background with it and passes.
 */
import { readFileSync } from 'node:fs';
import { Transformer } from '@napi-rs/image';
import { type AssetsSection, localAsset } from '../../core/assets.ts';
import type { CheckEmail, Finding, RuleBase } from '../types.ts';

export const logoForcedDark: RuleBase & { kind: 'project' } = {
  id: 'logo-forced-dark',
  family: 'accessibility',
  kind: 'project',
  severity: 'warning',
  description:
    'A transparent logo keeps its edges visible on the dark card of forced dark (Outlook.com, Gmail apps): at most half its outline under 2:1 against #121212',
};

/** Chromium's dark-mode inverse of a white card. */
const FORCED_DARK_CARD = [0x12, 0x12, 0x12] as const;
const lin = (c: number) => {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = (r: number, g: number, b: number) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
const CARD = luminance(...FORCED_DARK_CARD);

/** The share of a transparent image's outline that is under 2:1 against the forced-dark card; undefined when opaque. */
export function darkOutlineShare(file: Buffer): number | undefined {
  const { width, height } = new Transformer(file).metadataSync();
  const raw = new Transformer(file).rawPixelsSync();
  if (raw.length !== width * height * 4) return undefined; // no alpha channel: opaque
  const data = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
  const opaque = (x: number, y: number) =>
    x >= 0 && y >= 0 && x < width && y < height && (data[(y * width + x) * 4 + 3] as number) >= 128;
  let outline = 0;
  let dark = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (!opaque(x, y) || (opaque(x - 1, y) && opaque(x + 1, y) && opaque(x, y - 1) && opaque(x, y + 1))) continue;
      outline++;
      const i = (y * width + x) * 4;
      const l = luminance(data[i] as number, data[i + 1] as number, data[i + 2] as number);
      if ((Math.max(l, CARD) + 0.05) / (Math.min(l, CARD) + 0.05) < 2) dark++;
    }
  // An image without transparency at its border is opaque: its own background goes with it.
  return outline === 0 || !hasTransparency(width, height, data) ? undefined : dark / outline;
}

const hasTransparency = (width: number, height: number, data: Uint8Array) => {
  for (let i = 3; i < width * height * 4; i += 4) if ((data[i] as number) < 128) return true;
  return false;
};

const IMG = /<img\b[^>]*>/gi;
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1];

/**
 * The findings for each email's images shown in light mode (an image hidden by `display:none`, the dark
 * variant, is not what forced dark shows) that are files of the project's assets, PNG or WebP.
 */
export function logoFindings(emails: readonly CheckEmail[], assets: AssetsSection | undefined, cwd: string): Finding[] {
  const shares = new Map<string, number | undefined>();
  const findings: Finding[] = [];
  for (const email of emails) {
    for (const [tag] of email.html.matchAll(IMG)) {
      const src = attr(tag, 'src')?.replace(/&amp;/g, '&');
      if (!src || /display\s*:\s*none/i.test(attr(tag, 'style') ?? '')) continue;
      const file = localAsset(src, assets, cwd);
      if (!file || !/^image\/(png|webp)$/.test(file.type)) continue;
      if (!shares.has(file.path)) shares.set(file.path, darkOutlineShare(readFileSync(file.path)));
      const share = shares.get(file.path);
      if (share === undefined || share <= 0.5) continue;
      findings.push({
        template: email.template,
        locale: email.locale,
        rule: logoForcedDark.id,
        severity: logoForcedDark.severity,
        message: `${src}: ${Math.round(share * 100)} % of the logo's outline is under 2:1 against the #121212 card that Outlook.com and the Gmail apps draw in forced dark, and they leave images as they are: give the ink a light keyline, or the logo a light badge of its own`,
        location: { part: 'html', element: '<img>', snippet: tag.slice(0, 100) },
      });
    }
  }
  return findings;
}
