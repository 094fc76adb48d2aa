/** The solver's Web Worker: exposes the SolverApi of worker-api.ts with comlink. */
import { expose } from 'comlink';
import { createSolverApi } from './worker-api';

expose(createSolverApi());
