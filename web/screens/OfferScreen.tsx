/**
 * The offer: scenario settings, blocks, courses, staff, rooms, partner sites and pathways, edited in
 * tables and validated against the zod schemas as the user types. Problems are listed at the top and
 * marked on their cells; nothing the user typed is dropped.
 */
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { Course, Result, Room, Scenario, Staff, Unavailability } from '../../solver';
import { COURSE_KINDS } from '../../data/schema';
import { addItem, patchItem, removeItem, scenarioIssues, setScenarioField, editScenario } from '../state/actions';
import { usePlanner } from '../state/store';
import { Cell, issueIndex } from '../components/Cell';
import { canEnforce, isEnforced, parseRuleLines, RULE_SYNTAX, ruleToText, withEnforce } from '../components/rules';
import { breachCountsByRule, ruleBreaches } from '../state/derived';
import { CourseTypes } from '../components/CourseTypes';
import { RemoveCourseButton } from '../components/DropCourse';
import { ProblemsPanel, WithoutChoicesWarningNote } from '../components/Problems';
import { allScenarioIssues } from '../state/problems';

type Index = ReturnType<typeof issueIndex>;

// The course and staff list import (and its spreadsheet reader) loads only when asked for.
const ListImportPanel = lazy(() => import('./ListImportPanel'));

/** "Add a course" and "Import courses…" under a table; the import opens in place of its button. */
function ListActions({ kind, scenario, children }: { kind: 'courses' | 'staff' | 'rooms'; scenario: Scenario; children: ReactNode }) {
  const [importing, setImporting] = useState(false);
  const noun = kind === 'courses' ? 'courses' : kind === 'rooms' ? 'rooms' : 'teachers';
  return (
    <>
      <p className="list-actions">
        {children}
        {!importing && (
          <button type="button" onClick={() => setImporting(true)}>
            Import {noun} from a spreadsheet or CSV…
          </button>
        )}
      </p>
      {importing && (
        <Suspense fallback={<p>Loading the {kind === 'courses' ? 'course' : kind === 'rooms' ? 'room' : 'staff'} list import…</p>}>
          <ListImportPanel kind={kind} scenario={scenario} onClose={() => setImporting(false)} />
        </Suspense>
      )}
    </>
  );
}

export function formatUnavailable(list: Unavailability[] | undefined): string {
  return (list ?? []).map((u) => (u.year !== undefined ? `${u.block}/${u.year}` : u.block)).join(', ');
}

/** "A, B/10" -> [{ block: 'A' }, { block: 'B', year: 10 }]; a year that is not a number stays as typed. */
export function parseUnavailable(text: string): Unavailability[] | undefined {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  return parts.map((p) => {
    const [block, year] = p.split('/');
    return year === undefined ? { block } : { block, year: (/^\d+$/.test(year) ? Number(year) : year) as number };
  });
}

export function OfferScreen() {
  const scenario = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.scenario : undefined));
  const result = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.result ?? null : null));
  if (!scenario) return null;
  // Every problem, past the validator's cap, so each bad cell is marked however many there are.
  const issues = allScenarioIssues(scenario, scenarioIssues(scenario));
  const idx = issueIndex(issues);
  return (
    <div className="screen offer-screen">
      <h2>Offer: {scenario.name}</h2>
      {issues.length > 0 ? (
        <ProblemsPanel scenario={scenario} />
      ) : scenario.courses.length === 0 || scenario.students.length === 0 ? (
        <p className="note" data-testid="valid">No problems so far. Solving needs courses and students&rsquo; choices: see Getting started above.</p>
      ) : (
        <IssuesPanel lines={[]} count={0} breakers={new Set(ruleBreaches(scenario).map((b) => b.student)).size} />
      )}
      {/* Students who have not chosen yet: a warning, shown by ProblemsPanel when there are problems too. */}
      {issues.length === 0 && <WithoutChoicesWarningNote scenario={scenario} />}
      <nav aria-label="Parts of the offer" className="subnav">
        <a href="#offer-settings" onClick={jump}>Settings</a> · <a href="#offer-courses" onClick={jump}>Courses ({scenario.courses.length})</a> ·{' '}
        <a href="#offer-staff" onClick={jump}>Teachers ({scenario.staff?.length ?? 0})</a> · <a href="#offer-rooms" onClick={jump}>Rooms ({scenario.rooms?.length ?? 0})</a> ·{' '}
        <a href="#offer-sites" onClick={jump}>Partner sites</a> · <a href="#offer-pathways" onClick={jump}>Pathways ({scenario.pathways?.length ?? 0})</a> ·{' '}
        <a href="#offer-rules" onClick={jump}>Rules for every student</a>
      </nav>
      <Settings scenario={scenario} idx={idx} />
      <Courses scenario={scenario} idx={idx} />
      <CourseTypes scenario={scenario} />
      <StaffTable scenario={scenario} idx={idx} teaching={teachingLoad(result)} />
      <Rooms scenario={scenario} idx={idx} />
      <Sites scenario={scenario} idx={idx} />
      <Pathways scenario={scenario} idx={idx} />
      <EveryStudentRules scenario={scenario} idx={idx} />
    </div>
  );
}

