import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Child {
  readonly process: ChildProcess;
  /** Every stdout line so far. */
  readonly lines: readonly string[];
  /** Resolves with the first stdout line that matches; rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string>;
  /** Sends the signal and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs a TypeScript file in a child process, so a test can SIGKILL it like a real crash. Node
 * itself loads tsx: the tsx launcher would fork, and a signal would reach only the launcher.
 */
export function startChild(
  script: string,
  env: Readonly<Record<string, string>>,
  args: readonly string[] = [],
): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const check of waiters) check();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const name = [script, ...args].join(' ');
  return {
    process: child,
    lines,
    waitForLine: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => pattern.test(l));
          if (line === undefined) return;
          waiters.delete(check);
          resolve(line);
        };
        void exited.then(() => reject(new Error(`${name} exited before printing ${pattern}`)));
        waiters.add(check);
        check();
      }),
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
