/**
 * HiGHS (npm `highs`, compiled to WebAssembly) behind a small, safe surface for the exact pieces.
 *
 * - `getHighs()` loads the runtime once, on first use, and caches the promise: the package's loader (168 kB of
 *   JavaScript) is imported only then, so a command or a search that needs no exact step never parses it and
 *   never compiles the 3.5 MB wasm (instantiating it holds the calling thread 15 to 25 ms and more under load,
 *   the compile takes a core for 50 to 90 ms; measured on Node 20, 2 shared cores). Node finds `highs.wasm` beside the
 *   package's loader in node_modules. In a Vite module worker the loader's own
 *   `new URL('highs.wasm', import.meta.url)` normally works; where a bundler moves the file, call
 *   `configureHighs({ locateFile })` before the first solve, e.g. with `import wasmUrl from 'highs/runtime?url'`
 *   in the worker and `locateFile: () => wasmUrl`.
 * - `LinearModel` collects columns and rows (row-wise, CSR) and can be written either as structured arrays
 *   for the persistent HiGHS API (`solveModel`, used by the seating and the bound: no parsing, exact
 *   indices, callbacks, MIP starts, duals) or as CPLEX LP-format text (`toLpText`, for `solveLpText`,
 *   debugging and export), with sanitised unique names and lines kept well under the 255-character limit.
 *
 * Pitfalls measured on this project and handled here: integer columns come back as 50.99999 (rounded),
 * a time-limited MIP may hold no incumbent or only the empty one (callers compare with their own start),
 * native models leak unless disposed (always disposed in `finally`), and a solve blocks its thread.
 */
import type { Highs, InitOptions, ModelData } from 'highs';

let highsPromise: Promise<Highs> | null = null;
let loaderOptions: InitOptions | undefined;

/**
 * Where the wasm binary lives, for browsers and bundlers. Takes effect only before the first load;
 * calling it later with different options throws, because the runtime is already instantiated.
 */
export function configureHighs(options: { locateFile?: (file: string) => string; wasmBinary?: ArrayBuffer | ArrayBufferView; print?: (m: string) => void }): void {
  if (highsPromise) {
    throw new Error('configureHighs() was called after HiGHS was loaded. Call it once, before the first exact solve (e.g. at the top of the worker).');
  }
  loaderOptions = { ...options };
}

/**
 * Whether this process has loaded HiGHS and finished a solve with it: the first load (import, wasm compile:
 * 48-87 ms) and the first solve after it (another 50-136 ms, 2 shared cores) cannot be interrupted, so a step
 * with little time left counts them before it starts (solve.ts).
 */
let warm = false;
export function highsWarm(): boolean {
  return warm;
}

/** The HiGHS runtime, loaded on first use. A failed load is not cached, so a later call may retry. */
export function getHighs(options?: { locateFile?: (file: string) => string }): Promise<Highs> {
  if (options && !highsPromise) loaderOptions = { ...loaderOptions, ...options };
  if (!highsPromise) {
    const attempt = import('highs').then(({ default: loadHighs }) => loadHighs(loaderOptions)).catch((err: unknown) => {
      highsPromise = null;
      const why = err instanceof Error ? err.message : String(err);
      throw new Error(
        `Could not load the HiGHS solver (highs.wasm): ${why}. ` +
          'In a browser worker, pass configureHighs({ locateFile: () => wasmUrl }) with the URL of node_modules/highs/build/highs.wasm.',
      );
    });
    highsPromise = attempt;
  }
  return highsPromise;
}

/** Rounds a value that is an integer up to solver tolerance (50.99999 -> 51); leaves others alone. */
export function roundNearInteger(value: number, tolerance = 1e-5): number {
  const r = Math.round(value);
  return Math.abs(value - r) <= tolerance * Math.max(1, Math.abs(value)) ? r : value;
}

export interface VarSpec {
  name?: string;
  lb?: number;
  ub?: number;
  /** Objective coefficient. */
  cost?: number;
  integer?: boolean;
}

/**
 * A linear or mixed-integer model under construction.
 * Layout: columns j = 0..numCols-1 with parallel arrays (lb, ub, cost, integer, name);
 * rows in CSR: row i owns entries rowStart[i]..rowStart[i+1]-1 of (entryCol, entryVal).
 */
