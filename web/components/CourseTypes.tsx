/**
 * Course types for accountability (issue 9): which qualification each course is, as the rule sets read
 * it (kind and tags). A course without tags has its type read from its name (solver/analysis/recognise.ts)
 * and shown as a suggestion to confirm or change; a course whose name says nothing has no type, and the
 * figures resting on it show "needs data" until it is given one here. Confirming writes the course's
 * `tags` and `kind` (and the discount code and department where the course has none) through the store's
 * patchItem / editScenario, so each step can be undone. Below: the tags the rule sets use and what each means.
 */
import { useEffect, useRef } from 'react';
import {
  COURSE_TYPES, DEFAULT_RULE_SETS, kindFromName, recogniseCourse, ruleSetTags, TAG_MEANINGS, typeOf,
  type Recognition, type Course, type CourseKind, type Scenario,
} from '../../solver';
import { editScenario, patchItem } from '../state/actions';
import { COURSE_TYPES_ID, takeCourseTypesFocus } from './courseTypesLink';

const VOC = ['technical-award', 'vocational'];

/** Choices beyond the catalogue: for courses the catalogue does not know. */
const SPECIAL: { id: string; label: string; kind: CourseKind; tags: string[] }[] = [
  { id: 'other-gcse', label: 'Another GCSE (no EBacc or breadth area)', kind: 'GCSE', tags: [] },
  { id: 'other-creative', label: 'Another creative GCSE', kind: 'GCSE', tags: ['creative'] },
  { id: 'other-award', label: 'Another technical award (BTEC, Cambridge National, V Cert)', kind: 'TechAward', tags: VOC },
  { id: 'none', label: 'Not a qualification (study support, enrichment)', kind: 'Other', tags: ['no-qualification'] },
];

const KIND_TEXT: Record<CourseKind, string> = {
  GCSE: 'GCSE', BTEC: 'BTEC', CambridgeNational: 'Cambridge National', VCert: 'V Cert', TechAward: 'Tech Award', Other: 'Other',
};

/** The type chosen in the list, for a course: the catalogue entry at the kind its name says, or a special. */
function chosenType(id: string, course: Course): Recognition | null {
  const e = COURSE_TYPES.find((x) => x.id === id);
  if (e) return typeOf(e, kindFromName(course.name) ?? e.kind ?? 'GCSE', 'chosen');
  const sp = SPECIAL.find((x) => x.id === id);
  if (!sp) return null;
  // An award keeps the vocational kind the course already has (a BTEC stays a BTEC).
  const kind = sp.id === 'other-award' && course.kind && VOCATIONAL_KINDS.includes(course.kind) ? course.kind : sp.kind;
  return { type: sp.id, label: sp.label, kind, tags: [...sp.tags], matched: 'chosen' };
}

/** The fields a type writes: tags and kind always; discount code and department only where there are none. */
function typePatch(course: Course, t: Recognition): Partial<Course> {
  return {
    tags: [...t.tags],
    kind: t.kind,
    ...(course.discountCode === undefined && t.discountCode ? { discountCode: t.discountCode } : {}),
    ...(course.department === undefined && t.department ? { department: t.department } : {}),
  };
}

type Row = { course: Course; index: number; status: 'given' | 'inferred' | 'untyped'; suggestion: Recognition | null };

export function CourseTypes({ scenario }: { scenario: Scenario }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!takeCourseTypesFocus() || !ref.current) return;
    ref.current.scrollIntoView({ block: 'start' });
    ref.current.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
  }, []);

  const rows: Row[] = scenario.courses.map((course, index) => {
    if (course.tags !== undefined) return { course, index, status: 'given', suggestion: null };
    const r = recogniseCourse(course);
    return { course, index, status: r ? 'inferred' : 'untyped', suggestion: r };
  });
  const inferred = rows.filter((r) => r.status === 'inferred');
  const untyped = rows.filter((r) => r.status === 'untyped');
  const given = rows.length - inferred.length - untyped.length;

  const confirmAll = () =>
    editScenario(`confirm ${inferred.length} course types`, (s) => ({
      ...s,
      courses: s.courses.map((c) => {
        if (c.tags !== undefined) return c;
        const r = recogniseCourse(c);
        return r ? { ...c, ...typePatch(c, r) } : c;
      }),
    }));

  return (
    <section id={COURSE_TYPES_ID} ref={ref} aria-labelledby="course-types-title" data-testid="course-types">
      <h3 id="course-types-title" tabIndex={-1}>
        Course types for accountability
      </h3>
      <p className="muted">
        Attainment 8, the EBacc and the proposed structure read each course’s kind and tags. Where a course has no tags, the
        planner reads its type from the name; confirm the suggestions or choose another type. The discount codes suggested
        are the planner’s defaults: check them against the DfE discount code list.
      </p>
      <p data-testid="course-types-summary">
        {given} course{given === 1 ? '' : 's'} typed by the school, {inferred.length} read from {inferred.length === 1 ? 'its name' : 'their names'} (to confirm),{' '}
        {untyped.length} with no type.
        {untyped.length > 0 && (
          <strong className="note warn" style={{ display: 'inline', marginLeft: '0.4rem' }}>
            {untyped.length} course{untyped.length === 1 ? ' has' : 's have'} no qualification type: the accountability figures need {untyped.length === 1 ? 'it' : 'them'}.
          </strong>
        )}
      </p>
      {inferred.length > 0 && (
        <p>
          <button type="button" onClick={confirmAll} data-testid="confirm-all-types">
            Confirm all {inferred.length} suggested type{inferred.length === 1 ? '' : 's'}
          </button>
        </p>
      )}
      <div className="scroll">
        <table className="data" data-testid="course-types-table">
          <thead>
            <tr>
              <th scope="col">Course</th>
              <th scope="col">Type</th>
              <th scope="col">Kind</th>
              <th scope="col">Tags</th>
              <th scope="col">Discount code</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {/* Courses with no type first: they are what the figures wait for. */}
            {[...untyped, ...rows.filter((r) => r.status !== 'untyped')].map((r) => (
              <TypeRow key={r.index} row={r} />
            ))}
          </tbody>
        </table>
      </div>
      <RuleTags />
    </section>
  );
}

