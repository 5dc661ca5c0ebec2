// Prints the README's provider table: npx tsx scripts/providers-docs.ts
import { providersTable } from '../src/providers/docs.ts';

console.log(providersTable());
