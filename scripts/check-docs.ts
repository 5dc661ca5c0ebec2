// Prints the README's rule and exception tables for `authmail check`: npx tsx scripts/check-docs.ts
import { exceptionsTable, reactEmailExceptionsTable, rulesTable } from '../src/check/docs.ts';

console.log(`${rulesTable()}\n\n${exceptionsTable()}\n\n${reactEmailExceptionsTable()}`);
