/**
 * Issue 9, item 3: any sequence of hand edits (add, remove, move, pin a group, undo) on a solved small
 * school, followed by an export of the result document, gives a result the independent checker accepts;
 * an edit that would break a rule is refused with a message and changes nothing.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkResult } from '../data/checker';
import { createSolverApi } from '../solver/worker-api';
import { addGroup, currentRecord, exportDocument, flushSaves, importText, initPlanner, moveGroup, removeGroup, setTimeLimit, solveCurrent, togglePin, undo } from '../web/state/actions';
import { memoryPersistence } from '../web/state/persist';
import type { ScenarioRecord } from '../web/state/types';
import { plannerStore } from '../web/state/store';
import { smallSchool } from './helpers/small-school';

let clock = 1_800_000_000_000;
const now = () => (clock += 10);
let solved: ScenarioRecord;

type Op = { k: 'add'; c: number; b: number } | { k: 'remove'; g: number } | { k: 'move'; g: number; b: number } | { k: 'pin'; g: number } | { k: 'undo' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ k: fc.constant('add' as const), c: fc.nat(7), b: fc.nat(3) }),
  fc.record({ k: fc.constant('remove' as const), g: fc.nat(40) }),
  fc.record({ k: fc.constant('move' as const), g: fc.nat(40), b: fc.nat(3) }),
  fc.record({ k: fc.constant('pin' as const), g: fc.nat(40) }),
  fc.constant({ k: 'undo' as const }),
);

async function fresh(): Promise<void> {
  const persistence = memoryPersistence();
  await persistence.putRecord(solved);
  await persistence.putMeta({ order: [solved.id], currentId: solved.id });
  await initPlanner({ solver: createSolverApi(), persistence, sample: () => smallSchool(), now });
}

describe('hand edits never give a result that breaks a rule', () => {
  beforeAll(async () => {
    await initPlanner({ solver: createSolverApi(), persistence: memoryPersistence(), sample: () => smallSchool(), now });
    expect(importText(JSON.stringify(smallSchool()), 'hillside.json')).toBe(true);
    setTimeLimit(1);
    await solveCurrent();
    await flushSaves();
    solved = structuredClone(currentRecord()!);
    expect(checkResult(solved.scenario, solved.result).ok).toBe(true);
  }, 60_000);

  it('any sequence of add, remove, move, pin and undo, then export: the checker accepts it or the edit was refused with a message', async () => {
    const tally = { refused: 0, changed: 0, other: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), async (ops) => {
        await fresh();
        for (const o of ops) {
          const before = currentRecord()!;
          const groups = before.result!.groups;
          const g = 'g' in o ? groups[o.g % groups.length] : undefined;
          const block = 'b' in o ? before.scenario.blocks[o.b] : '';
          plannerStore.setState({ message: null });
          if (o.k === 'add') await addGroup(before.scenario.courses[o.c].id, block);
          else if (o.k === 'remove') await removeGroup(g!.id);
          else if (o.k === 'move') await moveGroup(g!.id, block);
          else if (o.k === 'pin') togglePin(g!.id);
          else undo();
          const after = currentRecord()!;
          tally[plannerStore.getState().message?.kind === 'error' ? 'refused' : after.result !== before.result ? 'changed' : 'other']++;
          if (plannerStore.getState().message?.kind === 'error') {
            // Refused: said why, and nothing changed.
            expect(plannerStore.getState().message!.text.length).toBeGreaterThan(10);
            expect(after.result).toBe(before.result);
            expect(after.scenario).toBe(before.scenario);
          }
          const outcome = checkResult(after.scenario, after.result);
          expect(outcome.violations, `${o.k}: ${JSON.stringify(o)}`).toEqual([]);
        }
        const doc = exportDocument('result');
        expect(doc).not.toBeNull();
        expect(checkResult(currentRecord()!.scenario, JSON.parse(doc!.text)).violations).toEqual([]);
      }),
      { numRuns: 25, seed: 9, endOnFailure: true },
    );
    // Both kinds happened: edits the rules allow, and edits refused with a reason.
    expect(tally.changed).toBeGreaterThan(10);
    expect(tally.refused).toBeGreaterThan(3);
    console.log('hand edits:', tally);
  }, 240_000);
});
