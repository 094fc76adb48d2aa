/**
 * `npm run samples`: regenerates the committed sample scenarios in data/samples/ from the generator.
 * The test suite regenerates them in memory and fails if a committed file differs, so a change to the
 * generator must come with regenerated samples.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateScenario, type GenerateOptions } from './generate';

export interface SampleSpec {
  file: string;
  options: GenerateOptions;
}

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'samples');

export const SAMPLE_SPECS: readonly SampleSpec[] = [
  {
    // A small school: four blocks, three options each.
    file: 'sample-120.json',
    options: { students: 120, seed: 120, blocks: 4, choices: 3, name: 'Brookfield School: Year 9 options (120 students, 4 blocks)' },
  },
  {
    // What the planner opens with: every kind of course the format knows.
    file: 'sample-240.json',
    options: {
      students: 240,
      seed: 240,
      blocks: 5,
      choices: 4,
      accelerated: true,
      partner: true,
      doubleOption: true,
      name: 'Northfield Academy: Year 9 options (240 students, 5 blocks)',
    },
  },
  {
    // A large comprehensive.
    file: 'sample-360.json',
    options: { students: 380, seed: 360, blocks: 5, choices: 4, accelerated: true, partner: true, name: 'Castle Hill School: Year 9 options (380 students, 5 blocks)' },
  },
];

export function sampleText(spec: SampleSpec): string {
  return JSON.stringify(generateScenario(spec.options), null, 2) + '\n';
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  for (const spec of SAMPLE_SPECS) {
    const path = join(SAMPLES_DIR, spec.file);
    writeFileSync(path, sampleText(spec));
    process.stdout.write(`Wrote ${path}\n`);
  }
}
