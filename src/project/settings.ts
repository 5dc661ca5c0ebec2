/**
 * What the project-wide steps (checks, visual tests, the email page) read of
 * the config: brand, locales, assets. A structural part of `Config`, whose
 * schema (src/config/) composes every section and so sits above them all.
 */
import type { Brand } from '../brand/brand.ts';
import type { AssetsSection } from '../core/assets.ts';
import type { LocalesSection } from '../locale/config.ts';

export interface ProjectSettings {
  brand: Brand;
  locales: LocalesSection;
  assets?: AssetsSection | undefined;
}
