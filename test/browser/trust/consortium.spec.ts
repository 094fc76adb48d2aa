/**
 * Issue 15 point 4 in a real Chromium: the coordinator opens a generated realistic consortium (4 schools, each
 * from its demand file), solves together in the consortium's Web Worker, and the dashboard's figures are those
 * of the parts it lets her download, which pass checkConsortium; then one school merges its part with its key
 * into its own scenario in the planner. Screenshots: the workspace and the dashboard.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright-core';
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
      console.log(`    joint plan: ${total[1]} of ${total[2]} fully satisfied; ${parts.map((p) => `${p.member} ${p.figures.fullySatisfied}/${p.figures.students}`).join(', ')}`);
      await page.locator('[data-testid=consortium-dashboard]').scrollIntoViewIfNeeded();
      await shot(c, 'consortium-dashboard');

      // Eastfield merges its part with its key: a new scenario in the planner, in its own pupils' ids.
      const eastPart = parts[eastAt];
      await page.locator('[data-testid=merge-part]').setInputFiles(json('east.part.json', eastPart));
      await page.locator('[data-testid=merge-key]').setInputFiles(json('east.KEY.json', exports[eastAt].key));
      await page.getByRole('button', { name: "Merge my school's result" }).click();
      await page.waitForFunction(() => /Took the consortium plan in as/.test(document.querySelector('[data-testid=message]')?.textContent ?? ''), null, { timeout: 20_000 });
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
];
