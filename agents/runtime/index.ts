export { agentGroupId, startAgent, type AgentRuntimeOptions, type RunningAgent } from './runtime.ts';
export { createIdentity, loadIdentity, type AgentIdentity } from './keys.ts';
export { outputId } from './envelopes.ts';
export { registrationOf } from './announce.ts';
