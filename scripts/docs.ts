// Rewrites the generated parts of README.md and docs/*.md from the code: npm run docs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOC_FILES, fillBlocks, generatedBlocks } from './docs-blocks.ts';

const root = process.cwd();
const blocks = await generatedBlocks(root);
for (const file of DOC_FILES(root)) {
  const text = readFileSync(join(root, file), 'utf8');
  const filled = fillBlocks(text, blocks, file);
  if (filled !== text) {
    writeFileSync(join(root, file), filled);
    console.log(`updated ${file}`);
  }
}
