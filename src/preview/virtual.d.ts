/** Generated at each build: the project's template files, each with its loader (project/catalog.ts `templatesModule`). */
declare module 'authmail:templates' {
  const modules: readonly { file: string; load: () => Promise<unknown> }[];
  export default modules;
}
