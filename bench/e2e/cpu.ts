// CPU seconds a process has used (user + system, from /proc/<pid>/stat), so bench:e2e can say
// which process a workflow's time goes to: the swarm's own, and the broker, registry and
// PostgreSQL it shares the machine with.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ticksPerSecond = 100; // USER_HZ on Linux

export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

const stateDir = () =>
  process.env.SWARMGATE_STATE_DIR ??
  join(
    process.env.SWARMGATE_CACHE_DIR ??
      join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'swarmgate'),
    'state',
  );

const pidIn = (file: string): number | undefined => {
  try {
    return Number(readFileSync(join(stateDir(), file), 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
};

/** The shared services' pids, where `npm run infra:up` recorded them (PostgreSQL: every backend). */
export function servicePids(): Record<string, readonly number[]> {
  const pids = (file: string) => [pidIn(file)].filter((pid): pid is number => pid !== undefined);
  let postgres: number[] = [];
  try {
    postgres = execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // no PostgreSQL process visible from here
  }
  return { kafka: pids('kafka.pid'), registry: pids('registry.pid'), postgres };
}

/** CPU seconds per name, summed over its pids. */
export function cpuSeconds(pids: Readonly<Record<string, readonly number[]>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(pids).map(([name, list]) => [name, list.reduce((sum, pid) => sum + cpuSecondsOf(pid), 0)]),
  );
}
