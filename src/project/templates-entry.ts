/**
 * The entry the template loader bundles: the project's template files, as
 * `authmail:templates` lists them at each build (see catalog.ts).
 */
export { default } from 'authmail:templates';
