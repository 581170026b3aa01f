// Runs `swarmgate <args>` as an operator would, for tests. The CLI runs in ONE node process
// (`node --import tsx`), not behind the tsx launcher: a SIGKILL sent to the launcher would
// leave the real process running, and a crash test would then test nothing.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const cliScript = fileURLToPath(new URL('../../cli/swarmgate.ts', import.meta.url));
const nodeArgs = (args: readonly string[]) => ['--import', 'tsx', cliScript, ...args];
const withEnv = (env: Readonly<Record<string, string>>) => ({ ...process.env, ...env });

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end. */
export function runCli(args: readonly string[], env: Readonly<Record<string, string>>): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      nodeArgs(args),
      { env: withEnv(env), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') reject(error ?? new Error('no exit code'));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface CliProcess {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line that matches; rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts a long-running command (e.g. `projector`); stderr passes through. */
export function startCli(args: readonly string[], env: Readonly<Record<string, string>>): CliProcess {
  const child = spawn(process.execPath, nodeArgs(args), {
    env: withEnv(env),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const check of waiters) check();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line === undefined) return;
          waiters.delete(check);
          resolve(line);
        };
        void exited.then(() =>
          reject(new Error(`swarmgate ${args.join(' ')} exited before printing ${pattern}`)),
        );
        waiters.add(check);
        check();
      }),
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
