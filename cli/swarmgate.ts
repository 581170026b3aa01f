#!/usr/bin/env node
// The swarmgate command line: one binary for every process of a deployment. It loads only the
// command it runs (cli/program.ts); `npm run build` compiles it to dist/cli/swarmgate.js, which the
// `swarmgate` bin and `npm start` run.
import { programFor } from './program.ts';
import { startTelemetry } from './telemetry.ts';

const program = await programFor(process.argv.slice(2));

const stopTelemetry = await startTelemetry();
process.once('beforeExit', () => void stopTelemetry());

// A mistake the operator fixes (configuration, a key not yet made) is its message, not a stack,
// exit 2; so is the API's refusal (its status and message), exit 1.
async function exitCodeOf(error: unknown): Promise<2 | 1 | undefined> {
  const [{ MissingKeyError }, { ConfigError }, { ApiRefusal }] = await Promise.all([
    import('../schemas/key-files.ts'),
    import('./config.ts'),
    import('./api-client.ts'),
  ]);
  if (error instanceof ConfigError || error instanceof MissingKeyError) return 2;
  return error instanceof ApiRefusal ? 1 : undefined;
}

program.parseAsync().catch(async (error: unknown) => {
  const code = await exitCodeOf(error);
  console.error(code === undefined ? error : (error as Error).message);
  process.exit(code ?? 1);
});
