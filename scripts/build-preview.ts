/** `npm run build:preview`: the preview app prebuilt into lib/preview-app/ (shipped in the package). */
import { join, resolve } from 'node:path';
import { buildApp } from '../src/preview/app.ts';

const root = resolve(import.meta.dirname, '..');
await buildApp(join(root, 'preview'), join(root, 'lib/preview-app'));
process.stdout.write('built lib/preview-app/\n');
