/** `npm run schema`: regenerate the committed JSON Schema files from the zod schemas. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { jsonSchemaFiles } from './json-schema';

const root = resolve(import.meta.dirname, '..');
for (const [file, text] of Object.entries(jsonSchemaFiles())) {
  writeFileSync(resolve(root, file), text);
  console.log(`wrote ${file} (${text.length} bytes)`);
}
