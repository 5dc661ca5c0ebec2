// Prints the README's template catalog table: npx tsx scripts/catalog-table.ts
import { catalogTable } from '../src/catalog/docs.ts';

console.log(catalogTable());
