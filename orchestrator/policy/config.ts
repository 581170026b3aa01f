// The policy YAML: one section per policy under `policies:`, keyed by policy id. Sections run in
// the order the file lists them; a policy the file does not mention still runs, with its safe
// defaults, after the listed ones (switching a control off takes an explicit `enabled: false`).
// The version is the SHA-256 of the file's bytes, recorded in every decision.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { budgetSettings } from './budget.ts';
import { classificationCeilingSettings } from './classification-ceiling.ts';
import { consentSettings } from './consent.ts';
import { dataResidencySettings } from './data-residency.ts';
import { declaredOutputsSettings } from './declared-outputs.ts';
import { duplicateSettings } from './duplicate.ts';
import { effectProvenanceSettings } from './provenance.ts';
import { explainabilitySettings } from './explainability.ts';
import { hopLimitSettings } from './hop-limit.ts';
import { killSwitchSettings } from './kill-switch.ts';
import { maxLengthSettings } from './max-length.ts';
import { payloadSchemaSettings } from './payload-schema.ts';
import { piiSettings } from './pii.ts';
import { promptInjectionSettings } from './prompt-injection.ts';
import { exposureSettings } from './exposure.ts';
import { rateLimitSettings } from './rate-limit.ts';
import { rbacSettings } from './rbac.ts';
import { requiredMetadataSettings } from './required-metadata.ts';
import { riskClassSettings } from './risk-class.ts';
import { signatureSettings } from './signature.ts';
import { tenantIsolationSettings } from './tenant-isolation.ts';

/** Every section (absent = defaults), in the order unlisted policies run: cheap structural checks first, content scans last. */
const sections = {
  'max-length': maxLengthSettings.prefault({}),
  'required-metadata': requiredMetadataSettings.prefault({}),
  'payload-schema': payloadSchemaSettings.prefault({}),
  signature: signatureSettings.prefault({}),
  'kill-switch': killSwitchSettings.prefault({}),
  'declared-outputs': declaredOutputsSettings.prefault({}),
  duplicate: duplicateSettings.prefault({}),
  'tenant-isolation': tenantIsolationSettings.prefault({}),
  rbac: rbacSettings.prefault({}),
  'data-residency': dataResidencySettings.prefault({}),
  consent: consentSettings.prefault({}),
  'hop-limit': hopLimitSettings.prefault({}),
  budget: budgetSettings.prefault({}),
  'rate-limit': rateLimitSettings.prefault({}),
  exposure: exposureSettings.prefault({}),
  'classification-ceiling': classificationCeilingSettings.prefault({}),
  'risk-class': riskClassSettings.prefault({}),
  'effect-provenance': effectProvenanceSettings.prefault({}),
  explainability: explainabilitySettings.prefault({}),
  pii: piiSettings.prefault({}),
  'prompt-injection': promptInjectionSettings.prefault({}),
} as const;

export type PolicyId = keyof typeof sections;
export const policyIds = Object.keys(sections) as PolicyId[];

export type PolicySettings = { readonly [K in PolicyId]: z.output<(typeof sections)[K]> };

export interface PolicyConfig {
  /** Every policy id once: the listed ones in YAML order, then the others. */
  readonly order: readonly PolicyId[];
  readonly policies: PolicySettings;
}

const fileSchema = z.strictObject({
  description: z.string().optional(),
  policies: z.strictObject(sections).prefault({}),
});

export class PolicyConfigError extends Error {
  override readonly name = 'PolicyConfigError';
}

const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_][\w-]*$/.test(name)
      ? text === ''
        ? name
        : `${text}.${name}`
      : `${text}[${JSON.stringify(name)}]`;
  }, '');

function listedOrder(raw: unknown): PolicyId[] {
  const policies = (raw as { policies?: unknown } | null)?.policies;
  if (typeof policies !== 'object' || policies === null) return [];
  return Object.keys(policies).filter((id): id is PolicyId => (policyIds as string[]).includes(id));
}

/** Parses and validates policy YAML; throws PolicyConfigError naming every offending path. */
export function parsePolicyConfig(text: string, origin = 'policy YAML'): PolicyConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text, { uniqueKeys: true }) ?? {};
  } catch (error) {
    throw new PolicyConfigError(`${origin} is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (issue) => `  - ${pathText(issue.path) || '(top level)'}: ${issue.message}`,
    );
    throw new PolicyConfigError(`${origin} is invalid:\n${issues.join('\n')}`);
  }
  const listed = listedOrder(raw);
  const order = [...listed, ...policyIds.filter((id) => !listed.includes(id))];
  return { order, policies: parsed.data.policies };
}

export const policyVersionOf = (bytes: Buffer | string): string =>
  createHash('sha256').update(bytes).digest('hex');

export function loadPolicyConfig(path: string): { readonly config: PolicyConfig; readonly version: string } {
  const bytes = readFileSync(path);
  return { config: parsePolicyConfig(bytes.toString('utf8'), path), version: policyVersionOf(bytes) };
}
