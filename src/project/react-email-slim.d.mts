/** Whether a source file needs React Email's whole index (a heavy export, or a re-export of the index). */
export function needsFullIndex(code: string): boolean;
/** The slim module's source and the component names it exports. */
export function slimReactEmail(): { source: string; names: string[] };
