// The one Prometheus registry of a process: its defaults (CPU, memory, event loop, GC) and the
// bus's health under swarmgate_<component>_, on which every component in the process registers
// its own metrics (gate, agents, projector, API) and which /metrics serves.
import { collectDefaultMetrics, Registry } from 'prom-client';
import { registerBusHealth } from './health-metrics.ts';
import type { BusHealth } from './health.ts';

/** `component` names the process: swarmgate_<component>_process_cpu_seconds_total, … */
export function processRegistry(component: string, health?: BusHealth): Registry {
  const registry = new Registry();
  const prefix = `swarmgate_${component.replace(/[^a-zA-Z0-9_]/g, '_')}_`;
  collectDefaultMetrics({ register: registry, prefix });
  if (health) registerBusHealth(registry, health, prefix);
  return registry;
}

/**
 * One set of metrics per registry, however many components register on it: a process running
 * several agents (`swarmgate up`) shares one counter labelled by agent, not one per agent.
 */
export function perRegistry<T>(create: (registry: Registry) => T): (registry: Registry) => T {
  const made = new WeakMap<Registry, T>();
  return (registry) => {
    let metrics = made.get(registry);
    if (!metrics) made.set(registry, (metrics = create(registry)));
    return metrics;
  };
}
