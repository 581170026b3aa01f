// The SCRAM users of the local broker infra/up.sh started: their passwords are random per state
// directory, in "$STATE_DIR/kafka/credentials.json" (paths as in infra/env.sh).
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SASLOptions } from 'kafkajs';

export interface LocalKafkaCredentials {
  readonly mechanism: 'scram-sha-512';
  readonly users: Readonly<Record<string, string>>;
}

export function localCredentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.SWARMGATE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'swarmgate');
  return join(env.SWARMGATE_STATE_DIR ?? join(cache, 'state'), 'kafka', 'credentials.json');
}

export function localCredentials(env: NodeJS.ProcessEnv = process.env): LocalKafkaCredentials | undefined {
  const file = localCredentialsFile(env);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as LocalKafkaCredentials) : undefined;
}

/** The login of one local user, e.g. `fraud`; fails when the local broker has no such user. */
export function localLogin(user: string, env: NodeJS.ProcessEnv = process.env): SASLOptions {
  const credentials = localCredentials(env);
  const password = credentials?.users[user];
  if (!credentials || !password)
    throw new Error(
      `no SCRAM user "${user}" in ${localCredentialsFile(env)}: start the broker with infra/up.sh`,
    );
  return { mechanism: credentials.mechanism, username: user, password };
}
