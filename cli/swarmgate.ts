#!/usr/bin/env node
// The swarmgate command line: one binary for every process of a deployment. It loads only the
// command it runs (cli/program.ts); `npm run build` compiles it to dist/cli/swarmgate.js, which the
// `swarmgate` bin and `npm start` run.
import { programFor } from './program.ts';
import { startTelemetry } from './telemetry.ts';

const program = await programFor(process.argv.slice(2));

const stopTelemetry = await startTelemetry();
process.once('beforeExit', () => void stopTelemetry());

// A mistake the operator fixes (configuration, a key not yet made) is its message, not a stack.
async function operatorError(error: unknown): Promise<boolean> {
  const [{ MissingKeyError }, { ConfigError }] = await Promise.all([
    import('../schemas/key-files.ts'),
    import('./config.ts'),
  ]);
  return error instanceof ConfigError || error instanceof MissingKeyError;
}

program.parseAsync().catch(async (error: unknown) => {
  const fixable = await operatorError(error);
  console.error(fixable ? (error as Error).message : error);
  process.exit(fixable ? 2 : 1);
});
