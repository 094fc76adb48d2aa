/**
 * JSON Schema (draft 2020-12) of the scenario and result documents, generated from the zod schemas in
 * data/schema.ts for outside tools. Written to data/scenario.schema.json and data/result.schema.json by
 * `npm run schema`; test/schema.test.ts fails when the committed files differ from what this produces.
 * The shape only: cross-references (a choice naming a real course) cannot be said in JSON Schema and
 * are checked by parseScenario / parseResult.
 */
import * as z from 'zod';
import { ResultSchema, ScenarioSchema } from './schema';

export const SCENARIO_SCHEMA_FILE = 'data/scenario.schema.json';
export const RESULT_SCHEMA_FILE = 'data/result.schema.json';

function render(schema: z.ZodType, id: string): string {
  // io 'input': describe what a document may contain (there are no transforms, so input = output).
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', reused: 'inline' });
  const { $schema, ...rest } = json as Record<string, unknown>;
  return `${JSON.stringify({ $schema, $id: id, ...rest }, null, 2)}\n`;
}

/** File path (relative to the project root) -> contents. */
export function jsonSchemaFiles(): Record<string, string> {
  return {
    [SCENARIO_SCHEMA_FILE]: render(ScenarioSchema, 'https://ks4-options.invalid/scenario.schema.json'),
    [RESULT_SCHEMA_FILE]: render(ResultSchema, 'https://ks4-options.invalid/result.schema.json'),
  };
}
