// Runs `swarmgate <args>` as an operator would. The CLI runs in ONE node process
// (`node --import tsx`), not behind the tsx launcher: a SIGKILL sent to the launcher would leave
// the real process running, and a crash test would then test nothing.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startChild, type Child } from './child.ts';

export const cliScript = fileURLToPath(new URL('../../cli/swarmgate.ts', import.meta.url));

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end: its exit code and what it printed. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cliScript, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') reject(error ?? new Error('no exit code'));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Starts a long-running command (e.g. `projector`, `gate`); stderr passes through. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>>): Child {
  return startChild(cliScript, env, args);
}