/** In-page links must not change the hash: the hash is the route. */
function jump(e: React.MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  const id = e.currentTarget.getAttribute('href')!.slice(1);
  const el = document.getElementById(id);
  el?.scrollIntoView();
  el?.querySelector<HTMLElement>('h3')?.focus();
}

export function IssuesPanel({ lines, count, breakers = 0 }: { lines: string[]; count: number; breakers?: number }) {
  if (count === 0 && breakers > 0) {
    return (
      <p className="note warn" data-testid="valid">
        The scenario is valid, but {breakers} student{breakers === 1 ? "'s choices break" : "s' choices break"} a choice rule: see <a href="#/students">Students</a> (rows with problems).
        Each rule below says whether the solver enforces it or lets it pass.
      </p>
    );
  }
  if (count === 0) return <p className="note ok" data-testid="valid">The scenario is valid.</p>;
  return (
    <div className="note error" role="status" data-testid="issues">
      <p>
        <strong>
          {count} problem{count === 1 ? '' : 's'} to fix before solving
        </strong>{' '}
        (marked in red below):
      </p>
      <ul className="issues">
        {lines.map((l, i) => (
          <li key={i}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1}>
        {title}
      </h3>
      {children}
    </section>
  );
}

function Settings({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  return (
    <Section id="offer-settings" title="Settings">
      <div className="settings">
        <label>
          <span>Name</span>
          <Cell value={scenario.name} label="Scenario name" issue={idx.at('name')} required size={40} onCommit={(v) => editScenario('rename', (s) => ({ ...s, name: v as string }), 'field.name')} />
        </label>
        <label>
          <span>Blocks</span>
          <Cell value={scenario.blocks} kind="list" required label="Block labels, separated by commas" issue={idx.at('blocks') ?? idx.under('blocks')[0]?.message} onCommit={(v) => setScenarioField('blocks', v)} />
        </label>
        <label>
          <span>Years</span>
          <Cell value={scenario.years} kind="numlist" label="Years the cohort is planned over" issue={idx.under('years')[0]?.message} onCommit={(v) => setScenarioField('years', v)} />
        </label>
        <label>
          <span>Periods a fortnight per group</span>
          <Cell value={scenario.periodsPerFortnight} kind="number" label="Periods a fortnight per group" issue={idx.at('periodsPerFortnight')} onCommit={(v) => setScenarioField('periodsPerFortnight', v)} />
        </label>
        <label>
          <span>Most groups in a year</span>
          <Cell
            value={scenario.limits?.maxGroups}
            kind="number"
            label="Group budget: most groups running in one year"
            issue={idx.at('limits.maxGroups')}
            onCommit={(v) => setScenarioField('limits', v === undefined ? undefined : { ...(scenario.limits ?? {}), maxGroups: v })}
          />
        </label>
        <label>
          <span>Mode</span>
          <select value={scenario.mode ?? 'build'} onChange={(e) => setScenarioField('mode', e.target.value)}>
            <option value="build">build: the solver decides the groups</option>
            <option value="fit">fit: seat students in the listed groups</option>
          </select>
        </label>
      </div>
      {(scenario.groups?.length ?? 0) > 0 && (
        <p className="muted">
          {scenario.groups!.length} group{scenario.groups!.length === 1 ? ' is' : 's are'} {scenario.mode === 'fit' ? 'listed' : 'pinned'} (see the Blocks screen).
        </p>
      )}
    </Section>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="plain" aria-label={label} title={label} onClick={onClick}>
      ✕
    </button>
  );
}

function Courses({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  const sites = scenario.sites ?? [];
  const set = (i: number, field: keyof Course, v: unknown) => patchItem('courses', i, { [field]: v });
  return (
    <Section id="offer-courses" title="Courses">
      <div className="scroll">
        <table className="data edit" data-testid="courses-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Years</th>
              <th scope="col">Span</th>
              <th scope="col">Max size</th>
              <th scope="col">Min size</th>
              <th scope="col">Min groups</th>
              <th scope="col">Max groups</th>
              <th scope="col">Max per block</th>
              <th scope="col">Blocks</th>
              <th scope="col">Room type</th>
              <th scope="col">Or rooms</th>
              <th scope="col">Site</th>
              <th scope="col">Places</th>
              <th scope="col">Department</th>
              <th scope="col">Tags</th>
              <th scope="col">Discount code</th>
              <th scope="col"><span className="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {scenario.courses.map((c, i) => {
              const p = `courses[${i}]`;
              const who = c.id || `course ${i + 1}`;
              const bad = idx.under(p).length > 0;
              return (
                <tr key={i} className={bad ? 'invalid-row' : ''}>
                  <td><Cell value={c.id} required label={`${who} id`} issue={idx.at(`${p}.id`)} onCommit={(v) => set(i, 'id', v)} /></td>
                  <td><Cell value={c.name} required label={`${who} name`} issue={idx.at(`${p}.name`)} onCommit={(v) => set(i, 'name', v)} /></td>
                  <td>
                    <select aria-label={`${who} kind`} value={c.kind ?? 'GCSE'} onChange={(e) => set(i, 'kind', e.target.value)}>
                      {COURSE_KINDS.map((k) => <option key={k}>{k}</option>)}
                    </select>
                  </td>
                  <td><Cell value={c.years} kind="numlist" label={`${who} years`} issue={idx.under(`${p}.years`)[0]?.message} onCommit={(v) => set(i, 'years', v)} /></td>
                  <td>
                    <select aria-label={`${who} span`} value={c.span ?? 1} onChange={(e) => set(i, 'span', e.target.value === '1' ? undefined : 2)}>
                      <option value="1">1</option>
                      <option value="2">2</option>
                    </select>
                  </td>
                  <td><Cell value={c.maxGroupSize} kind="number" required label={`${who} max group size`} issue={idx.at(`${p}.maxGroupSize`)} onCommit={(v) => set(i, 'maxGroupSize', v)} /></td>
                  <td><Cell value={c.minGroupSize} kind="number" label={`${who} min group size`} issue={idx.at(`${p}.minGroupSize`)} onCommit={(v) => set(i, 'minGroupSize', v)} /></td>
                  <td><Cell value={c.minGroups} kind="number" label={`${who} min groups`} issue={idx.at(`${p}.minGroups`)} onCommit={(v) => set(i, 'minGroups', v)} /></td>
                  <td><Cell value={c.maxGroups} kind="number" label={`${who} max groups`} issue={idx.at(`${p}.maxGroups`)} onCommit={(v) => set(i, 'maxGroups', v)} /></td>
                  <td><Cell value={c.maxGroupsPerBlock} kind="number" label={`${who} max groups per block`} issue={idx.at(`${p}.maxGroupsPerBlock`)} onCommit={(v) => set(i, 'maxGroupsPerBlock', v)} /></td>
                  <td><Cell value={c.blocks} kind="list" label={`${who} allowed blocks`} issue={idx.under(`${p}.blocks`)[0]?.message} onCommit={(v) => set(i, 'blocks', v)} /></td>
                  <td><Cell value={c.roomType} label={`${who} room type`} issue={idx.at(`${p}.roomType`)} onCommit={(v) => set(i, 'roomType', v)} /></td>
                  <td><Cell value={c.rooms} kind="list" label={`${who} rooms it may use`} issue={idx.under(`${p}.rooms`)[0]?.message} onCommit={(v) => set(i, 'rooms', v)} /></td>
                  <td>
                    <select aria-label={`${who} site`} value={c.site ?? 'home'} onChange={(e) => set(i, 'site', e.target.value === 'home' ? undefined : e.target.value)} aria-invalid={idx.at(`${p}.site`) ? true : undefined}>
                      <option value="home">home</option>
                      {sites.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
                      {c.site && c.site !== 'home' && !sites.some((s) => s.id === c.site) && <option value={c.site}>{c.site} (unknown)</option>}
                    </select>
                  </td>
                  <td><Cell value={c.places} kind="number" label={`${who} places`} issue={idx.at(`${p}.places`)} onCommit={(v) => set(i, 'places', v)} /></td>
                  <td><Cell value={c.department} label={`${who} department`} issue={idx.at(`${p}.department`)} onCommit={(v) => set(i, 'department', v)} /></td>
                  <td><Cell value={c.tags} kind="list" label={`${who} tags`} issue={idx.under(`${p}.tags`)[0]?.message} onCommit={(v) => set(i, 'tags', v)} /></td>
                  <td><Cell value={c.discountCode} label={`${who} discount code`} issue={idx.at(`${p}.discountCode`)} onCommit={(v) => set(i, 'discountCode', v)} /></td>
                  <td><RemoveCourseButton scenario={scenario} index={i} label={`Remove course ${who}`} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {scenario.courses.length === 0 && <p className="empty-state" data-testid="courses-empty">No courses yet: import your course list (CSV or .xlsx) or add a course.</p>}
      <ListActions kind="courses" scenario={scenario}>
        <button type="button" onClick={() => addItem('courses', { id: `NEW${scenario.courses.length + 1}`, name: 'New course', maxGroupSize: 30 })}>
          Add a course
        </button>
      </ListActions>
    </Section>
  );
}

/** Groups each teacher holds in the current blocking (a double option counts once). */
function teachingLoad(result: Result | null): Map<string, number> | null {
  if (!result) return null;
  const m = new Map<string, number>();
  for (const g of result.groups) for (const t of g.staff) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

function StaffTable({ scenario, idx, teaching }: { scenario: Scenario; idx: Index; teaching: Map<string, number> | null }) {
  const staff = scenario.staff ?? [];
  const set = (i: number, field: keyof Staff, v: unknown) => patchItem('staff', i, { [field]: v });
  return (
    <Section id="offer-staff" title="Teachers">
      <p className="muted">Courses each can teach, the most groups of this cohort they take in a year, and the blocks they are away (part-time), written as A or A/10 for Year 10 only.</p>
      <div className="scroll">
        <table className="data edit" data-testid="staff-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Courses</th>
              <th scope="col">Max groups</th>
              <th scope="col">Away in blocks</th>
              {teaching && <th scope="col">Groups in the blocking</th>}
              <th scope="col"><span className="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {staff.map((t, i) => {
              const p = `staff[${i}]`;
              const who = t.name || t.id || `teacher ${i + 1}`;
              return (
                <tr key={i} className={idx.under(p).length ? 'invalid-row' : ''}>
                  <td><Cell value={t.id} required label={`${who} id`} issue={idx.at(`${p}.id`)} onCommit={(v) => set(i, 'id', v)} /></td>
                  <td><Cell value={t.name} label={`${who} name`} issue={idx.at(`${p}.name`)} onCommit={(v) => set(i, 'name', v)} /></td>
                  <td><Cell value={t.courses} kind="list" required label={`${who} courses`} issue={idx.under(`${p}.courses`)[0]?.message} onCommit={(v) => set(i, 'courses', v)} /></td>
                  <td><Cell value={t.maxGroups} kind="number" label={`${who} max groups`} issue={idx.at(`${p}.maxGroups`)} onCommit={(v) => set(i, 'maxGroups', v)} /></td>
                  <td>
                    <Cell value={formatUnavailable(t.unavailable)} label={`${who} away in blocks`} issue={idx.under(`${p}.unavailable`)[0]?.message} onCommit={(v) => set(i, 'unavailable', parseUnavailable(String(v ?? '')))} />
                  </td>
                  {teaching && <td>{teaching.get(t.id) ?? 0}{typeof t.maxGroups === 'number' ? ` of ${t.maxGroups}` : ''}</td>}
                  <td><RemoveButton label={`Remove teacher ${who}`} onClick={() => removeItem('staff', i)} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {staff.length === 0 && <p className="empty-state muted">No teachers yet: import your staff list (CSV or .xlsx) or add a teacher. Without staff, groups are planned without teachers.</p>}
      <ListActions kind="staff" scenario={scenario}>
        <button type="button" onClick={() => addItem('staff', { id: `T${staff.length + 1}`, name: 'New teacher', courses: [] })}>
          Add a teacher
        </button>
      </ListActions>
    </Section>
  );
}

function Rooms({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  const rooms = scenario.rooms ?? [];
  const set = (i: number, field: keyof Room, v: unknown) => patchItem('rooms', i, { [field]: v });
  return (
    <Section id="offer-rooms" title="Rooms">
      <div className="scroll">
        <table className="data edit" data-testid="rooms-table">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Capacity</th>
              <th scope="col">Not free in blocks</th>
              <th scope="col"><span className="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r, i) => {
              const p = `rooms[${i}]`;
              const who = r.name || r.id || `room ${i + 1}`;
              return (
                <tr key={i} className={idx.under(p).length ? 'invalid-row' : ''}>
                  <td><Cell value={r.id} required label={`${who} id`} issue={idx.at(`${p}.id`)} onCommit={(v) => set(i, 'id', v)} /></td>
                  <td><Cell value={r.name} label={`${who} name`} issue={idx.at(`${p}.name`)} onCommit={(v) => set(i, 'name', v)} /></td>
                  <td><Cell value={r.type} required label={`${who} type`} issue={idx.at(`${p}.type`)} onCommit={(v) => set(i, 'type', v)} /></td>
                  <td><Cell value={r.capacity} kind="number" required label={`${who} capacity`} issue={idx.at(`${p}.capacity`)} onCommit={(v) => set(i, 'capacity', v)} /></td>
                  <td>
                    <Cell value={formatUnavailable(r.unavailable)} label={`${who} not free in blocks`} issue={idx.under(`${p}.unavailable`)[0]?.message} onCommit={(v) => set(i, 'unavailable', parseUnavailable(String(v ?? '')))} />
                  </td>
                  <td><RemoveButton label={`Remove room ${who}`} onClick={() => removeItem('rooms', i)} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rooms.length === 0 && <p className="empty-state muted">No rooms yet: import your room list (CSV or .xlsx) or add a room. Without rooms, groups are planned without rooms.</p>}
      <ListActions kind="rooms" scenario={scenario}>
        <button type="button" onClick={() => addItem('rooms', { id: `R${rooms.length + 1}`, type: 'classroom', capacity: 30 })}>
          Add a room
        </button>
      </ListActions>
    </Section>
  );
}

function Sites({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  const sites = scenario.sites ?? [];
  return (
    <Section id="offer-sites" title="Partner sites">
      {sites.length === 0 && <p className="muted">No partner schools or colleges.</p>}
      {sites.length > 0 && (
        <table className="data edit">
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Name</th>
              <th scope="col">Courses there</th>
              <th scope="col"><span className="visually-hidden">Remove</span></th>
            </tr>
          </thead>
          <tbody>
            {sites.map((s, i) => (
              <tr key={i} className={idx.under(`sites[${i}]`).length ? 'invalid-row' : ''}>
                <td><Cell value={s.id} required label={`Site ${i + 1} id`} issue={idx.at(`sites[${i}].id`)} onCommit={(v) => patchItem('sites', i, { id: v })} /></td>
                <td><Cell value={s.name} required label={`Site ${i + 1} name`} issue={idx.at(`sites[${i}].name`)} onCommit={(v) => patchItem('sites', i, { name: v })} /></td>
                <td>
                  {scenario.courses
                    .filter((c) => c.site === s.id)
                    .map((c) => `${c.name}${c.places !== undefined ? ` (${c.places} places)` : ''}`)
                    .join(', ') || '—'}
                </td>
                <td><RemoveButton label={`Remove site ${s.name}`} onClick={() => removeItem('sites', i)} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <button type="button" onClick={() => addItem('sites', { id: `SITE${sites.length + 1}`, name: 'New partner' })}>
        Add a partner site
      </button>
    </Section>
  );
}

function Pathways({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  const pathways = scenario.pathways ?? [];
  const breaches = breachCountsByRule(scenario);
  const counts = new Map<string, number>();
  for (const s of scenario.students) if (s.pathway) counts.set(s.pathway, (counts.get(s.pathway) ?? 0) + 1);
  return (
    <Section id="offer-pathways" title="Pathways">
      {pathways.length === 0 ? (
        <p className="muted">No pathways: every student chooses freely.</p>
      ) : (
        <>
          <p className="muted">{RULE_SYNTAX} Course ids, or tag:NAME for every course with that tag.</p>
          <div className="scroll">
            <table className="data edit" data-testid="pathways-table">
              <thead>
                <tr>
                  <th scope="col">ID</th>
                  <th scope="col">Name</th>
                  <th scope="col">Choices</th>
                  <th scope="col">Rules, one a line</th>
                  <th scope="col">Students</th>
                  <th scope="col"><span className="visually-hidden">Remove</span></th>
                </tr>
              </thead>
              <tbody>
                {pathways.map((pw, i) => {
                  const p = `pathways[${i}]`;
                  const who = pw.id || `pathway ${i + 1}`;
                  return (
                    <tr key={i} className={idx.under(p).length ? 'invalid-row' : ''}>
                      <td><Cell value={pw.id} required label={`Pathway ${who} id`} issue={idx.at(`${p}.id`)} onCommit={(v) => patchItem('pathways', i, { id: v })} /></td>
                      <td><Cell value={pw.name} required label={`Pathway ${who} name`} issue={idx.at(`${p}.name`)} onCommit={(v) => patchItem('pathways', i, { name: v })} /></td>
                      <td><Cell value={pw.choices} kind="number" label={`Pathway ${who} number of choices`} issue={idx.at(`${p}.choices`)} onCommit={(v) => patchItem('pathways', i, { choices: v })} /></td>
                      <td>
                        <RulesEditor rules={pw.rules} label={`Pathway ${who} rules, one a line`} issues={idx.under(`${p}.rules`)} onCommit={(rules) => patchItem('pathways', i, { rules })} source={`${p}.rules`} breaches={breaches} />
                      </td>
                      <td>{counts.get(pw.id) ?? 0}</td>
                      <td><RemoveButton label={`Remove pathway ${who}`} onClick={() => removeItem('pathways', i)} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
      <button type="button" onClick={() => addItem('pathways', { id: `PW${pathways.length + 1}`, name: 'New pathway', rules: [] })}>
        Add a pathway
      </button>
    </Section>
  );
}

/** The scenario's top-level rules (an addition of this project to docs/format.md): for every student, whatever their pathway. */
function EveryStudentRules({ scenario, idx }: { scenario: Scenario; idx: Index }) {
  const rules = (scenario as { rules?: unknown[] }).rules ?? [];
  return (
    <Section id="offer-rules" title="Rules for every student">
      <p className="muted">
        Rules every student's choices must keep, whatever their pathway; &ldquo;only&rdquo; lines open courses to some students only, by a
        student attribute. {RULE_SYNTAX}
      </p>
      <RulesEditor
        rules={rules}
        label="Rules for every student, one a line"
        issues={idx.under('rules')}
        source="rules"
        breaches={breachCountsByRule(scenario)}
        onCommit={(next) =>
          editScenario('edit the rules for every student', (s) => {
            const out = { ...s } as Scenario & { rules?: unknown[] };
            if (next.length > 0) out.rules = next;
            else delete out.rules;
            return out;
          }, 'field.rules')
        }
      />
    </Section>
  );
}

/**
 * A list of rules as lines of text, committed on every keystroke like a Cell: the typed text is kept
 * while the field has focus, and a line that is not a rule is committed as its text (see rules.ts).
 */
function RulesEditor({
  rules,
  label,
  issues,
  onCommit,
  source,
  breaches,
}: {
  rules: readonly unknown[];
  label: string;
  issues: { path: string; message: string }[];
  onCommit: (rules: unknown[]) => void;
  /** Path of the list ("rules", "pathways[1].rules"): breach counts are keyed by `${source}[i]`. */
  source: string;
  breaches: Map<string, number>;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? rules.map(ruleToText).join('\n');
  const unread = parseRuleLines(shown).unread;
  const bad = issues.length > 0 || unread.length > 0;
  return (
    <div className="rules-editor">
      <textarea
        className={bad ? 'cell invalid' : 'cell'}
        aria-label={label}
        aria-invalid={bad ? true : undefined}
        title={issues.map((i) => i.message).join(' ') || undefined}
        rows={Math.max(2, shown.split('\n').length)}
        cols={42}
        value={shown}
        spellCheck={false}
        onFocus={() => setDraft(rules.map(ruleToText).join('\n'))}
        onBlur={() => setDraft(null)}
        onChange={(e) => {
          setDraft(e.target.value);
          onCommit(parseRuleLines(e.target.value).rules);
        }}
      />
      {unread.length > 0 && (
        <p className="small-error" role="status">
          Line{unread.length > 1 ? 's' : ''} {unread.join(', ')} {unread.length > 1 ? 'are' : 'is'} not a rule. {RULE_SYNTAX}
        </p>
      )}
      {draft === null && <RuleControls rules={rules} label={label} onCommit={onCommit} source={source} breaches={breaches} />}
    </div>
  );
}

/**
 * One line a rule: the rule, how many students' choices break it, and "Enforce / Let pass" (`"enforce"` on
 * the rule; a min rule cannot be enforced by placing fewer courses, so it is only flagged).
 */
function RuleControls({ rules, label, onCommit, source, breaches }: { rules: readonly unknown[]; label: string; onCommit: (rules: unknown[]) => void; source: string; breaches: Map<string, number> }) {
  const shown = rules.map((r, i) => ({ r, i })).filter(({ r }) => typeof r === 'object' && r !== null);
  if (shown.length === 0) return null;
  return (
    <ul className="rule-controls" aria-label={`Enforce or let pass: ${label.replace(/, one a line$/, '')}`} data-testid="rule-controls">
      {shown.map(({ r, i }) => {
        const n = breaches.get(`${source}[${i}]`) ?? 0;
        const text = ruleToText(withEnforce(r, true)).replace(/ \(enforce\)$/, '');
        return (
          <li key={i}>
            <code>{text}</code>{' '}
            <span className={n > 0 ? 'small-error' : 'muted'}>
              {n === 0 ? 'no student breaks it' : `${n} student${n === 1 ? "'s choices break" : "s' choices break"} it`}
            </span>{' '}
            {canEnforce(r) ? (
              <select
                aria-label={`Rule ${i + 1} (${text}): enforce or let pass`}
                value={isEnforced(r) ? 'enforce' : 'pass'}
                onChange={(e) => onCommit(rules.map((x, j) => (j === i ? withEnforce(x, e.target.value === 'enforce') : x)))}
              >
                <option value="enforce">Enforce</option>
                <option value="pass">Let pass</option>
              </select>
            ) : (
              <span className="muted">flagged only (cannot be enforced)</span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
