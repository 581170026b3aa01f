// Red team: runs both corpora (test/redteam/policy.corpus.json for the structural policies,
// test/redteam/text.corpus.json for PII and prompt injection) through the composite built from
// the shipped orchestrator/policies.yaml, prints per-policy detection and false-positive rates,
// and fails when a rate falls below the thresholds measured for this release.
import { createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildComposite } from '../orchestrator/policy/composite.ts';
import { loadPolicyConfig } from '../orchestrator/policy/config.ts';
import { piiPolicy } from '../orchestrator/policy/pii.ts';
import { anAgent, aView, merged } from '../orchestrator/policy/test-support.ts';
import type {
  AgentEntry,
  Evaluation,
  GateView,
  Proposal,
  WorkflowProvenance,
} from '../orchestrator/policy/types.ts';
import type { Envelope } from '../schemas/generated/types.ts';

// Measured on this release: every structural policy 100% / 0%; pii 98.4% / 0% (a letters-only
// BIC alone in a structured field has no context to tell it from a word); prompt-injection
// 100% / 0%; the whole composite 99.7% / 0%. The content thresholds leave one case of slack,
// as the detectors' corpus grows with new attacks.
/** Share of must-deny / must-redact / must-limit cases a policy must stop. */
export const MIN_DETECTION: Readonly<Record<string, number>> = {
  default: 1,
  pii: 0.98,
  'prompt-injection': 0.98,
  composite: 0.99,
};
/** Share of must-allow cases a policy may stop; `composite` counts whole records denied. */
export const MAX_FALSE_POSITIVE: Readonly<Record<string, number>> = {
  default: 0,
  pii: 0.02,
  'prompt-injection': 0.04,
  composite: 0.01,
};

type Expectation = 'DENY' | 'ALLOW' | 'LIMIT' | 'REDACT';
type SignMode = 'valid' | 'forged' | 'tampered' | 'other-key' | 'none';

interface TypeDefaults {
  readonly origin?: Proposal['origin'];
  readonly envelope?: unknown;
  readonly payload?: Record<string, unknown>;
}

interface PolicyCase {
  readonly id: string;
  readonly policy: string;
  readonly expect: Expectation;
  readonly note?: string;
  readonly type?: string;
  readonly origin?: Proposal['origin'];
  readonly envelope?: unknown;
  readonly payload?: Record<string, unknown> | null;
  readonly payloadError?: string;
  readonly sizeBytes?: number;
  readonly sign?: SignMode;
  readonly signAs?: string;
  readonly algorithm?: string;
  readonly view?: {
    readonly agents?: Readonly<Record<string, Partial<AgentEntry>>>;
    readonly addAgents?: readonly (Partial<AgentEntry> & { name: string })[];
    readonly allKilled?: boolean;
    readonly spentMicros?: number;
    readonly rateCounts?: Readonly<Record<string, number>>;
    readonly delivered?: Readonly<Record<string, number>>;
    readonly provenance?: Readonly<Record<string, WorkflowProvenance>>;
  };
  readonly excludes?: readonly string[];
  readonly deliverTo?: readonly string[];
}

interface PolicyCorpus {
  readonly defaults: {
    readonly now: number;
    readonly registry: readonly (Partial<AgentEntry> & { name: string })[];
    readonly upstreamKeys: readonly string[];
    readonly envelope: Envelope;
    readonly types: Readonly<Record<string, TypeDefaults>>;
    readonly textCase: { readonly type: string; readonly origin: Proposal['origin'] };
  };
  readonly cases: readonly PolicyCase[];
}

interface TextCase {
  readonly id: string;
  readonly policy: 'pii' | 'prompt-injection';
  readonly expect: 'DENY' | 'ALLOW' | 'REDACT';
  readonly text: string;
  readonly classification?: Envelope['classification'];
  readonly note?: string;
}

