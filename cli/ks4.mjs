#!/usr/bin/env node
// The `ks4` bin (package.json). The commands are TypeScript (cli/ks4.ts); there is no build step for
// them, so this launcher registers tsx's loader in this same process (no child process, no shell) and
// runs them. tsx keeps what it compiled in its cache, so only the first run after a change pays for it.
import { register } from 'tsx/esm/api';

register();
await import('./ks4.ts');