export class LinearModel {
  readonly sense: 'max' | 'min';
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly colCost: number[] = [];
  readonly colInteger: boolean[] = [];
  readonly colName: (string | undefined)[] = [];
  readonly rowLower: number[] = [];
  readonly rowUpper: number[] = [];
  readonly rowName: (string | undefined)[] = [];
  readonly rowStart: number[] = [0];
  readonly entryCol: number[] = [];
  readonly entryVal: number[] = [];

  constructor(sense: 'max' | 'min') {
    this.sense = sense;
  }

  get numCols(): number {
    return this.colCost.length;
  }

  get numRows(): number {
    return this.rowLower.length;
  }

  addVar(spec: VarSpec = {}): number {
    const lb = spec.lb ?? 0;
    const ub = spec.ub ?? Infinity;
    if (!(lb <= ub) || Number.isNaN(lb) || Number.isNaN(ub)) {
      throw new Error(`Variable ${spec.name ?? this.numCols} has bounds [${lb}, ${ub}]; the lower bound must not exceed the upper.`);
    }
    if (spec.cost !== undefined && !Number.isFinite(spec.cost)) {
      throw new Error(`Variable ${spec.name ?? this.numCols} has objective coefficient ${spec.cost}; it must be finite.`);
    }
    this.colLower.push(lb);
    this.colUpper.push(ub);
    this.colCost.push(spec.cost ?? 0);
    this.colInteger.push(spec.integer ?? false);
    this.colName.push(spec.name);
    return this.numCols - 1;
  }

  setCost(col: number, cost: number): void {
    this.colCost[col] = cost;
  }

