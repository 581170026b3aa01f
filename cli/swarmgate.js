#!/usr/bin/env node
// Runs the CLI from its TypeScript sources, compiled on the fly by tsx: no build needed after an
// edit, at the cost of seconds per start. The `swarmgate` bin and `npm start` run the compiled
// dist/cli/swarmgate.js (`npm run build`, which `npm ci` runs).
import { register } from 'tsx/esm/api';

register();
await import('./swarmgate.ts');
