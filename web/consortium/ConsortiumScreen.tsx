/**
 * The Consortium screen (issue 15 point 4, docs/consortium.md "In the planner"): for a coordinator at one school.
 * Open a consortium file or start one from the current scenario; see and edit the members, the common columns
 * (each school's block lined up under each column), the shared courses and their places; export this school's
 * demand file and key; solve together in a Web Worker with progress and cancel; read the dashboard; download
 * each school's part; merge this school's part with its key into the planner.
 *
 * The consortium and its last joint plan are kept in this browser's IndexedDB (store.ts restoreConsortium), so
 * a reload finds them; "Save the consortium file" downloads the document, the exchange format. Every edit is
 * one undo step (the screen's own Undo and Redo, and Ctrl+Z outside a field while this screen is open).
 */
import { useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore, type DragEvent, type ReactNode } from 'react';
import type { Consortium, Scenario } from '../../solver';
import { browserDownload, MIME } from '../io/download';
import { useCostSettings } from '../components/costSettings';
import { travelShortfalls, unusableColumns } from '../../data/consortium';
import { usePlanner } from '../state/store';
import { dismissMessage } from '../state/actions';
import { dashboard, groupAnnualCost, memberRemoval, memberRemovalText, memberScenarios, placeName, type Dashboard } from './logic';
import { idbConsortiumPersistence } from './persist';
import {
  addDemandFile,
  asideFile,
  browserConsortiumPort,
  cancelSolveTogether,
  changeColumnName,
  changeCourseColumn,
  changeCourseHost,
  changeCourseNumber,
  changeFarApart,
  changeMaxAwayCourses,
  changePlaces,
  closeConsortium,
  consortiumStore,
  dropFarApart,
  dropMember,
  dropSharedCourse,
  exportMyDemand,
  forgetAside,
  lineUp,
  mergeMyPart,
  newFarApart,
  newSharedCourse,
  newSite,
  openConsortium,
  partFiles,
  redoConsortium,
  renameMember,
  restoreConsortium,
  saveConsortiumFile,
  setConsortiumTime,
  solveTogether,
  startFromScenario,
  undoConsortium,
  type ConsortiumState,
} from './store';
import { takeMergedResult } from './into-planner';
import './consortium.css';

const TIME_LIMITS = [10, 30, 60, 120, 300];

function useConsortium<T>(pick: (s: ConsortiumState) => T): T {
  return useSyncExternalStore(consortiumStore.subscribe, () => pick(consortiumStore.getState()), () => pick(consortiumStore.getState()));
}

function download(file: { fileName: string; text: string } | null): void {
  if (file) browserDownload(file.text, file.fileName, MIME.json);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;
const money = (x: number) => `£${Math.round(x).toLocaleString('en-GB')}`;

/** A file picker that also takes a file dropped on it; hands the text and the file's name over. */
function FileDrop({ label, onText, testId }: { label: string; onText: (text: string, name: string) => void; testId: string }) {
  const [over, setOver] = useState(false);
  const read = (file: File | undefined) => {
    if (file) void file.text().then((t) => onText(t, file.name));
  };
  const onDrop = (e: DragEvent<HTMLLabelElement>) => {
    e.preventDefault();
    setOver(false);
    read(e.dataTransfer.files[0]);
  };
  return (
    <label className={`file-drop${over ? ' over' : ''}`} onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
      <span>{label}</span>
      <input type="file" accept=".json,application/json" data-testid={testId} onChange={(e) => { read(e.target.files?.[0]); e.target.value = ''; }} />
      <span className="muted"> or drop the file here</span>
    </label>
  );
}

/** A number input that hands its value over when left or on Enter; a refused value goes back to the document's. */
function NumberCell({ value, label, onCommit, placeholder }: { value: number | undefined; label: string; onCommit: (v: string) => boolean; placeholder?: string }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    if (draft !== String(value ?? '')) onCommit(draft);
    setDraft(null);
  };
  return (
    <input
      type="number"
      min={0}
      step={1}
      className="num"
      aria-label={label}
      placeholder={placeholder}
      value={draft ?? String(value ?? '')}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => { if (e.key === 'Enter') commit(); }}
    />
  );
}