  /**
   * Adds lb <= sum values[k] * x[cols[k]] <= ub. Repeated columns are summed and zero coefficients dropped,
   * because HiGHS rejects duplicate entries in one row.
   */
  addRow(cols: readonly number[], values: readonly number[] | number, lb: number, ub: number, name?: string): number {
    if (Number.isNaN(lb) || Number.isNaN(ub) || lb > ub) {
      throw new Error(`Constraint ${name ?? this.numRows} has range [${lb}, ${ub}]; the lower side must not exceed the upper.`);
    }
    const merged = new Map<number, number>();
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k];
      if (!(c >= 0 && c < this.numCols)) throw new Error(`Constraint ${name ?? this.numRows} names column ${c}, which does not exist.`);
      const v = typeof values === 'number' ? values : values[k];
      merged.set(c, (merged.get(c) ?? 0) + v);
    }
    // Column order inside a row is kept as first seen; Map iteration follows insertion, so this is deterministic.
    for (const [c, v] of merged) {
      if (v !== 0) {
        this.entryCol.push(c);
        this.entryVal.push(v);
      }
    }
    this.rowStart.push(this.entryCol.length);
    this.rowLower.push(lb);
    this.rowUpper.push(ub);
    this.rowName.push(name);
    return this.numRows - 1;
  }

  /** Structured data for the persistent HiGHS API (CSR matrix). */
  toModelData(highs: Highs, relaxation = false): ModelData {
    const inf = highs.infinity;
    const clamp = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const hasInteger = !relaxation && this.colInteger.some(Boolean);
    return {
      numCols: this.numCols,
      numRows: this.numRows,
      sense: this.sense === 'max' ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: Float64Array.from(this.colCost),
      colLower: Float64Array.from(this.colLower, clamp),
      colUpper: Float64Array.from(this.colUpper, clamp),
      rowLower: Float64Array.from(this.rowLower, clamp),
      rowUpper: Float64Array.from(this.rowUpper, clamp),
      matrix: {
        format: 'csr',
        numRows: this.numRows,
        numCols: this.numCols,
        starts: Int32Array.from(this.rowStart),
        indices: Int32Array.from(this.entryCol),
        values: Float64Array.from(this.entryVal),
      },
      ...(hasInteger ? { integrality: Int32Array.from(this.colInteger, (b) => (b ? 1 : 0)) } : {}),
    };
  }

  /**
   * CPLEX LP-format text. Names are sanitised (`lpNames`); every line stays under 255 characters;
   * a row with both sides finite and different becomes two rows (`name_lo`, `name_hi`).
   */
  toLpText(relaxation = false): string {
    const names = lpNames(this.colName);
    const out: string[] = [this.sense === 'max' ? 'Maximize' : 'Minimize'];
    const objTerms: string[] = [];
    for (let j = 0; j < this.numCols; j++) if (this.colCost[j] !== 0) objTerms.push(term(this.colCost[j], names[j]));
    // An objective with no terms still needs a variable for some parsers: "0 x0".
    if (objTerms.length === 0 && this.numCols > 0) objTerms.push(`0 ${names[0]}`);
    out.push(...wrapTerms(' obj:', objTerms));
    out.push('Subject To');
    const rowNames = lpNames(this.rowName.map((n, i) => n ?? `r${i}`), 'r');
    for (let i = 0; i < this.numRows; i++) {
      const terms: string[] = [];
      for (let k = this.rowStart[i]; k < this.rowStart[i + 1]; k++) terms.push(term(this.entryVal[k], names[this.entryCol[k]]));
      if (terms.length === 0) {
        if (this.rowLower[i] > 0 || this.rowUpper[i] < 0) {
          throw new Error(`Constraint ${rowNames[i]} has no terms but needs 0 within [${this.rowLower[i]}, ${this.rowUpper[i]}]: the model is infeasible.`);
        }
        continue;
      }
      const lo = this.rowLower[i];
      const hi = this.rowUpper[i];
      if (lo === hi) {
        out.push(...wrapTerms(` ${rowNames[i]}:`, terms, ` = ${num(hi)}`));
      } else {
        if (lo > -Infinity && hi < Infinity) {
          out.push(...wrapTerms(` ${rowNames[i]}_lo:`, terms, ` >= ${num(lo)}`));
          out.push(...wrapTerms(` ${rowNames[i]}_hi:`, terms, ` <= ${num(hi)}`));
        } else if (lo > -Infinity) {
          out.push(...wrapTerms(` ${rowNames[i]}:`, terms, ` >= ${num(lo)}`));
        } else if (hi < Infinity) {
          out.push(...wrapTerms(` ${rowNames[i]}:`, terms, ` <= ${num(hi)}`));
        }
      }
    }
    out.push('Bounds');
    for (let j = 0; j < this.numCols; j++) {
      const lo = this.colLower[j];
      const hi = this.colUpper[j];
      if (lo === -Infinity && hi === Infinity) out.push(` ${names[j]} free`);
      else if (lo === hi) out.push(` ${names[j]} = ${num(lo)}`);
      else {
        const left = lo === -Infinity ? '-inf' : num(lo);
        const right = hi === Infinity ? '+inf' : num(hi);
        out.push(` ${left} <= ${names[j]} <= ${right}`);
      }
    }
    if (!relaxation) {
      const ints = names.filter((_, j) => this.colInteger[j]);
      if (ints.length > 0) {
        out.push('General');
        out.push(...wrapTerms('', ints));
      }
    }
    out.push('End');
    return out.join('\n') + '\n';
  }
}

/** Shortest text that round-trips the double; LP readers accept exponent notation (1e+21). */
function num(v: number): string {
  return String(v);
}

function term(coef: number, name: string): string {
  if (coef === 1) return `+ ${name}`;
  if (coef === -1) return `- ${name}`;
  return coef < 0 ? `- ${num(-coef)} ${name}` : `+ ${num(coef)} ${name}`;
}

/** The LP format allows at most 255 characters a line; wrap at 200 between terms (continuation lines are legal). */
function wrapTerms(head: string, terms: readonly string[], tail = ''): string[] {
  const lines: string[] = [];
  let line = head;
  for (const t of terms) {
    if (line.length + 1 + t.length > 200) {
      lines.push(line);
      line = '   ';
    }
    line += ' ' + t;
  }
  if (line.length + tail.length > 200) {
    lines.push(line);
    line = '   ';
  }
  lines.push(line + tail);
  return lines;
}

const LP_RESERVED = new Set(['st', 's.t.', 'st.', 'subject', 'such', 'that', 'bound', 'bounds', 'general', 'generals', 'gen', 'binary', 'binaries', 'bin', 'end', 'free', 'inf', 'infinity', 'minimize', 'maximize', 'minimise', 'maximise', 'min', 'max', 'semi', 'semis', 'sos']);

