// Options more than one command takes, declared once: `swarmgate up` composes the gate, the agents,
// the projector and the API, and takes their options with the same names, defaults and checks.
import { Option } from 'commander';
import { bankingAgents } from '../agents/banking/index.ts';
import { ConfigError } from './config.ts';

/** A commander option parser for a positive integer, naming the flag when it is not one. */
export const positive = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0)
    throw new ConfigError(`${flag} must be a positive integer, got "${value}"`);
  return number;
};

const portNumber = (flag: string) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new ConfigError(`${flag} must be a port number (0 to 65535), got "${value}"`);
  return number;
};

const positiveOption = (flags: string, description: string, fallback?: number) => {
  const option = new Option(flags, description).argParser(positive(flags.split(' ')[0]!));
  return fallback === undefined ? option : option.default(fallback);
};

export const bankingAgentNames: readonly string[] = bankingAgents.map((agent) => agent.name);

/** The gate's policy file. */
export const policyOption = () =>
  new Option('--policy <file>', 'policy YAML (default: SWARMGATE_POLICY or orchestrator/policies.yaml)');

/** The banking agents' thresholds. */
export const bankingConfigOption = () =>
  new Option('--config <file>', 'banking thresholds YAML (defaults built in)');

export const deadlineOption = () =>
  positiveOption('--deadline-ms <ms>', 'time one decision may take before the fallback answers', 5_000);

export const decideAttemptsOption = () =>
  positiveOption(
    '--decide-attempts <n>',
    'tries one decision gets, with backoff and jitter inside its deadline, when it fails retriably (a model timeout, 429, 5xx) before the fallback answers; 1 never retries',
    3,
  );

export const budgetOption = () =>
  positiveOption('--budget-micros <micros>', 'what the agent lets one workflow spend', 2_000_000);

/** Which banking agents: their inboxes (topics), their principals (acls), those that run (up). */
export const agentsOption = (what: string) =>
  new Option('--agents <names>', `comma-separated agents ${what}`).default(bankingAgentNames.join(','));

export const agentList = (value: string): string[] =>
  value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);

/** The API's address; the default is SWARMGATE_HTTP_PORT / SWARMGATE_HTTP_HOST (cli/config.ts). */
export const apiPortOption = () =>
  new Option(
    '--port <port>',
    'HTTP port of the API (default: SWARMGATE_HTTP_PORT or 8080; 0 picks one)',
  ).argParser(portNumber('--port'));
export const apiHostOption = () =>
  new Option('--host <address>', 'interface of the API (default: SWARMGATE_HTTP_HOST or 127.0.0.1)');

/** The embedded swarm's data directory, for `up` and for the commands that read it. */
export const dataDirOption = () =>
  new Option(
    '--data-dir <dir>',
    "the embedded swarm's data directory (default: SWARMGATE_DATA_DIR, else ~/.swarmgate/data)",
  );

export const timeoutOption = (what: string, fallback: number) =>
  positiveOption('--timeout-ms <ms>', what, fallback);

const apiUrl = (value: string): URL => {
  if (!URL.canParse(value)) throw new ConfigError(`--api must be a URL, got "${value}"`);
  return new URL(value.endsWith('/') ? value : `${value}/`);
};

/** A swarmgate API to go through; `fallback` when it has one (decide), else found in the data directory. */
export const apiOption = (fallback?: string) => {
  const option = new Option(
    '--api <url>',
    fallback
      ? 'the API that records the decision'
      : 'go through this API (default: that of the swarmgate up running on --data-dir)',
  )
    .env('SWARMGATE_API_URL')
    .argParser(apiUrl);
  return fallback === undefined ? option : option.default(apiUrl(fallback), fallback);
};

export const tokenOption = (what = 'the bearer token for the API: its subject, with its roles') =>
  new Option('--token <jwt>', what).env('SWARMGATE_TOKEN');

/** How a command reaches the embedded swarm: its data directory, or its API with a token. */
export interface SwarmReach {
  readonly dataDir?: string;
  readonly api?: URL;
  readonly token?: string;
}