const readJson = <T>(path: string): T =>
  JSON.parse(readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8')) as T;

// ---- signing: one Ed25519 key pair per registered sender, generated per run

const keyPair = () => generateKeyPairSync('ed25519');
const publicPem = (privateKey: KeyObject) =>
  createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();

function signatureFor(
  mode: SignMode,
  signer: string,
  keys: ReadonlyMap<string, KeyObject>,
  bytes: Buffer,
  algorithm = 'ed25519',
) {
  if (mode === 'none') return null;
  const own = keys.get(signer) ?? keyPair().privateKey; // an unregistered signer still signs, with a key nobody knows
  const value = sign(null, bytes, mode === 'other-key' ? keyPair().privateKey : own);
  if (mode === 'forged') value[7] = (value[7] ?? 0) ^ 0xff;
  return { keyId: signer, algorithm, value };
}

// ---- building proposals and views

/** `{ "$repeat": s, "length": n }` stands for s repeated to exactly n characters. */
function expandRepeats(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expandRepeats);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  if (typeof record.$repeat === 'string' && typeof record.length === 'number')
    return record.$repeat.repeat(Math.ceil(record.length / record.$repeat.length)).slice(0, record.length);
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, expandRepeats(child)]));
}

const canonicalBytes = (envelope: Envelope, payload: unknown) =>
  Buffer.from(JSON.stringify({ ...envelope, signature: null, payload }));

function buildProposal(
  corpus: PolicyCorpus,
  keys: ReadonlyMap<string, KeyObject>,
  testCase: PolicyCase,
): Proposal {
  const type = testCase.type ?? 'banking.TransactionPosted';
  const typeDefaults = corpus.defaults.types[type] ?? {};
  const origin = testCase.origin ?? typeDefaults.origin ?? 'ingress';
  const payload =
    testCase.payload === null
      ? null
      : (expandRepeats(merged(typeDefaults.payload ?? {}, testCase.payload)) as Record<string, unknown>);
  const unsigned = merged<Envelope>(
    merged<Envelope>({ ...corpus.defaults.envelope, type }, typeDefaults.envelope),
    testCase.envelope,
  );
  const envelope: Envelope = { ...unsigned, payload: Buffer.from(JSON.stringify(payload)) };
  const signedBytes = canonicalBytes(envelope, payload);
  const mode = testCase.sign ?? (origin === 'proposed' ? 'valid' : 'none');
  const signer = testCase.signAs ?? envelope.source;
  const signature = signatureFor(mode, signer, keys, signedBytes, testCase.algorithm);
  const received =
    mode === 'tampered' ? canonicalBytes(envelope, { ...payload, tampered: true }) : signedBytes;
  return {
    origin,
    envelope: { ...envelope, signature },
    payload,
    payloadError: testCase.payloadError ?? null,
    sizeBytes: testCase.sizeBytes ?? received.length,
    signedBytes: received,
    now: corpus.defaults.now,
  };
}

function buildView(
  corpus: PolicyCorpus,
  keys: ReadonlyMap<string, KeyObject>,
  state: PolicyCase['view'] = {},
): GateView {
  const publicKey = (name: string) => {
    const key = keys.get(name);
    return key ? publicPem(key) : '';
  };
  const agents = [...corpus.defaults.registry, ...(state.addAgents ?? [])].map(({ name, ...entry }) =>
    anAgent(name, { ...entry, ...(state.agents?.[name] ?? {}), publicKey: publicKey(name) }),
  );
  const upstream = Object.fromEntries(corpus.defaults.upstreamKeys.map((name) => [name, publicKey(name)]));
  return aView({
    agents,
    keys: upstream,
    allKilled: state.allKilled,
    spentMicros: state.spentMicros,
    rateCounts: state.rateCounts,
    delivered: state.delivered,
    provenance: state.provenance,
  });
}

// ---- judging

interface Outcome {
  readonly id: string;
  readonly policy: string;
  readonly mustStop: boolean;
  readonly ok: boolean;
  readonly deniedWhole: boolean;
  readonly detail: string;
}

