// Prints the README's template catalog table: npx tsx scripts/catalog-table.ts

import { projectCatalog } from '../src/project/catalog.ts';
import { catalogTable } from '../src/project/docs.ts';

console.log(catalogTable(await projectCatalog()));
