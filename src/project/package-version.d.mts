/** An installed dependency's version, or '' when it cannot be found. */
export function versionOf(name: string): string;
