/**
 * JSON Schema (draft 2020-12) of the scenario and result documents, generated from the zod schemas in
 * data/schema.ts for outside tools, and of the consortium documents (docs/consortium.md: the consortium, a
 * school's demand file, its key, its part of the joint plan) from data/consortium.ts. Written to
 * data/*.schema.json by `npm run schema`; test/schema.test.ts fails when the committed files differ from what
 * this produces.
 * The shape only: cross-references (a choice naming a real course) cannot be said in JSON Schema and
 * are checked by parseScenario / parseResult.
 */
import * as z from 'zod';
import { ResultSchema, ScenarioSchema } from './schema';
import { ConsortiumSchema, DemandSchema, KeySchema, PartSchema } from './consortium';

export const SCENARIO_SCHEMA_FILE = 'data/scenario.schema.json';
export const RESULT_SCHEMA_FILE = 'data/result.schema.json';
export const CONSORTIUM_SCHEMA_FILE = 'data/consortium.schema.json';
export const DEMAND_SCHEMA_FILE = 'data/consortium-demand.schema.json';
export const KEY_SCHEMA_FILE = 'data/consortium-key.schema.json';
export const PART_SCHEMA_FILE = 'data/consortium-part.schema.json';

const BASE = 'https://ks4-options.invalid/';

function render(schema: z.ZodType, id: string, refine?: (json: Record<string, unknown>) => void): string {
  // io 'input': describe what a document may contain (there are no transforms, so input = output).
  const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12', reused: 'inline' });
  const { $schema, ...rest } = json as Record<string, unknown>;
  refine?.(rest);
  return `${JSON.stringify({ $schema, $id: id, ...rest }, null, 2)}\n`;
}

/**
 * The zod schemas of the consortium documents leave a member's or demand file's scenario an open object,
 * because parseConsortium and parseDemand hand it to parseScenario (whose issues keep their paths under the
 * member). For outside tools the JSON Schema says the same by pointing at the scenario schema.
 */
type JsonObject = Record<string, unknown>;
const SCENARIO_REF = { $ref: `${BASE}scenario.schema.json` };
const properties = (o: JsonObject): Record<string, JsonObject> => o.properties as Record<string, JsonObject>;

function memberScenarioRef(json: JsonObject): void {
  const scenario = properties(properties(json).members.items as JsonObject).scenario;
  scenario.anyOf = (scenario.anyOf as JsonObject[]).map((alt) => (alt.type === 'object' ? SCENARIO_REF : alt));
}

function demandScenarioRef(json: JsonObject): void {
  properties(json).scenario = { ...SCENARIO_REF, description: "The school's scenario under random ids (docs/consortium.md)" };
}

/** File path (relative to the project root) -> contents. */
export function jsonSchemaFiles(): Record<string, string> {
  return {
    [SCENARIO_SCHEMA_FILE]: render(ScenarioSchema, `${BASE}scenario.schema.json`),
    [RESULT_SCHEMA_FILE]: render(ResultSchema, `${BASE}result.schema.json`),
    [CONSORTIUM_SCHEMA_FILE]: render(ConsortiumSchema, `${BASE}consortium.schema.json`, memberScenarioRef),
    [DEMAND_SCHEMA_FILE]: render(DemandSchema, `${BASE}consortium-demand.schema.json`, demandScenarioRef),
    [KEY_SCHEMA_FILE]: render(KeySchema, `${BASE}consortium-key.schema.json`),
    [PART_SCHEMA_FILE]: render(PartSchema, `${BASE}consortium-part.schema.json`),
  };
}
