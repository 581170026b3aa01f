// Policy id → factory. The composite builds the enabled policies from a PolicyConfig with it.
import { budgetPolicy } from './budget.ts';
import { classificationCeilingPolicy } from './classification-ceiling.ts';
import type { PolicyConfig, PolicyId, PolicySettings } from './config.ts';
import { consentPolicy } from './consent.ts';
import { dataResidencyPolicy } from './data-residency.ts';
import { declaredOutputsPolicy } from './declared-outputs.ts';
import { duplicatePolicy } from './duplicate.ts';
import { effectProvenancePolicy } from './provenance.ts';
import { exposurePolicy } from './exposure.ts';
import { explainabilityPolicy } from './explainability.ts';
import { hopLimitPolicy } from './hop-limit.ts';
import { killSwitchPolicy } from './kill-switch.ts';
import { maxLengthPolicy } from './max-length.ts';
import { payloadSchemaPolicy } from './payload-schema.ts';
import { piiPolicy } from './pii.ts';
import { promptInjectionPolicy } from './prompt-injection.ts';
import { rateLimitPolicy } from './rate-limit.ts';
import { rbacPolicy } from './rbac.ts';
import { requiredMetadataPolicy } from './required-metadata.ts';
import { riskClassPolicy } from './risk-class.ts';
import { signaturePolicy } from './signature.ts';
import { tenantIsolationPolicy } from './tenant-isolation.ts';
import type { Policy } from './types.ts';

const factories: { readonly [K in PolicyId]: (settings: PolicySettings[K]) => Policy } = {
  'max-length': maxLengthPolicy,
  'required-metadata': requiredMetadataPolicy,
  'payload-schema': payloadSchemaPolicy,
  signature: signaturePolicy,
  'kill-switch': killSwitchPolicy,
  'declared-outputs': declaredOutputsPolicy,
  duplicate: duplicatePolicy,
  'tenant-isolation': tenantIsolationPolicy,
  rbac: rbacPolicy,
  'data-residency': dataResidencyPolicy,
  consent: consentPolicy,
  'hop-limit': hopLimitPolicy,
  budget: budgetPolicy,
  'rate-limit': rateLimitPolicy,
  exposure: exposurePolicy,
  'classification-ceiling': classificationCeilingPolicy,
  'risk-class': riskClassPolicy,
  'effect-provenance': effectProvenancePolicy,
  explainability: explainabilityPolicy,
  pii: piiPolicy,
  'prompt-injection': promptInjectionPolicy,
};

const create = <K extends PolicyId>(id: K, config: PolicyConfig): Policy =>
  factories[id](config.policies[id]);

/** The enabled policies, in the configured order. */
export const enabledPolicies = (config: PolicyConfig): Policy[] =>
  config.order.filter((id) => config.policies[id].enabled).map((id) => create(id, config));
