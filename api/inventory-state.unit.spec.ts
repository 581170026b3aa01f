import { describe, expect, it } from 'vitest';
import { AgentInventory } from './inventory-state.ts';
import { announcement, command } from './testing/registry.ts';

describe('AgentInventory', () => {
  it('lists announced agents by name with their latest announcement', () => {
    const inventory = new AgentInventory();
    inventory.announce(announcement('fraud'));
    inventory.announce(announcement('aml-monitor', { riskClass: 'HIGH' }));
    inventory.announce(announcement('fraud', { version: '1.1.0' }));
    expect(inventory.agents().map((a) => [a.name, a.version, a.risk, a.status])).toEqual([
      ['aml-monitor', '1.0.0', 'HIGH', 'active'],
      ['fraud', '1.1.0', 'LOW', 'active'],
    ]);
  });

  it('kills one agent or all, and a resume or a tombstone lifts the switch', () => {
    const inventory = new AgentInventory();
    inventory.announce(announcement('fraud'));
    inventory.announce(announcement('advisor'));
    inventory.control(command('KILL', 'fraud'));
    const one = inventory.agents().map((a) => a.status);
    inventory.control(command('KILL', '*'));
    const all = inventory.agents().map((a) => a.killSwitch?.target);
    inventory.lift('*');
    inventory.control(command('RESUME', 'fraud'));
    expect(one).toEqual(['active', 'killed']);
    expect(all).toEqual(['*', 'fraud']);
    expect(inventory.agents().map((a) => a.status)).toEqual(['active', 'active']);
  });

  it('forgets a retired agent and ignores policy activations', () => {
    const inventory = new AgentInventory();
    inventory.announce(announcement('fraud'));
    inventory.control({ ...command('ACTIVATE_POLICY', '*'), policyVersion: 'abc' });
    expect(inventory.agents()[0]?.status).toBe('active');
    inventory.retire('fraud');
    expect(inventory.agents()).toEqual([]);
  });
});