function judge(testCase: PolicyCase, evaluation: Evaluation, redactionHolds: () => boolean): Outcome {
  const verdict = evaluation.verdicts.find((record) => record.policy === testCase.policy);
  const deniedBy = evaluation.verdicts.filter((v) => v.verdict === 'DENY').map((v) => v.policy);
  const seen = verdict
    ? `${verdict.verdict}: ${verdict.reason}`
    : `${testCase.policy} did not run; denied by ${deniedBy.join(', ') || 'nobody'}`;
  const base = { id: testCase.id, policy: testCase.policy, deniedWhole: evaluation.denied };
  const recipients = evaluation.recipients.map((agent) => agent.name);
  switch (testCase.expect) {
    case 'DENY':
    case 'REDACT': {
      // Either action keeps the data from the agents; a redaction must leave nothing behind.
      const stopped =
        (verdict?.verdict === 'DENY' && evaluation.denied) ||
        (verdict?.verdict === 'REDACT' && redactionHolds());
      return { ...base, mustStop: true, ok: stopped, detail: seen };
    }
    case 'LIMIT': {
      const byPolicy = evaluation.excluded
        .filter((exclusion) => exclusion.policy === testCase.policy)
        .map((exclusion) => exclusion.agent);
      const ok =
        !evaluation.denied &&
        (testCase.excludes ?? []).every((agent) => byPolicy.includes(agent) && !recipients.includes(agent));
      return {
        ...base,
        mustStop: true,
        ok: ok && verdict?.verdict === 'LIMIT',
        detail: `${seen}; excluded ${byPolicy.join(', ')}`,
      };
    }
    case 'ALLOW': {
      if (testCase.policy !== 'benign')
        return { ...base, mustStop: false, ok: verdict?.verdict === 'ALLOW', detail: seen };
      const expected = [...(testCase.deliverTo ?? [])].sort();
      const ok = !evaluation.denied && JSON.stringify([...recipients].sort()) === JSON.stringify(expected);
      const notAllowed = evaluation.verdicts
        .filter((v) => v.verdict !== 'ALLOW')
        .map((v) => `${v.policy} ${v.verdict}: ${v.reason}`);
      return {
        ...base,
        mustStop: false,
        ok,
        detail: `delivered to ${recipients.join(', ') || 'nobody'}; ${notAllowed.join('; ')}`,
      };
    }
    default:
      return testCase.expect satisfies never;
  }
}

// ---- the rates

interface Row {
  readonly policy: string;
  readonly cases: number;
  readonly mustStop: number;
  readonly stopped: number;
  readonly mustAllow: number;
  readonly falsePositives: number;
}

const rate = (part: number, whole: number) => (whole === 0 ? Number.NaN : part / whole);
const percent = (value: number) =>
  Number.isNaN(value) ? '   n/a' : `${(value * 100).toFixed(1).padStart(5)}%`;
const threshold = (table: Readonly<Record<string, number>>, policy: string) =>
  table[policy] ?? table.default ?? 0;

function rows(outcomes: readonly Outcome[]): Row[] {
  const policies = [...new Set(outcomes.map((outcome) => outcome.policy))];
  const row = (policy: string, of: readonly Outcome[]): Row => ({
    policy,
    cases: of.length,
    mustStop: of.filter((o) => o.mustStop).length,
    stopped: of.filter((o) => o.mustStop && o.ok).length,
    mustAllow: of.filter((o) => !o.mustStop).length,
    falsePositives: of.filter((o) => !o.mustStop && !o.ok).length,
  });
  const perPolicy = policies.map((policy) =>
    row(
      policy,
      outcomes.filter((o) => o.policy === policy),
    ),
  );
  // The composite row judges whole records: a must-allow record denied by any policy is a false positive.
  const whole = outcomes.map((o) => ({ ...o, ok: o.mustStop ? o.ok : !o.deniedWhole }));
  return [...perPolicy, row('composite', whole)];
}

