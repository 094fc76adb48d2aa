/**
 * The cost part of the analysis: groups and teacher periods a fortnight per department and in total, the
 * FTE at an editable contact ratio, average class size, the pupil-teacher ratio of the option time and the
 * annual cost at an editable price per weekly hour. Both settings are shared with the scenario comparison.
 */
import { useId, useState } from 'react';
import type { CostReport, Result, Scenario } from '../../solver';
import { dec2, money } from './analysisFormat';
import { costAt, costSettingProblem, setCostSettings, useCostSettings, type CostSettings } from './costSettings';

export function Cost({ scenario, result }: { scenario: Scenario; result: Result }) {
  const settings = useCostSettings();
  const cost = costAt(scenario, result, settings);
  const years = cost.byYear.map((y) => y.year);
  const top = Math.max(1, ...cost.departments.map((d) => d.teacherPeriods));
  return (
    <section aria-labelledby="cost-title" className="analysis" data-testid="cost">
      <h3 id="cost-title">Cost</h3>
      <form className="settings cost-settings" onSubmit={(e) => e.preventDefault()}>
        <SettingInput field="contactRatio" label="Contact ratio" hint="share of a teacher’s timetable spent teaching" step="0.01" min="0.01" max="1" value={settings.contactRatio} />
        <SettingInput field="costPerWeeklyHour" label="Cost per weekly hour (£ a year)" hint="for one hour a week taught, all year" step="50" min="0" value={settings.costPerWeeklyHour} />
      </form>
      <p className="muted small">
        Each group taught at home needs a teacher for {cost.settings.periodsPerFortnight} periods a fortnight in every block it spans, in each
        year it runs; a full timetable is {cost.settings.timetablePeriods} periods. Figures are per year, the mean of Years {years.join(' and ')}.
        {cost.partnerGroups > 0 && ` ${cost.partnerGroups} group(s) at partner sites need no home teacher and are left out of the periods.`}
      </p>
      <dl className="figures" data-testid="cost-figures">
        <Fig id="cost-groups" label="Groups" value={dec2OrInt(cost.perYear.groups)} hint="taught at home, per year" />
        <Fig id="cost-periods" label="Teacher periods" value={dec2OrInt(cost.perYear.teacherPeriods)} hint="a fortnight" />
        <Fig id="cost-fte" label="Teacher FTE" value={cost.perYear.fte.toFixed(2)} hint={`at contact ratio ${settings.contactRatio}`} />
        <Fig id="cost-class" label="Average class" value={cost.averageClassSize.toFixed(1)} hint="students per group" />
        <Fig id="cost-ptr" label="Pupil-teacher ratio" value={cost.pupilTeacherRatio.toFixed(1)} hint="for the option time" />
        <Fig id="cost-annual" label="Annual cost" value={money(cost.perYear.annualCost)} hint={`at ${money(settings.costPerWeeklyHour)} per weekly hour`} />
      </dl>
      <div className="scroll">
        <table className="data cost-table" data-testid="cost-departments">
          <caption>By department, per year</caption>
          <thead>
            <tr>
              <th scope="col">Department</th>
              <th scope="col">Courses</th>
              <th scope="col">Groups</th>
              <th scope="col">Teacher periods a fortnight</th>
              <th scope="col">FTE</th>
              <th scope="col">Average class</th>
              <th scope="col">Annual cost</th>
            </tr>
          </thead>
          <tbody>
            {cost.departments.map((d) => (
              <tr key={d.department} data-department={d.department}>
                <th scope="row">{d.department}</th>
                <td>{d.courses.join(', ')}</td>
                <td className="num">{dec2OrInt(d.groups)}</td>
                <td className="num bar-cell">
                  <div className="bar-row">
                    <span className="bar-track" aria-hidden="true">
                      <span className="bar-fill" style={{ width: `${(100 * d.teacherPeriods) / top}%` }} />
                    </span>
                    <span className="bar-num">{dec2OrInt(d.teacherPeriods)}</span>
                  </div>
                </td>
                <td className="num">{d.fte.toFixed(2)}</td>
                <td className="num">{d.averageClassSize ? d.averageClassSize.toFixed(1) : '—'}</td>
                <td className="num">{money(d.annualCost)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              <td />
              <td className="num">{dec2OrInt(cost.perYear.groups)}</td>
              <td className="num">{dec2OrInt(cost.perYear.teacherPeriods)}</td>
              <td className="num">{cost.perYear.fte.toFixed(2)}</td>
              <td className="num">{cost.averageClassSize.toFixed(1)}</td>
              <td className="num">{money(cost.perYear.annualCost)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
      {cost.partnerPlaces.length > 0 && <PartnerPlaces cost={cost} />}
    </section>
  );
}

/** Whole numbers as they are, means over the years with up to two decimals. */
const dec2OrInt = (x: number) => (Number.isInteger(x) ? String(x) : dec2(x));

function Fig({ id, label, value, hint }: { id: string; label: string; value: string; hint: string }) {
  return (
    <div className="figure" data-figure={id}>
      <dt>{label}</dt>
      <dd>
        <span className="value">{value}</span>
        <span className="hint">{hint}</span>
      </dd>
    </div>
  );
}

/**
 * One number setting. The text is kept as typed (a half-typed "0." is not thrown away); only a valid value
 * reaches the shared settings, and an invalid one is explained beside the box.
 */
function SettingInput({ field, label, hint, value, step, min, max }: {
  field: keyof CostSettings; label: string; hint: string; value: number; step: string; min: string; max?: string;
}) {
  const [text, setText] = useState<string | null>(null);
  const errId = useId();
  const shown = text ?? String(value);
  const problem = text === null ? null : costSettingProblem(field, text.trim() === '' ? NaN : Number(text));
  return (
    <label>
      <span>{label}</span>
      <input
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={shown}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? errId : undefined}
        title={hint}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const v = t.trim() === '' ? NaN : Number(t);
          if (!costSettingProblem(field, v)) setCostSettings({ [field]: v });
        }}
        onBlur={() => { if (!problem) setText(null); }}
      />
      {problem && (
        <span id={errId} className="small-error" role="alert">
          {problem}
        </span>
      )}
    </label>
  );
}

function PartnerPlaces({ cost }: { cost: CostReport }) {
  return (
    <p className="small">
      Places at partner sites:{' '}
      {cost.partnerPlaces.map((p) => `${p.course} at ${p.site} (${p.students} student${p.students === 1 ? '' : 's'})`).join('; ')}.
    </p>
  );
}
