export { gateGroupId, startGate, type Gate, type GateOptions } from './gate.ts';
export { decisionIdOf } from './decide.ts';