/**
 * Names that the CPLEX LP reader accepts: letters, digits and _ only (a safe subset of the legal set),
 * not starting with a digit, 'e'/'E' followed by a digit (read as an exponent) or a keyword,
 * at most 100 characters, unique (a numeric suffix is added to clashes). Missing names become prefix+index.
 */
export function lpNames(raw: readonly (string | undefined)[], prefix = 'x'): string[] {
  const used = new Set<string>();
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let n = (raw[i] ?? `${prefix}${i}`).replace(/[^A-Za-z0-9_]/g, '_').slice(0, 100);
    if (n.length === 0 || /^[0-9]/.test(n) || /^[eE][0-9]/.test(n) || LP_RESERVED.has(n.toLowerCase())) n = `${prefix}_${n}`;
    let candidate = n;
    let k = 1;
    while (used.has(candidate)) candidate = `${n}_${k++}`;
    used.add(candidate);
    out.push(candidate);
  }
  return out;
}

export interface SolveOptions {
  /** Wall-clock limit for this solve in seconds (HiGHS `time_limit`). */
  timeLimitSeconds?: number;
  /** HiGHS `mip_rel_gap`; 0 asks for a proven optimum. */
  mipRelGap?: number;
  /** HiGHS `mip_abs_gap`; just under 1 stops at a proven optimum when the objective is integral. */
  mipAbsGap?: number;
  /** Solve the linear relaxation (integrality ignored). */
  relaxation?: boolean;
  /** A complete MIP start, one value a column (checked by HiGHS; rejected starts are ignored). */
  start?: Float64Array;
  /** Called on each improving MIP incumbent with its objective and the current proven bound. */
  onImprovement?: (objective: number, dualBound: number, seconds: number) => void;
  /** Polled by HiGHS during a MIP solve; returning true interrupts with the incumbent kept. */
  shouldStop?: () => boolean;
  /**
   * false switches presolve off. Measured on 600-student seating models: presolve (probing and the rest)
   * spent the whole 5 s budget before the root LP, while without it the root LP and a rounding heuristic
   * ran in under 4 s.
   */
  presolve?: boolean;
  /** HiGHS log lines (to the `print` given to configureHighs). */
  verbose?: boolean;
  /**
   * HiGHS `solver` for an LP: 'pdlp' (first-order; its duals are approximate, so use it where the answer is
   * certified from the duals, as certifiedMaxBound does), 'ipm' or 'simplex'; HiGHS chooses when missing.
   * Measured on the bound's LP with its integer-only rows: PDLP 0.1 to 1.6 s where the default simplex took
   * 1 to 30 s (sample-120, a generated 120-student cohort, sample-240).
   */
  lpSolver?: 'pdlp' | 'ipm' | 'simplex';
  /** Further HiGHS options by their HiGHS names (e.g. mip_heuristic_effort), set after the ones above. */
  highsOptions?: Record<string, number | boolean | string>;
}

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'noSolution' | 'error';

export interface SolveOutcome {
  /** 'optimal' proven; 'feasible' a solution that a limit stopped; 'noSolution' a limit and no solution. */
  status: SolveStatus;
  /** HiGHS's own status name, for messages. */
  modelStatus: string;
  /** Column values (integer columns rounded), or null without a primal solution. */
  values: Float64Array | null;
  /** Row duals (LP only), or null. Sign convention is HiGHS's: check before use. */
  rowDuals: Float64Array | null;
  objective: number;
  /** Proven bound on the objective (MIP dual bound; the objective itself for a solved LP), NaN if none. */
  dualBound: number;
  seconds: number;
}

const STATUS_NAMES: Record<number, string> = {
  0: 'Not Set', 1: 'Load error', 2: 'Model error', 3: 'Presolve error', 4: 'Solve error', 5: 'Postsolve error',
  6: 'Empty', 7: 'Optimal', 8: 'Infeasible', 9: 'Primal infeasible or unbounded', 10: 'Unbounded',
  11: 'Bound on objective reached', 12: 'Target for objective reached', 13: 'Time limit reached',
  14: 'Iteration limit reached', 15: 'Unknown', 16: 'Solution limit reached', 17: 'Interrupted',
};

/**
 * Solves a model with the persistent API and disposes it. Never throws for an optimisation outcome
 * (infeasible, limits); throws only for malformed models.
 */
