/**
 * Where a team's config goes wrong before any email is rendered: logos the
 * preview and the visual tests cannot show offline, and a primary colour too
 * light or too dark to read (links on the card, the button's text). Warnings,
 * not errors: the config still works; `authmail check` would report the
 * consequences email by email.
 */
import type { Brand } from '../brand/brand.ts';
import { contrast, readableOn } from '../brand/color.ts';
import type { Config } from './schema.ts';

/** The card the links sit on (light theme). */
const CARD = '#ffffff';
/** WCAG 2 AA for body text. */
const AA = 4.5;

const ratio = (n: number) => `${n.toFixed(2)}:1`;

function brandWarnings(brand: Partial<Brand>, where: string, config: Config): string[] {
  const out: string[] = [];
  const base = config.assets?.baseUrl;
  for (const key of ['logoUrl', 'darkLogoUrl'] as const) {
    const url = brand[key];
    if (url && (!base || !url.startsWith(base))) {
      out.push(
        `${where}.${key} ${url} is not under assets.baseUrl${base ? ` (${base})` : ' (not set)'}: the preview and the visual tests work offline and cannot show it`,
      );
    }
  }
  const color = brand.primaryColor;
  if (color) {
    const links = contrast(color, CARD);
    if (links < AA) {
      out.push(
        `${where}.primaryColor ${color}: links in it on the white card have a contrast of ${ratio(links)}, under ${AA}:1 (WCAG AA); choose a darker colour`,
      );
    }
    const button = contrast(color, readableOn(color));
    if (button < AA) {
      out.push(
        `${where}.primaryColor ${color}: the button's text on it has a contrast of ${ratio(button)}, under ${AA}:1 (WCAG AA)`,
      );
    }
  }
  return out;
}

/** What a warning is about: the brand (build, check, preview, visual tests) or sending (send, serve, export). */
export type WarningTopic = 'brand' | 'send';

/** Every warning for a parsed config on these topics: the brand and each preset; what is accepted but not used. */
export function configWarnings(config: Config, topics: readonly WarningTopic[] = ['brand', 'send']): string[] {
  const out: string[] = [];
  const ignored = config.send.transports.smtp?.ignoredLogtoTemplates;
  if (topics.includes('send') && ignored) {
    out.push(
      `send.transports.smtp.templates (${ignored} Logto connector templates) are accepted as Logto checks them and not used: authmail renders its own templates from emails/`,
    );
  }
  if (topics.includes('brand')) {
    out.push(
      ...brandWarnings(config.brand, 'brand', config),
      ...Object.entries(config.brandPresets).flatMap(([name, preset]) =>
        brandWarnings(preset, `brandPresets.${name}`, config),
      ),
    );
  }
  return out;
}
