/**
 * The other speed targets, each timed in this one process (medians of repeated runs, first run reported
 * apart where a user would feel it): preview of a 5-block offer of 40 courses (target 20 ms), analysis of
 * the 360-student sample (target 200 ms), and import of 5,000 students from CSV and .xlsx (target 2 s).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateScenario } from '../../data/generate';
import { importStudentsFile } from '../../data/io/students';
import { studentsTable } from '../../data/io/export';
import { toCsvBytes, toXlsx } from '../../data/io/write';
import { benchmarkAnalysis } from '../../solver/analysis/analyse';
import { benchmarkPreview } from '../../solver/preview';
import { solve } from '../../solver/solve';
import type { Scenario } from '../../solver/types';

const root = fileURLToPath(new URL('../../', import.meta.url));
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const lines: string[] = [];
  const preview = benchmarkPreview({ runs: 300 });
  lines.push(
    `| preview: ${preview.courses} courses, ${preview.blocks} blocks, ${preview.runs} combinations (${preview.notFitting} not fitting, ${preview.distanceTwo} to distance two) | median ${preview.medianMs.toFixed(2)} ms, p90 ${preview.p90Ms.toFixed(2)} ms, max ${preview.maxMs.toFixed(2)} ms | 20 ms |`,
  );

  const sample360: Scenario = JSON.parse(readFileSync(`${root}data/samples/sample-360.json`, 'utf8'));
  const solved = await solve(sample360, { timeSeconds: 3, seed: 1 });
  const analysis = benchmarkAnalysis(sample360, solved, 9);
  lines.push(`| analysis: ${analysis.students} students | first ${analysis.firstMs.toFixed(1)} ms, median ${analysis.medianMs.toFixed(1)} ms | 200 ms |`);

  const big = generateScenario({ students: 5000, seed: 3 });
  const { rows, mapping } = studentsTable(big.students);
  const csv = toCsvBytes(rows);
  const xlsx = await toXlsx([{ name: 'Students', rows }]);
  for (const [name, bytes] of [['students.csv', csv], ['students.xlsx', xlsx]] as const) {
    const times: number[] = [];
    let read = 0;
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const out = await importStudentsFile(bytes, name, mapping, { courses: big.courses, pathways: big.pathways });
      times.push(performance.now() - t);
      read = out.students.length;
    }
    lines.push(`| import ${name}: ${read} students, ${(bytes.length / 1024).toFixed(0)} KB (Node) | median ${median(times).toFixed(0)} ms | 2 s (browser) |`);
  }
  console.log('| what | measured | target |\n|---|---|---|\n' + lines.join('\n'));
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  process.exit(2);
});
