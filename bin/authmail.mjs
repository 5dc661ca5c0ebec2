#!/usr/bin/env node
// The `authmail` command. Templates and config are TypeScript, so it runs through tsx,
// with the project's tsconfig (JSX settings) whatever the working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
