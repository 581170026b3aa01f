// One process at a time in a data directory: a lock file holding the owner's pid. A lock left by a
// process that no longer runs (a SIGKILL, a power cut) is taken over; a live owner's is refused.
import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const LOCK_FILE = 'lock';

/** Directories this process holds, so a second bus on the same directory in it is refused too. */
const heldHere = new Set<string>();

export class DirectoryInUseError extends Error {
  override readonly name = 'DirectoryInUseError';
}

/**
 * A killed process stays a zombie until its parent (or whoever adopted it) reaps it, and a signal
 * still reaches a zombie: on Linux its state in /proc tells it from a running process.
 */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^\S+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !zombie(pid);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The pid of the live process holding `dir`, or undefined when nobody does. */
export function lockHolder(dir: string): number | undefined {
  const key = resolve(dir);
  const pid = ownerOf(join(key, LOCK_FILE));
  if (pid === undefined) return undefined;
  if (pid === process.pid) return heldHere.has(key) ? pid : undefined;
  return alive(pid) ? pid : undefined;
}

/** Takes `dir` (which must exist) for this process; returns the release. */
export function lockDirectory(dir: string): () => void {
  const key = resolve(dir);
  const path = join(key, LOCK_FILE);
  const holder = lockHolder(key);
  if (holder !== undefined)
    throw new DirectoryInUseError(
      `${key} is in use by process ${holder}; stop it first (or remove ${path} if no swarmgate runs there)`,
    );
  // Created exclusively: of two processes starting at once, one gets it. A stale lock goes first.
  if (existsSync(path)) unlinkSync(path);
  try {
    writeFileSync(path, `${process.pid}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new DirectoryInUseError(`${key} was taken by process ${ownerOf(path)} at the same time`);
  }
  heldHere.add(key);
  return () => {
    if (!heldHere.delete(key)) return;
    if (ownerOf(path) === process.pid) unlinkSync(path);
  };
}
