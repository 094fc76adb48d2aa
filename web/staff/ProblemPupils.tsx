/**
 * The pupils the timetabler has to act on: combinations that do not fit the draft blocks, grouped by
 * combination with a count and the clash in words (each group opens to its pupils), and the pupils whose
 * submission breaks a choice rule, with the rule. Both come from the round's status; a submission checked
 * against an older offer has been checked again by the server against the current one.
 */
import { useMemo } from 'react';
import type { PupilProblemWire } from '../../data/options-round';
import { groupByCombination } from './round-figures';

const pupils = (n: number) => `${n} ${n === 1 ? 'pupil' : 'pupils'}`;

export function NotFittingGroups({ notFitting, courseName }: { notFitting: readonly PupilProblemWire[]; courseName: (id: string) => string }) {
  const groups = useMemo(() => groupByCombination(notFitting, courseName), [notFitting, courseName]);
  return (
    <section className="st-card" aria-labelledby="st-not-fitting-title">
      <h3 id="st-not-fitting-title">Combinations that do not fit the draft blocks</h3>
      {groups.length === 0 ? (
        <p>Every submitted combination fits the current blocks.</p>
      ) : (
        <>
          <p className="st-hint">
            {pupils(notFitting.length)} in {groups.length} {groups.length === 1 ? 'combination' : 'combinations'}, the most wanted first. They may still be
            submitted: the blocks are built from the choices.
          </p>
          <ul className="st-groups" data-testid="st-not-fitting">
            {groups.map((g) => (
              <li key={g.courses.join('\u0000')} className="st-group">
                <div className="st-group-head">
                  <strong className="st-combination">{g.label}</strong>
                  <span className="st-count">{pupils(g.count)}</span>
                </div>
                <ul className="st-reasons" aria-label="Why it does not fit">
                  {g.reasons.map((r, i) => (
                    <li key={i}>{r}</li>
                  ))}
                </ul>
                <details>
                  <summary>Show the {pupils(g.count)}</summary>
                  <ul className="st-pupils">
                    {g.pupils.map((p) => (
                      <li key={p.admissionNumber}>
                        <span className="st-name">{p.name}</span> <span className="st-code">{p.admissionNumber}</span>
                      </li>
                    ))}
                  </ul>
                </details>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function RuleBreakers({ breakingRules, courseName }: { breakingRules: readonly PupilProblemWire[]; courseName: (id: string) => string }) {
  return (
    <section className="st-card" aria-labelledby="st-rules-title">
      <h3 id="st-rules-title">Submissions that break a rule</h3>
      {breakingRules.length === 0 ? (
        <p>No submission breaks a choice rule.</p>
      ) : (
        <div className="st-scroll" role="region" aria-label="Table: submissions that break a rule" tabIndex={0}>
          <table className="st-table" data-testid="st-rules">
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Admission number</th>
                <th scope="col">Choices, in order</th>
                <th scope="col">Rule broken</th>
              </tr>
            </thead>
            <tbody>
              {breakingRules.map((p) => (
                <tr key={p.admissionNumber}>
                  <td className="st-name">{p.name}</td>
                  <td>{p.admissionNumber}</td>
                  <td>{p.choices.map(courseName).join(', ')}</td>
                  <td>
                    {p.reasons.length === 1 ? (
                      p.reasons[0]
                    ) : (
                      <ul className="st-reasons">
                        {p.reasons.map((r, i) => (
                          <li key={i}>{r}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
