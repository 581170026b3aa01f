export type * from './types.ts';
export {
  buildComposite,
  composePolicies,
  loadComposite,
  type Composite,
  type CompositeOptions,
} from './composite.ts';
export {
  loadPolicyConfig,
  parsePolicyConfig,
  policyIds,
  policyVersionOf,
  PolicyConfigError,
  type PolicyConfig,
  type PolicyId,
} from './config.ts';
export { actorRateKey, rateKeysOf, sourceRateKey } from './rate-limit.ts';
