/**
 * Writes the blank templates to data/templates/ (Node only). Run after changing templates.ts:
 *   npx tsx data/io/write-templates.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { templateFiles } from './templates';
import { toCsvBytes, toXlsx } from './write';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
mkdirSync(out, { recursive: true });
for (const t of templateFiles()) {
  const bytes = t.kind === 'csv' ? toCsvBytes(t.rows!) : await toXlsx(t.sheets!);
  writeFileSync(join(out, t.name), bytes);
  console.log(`wrote data/templates/${t.name}`);
}