export async function solveModel(model: LinearModel, options: SolveOptions = {}): Promise<SolveOutcome> {
  const highs = await getHighs();
  const started = performance.now();
  const relaxation = options.relaxation ?? false;
  const isMip = !relaxation && model.colInteger.some(Boolean);
  const empty = model.numCols === 0;
  if (empty) {
    return { status: 'optimal', modelStatus: 'Empty', values: new Float64Array(0), rowDuals: new Float64Array(model.numRows), objective: 0, dualBound: 0, seconds: 0 };
  }
  const hm = highs.createModel(model.toModelData(highs, relaxation));
  try {
    // Log lines go to the `print` given to configureHighs(); silent otherwise.
    const opts: Record<string, number | boolean | string> = { output_flag: options.verbose ?? false };
    if (options.timeLimitSeconds !== undefined) opts.time_limit = Math.max(0.01, options.timeLimitSeconds);
    if (isMip) {
      if (options.mipRelGap !== undefined) opts.mip_rel_gap = options.mipRelGap;
      if (options.mipAbsGap !== undefined) opts.mip_abs_gap = options.mipAbsGap;
    }
    if (options.presolve === false) opts.presolve = 'off';
    if (!isMip && options.lpSolver) opts.solver = options.lpSolver;
    Object.assign(opts, options.highsOptions);
    hm.options.set(opts);
    if (isMip && options.start) {
      try {
        hm.setSolution({ colValue: options.start });
      } catch {
        // A start HiGHS refuses is only a lost hint: the solve proceeds without it.
      }
    }
    const cb = highs.constants.callbackType;
    const callbacks: Record<number, (e: never) => undefined> = {};
    if (isMip && options.onImprovement) {
      const onImp = options.onImprovement;
      callbacks[cb.mipImprovingSolution] = ((e: { data: { objective_function_value?: number; mip_dual_bound?: number; running_time?: number } }) => {
        onImp(e.data.objective_function_value ?? NaN, e.data.mip_dual_bound ?? NaN, e.data.running_time ?? 0);
        return undefined;
      }) as never;
    }
    if (isMip && options.shouldStop) {
      const stop = options.shouldStop;
      callbacks[cb.mipInterrupt] = ((e: { interrupt(): void }) => {
        if (stop()) e.interrupt();
        return undefined;
      }) as never;
    }
    const run = hm.run(callbacks as never);
    const code = run.modelStatus as number;
    const modelStatus = STATUS_NAMES[code] ?? `status ${code}`;
    const primalStatus = Number(hm.info.get('primal_solution_status'));
    const hasPrimal = primalStatus === 2; // 2 = feasible solution stored
    let values: Float64Array | null = null;
    let rowDuals: Float64Array | null = null;
    let objective = NaN;
    if (hasPrimal) {
      const sol = hm.getSolution();
      values = Float64Array.from(sol.colValue);
      if (isMip) for (let j = 0; j < values.length; j++) if (model.colInteger[j]) values[j] = Math.round(values[j]);
      objective = hm.getObjectiveValue();
      if (!isMip) rowDuals = Float64Array.from(sol.rowDual);
    }
    let dualBound = NaN;
    if (isMip) {
      const db = Number(hm.info.get('mip_dual_bound'));
      if (Number.isFinite(db)) dualBound = db;
    } else if (code === 7) {
      dualBound = objective;
    }
    let status: SolveStatus;
    if (code === 7) status = hasPrimal ? 'optimal' : 'error';
    else if (code === 8) status = 'infeasible';
    else if (code === 9 || code === 10) status = 'unbounded';
    else if (code >= 11 && code !== 15) status = hasPrimal ? 'feasible' : 'noSolution';
    else if (code === 6) status = 'optimal';
    else status = hasPrimal ? 'feasible' : 'error';
    return { status, modelStatus, values, rowDuals, objective, dualBound, seconds: (performance.now() - started) / 1000 };
  } finally {
    warm = true;
    hm.dispose();
  }
}

export interface LpTextOutcome {
  status: SolveStatus;
  modelStatus: string;
  /** Column name -> value, integer-like values rounded (50.99999 -> 51). */
  values: Record<string, number>;
  /** Objective, rounded when it is an integer up to tolerance. */
  objective: number;
}

