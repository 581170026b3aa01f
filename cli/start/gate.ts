// The gate as `swarmgate gate` runs it and `swarmgate up` composes it.
import { startGate } from '../../orchestrator/gate/index.ts';
import { loadComposite } from '../../orchestrator/policy/composite.ts';
import type { Config } from '../config.ts';
import { exitOnCrash, type ComponentContext, type Started } from './component.ts';

export interface GateOptions {
  /** The policy file; SWARMGATE_POLICY (default orchestrator/policies.yaml) when absent. */
  readonly policy?: string;
}

/** The policies the gate enforces, loaded (and checked) before anything connects. */
export const gatePolicy = (config: Config, options: GateOptions) =>
  loadComposite(options.policy ?? config.SWARMGATE_POLICY);

export async function startGateComponent(context: ComponentContext, options: GateOptions): Promise<Started> {
  const { bus, codec, names, config, operatorKeys, metrics } = context;
  const composite = gatePolicy(config, options);
  const gate = await startGate({
    bus,
    codec,
    names,
    composite,
    operatorKeys,
    metrics,
    instanceId: config.SWARMGATE_INSTANCE,
    // Only an error that is not retriable: Kafka failures are recovered from in the bus.
    onCrash: exitOnCrash('gate'),
  });
  return {
    ready: {
      event: 'gate.ready',
      policyVersion: composite.version,
      policyFile: options.policy ?? config.SWARMGATE_POLICY,
      agents: gate.directory.inventory().length,
    },
    stop: () => gate.stop(),
  };
}
