/**
 * The blocking grid for printing: a sheet laid out for one landscape A4 page (a column per block, each
 * group with its size, years, teacher and room), shown first as a preview over the page, then printed by
 * the browser. The sheet is scaled down (CSS zoom) until it fits the page, so a 60-group grid still
 * prints on one page; print CSS hides everything else on the page while the preview is open.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Result, Scenario } from '../../solver';
import { blockingGridColumns } from '../../data/io/export';
import { StaleExportDialog } from '../components/StaleExportDialog';
import { resultForScenario, staleNote } from '../state/basis';

/** A4 landscape less 10 mm margins: the printable area in CSS pixels (96 per inch). */
const MM = 96 / 25.4;
const PAGE_W = (297 - 20) * MM;
const PAGE_H = (210 - 20) * MM;
/** A little room for rounding in the printer's layout. */
const FIT_H = PAGE_H - 4 * MM;

export const GRID_PRINT_CSS = `
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body:has(> .ks4-print-root) > :not(.ks4-print-root) { display: none !important; }
  .ks4-print-root.ks4-grid-print { position: static; background: none; padding: 0; overflow: visible; display: block; }
  .ks4-grid-print .ks4-grid-tools { display: none; }
  .ks4-grid-print .ks4-grid-paper { box-shadow: none; padding: 0; }
}
`;

function GridSheet({ scenario, result, title, stale, onZoom }: { scenario: Scenario; result: Result; title: string; stale: string[] | null; onZoom?: (z: number) => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState(1);
  const [compact, setCompact] = useState(false);
  const columns = blockingGridColumns(scenario, result);
  const groups = result.groups.length;
  const pupils = result.students.length;
  // The largest zoom (at most 1) at which the sheet's height fits the page, found by bisection with the
  // sheet laid out at each trial zoom (its width is always the page's). Measured synchronously, before paint.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const fits = (z: number) => {
      el.style.zoom = String(z);
      el.style.width = `${PAGE_W / z}px`;
      // The height on the page, zoom included (Chromium's standardised CSS zoom, 128 and later).
      return el.getBoundingClientRect().height <= FIT_H;
    };
    const largest = () => {
      if (fits(1)) return 1;
      let lo = 0.15;
      let hi = 1;
      for (let i = 0; i < 10; i++) {
        const mid = (lo + hi) / 2;
        if (fits(mid)) lo = mid;
        else hi = mid;
      }
      return lo;
    };
    // A big grid puts each group on one line (teacher and room after the course) rather than print tiny.
    el.classList.remove('compact');
    let best = largest();
    let dense = false;
    if (best < 0.6) {
      el.classList.add('compact');
      const one = largest();
      if (one > best) [best, dense] = [one, true];
      else el.classList.remove('compact');
    }
    fits(best);
    setZoom(best);
    setCompact(dense);
    onZoom?.(best);
  }, [scenario, result, title, stale, onZoom]);
  return (
    <div
      ref={ref}
      className={`ks4-grid-sheet${compact ? ' compact' : ''}`}
      data-testid="grid-sheet"
      data-zoom={zoom.toFixed(3)}
      style={{ width: `${PAGE_W / zoom}px`, zoom } as React.CSSProperties}
    >
      {stale && <p className="ks4-grid-stale">DRAFT: {staleNote(stale)}</p>}
      <h1>{title}</h1>
      <p className="ks4-grid-sub">
        {groups} groups, {pupils} pupils, printed {new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}
      </p>
      <table>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.block} scope="col">
                Block {c.block}
                <span> ({c.groups.length} group{c.groups.length === 1 ? '' : 's'})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {columns.map((c) => (
              <td key={c.block}>
                <ul>
                  {c.groups.map((e) => (
                    <li key={e.group}>
                      {/* First and floated right, so a long course name is cut short before the size is. */}
                      <span className="ks4-grid-size">
                        {e.size}
                        {e.max !== undefined ? `/${e.max}` : ''}
                      </span>
                      <b>{e.courseName}</b> <span className="ks4-grid-id">{e.group}</span>
                      {e.years && <span className="ks4-grid-years"> {e.years} only</span>}
                      {(e.teacher || e.room) && (
                        <span className="ks4-grid-where">
                          <br />
                          {[e.teacher, e.room].filter(Boolean).join(' · ')}
                        </span>
                      )}
                    </li>
                  ))}
                </ul>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

/** "Print blocking grid…": asks first when the blocking is out of date, then shows the sheet to print. */
export function PrintGridButton(props: { scenario: Scenario; result: Result; school?: string; stale?: string[] | null; onReseat?: () => Promise<Result | null> }) {
  const [shown, setShown] = useState<{ result: Result; marked: string[] | null } | null>(null);
  const [asking, setAsking] = useState(false);
  const stale = props.stale && props.stale.length > 0 ? props.stale : null;
  const printRef = useRef<HTMLButtonElement>(null);
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    if (!shown) return;
    printRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setShown(null);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [shown]);
  const title = `${props.school?.trim() || props.scenario.name}: option blocks`;
  return (
    <>
      <button type="button" data-print="grid" onClick={() => (stale ? setAsking(true) : setShown({ result: props.result, marked: null }))}>
        Print blocking grid…
      </button>
      {asking && stale && (
        <StaleExportDialog
          what="the blocking grid"
          changes={stale}
          onAnswer={async (choice) => {
            setAsking(false);
            if (choice === 'anyway') setShown({ result: props.result, marked: stale });
            else if (choice === 'reseat' && props.onReseat) {
              const fresh = await props.onReseat();
              if (fresh) setShown({ result: fresh, marked: null });
            }
          }}
        />
      )}
      {shown &&
        typeof document !== 'undefined' &&
        createPortal(
          <div className="ks4-print-root ks4-grid-print" role="dialog" aria-modal="true" aria-label="Blocking grid for printing">
            <style>{GRID_PRINT_CSS}</style>
            <div className="ks4-grid-tools">
              <span data-testid="grid-scale">
                One landscape A4 page{zoom < 0.995 ? `, printed at ${Math.round(zoom * 100)}% to fit` : ''}.
              </span>
              <button type="button" ref={printRef} onClick={() => window.print()}>
                Print
              </button>
              <button type="button" onClick={() => setShown(null)}>
                Close
              </button>
            </div>
            <div className="ks4-grid-paper">
              <GridSheet scenario={props.scenario} result={resultForScenario(props.scenario, shown.result)} title={title} stale={shown.marked} onZoom={setZoom} />
            </div>
          </div>,
          document.body,
        )}
    </>
  );
}