/** Solves CPLEX LP-format text with the one-shot API. */
export async function solveLpText(text: string, options: Pick<SolveOptions, 'timeLimitSeconds' | 'mipRelGap' | 'mipAbsGap'> = {}): Promise<LpTextOutcome> {
  const highs = await getHighs();
  const opts: Record<string, number | boolean> = { output_flag: false };
  if (options.timeLimitSeconds !== undefined) opts.time_limit = Math.max(0.01, options.timeLimitSeconds);
  if (options.mipRelGap !== undefined) opts.mip_rel_gap = options.mipRelGap;
  if (options.mipAbsGap !== undefined) opts.mip_abs_gap = options.mipAbsGap;
  const res = highs.solve(text, opts as never);
  warm = true;
  const name = res.Status as string;
  const values: Record<string, number> = {};
  let hasPrimal = false;
  for (const [k, col] of Object.entries(res.Columns ?? {})) {
    const primal = (col as { Primal?: number }).Primal;
    if (typeof primal === 'number') {
      hasPrimal = true;
      values[k] = roundNearInteger(primal);
    }
  }
  let status: SolveStatus;
  if (name === 'Optimal') status = 'optimal';
  else if (name === 'Infeasible') status = 'infeasible';
  else if (name === 'Unbounded' || name === 'Primal infeasible or unbounded') status = 'unbounded';
  else if (name === 'Empty') status = 'optimal';
  else if (/limit|reached|Interrupted/i.test(name)) status = hasPrimal ? 'feasible' : 'noSolution';
  else status = 'error';
  return { status, modelStatus: name, values, objective: roundNearInteger(res.ObjectiveValue) };
}

/**
 * A bound on a maximisation LP that does not trust the solver: by weak duality, for ANY row multipliers d,
 *   c'x = d'Ax + (c - A'd)'x <= sum_i (d_i > 0 ? d_i*rowUpper_i : d_i*rowLower_i)
 *                               + sum_j (r_j > 0 ? r_j*colUpper_j : r_j*colLower_j),   r = c - A'd,
 * for every x within the row and column bounds. Solver duals are only used as a good choice of d, so a
 * sloppy or wrongly signed dual makes the bound looser, never wrong. Returns Infinity when a needed bound
 * is infinite. Both sign conventions are tried and the smaller bound is kept. A relative margin of 1e-9 of
 * the summed magnitudes covers floating-point rounding in this sum.
 */
export function certifiedMaxBound(model: LinearModel, rowDuals: Float64Array): number {
  if (model.sense !== 'max') throw new Error('certifiedMaxBound() expects a maximisation model.');
  let best = Infinity;
  for (const sign of [1, -1]) {
    const reduced = Float64Array.from(model.colCost);
    let total = 0;
    let magnitude = 0;
    let finite = true;
    for (let i = 0; i < model.numRows && finite; i++) {
      const d = sign * rowDuals[i];
      if (d === 0) continue;
      const side = d > 0 ? model.rowUpper[i] : model.rowLower[i];
      // A multiplier that would need an infinite side (often a -1e-12 from tolerance) is replaced by 0:
      // weak duality holds for any multipliers, so this keeps the bound valid.
      if (!Number.isFinite(side)) continue;
      total += d * side;
      magnitude += Math.abs(d * side);
      for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++) reduced[model.entryCol[k]] -= d * model.entryVal[k];
    }
    if (!finite) continue;
    for (let j = 0; j < model.numCols && finite; j++) {
      const r = reduced[j];
      if (r === 0) continue;
      const side = r > 0 ? model.colUpper[j] : model.colLower[j];
      if (!Number.isFinite(side)) {
        finite = false;
        break;
      }
      total += r * side;
      magnitude += Math.abs(r * side);
    }
    if (!finite) continue;
    best = Math.min(best, total + 1e-9 * magnitude + 1e-9);
  }
  return best;
}

/**
 * One LP kept loaded in HiGHS across many solves that differ only in column bounds (a branch and bound outside
 * HiGHS): each `solve` warm-starts the dual simplex from the last basis, a few pivots instead of a fresh model.
 * The LinearModel's own colLower/colUpper are changed alongside, so `certifiedMaxBound` checks each answer
 * against the bounds it was solved under. `dispose` must be called (the HiGHS model holds WebAssembly memory).
 */
