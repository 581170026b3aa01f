export { startRegistryCheck, registryCheckGroup, type RegistryCheckOptions } from './check.ts';
export { RegistryFold } from './fold.ts';
export { followRegistry, replayRegistry, type FollowedRegistry, type RegistryHealth } from './follow.ts';
export {
  loadOperatorKeys,
  loadOperatorSigner,
  OperatorKeyError,
  operatorKeysOf,
  operatorSigner,
  type OperatorKeys,
} from './operator-keys.ts';
export {
  approvalOf,
  controlRecord,
  registrationRecord,
  requestRecord,
  type Registration,
  type UnsignedCommand,
} from './publish.ts';
export {
  controlChange,
  controlKey,
  drillKey,
  readChange,
  registryChange,
  requestKey,
  UntrustedRecordError,
  type RegistryChange,
} from './records.ts';
