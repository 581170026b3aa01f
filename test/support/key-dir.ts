// A fresh key directory holding the given keys (and the audit key), made the way an operator makes
// them: `swarmgate keys init`'s own function, never a process's fallback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initKeys } from '../../cli/keys.ts';

export function initializedKeyDir(holders: readonly string[] = []): string {
  const keyDir = mkdtempSync(join(tmpdir(), 'swarmgate-keys-'));
  initKeys(keyDir, holders);
  return keyDir;
}
