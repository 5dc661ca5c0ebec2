// @ts-check
/** Where a preview start keeps what the next one reuses: the bundles, the pre-bundled dependencies, the app. */
import { fileURLToPath } from 'node:url';

export const PREVIEW_CACHE = fileURLToPath(new URL('../../node_modules/.cache/authmail-preview', import.meta.url));
