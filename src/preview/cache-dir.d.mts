/** Where a preview start keeps what the next one reuses. */
export const PREVIEW_CACHE: string;