function TypeRow({ row }: { row: Row }) {
  const { course, index, status, suggestion } = row;
  const who = course.name || course.id;
  const shown: { kind: CourseKind; tags: string[]; code?: string } =
    status === 'inferred' && suggestion
      ? { kind: suggestion.kind, tags: suggestion.tags, code: course.discountCode ?? suggestion.discountCode }
      : { kind: course.kind ?? 'GCSE', tags: course.tags ?? [], code: course.discountCode };
  const choose = (id: string) => {
    const t = chosenType(id, course);
    if (t) patchItem('courses', index, typePatch(course, t));
  };
  const current = status === 'inferred' ? suggestion!.type : status === 'given' ? givenType(course) : '';
  return (
    <tr data-course={course.id} data-status={status} className={status === 'untyped' ? 'invalid-row' : ''}>
      <th scope="row">
        {course.name} <span className="muted">{course.id}</span>
      </th>
      <td>
        <select aria-label={`${who} type`} value={current} onChange={(e) => choose(e.target.value)} style={{ maxWidth: '18rem' }}>
          {current === '' && <option value="">{status === 'given' ? 'Set by tags' : 'Choose a type…'}</option>}
          <optgroup label="Subjects">
            {COURSE_TYPES.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </optgroup>
          <optgroup label="Other">
            {SPECIAL.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </optgroup>
        </select>
      </td>
      <td>{status === 'untyped' && !course.kind ? '—' : KIND_TEXT[shown.kind]}</td>
      <td>{status === 'untyped' ? 'not known' : shown.tags.length ? shown.tags.join(', ') : <span className="muted">none</span>}</td>
      <td>{shown.code ?? <span className="muted">own</span>}</td>
      <td>
        {status === 'given' && <span>set</span>}
        {status === 'inferred' && (
          <>
            <span className="muted">suggested from “{suggestion!.matched}” </span>
            <button type="button" onClick={() => patchItem('courses', index, typePatch(course, suggestion!))} aria-label={`Confirm ${who} as ${suggestion!.label}`}>
              Confirm
            </button>
          </>
        )}
        {status === 'untyped' && <strong>no type: choose one</strong>}
      </td>
    </tr>
  );
}

const tagKey = (t: readonly string[]) => [...t].sort().join(',');
const VOCATIONAL_KINDS: readonly CourseKind[] = ['BTEC', 'CambridgeNational', 'VCert', 'TechAward'];

/** The list's value for a course the school typed: its recognised type when the tags agree, else ''. */
function givenType(course: Course): string {
  const tags = tagKey(course.tags ?? []);
  const kind = course.kind ?? 'GCSE';
  const r = recogniseCourse({ id: course.id, name: course.name, kind });
  if (r && r.type !== 'vocational' && tagKey(r.tags) === tags) return r.type;
  if (VOCATIONAL_KINDS.includes(kind) && tags === tagKey(VOC)) return 'other-award';
  return SPECIAL.find((sp) => sp.kind === kind && tagKey(sp.tags) === tags)?.id ?? '';
}

function RuleTags() {
  const tags = ruleSetTags(DEFAULT_RULE_SETS);
  const readers = (tag: string) =>
    DEFAULT_RULE_SETS.filter((r) => ruleSetTags([r]).includes(tag)).map((r) => r.name).join('; ');
  return (
    <details data-testid="rule-tags">
      <summary>The tags the accountability rules use ({tags.length})</summary>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col">Meaning</th>
            <th scope="col">Read by</th>
          </tr>
        </thead>
        <tbody>
          {tags.map((t) => (
            <tr key={t}>
              <th scope="row">
                <code>{t}</code>
              </th>
              <td>{TAG_MEANINGS[t] ?? ''}</td>
              <td className="small">{readers(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        The kinds BTEC, Cambridge National, V Cert and Tech Award add <code>technical-award</code> themselves. The core’s
        English, maths and science carry their own tags; tag option courses only.
      </p>
    </details>
  );
}
