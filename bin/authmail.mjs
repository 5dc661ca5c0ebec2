#!/usr/bin/env node
// The `authmail` command. Templates and config are TypeScript, so it runs through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
