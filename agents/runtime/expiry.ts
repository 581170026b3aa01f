// What an agent's partition state forgets: the spend and the reached deadlines of workflows
// untouched for a week (past the inboxes' retention, no event of them can arrive any more).
// The agent's own state forgets by its own retention, inside evolve.
import type { StoredValue } from '../../bus/state-store.ts';
import { reachedPrefix } from './deadlines.ts';
import { spendPrefix } from './ledger.ts';

const keptMs = 7 * 24 * 60 * 60 * 1000;

export function expiresAt(key: string, value: StoredValue): number | null {
  if (!key.startsWith(spendPrefix) && !key.startsWith(reachedPrefix)) return null;
  return (value.at as number) + keptMs;
}
