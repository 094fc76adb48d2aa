/**
 * Issue 15 point 4 in a real Chromium: the coordinator opens a generated realistic consortium (4 schools, each
 * from its demand file), solves together in the consortium's Web Worker, and the dashboard's figures are those
 * of the parts it lets her download, which pass checkConsortium; then one school merges its part with its key
 * into its own scenario in the planner. Screenshots: the workspace and the dashboard.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
import { mergedPlanName } from '../../../data/consortium';
import { checkConsortium } from '../../../data/consortium-check';
import { exportDemand } from '../../../data/consortium-demand';
import { realisticConsortium } from '../../../data/consortium-gen';
import type { Consortium, ConsortiumPart } from '../../../solver';
import { importScenario, open, shot, type Ctx } from './common';

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), click()])) as [Download, void];
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

const json = (name: string, doc: unknown) => ({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) });

async function consortiumMessage(page: Page, pattern: RegExp, timeout = 20_000): Promise<string> {
  const source = pattern.source;
  await page.waitForFunction((s) => new RegExp(s).test(document.querySelector('[data-testid=consortium-message]')?.textContent ?? ''), source, { timeout });
  return (await page.locator('[data-testid=consortium-message]').textContent()) ?? '';
}

export const tests: { name: string; run: (c: Ctx) => Promise<void> }[] = [
  {
    name: 'consortium: open, solve together, the dashboard agrees with the consortium check, download a part and merge it',
    async run(c) {
      const { page } = c;
      const g = realisticConsortium(1);
      // Each school exports its demand file and keeps its key; the coordinator lists the demand scenarios inline.
      const exports = g.consortium.members.map((m, i) => exportDemand(g.scenarios[i], g.consortium, m.id));
      const coordinator: Consortium = { ...g.consortium, members: g.consortium.members.map((m, i) => ({ ...m, scenario: exports[i].demand.scenario })) };
      // The coordinator is at Eastfield: its own scenario is open in the planner.
      const eastAt = g.consortium.members.findIndex((m) => m.id === 'east');
      await importScenario(c, { ...g.scenarios[eastAt], name: 'Eastfield options 2027' }, 'eastfield.scenario.json');

      await open(c, 'consortium');
      // The planner's banner (the import's, here) is about the planner's screens: gone on this one.
      assert.equal(await page.locator('[data-testid=message]').count(), 0, "the planner's banner is still shown on the Consortium screen");
      // A consortium with a column naming a block a school lacks: refused with the file, path and value.
      const bad = structuredClone(coordinator);
      bad.columns[0].blocks.north = 'Q';
      await page.locator('[data-testid=open-consortium]').setInputFiles(json('bad.consortium.json', bad));
      const refused = await consortiumMessage(page, /was not opened/);
      assert.match(refused, /bad\.consortium\.json, columns\[0\]\.blocks\.north = "Q"/);

      await page.locator('[data-testid=open-consortium]').setInputFiles(json('realistic.consortium.json', coordinator));
      await consortiumMessage(page, /Opened/);
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 4);
      assert.equal(await page.locator('[data-testid=consortium-columns] tbody tr').count(), coordinator.columns.length);
      // A place count over the groups' capacity is refused, and the input goes back.
      const first = coordinator.sharedCourses[0];
      const placesInput = page.getByLabel(`${first.name} places for ${coordinator.members[0].name}`);
      await placesInput.fill('999');
      await placesInput.press('Enter');
      await consortiumMessage(page, /places were not changed/);
      assert.equal(await placesInput.inputValue(), String(first.places[coordinator.members[0].id] ?? 0));
      await shot(c, 'consortium-workspace');

      // Eastfield's own demand file from the open scenario: two downloads, the demand file and the key.
      await page.getByLabel('My school in the consortium').selectOption('east');
      const downloads: string[] = [];
      const both = new Promise<void>((resolve) => {
        page.on('download', (d) => {
          downloads.push(d.suggestedFilename());
          if (downloads.length === 2) resolve();
        });
      });
      await page.getByRole('button', { name: "Export my school's demand file" }).click();
      await both;
      assert.deepEqual(downloads.sort(), ['east.KEY.json', 'east.demand.json']);
      assert.match(await consortiumMessage(page, /Exported/), /Keep east\.KEY\.json at school/);

      await page.getByLabel('Consortium time limit').selectOption('10');
      await page.getByRole('button', { name: 'Solve together' }).click();
      await page.getByRole('button', { name: 'Stop and keep the best so far' }).waitFor({ timeout: 5_000 });
      const solved = await consortiumMessage(page, /Solved together/, 60_000);
      const total = /(\d+) of (\d+) pupils fully satisfied/.exec(solved);
      assert.ok(total, solved);
      await page.locator('[data-testid=consortium-dashboard]').waitFor();

      // Every school's part, as the coordinator downloads them, checked apart from the page.
      const parts: ConsortiumPart[] = [];
      for (const m of coordinator.members) {
        const file = await download(page, () => page.getByRole('button', { name: `${m.id}.part.json` }).click());
        assert.equal(file.name, `${m.id}.part.json`);
        parts.push(JSON.parse(file.text) as ConsortiumPart);
      }
      const check = checkConsortium(coordinator, coordinator.members.map((m) => m.scenario as never), parts);
      assert.ok(check.ok, check.violations.map((v) => v.message).join('\n'));
      // The dashboard's figures are the parts': fully satisfied per school, places used per course and school.
      let sum = 0;
      for (const p of parts) {
        const shown = await page.locator(`[data-testid=consortium-satisfaction] [data-member=${p.member}]`).getAttribute('data-fully');
        assert.equal(Number(shown), p.figures.fullySatisfied, `fully satisfied of ${p.member}`);
        sum += p.figures.fullySatisfied;
        for (const s of coordinator.sharedCourses) {
          const used = await page.locator(`[data-testid=consortium-places] [data-course=${s.id}][data-member=${p.member}]`).getAttribute('data-used');
          assert.equal(Number(used), p.figures.placesUsed[s.id] ?? 0, `places of ${p.member} in ${s.id}`);
          assert.ok(Number(used) <= (s.places[p.member] ?? 0));
        }
      }
      assert.equal(sum, Number(total[1]));
      // Pupils travelling per column and place: the away pupils of the parts' shared groups in that column.
      for (const col of coordinator.columns) {
        const byHost: Record<string, number> = {};
        for (const p of parts) {
          for (const grp of p.result.groups) {
            const s = coordinator.sharedCourses.find((x) => x.id === grp.course);
            if (!s || s.host === p.member || col.blocks[p.member] !== grp.blocks[0]) continue;
            byHost[s.host] = (byHost[s.host] ?? 0) + grp.students.length;
          }
        }
        for (const [host, n] of Object.entries(byHost)) {
          const shown = await page.locator(`[data-testid=consortium-travelling] [data-column=${col.id}][data-host=${host}]`).textContent();
          assert.equal(Number(shown), n, `travelling in ${col.id} to ${host}`);
        }
      }
      // Each school's total cost of the shared groups (the cost table's last row), from the parts: a group costs
      // its host's periods a fortnight ÷ 2 × £1,900 (a college's: the first school's), split by its pupils.
      const pupilsOf = new Map<string, { host: string; byMember: Record<string, number> }>();
      for (const p of parts) {
        for (const grp of p.result.groups) {
          const s = coordinator.sharedCourses.find((x) => x.id === grp.course);
          if (!s) continue;
          const entry = pupilsOf.get(grp.id) ?? { host: s.host, byMember: {} };
          entry.byMember[p.member] = grp.students.length;
          pupilsOf.set(grp.id, entry);
        }
      }
      for (const m of coordinator.members) {
        let owed = 0;
        for (const { host, byMember } of pupilsOf.values()) {
          const all = Object.values(byMember).reduce((a, b) => a + b, 0);
          const hostScenario = (coordinator.members.find((x) => x.id === host) ?? coordinator.members[0]).scenario as { periodsPerFortnight?: number };
          if (all > 0) owed += Math.round(((hostScenario.periodsPerFortnight ?? 5) / 2) * 1900) * ((byMember[m.id] ?? 0) / all);
        }
        const shown = await page.locator(`[data-testid=consortium-costs] [data-member-cost=${m.id}]`).textContent();
        assert.equal(shown, `£${Math.round(owed).toLocaleString('en-GB')}`, `shared groups' cost of ${m.id}`);
      }
      console.log(`    joint plan: ${total[1]} of ${total[2]} fully satisfied; ${parts.map((p) => `${p.member} ${p.figures.fullySatisfied}/${p.figures.students}`).join(', ')}`);
      await page.locator('[data-testid=consortium-dashboard]').scrollIntoViewIfNeeded();
      await shot(c, 'consortium-dashboard');

      // Eastfield merges its part with its key: a new scenario in the planner, in its own pupils' ids.
      const eastPart = parts[eastAt];
      await page.locator('[data-testid=merge-part]').setInputFiles(json('east.part.json', eastPart));
      await page.locator('[data-testid=merge-key]').setInputFiles(json('east.KEY.json', exports[eastAt].key));
      await page.getByRole('button', { name: "Merge my school's result" }).click();
      await page.waitForFunction(() => /Took the consortium plan in as/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
      // The plan is a scenario named after the school and the consortium, beside the scenario it came from.
      const took = (await page.locator('[data-testid=message]').textContent()) ?? '';
      assert.ok(took.includes(`"${mergedPlanName(coordinator, 'east', coordinator.id)}"`), took);
      assert.ok(took.includes('next to "Eastfield options 2027"'), took);
      assert.ok(!took.includes('(consortium plan)'), took);
      await open(c, 'results');
      await page.locator('[data-testid=figures]').first().waitFor({ timeout: 20_000 });
      const fully = await page.locator('[data-testid=figures] [data-figure=fully] .value').first().textContent();
      assert.match(fully ?? '', new RegExp(`^${eastPart.figures.fullySatisfied} / ${eastPart.figures.students}$`));
      await shot(c, 'consortium-merged');
    },
  },
  {
    name: 'consortium: start one from the open scenario, the key downloads, one column a block',
    async run(c) {
      const { page } = c;
      await open(c, 'consortium');
      const start = page.getByRole('button', { name: /^Start a consortium with/ });
      const key = await download(page, () => start.click());
      assert.match(key.name, /\.KEY\.json$/);
      assert.equal(JSON.parse(key.text).format, 'ks4-consortium-key/1');
      await consortiumMessage(page, /Started a consortium/);
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 1);
      const blocks = (await page.locator('[data-testid=consortium-members] tbody tr td').nth(3).textContent())!.trim().split(' ');
      assert.equal(await page.locator('[data-testid=consortium-columns] tbody tr').count(), blocks.length);
      await shot(c, 'consortium-started');
    },
  },
  {
    name: 'consortium: edit a travel rule, remove a school, solve, reload and find the consortium and its plan still there',
    async run(c) {
      const { page } = c;
      const g = realisticConsortium(2);
      const exports = g.consortium.members.map((m, i) => exportDemand(g.scenarios[i], g.consortium, m.id));
      const coordinator: Consortium = { ...g.consortium, members: g.consortium.members.map((m, i) => ({ ...m, scenario: exports[i].demand.scenario })) };
      await open(c, 'consortium');
      await page.locator('[data-testid=open-consortium]').setInputFiles(json('realistic.consortium.json', coordinator));
      await consortiumMessage(page, /Opened/);

      // The most away courses a pupil: a negative limit is refused in words, the schema's line under it, the input goes back.
      const maxAway = page.getByLabel('Most courses away from home a pupil', { exact: true });
      assert.equal(await maxAway.inputValue(), String(coordinator.travel?.maxAwayCourses));
      await maxAway.fill('-1');
      await maxAway.press('Enter');
      const refused = await consortiumMessage(page, /travel rule was not changed/);
      assert.match(refused, /the limit is a whole number, 0 or more, or empty for no limit/);
      assert.match(refused, /travel\.maxAwayCourses = -1/);
      assert.equal(await maxAway.inputValue(), String(coordinator.travel?.maxAwayCourses));
      await maxAway.fill('2');
      await maxAway.press('Enter');
      await consortiumMessage(page, /Travel rule: at most 2 courses away from home a pupil/);
      assert.match((await page.locator('[data-testid=consortium-travel] [data-rule=max-away]').textContent()) ?? '', /At most 2 courses away/);
      // Far apart: East and South, a column free before.
      await page.getByText('Add two places that are far apart').click();
      const addForm = page.locator('form', { has: page.getByRole('button', { name: 'Add far-apart places' }) });
      await addForm.getByLabel('From').selectOption('east');
      await addForm.getByLabel('To').selectOption('south');
      await addForm.getByLabel('Columns free before').fill('1');
      await addForm.getByLabel('Columns free after').fill('0');
      await addForm.getByRole('button', { name: 'Add far-apart places' }).click();
      await consortiumMessage(page, /east and south are far apart/);
      assert.equal(await page.locator('[data-testid=consortium-travel] [data-rule=far-apart]').count(), 2);

      // West hosts Dance: refused with the reason, no confirm; once Dance is taught at the college, West goes after a confirm naming what goes.
      const west = coordinator.members.find((m) => m.id === 'west')!;
      await page.getByRole('button', { name: `Remove ${west.name} from the consortium` }).click();
      assert.match(await consortiumMessage(page, /was not removed/), /hosts Dance.*cannot leave while the course is taught there/);
      await page.getByRole('button', { name: 'Remove shared course Statistics' }).click();
      await consortiumMessage(page, /Removed shared course Statistics/);
      await page.getByLabel('Dance taught at').selectOption('college');
      await consortiumMessage(page, /Dance is now taught at City College/);
      let confirmText = '';
      page.once('dialog', (d) => {
        confirmText = d.message();
        void d.accept();
      });
      await page.getByRole('button', { name: `Remove ${west.name} from the consortium` }).click();
      await consortiumMessage(page, new RegExp(`Removed ${west.name} from the consortium`));
      assert.match(confirmText, /its demand \(\d+ pupils' choices\)/);
      assert.match(confirmText, new RegExp(`its places in .*Dance \\(${coordinator.sharedCourses.find((s) => s.id === 'DAN')!.places.west}\\)`));
      assert.match(confirmText, /its line-up in the common columns \(AM1: block/);
      assert.match(confirmText, /far-apart rule/);
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 3);
      // Undo brings West back; Redo removes it again.
      await page.getByRole('button', { name: 'Undo consortium edit' }).click();
      await consortiumMessage(page, /Undone: remove/);
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 4);
      await page.getByRole('button', { name: 'Redo consortium edit' }).click();
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 3);
      // A column renamed as the schools call it.
      const col = page.getByLabel('Name of column AM1');
      await col.fill('Mon AM');
      await col.press('Enter');
      await consortiumMessage(page, /Column AM1 is now Mon AM/);

      // Solve together, then wait until the browser has kept the plan.
      await page.getByLabel('Consortium time limit').selectOption('10');
      await page.getByRole('button', { name: 'Solve together' }).click();
      const solved = await consortiumMessage(page, /Solved together/, 60_000);
      const total = /(\d+) of (\d+) pupils fully satisfied/.exec(solved)!;
      await page.locator('[data-testid=consortium-kept][data-state=saved]').waitFor({ timeout: 10_000 });
      const fullyBefore = await page.locator('[data-testid=consortium-satisfaction] [data-fully]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-member')}=${e.getAttribute('data-fully')}`));
      await shot(c, 'consortium-edited-1280');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.evaluate(() => window.scrollTo(0, 0));
      // On a phone the wide tables scroll on their own: the screen itself is no wider than the phone.
      const wide = await page.locator('main').evaluate((m) => m.scrollWidth);
      assert.ok(wide <= 390, `the consortium screen is ${wide} px wide at 390 px`);
      await shot(c, 'consortium-edited-390');
      await page.setViewportSize({ width: 1280, height: 900 });

      await page.reload();
      await page.locator('main h2').first().waitFor();
      await consortiumMessage(page, /as kept in this browser, with its last joint plan/);
      assert.equal(await page.locator('main h2').first().textContent(), `Consortium: ${coordinator.name}`);
      assert.equal(await page.locator('[data-testid=consortium-members] tbody tr').count(), 3);
      assert.equal(await maxAway.inputValue(), '2');
      assert.equal(await page.locator('[data-testid=consortium-travel] [data-rule=far-apart]').count(), 1);
      assert.equal(await page.getByLabel('Name of column Mon AM').inputValue(), 'Mon AM');
      assert.equal(await page.locator('[data-testid=consortium-shared] tbody tr').count(), coordinator.sharedCourses.length - 1);
      const totalAfter = await page.locator('[data-testid=consortium-total] strong').textContent();
      assert.equal(totalAfter, total[1]);
      const fullyAfter = await page.locator('[data-testid=consortium-satisfaction] [data-fully]').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-member')}=${e.getAttribute('data-fully')}`));
      assert.deepEqual(fullyAfter, fullyBefore);
      assert.match((await page.locator('[data-testid=consortium-check]').textContent()) ?? '', /The consortium check passes/);
      await shot(c, 'consortium-reloaded');

      // A consortium kept by an older version (its format no longer parses): reported and kept aside, never dropped.
      await page.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('ks4-consortium');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const tx = open.result.transaction('workspace', 'readwrite');
              const store = tx.objectStore('workspace');
              const get = store.get('current');
              get.onsuccess = () => store.put({ ...get.result, consortium: { ...get.result.consortium, format: 'ks4-consortium/0' } }, 'current');
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      await page.reload();
      const aside = await consortiumMessage(page, /no longer opens/);
      assert.match(aside, /kept aside, not deleted/);
      assert.match(aside, /The consortium kept in this browser, format = "ks4-consortium\/0"/);
      await page.locator('[data-testid=consortium-aside]').waitFor();
      const kept = await download(page, () => page.locator('[data-testid=consortium-aside]').getByRole('button', { name: 'Download it' }).click());
      const keptDoc = JSON.parse(kept.text) as Consortium;
      assert.equal(keptDoc.format, 'ks4-consortium/0');
      assert.equal(keptDoc.members.length, 3);
      assert.equal(keptDoc.travel?.maxAwayCourses, 2);
      await shot(c, 'consortium-kept-aside');
      // Still there after another reload: kept aside once, not lost and not reported as new.
      await page.reload();
      await page.locator('[data-testid=consortium-aside]').waitFor();
      assert.equal(await page.locator('[data-testid=consortium-aside] li').count(), 1);
      // Forgotten when the user says so (after a confirm), and gone after a reload too.
      page.once('dialog', (d) => void d.accept());
      await page.locator('[data-testid=consortium-aside]').getByRole('button', { name: 'Forget it' }).click();
      await page.locator('[data-testid=consortium-aside]').waitFor({ state: 'detached' });
      await page.reload();
      await page.getByText('Open or start a consortium').waitFor();
      assert.equal(await page.locator('[data-testid=consortium-aside]').count(), 0);
    },
  },
];
