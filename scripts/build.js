// npm run build (and npm ci, through `prepare`): compiles the CLI and every module it imports to
// dist/ with tsc (tsconfig.build.json), then copies beside them the files those modules read next
// to themselves at run time, so that dist/ runs on plain node without compiling anything.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import process from 'node:process';

const root = join(import.meta.dirname, '..');
const out = join(root, 'dist');

/** Read through new URL(…, import.meta.url): Avro schemas, policies, model tiers, the dashboard, the sample. */
const assets = [
  'schemas/avro',
  'orchestrator/policies.yaml',
  'agents/models.yaml',
  'api/dashboard/page',
  'cli/samples/banking.ndjson',
];

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const asset of assets) cpSync(join(root, asset), join(out, asset), { recursive: true });
chmodSync(join(out, 'cli/swarmgate.js'), 0o755);
