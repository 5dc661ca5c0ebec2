// Prints the README's template catalog table: npx tsx scripts/catalog-table.ts
import { catalogTable } from '../src/catalog/docs.ts';
import { projectCatalog } from '../src/project/catalog.ts';

console.log(catalogTable(await projectCatalog()));
