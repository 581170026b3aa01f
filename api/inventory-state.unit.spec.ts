import { describe, expect, it } from 'vitest';
import { inventoryOf } from './inventory-state.ts';
import { announcement, command, signedFold } from './testing/registry.ts';

describe('inventoryOf', () => {
  it('lists registered agents by name with their latest registration', () => {
    const fold = signedFold([
      announcement('fraud'),
      announcement('aml-monitor', { riskClass: 'HIGH' }),
      announcement('fraud', { version: '1.1.0' }),
    ]);
    expect(inventoryOf(fold).map((a) => [a.name, a.version, a.risk, a.status])).toEqual([
      ['aml-monitor', '1.0.0', 'HIGH', 'active'],
      ['fraud', '1.1.0', 'LOW', 'active'],
    ]);
  });

  it('shows the kill switch that holds an agent: its own, or the global one', () => {
    const agents = [announcement('fraud'), announcement('advisor')];
    const one = inventoryOf(signedFold(agents, [command('KILL', 'fraud')]));
    const all = inventoryOf(signedFold(agents, [command('KILL', 'fraud'), command('KILL', '*')]));
    expect(one.map((a) => a.status)).toEqual(['active', 'killed']);
    expect(one[1]?.killSwitch).toMatchObject({ target: 'fraud', issuedBy: 'ops-oscar' });
    expect(all.map((a) => a.killSwitch?.target)).toEqual(['*', 'fraud']);
  });
});
