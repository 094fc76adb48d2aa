/** The joint solve's Web Worker: exposes worker-api.ts with comlink. */
import { expose } from 'comlink';
import { createConsortiumApi } from './worker-api';

expose(createConsortiumApi());