export class LpSession {
  private readonly hm: ReturnType<Highs['createModel']>;

  private constructor(readonly model: LinearModel, private readonly highs: Highs) {
    this.hm = highs.createModel(model.toModelData(highs, true));
    this.hm.options.set({ output_flag: false, presolve: 'off', solver: 'simplex' });
  }

  static async open(model: LinearModel): Promise<LpSession> {
    return new LpSession(model, await getHighs());
  }

  setColBounds(col: number, lower: number, upper: number): void {
    this.model.colLower[col] = lower;
    this.model.colUpper[col] = upper;
    const inf = this.highs.infinity;
    const clamp = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    this.hm.changeColBounds(col, clamp(lower), clamp(upper));
  }

  /**
   * Adds a row to both models (after a solve HiGHS keeps its basis, so the next solve starts from there: cheaper
   * than loading every row at once, where the first solve starts from nothing).
   */
  addRow(cols: readonly number[], values: readonly number[], lower: number, upper: number): void {
    const row = this.model.addRow(cols, values, lower, upper);
    const from = this.model.rowStart[row];
    const to = this.model.rowStart[row + 1];
    const inf = this.highs.infinity;
    const clamp = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    this.hm.addRow(clamp(lower), clamp(upper), {
      indices: Int32Array.from(this.model.entryCol.slice(from, to)),
      values: Float64Array.from(this.model.entryVal.slice(from, to)),
    });
  }

  /**
   * Adds many rows to both models in one call (one copy into HiGHS, where one call a row took 0.43 s for
   * sample-120's 1,070 integer-only rows under load).
   */
  addRows(rows: readonly { cols: readonly number[]; vals: readonly number[]; lower: number; upper: number }[]): void {
    if (rows.length === 0) return;
    const first = this.model.numRows;
    for (const r of rows) this.model.addRow(r.cols, r.vals, r.lower, r.upper);
    const inf = this.highs.infinity;
    const clamp = (v: number) => (v === Infinity ? inf : v === -Infinity ? -inf : v);
    const base = this.model.rowStart[first];
    const end = this.model.rowStart[this.model.numRows];
    this.hm.addRows({
      lower: Float64Array.from(this.model.rowLower.slice(first), clamp),
      upper: Float64Array.from(this.model.rowUpper.slice(first), clamp),
      matrix: {
        format: 'csr',
        numRows: rows.length,
        numCols: this.model.numCols,
        starts: Int32Array.from(this.model.rowStart.slice(first), (k) => k - base),
        indices: Int32Array.from(this.model.entryCol.slice(base, end)),
        values: Float64Array.from(this.model.entryVal.slice(base, end)),
      },
    });
  }

  /**
   * The certified bound (certifiedMaxBound) under the present bounds; Infinity when HiGHS gave no duals (its
   * clock or the iteration limit stopped it). `iterations`: the simplex iterations this solve took, the work
   * measure of a caller that stops by work rather than by the clock (HiGHS's simplex is deterministic, so the
   * same model, bound changes and limits take the same iterations on any machine). The iteration limit counts
   * per solve (HiGHS resets the count at each run); the time limit is the hard stop only.
   */
  solve(timeLimitSeconds: number, iterationLimit = Infinity): { bound: number; values: Float64Array | null; iterations: number } {
    // HiGHS's time_limit counts this model's run time over every run so far, so the limit is set past it.
    const limit = Number.isFinite(iterationLimit) ? Math.max(1, Math.floor(iterationLimit)) : 2_000_000_000;
    this.hm.options.set({ time_limit: this.hm.getRunTime() + Math.max(0.01, timeLimitSeconds), simplex_iteration_limit: limit });
    const run = this.hm.run();
    warm = true;
    const iterations = Number(this.hm.info.get('simplex_iteration_count')) || 0;
    if ((run.modelStatus as number) !== 7) return { bound: Infinity, values: null, iterations };
    const sol = this.hm.getSolution();
    return { bound: certifiedMaxBound(this.model, Float64Array.from(sol.rowDual)), values: Float64Array.from(sol.colValue), iterations };
  }

  dispose(): void {
    this.hm.dispose();
  }
}