function table(all: readonly Row[]): string {
  const header = `${'policy'.padEnd(24)} cases  stop  caught  detection  allow  false+  fp-rate`;
  const lines = all.map(
    (r) =>
      `${r.policy.padEnd(24)} ${String(r.cases).padStart(5)} ${String(r.mustStop).padStart(5)} ${String(r.stopped).padStart(7)}     ${percent(rate(r.stopped, r.mustStop))} ${String(r.mustAllow).padStart(6)} ${String(r.falsePositives).padStart(7)}   ${percent(rate(r.falsePositives, r.mustAllow))}`,
  );
  return [header, '-'.repeat(header.length), ...lines].join('\n');
}

// ---- the run

describe('red team', () => {
  const { config } = loadPolicyConfig(
    fileURLToPath(new URL('../orchestrator/policies.yaml', import.meta.url)),
  );
  const policyCorpus = readJson<PolicyCorpus>('./redteam/policy.corpus.json');
  const textCorpus = readJson<TextCase[]>('./redteam/text.corpus.json');
  let outcomes: Outcome[] = [];
  let summary: Row[] = [];

  const textAsPolicyCase = (text: TextCase): PolicyCase => ({
    id: text.id,
    policy: text.policy,
    expect: text.expect,
    type: policyCorpus.defaults.textCase.type,
    origin: policyCorpus.defaults.textCase.origin,
    envelope: { classification: text.classification ?? 'INTERNAL' },
    payload: { text: text.text },
  });

  beforeAll(() => {
    const composite = buildComposite(config);
    const pii = piiPolicy(config.policies.pii);
    const senders = [
      ...policyCorpus.defaults.registry.map((agent) => agent.name),
      ...policyCorpus.defaults.upstreamKeys,
      'private-advisor',
    ];
    const keys = new Map(senders.map((name) => [name, keyPair().privateKey]));
    const run = (testCase: PolicyCase): Outcome => {
      const proposal = buildProposal(policyCorpus, keys, testCase);
      const view = buildView(policyCorpus, keys, testCase.view);
      const evaluation = composite.evaluate(proposal, view);
      const redactionHolds = () =>
        pii.evaluate({ ...proposal, payload: evaluation.payload }, view, []).verdict === 'ALLOW';
      return judge(testCase, evaluation, redactionHolds);
    };
    outcomes = [...policyCorpus.cases, ...textCorpus.map(textAsPolicyCase)].map(run);
    summary = rows(outcomes);
    console.log(
      `\nred team against orchestrator/policies.yaml (${outcomes.length} cases)\n${table(summary)}\n`,
    );
    const misses = outcomes.filter((o) => !o.ok);
    if (misses.length > 0)
      console.log(
        `missed or over-blocked:\n${misses.map((o) => `  ${o.id} [${o.policy}] ${o.detail}`).join('\n')}\n`,
      );
  });

  it('has at least 150 structural cases, each policy with cases to stop and cases to allow', () => {
    expect(policyCorpus.cases.length).toBeGreaterThanOrEqual(150);
    const covered = (policy: string, stop: boolean) =>
      outcomes.some((o) => o.policy === policy && o.mustStop === stop);
    const uncovered = config.order.filter((policy) => !covered(policy, true) || !covered(policy, false));
    expect(uncovered, 'policies without both kinds of case').toEqual([]);
  });

  it('stops at least the threshold share of attacks, per policy', () => {
    const below = summary
      .filter(
        (row) => row.mustStop > 0 && rate(row.stopped, row.mustStop) < threshold(MIN_DETECTION, row.policy),
      )
      .map((row) => `${row.policy}: ${percent(rate(row.stopped, row.mustStop))}`);
    expect(below, 'detection below threshold').toEqual([]);
  });

  it('lets benign traffic through within the false-positive threshold, per policy and as a whole', () => {
    const above = summary
      .filter(
        (row) =>
          row.mustAllow > 0 &&
          rate(row.falsePositives, row.mustAllow) > threshold(MAX_FALSE_POSITIVE, row.policy),
      )
      .map((row) => `${row.policy}: ${percent(rate(row.falsePositives, row.mustAllow))}`);
    expect(above, 'false positives above threshold').toEqual([]);
  });
});