function Message() {
  const message = useConsortium((s) => s.message);
  if (!message) return null;
  return (
    <div className={`message ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="consortium-message">
      <div>
        <p>{message.text}</p>
        {message.details && message.details.length > 0 && (
          <ul className="details">
            {message.details.slice(0, 20).map((d, i) => <li key={i}>{d}</li>)}
            {message.details.length > 20 && <li>…and {message.details.length - 20} more.</li>}
          </ul>
        )}
      </div>
    </div>
  );
}

function Start({ scenario }: { scenario: Scenario | null }) {
  return (
    <section aria-labelledby="cons-start">
      <h3 id="cons-start">Open or start a consortium</h3>
      <p className="muted">
        A consortium is a group of schools that agree common times (columns) so a pupil can take a course at another school or a college.
        The coordinator holds the consortium file; each school sends a demand file with its pupils' choices under random ids, and keeps the key.
      </p>
      <FileDrop label="Open a consortium file…" testId="open-consortium" onText={(t, n) => openConsortium(t, n)} />
      {scenario && (
        <p>
          <button type="button" onClick={() => download(startFromScenario(scenario))}>
            Start a consortium with “{scenario.name}” as the first school
          </button>
        </p>
      )}
    </section>
  );
}

/**
 * Asks before removing a school, naming what goes with it; a school that hosts a shared course is refused at
 * once with the reason (nothing to confirm).
 */
function askRemoveMember(c: Consortium, memberId: string): void {
  const r = memberRemoval(c, memberId);
  if (!r) return;
  if (r.blockedBy.length > 0 || c.members.length === 1) {
    dropMember(memberId);
    return;
  }
  if (window.confirm(memberRemovalText(r))) dropMember(memberId);
}

function Members({ c }: { c: Consortium }) {
  const scenarios = memberScenarios(c);
  return (
    <section aria-labelledby="cons-members">
      <h3 id="cons-members">Schools</h3>
      <table className="data" data-testid="consortium-members">
        <thead>
          <tr><th>School</th><th>Id</th><th>Pupils</th><th>Blocks</th><th><span className="visually-hidden">Remove</span></th></tr>
        </thead>
        <tbody>
          {c.members.map((m, i) => (
            <tr key={m.id} data-member={m.id}>
              <td>
                <input aria-label={`Name of school ${m.id}`} defaultValue={m.name} onBlur={(e) => renameMember(m.id, e.target.value)} />
              </td>
              <td><code>{m.id}</code></td>
              <td className="num">{scenarios[i].students.length}</td>
              <td>{scenarios[i].blocks.join(' ')}</td>
              <td>
                <button type="button" className="danger small" aria-label={`Remove ${m.name} from the consortium`} onClick={() => askRemoveMember(c, m.id)}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FileDrop label="Add a school from its demand file…" testId="add-demand" onText={(t, n) => addDemandFile(t, n)} />
      <p className="muted">Add other schools from the demand files they send, never from their own scenario files: those hold pupils' names.</p>
    </section>
  );
}

function Columns({ c }: { c: Consortium }) {
  const scenarios = memberScenarios(c);
  return (
    <section aria-labelledby="cons-columns">
      <h3 id="cons-columns">Common columns</h3>
      <p className="muted">Each row is a time all the schools share: its name (as the schools call it, e.g. “Mon AM”), then the block of each school that runs then; “none” if it has no block at that time.</p>
      <table className="data grid" data-testid="consortium-columns">
        <thead>
          <tr><th>Column</th>{c.members.map((m) => <th key={m.id}>{m.name}</th>)}</tr>
        </thead>
        <tbody>
          {c.columns.map((col, j) => (
            <tr key={col.id} data-column={col.id}>
              <th scope="row">
                <input
                  key={col.id}
                  className="column-name"
                  aria-label={`Name of column ${col.id}`}
                  defaultValue={col.id}
                  onBlur={(e) => { if (!changeColumnName(j, e.target.value)) e.target.value = col.id; }}
                  onKeyDown={(e) => { if (e.key === 'Enter') e.currentTarget.blur(); }}
                />
              </th>
              {c.members.map((m, i) => (
                <td key={m.id}>
                  <select aria-label={`${m.name}, column ${col.id}`} value={col.blocks[m.id] ?? ''} onChange={(e) => lineUp(j, m.id, e.target.value)}>
                    <option value="">none</option>
                    {scenarios[i].blocks.map((b) => <option key={b} value={b}>Block {b}</option>)}
                  </select>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function SharedCourses({ c }: { c: Consortium }) {
  const hosts = [...c.members.map((m) => ({ id: m.id, name: m.name })), ...(c.sites ?? [])];
  const [draft, setDraft] = useState({ id: '', name: '', host: hosts[0]?.id ?? '', size: '20' });
  const [site, setSite] = useState({ id: '', name: '' });
  return (
    <section aria-labelledby="cons-shared">
      <h3 id="cons-shared">Shared courses and places</h3>
      <table className="data" data-testid="consortium-shared">
        <thead>
          <tr>
            <th>Course</th><th>Taught at</th><th>Group size</th><th>Groups</th><th>Columns</th>
            {c.members.map((m) => <th key={m.id}>Places: {m.name}</th>)}
            <th><span className="visually-hidden">Remove</span></th>
          </tr>
        </thead>
        <tbody>
          {c.sharedCourses.map((s, k) => (
            <tr key={s.id} data-course={s.id}>
              <th scope="row">{s.name} <span className="muted">({s.id})</span></th>
              <td>
                <select aria-label={`${s.name} taught at`} value={s.host} onChange={(e) => changeCourseHost(k, e.target.value)}>
                  {hosts.some((h) => h.id === s.host) ? null : <option value={s.host}>{s.host}</option>}
                  {hosts.map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
                </select>
              </td>
              <td><NumberCell value={s.maxGroupSize} label={`${s.name} group size`} onCommit={(v) => changeCourseNumber(k, 'maxGroupSize', v)} /></td>
              <td><NumberCell value={s.maxGroups} label={`${s.name} groups`} onCommit={(v) => changeCourseNumber(k, 'maxGroups', v)} /></td>
              <td className="course-columns">
                {c.columns.map((col) => {
                  // A ticked column where a school with places has no block is never used: say why beside it.
                  const unusable = unusableColumns(c, s).find((u) => u.column === col.id);
                  return (
                    <div key={col.id}>
                      <label className="check">
                        <input type="checkbox" aria-label={`${s.name} in column ${col.id}`} checked={(s.columns ?? c.columns.map((x) => x.id)).includes(col.id)} onChange={(e) => changeCourseColumn(k, col.id, e.target.checked)} />
                        {col.id}
                      </label>
                      {unusable && <div className="unusable" data-unusable={col.id}>never used: no block of {unusable.without.map((m) => c.members.find((x) => x.id === m)?.name ?? m).join(', ')}, which {unusable.without.length === 1 ? 'has' : 'have'} places</div>}
                    </div>
                  );
                })}
              </td>
              {c.members.map((m) => (
                <td key={m.id}><NumberCell value={s.places[m.id] ?? 0} label={`${s.name} places for ${m.name}`} onCommit={(v) => changePlaces(k, m.id, v)} /></td>
              ))}
              <td><button type="button" className="danger small" aria-label={`Remove shared course ${s.name}`} onClick={() => dropSharedCourse(k)}>Remove</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      <details>
        <summary>Add a shared course or a college</summary>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (newSharedCourse({ id: draft.id.trim(), name: draft.name, host: draft.host, maxGroupSize: Number(draft.size) })) setDraft({ ...draft, id: '', name: '' }); }}>
          <label><span>Course id</span><input value={draft.id} onChange={(e) => setDraft({ ...draft, id: e.target.value })} placeholder="LAT" required /></label>
          <label><span>Name</span><input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="Latin" /></label>
          <label><span>Taught at</span>
            <select value={draft.host} onChange={(e) => setDraft({ ...draft, host: e.target.value })}>
              {hosts.map((h) => <option key={h.id} value={h.id}>{h.name}</option>)}
            </select>
          </label>
          <label><span>Group size</span><input type="number" min={1} value={draft.size} onChange={(e) => setDraft({ ...draft, size: e.target.value })} /></label>
          <button type="submit">Add shared course</button>
        </form>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (newSite(site.id.trim(), site.name)) setSite({ id: '', name: '' }); }}>
          <label><span>College id</span><input value={site.id} onChange={(e) => setSite({ ...site, id: e.target.value })} placeholder="college" required /></label>
          <label><span>Name</span><input value={site.name} onChange={(e) => setSite({ ...site, name: e.target.value })} placeholder="City College" /></label>
          <button type="submit">Add college or site</button>
        </form>
      </details>
    </section>
  );
}

function Travel({ c }: { c: Consortium }) {
  const t = c.travel ?? {};
  const places = [...c.members.map((m) => ({ id: m.id, name: m.name })), ...(c.sites ?? [])];
  const [pair, setPair] = useState({ a: places[0]?.id ?? '', b: places[1]?.id ?? '', before: '0', after: '1' });
  return (
    <section aria-labelledby="cons-travel">
      <h3 id="cons-travel">Travel rules</h3>
      <ul data-testid="consortium-travel">
        <li>Courses at another school or a college only in the common columns (always: a shared course is placed only in a common column).</li>
        <li data-rule="max-away">{t.maxAwayCourses === undefined ? 'No limit on how many courses a pupil takes away from home.' : `At most ${plural(t.maxAwayCourses, 'course')} away from home a pupil.`}</li>
        {(t.farApart ?? []).map((f, i) => (
          <li key={i} data-rule="far-apart">
            {placeName(c, f.between[0])} and {placeName(c, f.between[1])} are far apart: a pupil keeps {plural(f.freeBefore ?? 0, 'column')} free before and {f.freeAfter ?? 0} after a course at the other.
          </li>
        ))}
      </ul>
      <div className="inline-form">
        <label><span>Most courses away from home a pupil (empty: no limit)</span>
          <NumberCell value={t.maxAwayCourses} label="Most courses away from home a pupil" placeholder="no limit" onCommit={(v) => changeMaxAwayCourses(v)} />
        </label>
      </div>
      {(t.farApart ?? []).length > 0 && (
        <table className="data" data-testid="consortium-far-apart">
          <thead><tr><th>Far apart</th><th>Columns free before</th><th>Columns free after</th><th><span className="visually-hidden">Remove</span></th></tr></thead>
          <tbody>
            {(t.farApart ?? []).map((f, i) => {
              const name = `${placeName(c, f.between[0])} and ${placeName(c, f.between[1])}`;
              return (
                <tr key={`${f.between[0]}-${f.between[1]}`}>
                  <th scope="row">{name}</th>
                  <td><NumberCell value={f.freeBefore ?? 0} label={`Columns free before, ${name}`} onCommit={(v) => changeFarApart(i, 'freeBefore', v)} /></td>
                  <td><NumberCell value={f.freeAfter ?? 0} label={`Columns free after, ${name}`} onCommit={(v) => changeFarApart(i, 'freeAfter', v)} /></td>
                  <td><button type="button" className="danger small" aria-label={`Remove far apart ${name}`} onClick={() => dropFarApart(i)}>Remove</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <details>
        <summary>Add two places that are far apart</summary>
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); newFarApart(pair.a, pair.b, pair.before, pair.after); }}>
          <label><span>From</span>
            <select value={pair.a} onChange={(e) => setPair({ ...pair, a: e.target.value })}>{places.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
          </label>
          <label><span>To</span>
            <select value={pair.b} onChange={(e) => setPair({ ...pair, b: e.target.value })}>{places.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}</select>
          </label>
          <label><span>Columns free before</span><input type="number" min={0} className="num" value={pair.before} onChange={(e) => setPair({ ...pair, before: e.target.value })} /></label>
          <label><span>Columns free after</span><input type="number" min={0} className="num" value={pair.after} onChange={(e) => setPair({ ...pair, after: e.target.value })} /></label>
          <button type="submit">Add far-apart places</button>
        </form>
      </details>
    </section>
  );
}

function MyDemand({ c, scenario }: { c: Consortium; scenario: Scenario | null }) {
  const [member, setMember] = useState(c.members[0]?.id ?? '');
  if (!scenario) return null;
  return (
    <section aria-labelledby="cons-demand">
      <h3 id="cons-demand">Export my school's demand file</h3>
      <p>
        From the open scenario “{scenario.name}”: two files. <strong>The demand file</strong> goes to the coordinator: pupils' choices under random ids, no names.
        <strong> The KEY stays at school</strong>: it turns the random ids back into your pupils. Never send it.
      </p>
      <div className="inline-form">
        <label><span>My school in the consortium</span>
          <select value={member} onChange={(e) => setMember(e.target.value)}>
            {c.members.map((m) => <option key={m.id} value={m.id}>{m.name} ({m.id})</option>)}
          </select>
        </label>
        <button type="button" onClick={() => { const f = exportMyDemand(scenario, member); if (f) { download(f.demand); download(f.key); } }}>
          Export my school's demand file
        </button>
      </div>
    </section>
  );
}

function SolveTogether() {
  const solving = useConsortium((s) => s.solving);
  const progress = useConsortium((s) => s.progress);
  const timeSeconds = useConsortium((s) => s.timeSeconds);
  const c = useConsortium((s) => s.consortium);
  const limits = TIME_LIMITS.includes(timeSeconds) ? TIME_LIMITS : [...TIME_LIMITS, timeSeconds].sort((a, b) => a - b);
  // Pupils a far-apart rule leaves short of a choice whatever the plan (proved from the counts): before solving.
  const shortfalls = c === null ? [] : c.members.flatMap((m) => (typeof m.scenario === 'object' && Array.isArray((m.scenario as Scenario).students) ? travelShortfalls(c, m.id, m.scenario as Scenario) : []));
  return (
    <section aria-labelledby="cons-solve">
      <h3 id="cons-solve">Solve together</h3>
      {shortfalls.length > 0 && (
        <ul className="warnings" data-testid="consortium-travel-shortfalls">
          {shortfalls.map((f) => <li key={`${f.member} ${f.course}`}>{f.message}</li>)}
        </ul>
      )}
      <p className="muted">The joint solve plans every school's blocking and the shared groups together. Unless that plan satisfies every pupil, it then plans each school alone with the shared courses by hand in their first common column, and never returns a plan worse in all; the dashboard shows each school beside its figure alone.</p>
      <div className="inline-form">
        <label><span>Time limit</span>
          <select aria-label="Consortium time limit" value={timeSeconds} disabled={solving} onChange={(e) => setConsortiumTime(Number(e.target.value))}>
            {limits.map((s) => <option key={s} value={s}>{s} s</option>)}
          </select>
        </label>
        {solving ? (
          <button type="button" onClick={() => cancelSolveTogether(browserConsortiumPort())}>Stop and keep the best so far</button>
        ) : (
          <button type="button" className="primary" onClick={() => void solveTogether(browserConsortiumPort())}>Solve together</button>
        )}
      </div>
      {solving && (
        <p role="status" data-testid="consortium-progress">
          Solving…{progress ? ` ${progress.fullySatisfied} of ${progress.students} pupils fully placed so far, ${progress.seconds.toFixed(0)} s.` : ''}
        </p>
      )}
    </section>
  );
}

function Table({ testId, head, rows }: { testId: string; head: ReactNode[]; rows: ReactNode[][] }) {
  return (
    <table className="data" data-testid={testId}>
      <thead><tr>{head.map((h, i) => <th key={i}>{h}</th>)}</tr></thead>
      <tbody>{rows.map((r, i) => <tr key={i}>{r.map((x, k) => (k === 0 ? <th key={k} scope="row">{x}</th> : <td key={k} className="num">{x}</td>))}</tr>)}</tbody>
    </table>
  );
}

function DashboardView({ c, d }: { c: Consortium; d: Dashboard }) {
  const { costPerWeeklyHour } = useCostSettings();
  const nameOf = (id: string) => c.members.find((m) => m.id === id)?.name ?? c.sites?.find((s) => s.id === id)?.name ?? id;
  const hostsUsed = [...new Set(Object.values(d.travelling).flatMap((row) => Object.keys(row)))];
  const worse = d.satisfaction.filter((r) => r.alone !== undefined && r.fullySatisfied < r.alone);
  return (
    <section aria-labelledby="cons-dashboard" data-testid="consortium-dashboard">
      <h3 id="cons-dashboard">The joint plan</h3>
      <p data-testid="consortium-total">
        <strong>{d.totals.fullySatisfied}</strong> of {d.totals.students} pupils fully satisfied across the consortium ({percent(d.totals.students ? d.totals.fullySatisfied / d.totals.students : 1)}).
      </p>
      {worse.length > 0 && (
        <p className="message error" data-testid="consortium-worse">
          The joint plan leaves {worse.map((r) => `${r.name} (${r.fullySatisfied} fully satisfied, ${r.alone} alone)`).join(' and ')} worse off than planning alone.
        </p>
      )}
      <h4>Satisfaction per school</h4>
      <Table
        testId="consortium-satisfaction"
        head={['School', 'Pupils', 'Fully satisfied', 'Share', 'Alone (shared courses by hand)', '']}
        rows={d.satisfaction.map((r) => [
          r.name,
          r.students,
          <span key="f" data-member={r.member} data-fully={r.fullySatisfied}>{r.fullySatisfied}</span>,
          percent(r.share),
          r.alone === undefined ? '—' : r.alone,
          <span key="l">{r.lowest && <span className="tag low">lowest</span>}{r.alone !== undefined && r.fullySatisfied < r.alone && <span className="tag bad">worse than alone</span>}</span>,
        ])}
      />
      <h4>Places used per school (used of allowed)</h4>
      <Table
        testId="consortium-places"
        head={['Shared course', ...c.members.map((m) => m.name)]}
        rows={d.places.map((p) => [
          `${p.name} (at ${nameOf(p.host)})`,
          ...c.members.map((m) => {
            const u = p.byMember[m.id];
            return <span key={m.id} data-course={p.course} data-member={m.id} data-used={u.used} className={u.used > u.allowed ? 'bad' : ''}>{u.allowed === 0 && u.used === 0 ? '—' : `${u.used} of ${u.allowed}`}</span>;
          }),
        ])}
      />
      <h4>Pupils travelling per column and place</h4>
      {hostsUsed.length === 0 ? (
        <p className="muted">No pupil travels in this plan.</p>
      ) : (
        <Table
          testId="consortium-travelling"
          head={['Column', ...hostsUsed.map((h) => `to ${nameOf(h)}`)]}
          rows={c.columns.map((col) => [col.id, ...hostsUsed.map((h) => <span key={h} data-column={col.id} data-host={h}>{d.travelling[col.id][h] ?? 0}</span>)])}
        />
      )}
      <h4>Cost of each shared group, split by use</h4>
      <p className="muted">A group costs what a group taught at home costs (periods a fortnight ÷ 2 × {money(costPerWeeklyHour)} a weekly hour, the Results screen's setting); each school's part is its share of the group's pupils.</p>
      <Table
        testId="consortium-costs"
        head={['Group', 'Column', 'Pupils', 'Cost a year', ...c.members.map((m) => m.name)]}
        rows={[
          ...d.groups.map((g) => {
            const cost = groupAnnualCost(c, g.host, costPerWeeklyHour);
            return [
              `${g.group} (${nameOf(g.host)})`,
              g.column,
              g.pupils,
              money(cost),
              ...c.members.map((m) => (g.byMember[m.id] ? `${g.byMember[m.id]} · ${percent(g.share[m.id])} · ${money(cost * g.share[m.id])}` : '—')),
            ];
          }),
          // What a head asks first: what the shared groups cost the school in all (the shares of each group add up to its cost).
          [
            'Each school in all',
            '',
            d.groups.reduce((n, g) => n + g.pupils, 0),
            money(d.groups.reduce((n, g) => n + groupAnnualCost(c, g.host, costPerWeeklyHour), 0)),
            ...c.members.map((m) => <strong key={m.id} data-member-cost={m.id}>{money(d.groups.reduce((n, g) => n + groupAnnualCost(c, g.host, costPerWeeklyHour) * (g.share[m.id] ?? 0), 0))}</strong>),
          ],
        ]}
      />
    </section>
  );
}

function Results({ c, current }: { c: Consortium; current: { id: string; scenario: Scenario } | null }) {
  const outcome = useConsortium((s) => s.outcome);
  const alone = useConsortium((s) => s.alone);
  const check = useConsortium((s) => s.check);
  const part = useRef<{ text: string; name: string } | null>(null);
  const key = useRef<{ text: string; name: string } | null>(null);
  const [names, setNames] = useState({ part: '', key: '' });
  return (
    <>
      {outcome && <DashboardView c={c} d={dashboard(c, outcome.parts, alone)} />}
      {outcome && check && (
        <p className={check.ok ? 'muted' : 'message error'} data-testid="consortium-check">
          {check.ok ? 'The consortium check passes: places per school, travel rules, and every shared group the same in every school’s part.' : `The consortium check finds ${check.violations.length} ${check.violations.length === 1 ? 'problem' : 'problems'}${check.violations.length > 5 ? ' (the first 5)' : ''}:`}
        </p>
      )}
      {outcome && check && !check.ok && (
        <ul className="details" data-testid="consortium-check-problems">
          {check.violations.slice(0, 5).map((v, i) => <li key={i}>{v.member ? `${c.members.find((m) => m.id === v.member)?.name ?? v.member}: ` : ''}{v.message}</li>)}
        </ul>
      )}
      {outcome && (
        <section aria-labelledby="cons-parts">
          <h3 id="cons-parts">Download each school's result</h3>
          <p className="muted">One file per school: send each school its own. It names pupils only by the random ids of that school's demand file.</p>
          <div className="inline-form">
            {partFiles().map((f) => <button type="button" key={f.fileName} onClick={() => download(f)}>{f.fileName}</button>)}
          </div>
        </section>
      )}
      {current && (
        <section aria-labelledby="cons-merge">
          <h3 id="cons-merge">Merge my school's result</h3>
          <p className="muted">Your school's result file from the coordinator and the KEY you kept: the plan comes back with your own pupils, checked, as a new scenario next to “{current.scenario.name}”.</p>
          <FileDrop label={names.part ? `Result file: ${names.part}` : 'My school’s result file…'} testId="merge-part" onText={(t, n) => { part.current = { text: t, name: n }; setNames((x) => ({ ...x, part: n })); }} />
          <FileDrop label={names.key ? `Key: ${names.key}` : 'My school’s KEY…'} testId="merge-key" onText={(t, n) => { key.current = { text: t, name: n }; setNames((x) => ({ ...x, key: n })); }} />
          <button
            type="button"
            disabled={!names.part || !names.key}
            onClick={() => {
              if (!part.current || !key.current) return;
              const merged = mergeMyPart(part.current.text, part.current.name, key.current.text, key.current.name, current.scenario);
              if (merged.ok) takeMergedResult(merged.value.scenario, merged.value.result, current.id);
            }}
          >
            Merge my school's result
          </button>
        </section>
      )}
    </>
  );
}

/** Where the work is kept, and the screen's undo and redo. */
function KeptAndUndo({ open }: { open: boolean }) {
  const kept = useConsortium((s) => s.kept);
  const canUndo = useConsortium((s) => s.past.length > 0 && !s.solving);
  const canRedo = useConsortium((s) => s.future.length > 0 && !s.solving);
  const undoLabel = useConsortium((s) => s.past[s.past.length - 1]?.label);
  const redoLabel = useConsortium((s) => s.future[s.future.length - 1]?.label);
  if (!open && !canUndo && !canRedo) return null;
  const words = !open ? ''
    : kept?.state === 'saving' ? 'Keeping in this browser…'
    : kept?.state === 'saved' ? 'Kept in this browser: a reload finds it again.'
    : kept?.state === 'failed' ? `Not kept in this browser (${kept.why}): save the consortium file to keep your changes.`
    : kept?.state === 'off' ? `This browser does not keep the consortium (${kept.why}): save the consortium file to keep your changes.`
    : '';
  return (
    <div className="inline-form">
      <button type="button" onClick={undoConsortium} disabled={!canUndo} title={undoLabel ? `Undo: ${undoLabel} (Ctrl+Z)` : 'Undo (Ctrl+Z)'}>Undo consortium edit</button>
      <button type="button" onClick={redoConsortium} disabled={!canRedo} title={redoLabel ? `Redo: ${redoLabel} (Ctrl+Shift+Z)` : 'Redo (Ctrl+Shift+Z)'}>Redo consortium edit</button>
      {words && <span className={kept?.state === 'saved' || kept?.state === 'saving' ? 'muted' : 'bad'} data-testid="consortium-kept" data-state={kept?.state}>{words}</span>}
    </div>
  );
}

/** Stored workspaces that no longer opened: reported and offered as files, never dropped. */
function KeptAside() {
  const aside = useConsortium((s) => s.aside);
  if (aside.length === 0) return null;
  return (
    <section aria-labelledby="cons-aside" data-testid="consortium-aside">
      <h3 id="cons-aside">Kept aside</h3>
      <p className="muted">A consortium or joint plan kept in this browser that no longer opened (perhaps saved by an older version). Download it to fix it or send it on.</p>
      <ul>
        {aside.map((e) => (
          <li key={e.id}>
            Kept aside {new Date(e.keptAt).toLocaleString('en-GB')}: {e.reasons[0]}{e.reasons.length > 1 ? ` (and ${e.reasons.length - 1} more)` : ''}{' '}
            <button type="button" onClick={() => download(asideFile(e))}>Download it</button>{' '}
            <button type="button" className="danger small" onClick={() => { if (window.confirm('Forget this kept-aside consortium? It is deleted from this browser; download it first to keep it.')) void forgetAside(e.id); }}>
              Forget it
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The browser's persistence, opened once for the page. */
let browserPersistence: ReturnType<typeof idbConsortiumPersistence> | null = null;

export function ConsortiumScreen() {
  const c = useConsortium((s) => s.consortium);
  const solving = useConsortium((s) => s.solving);
  const restoring = useConsortium((s) => s.restoring);
  // Before the first paint, so the screen shows "reading" rather than a moment of "open or start".
  useLayoutEffect(() => {
    // In the browser only (the tests render with their own persistence or none).
    if (typeof indexedDB === 'undefined' && typeof window === 'undefined') return;
    browserPersistence ??= idbConsortiumPersistence();
    void restoreConsortium(browserPersistence);
  }, []);
  useEffect(() => {
    // The planner's banner is about the planner's screens ("Solved ..." of whichever scenario was solved, which
    // may not be the open one): it goes when this screen opens, whose own messages name their scenario.
    dismissMessage();
  }, []);
  useEffect(() => {
    // Ctrl+Z outside a field undoes the consortium's last edit here, not the planner's scenario (captured before
    // the planner's own handler on window, which this stops).
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT' || t.isContentEditable)) return;
      const key = e.key.toLowerCase();
      if (!(e.ctrlKey || e.metaKey) || (key !== 'z' && key !== 'y')) return;
      e.preventDefault();
      e.stopPropagation();
      if (key === 'y' || e.shiftKey) redoConsortium();
      else undoConsortium();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
  // Two selections, each a stable value (a new object a render would re-render for ever).
  const currentId = usePlanner((s) => s.currentId);
  const currentScenario = usePlanner((s) => (s.currentId ? s.records[s.currentId]?.scenario : undefined));
  const current = currentId && currentScenario ? { id: currentId, scenario: currentScenario } : null;
  return (
    <div className="screen consortium-screen">
      <h2>{c ? `Consortium: ${c.name}` : 'Consortium'}</h2>
      <Message />
      {restoring && <p className="muted">Reading the consortium kept in this browser…</p>}
      <KeptAside />
      {restoring ? null : !c ? (
        <>
          <KeptAndUndo open={false} />
          <Start scenario={current?.scenario ?? null} />
          {current && (
            <section>
              <p className="muted">To export your school's demand file, first open the consortium file the coordinator sent.</p>
            </section>
          )}
        </>
      ) : (
        <>
          <p className="muted">
            Consortium <code>{c.id}</code> · {plural(c.members.length, 'school')} · {plural(c.columns.length, 'common column')} · {plural(c.sharedCourses.length, 'shared course')}. The consortium file is what goes round the
            schools: save it to send it.
          </p>
          <KeptAndUndo open />
          <div className="inline-form">
            <button type="button" onClick={() => download(saveConsortiumFile())}>Save the consortium file</button>
            <button
              type="button"
              disabled={solving}
              onClick={() => { if (window.confirm(`Close "${c.name}"? This browser then keeps no consortium (Undo opens it again until you leave the page). Save the consortium file first to keep it.`)) closeConsortium(); }}
            >
              Close the consortium
            </button>
          </div>
          <Members c={c} />
          <Columns c={c} />
          <SharedCourses c={c} />
          <Travel c={c} />
          <MyDemand c={c} scenario={current?.scenario ?? null} />
          <SolveTogether />
          <Results c={c} current={current} />
        </>
      )}
    </div>
  );
}
