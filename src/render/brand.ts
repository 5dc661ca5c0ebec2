import projectConfig from '../../authmail.config.ts';
import type { Brand } from '../config/brand.ts';
import { parseConfig } from '../config/index.ts';

let cached: Brand | undefined;

/** `brand` from authmail.config.ts, validated once. */
export const defaultBrand = (): Brand => {
  cached ??= parseConfig(projectConfig).brand;
  return cached;
};
