// @ts-check
/**
 * Builds the preview's browser app (`preview/`) with Vite into a folder:
 * `node build-app.mjs <app> <out>`. Its own process, because Vite's build sets
 * `NODE_ENV=production` in the process that runs it, and React's server
 * renderer imported afterwards would then load its production build beside
 * the development JSX runtime the templates were compiled with
 * (`dispatcher.getOwner is not a function` on every email).
 */
import { build } from 'vite';

const [app, out] = process.argv.slice(2);
if (!app || !out) {
  process.stderr.write('usage: node build-app.mjs <app dir> <out dir>\n');
  process.exit(2);
}
await build({
  root: app,
  configFile: false,
  logLevel: 'warn',
  build: { outDir: out, emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
});
