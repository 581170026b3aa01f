import { describe, expect, it } from 'vitest';
import { Codec } from './codec.ts';
import { MemoryRegistry } from './memory-registry.ts';

const v1 = {
  type: 'record' as const,
  name: 'Account',
  namespace: 'compat',
  fields: [{ name: 'id', type: 'string' }],
};

describe('the embedded schema registry', () => {
  it('gives the same schema the same id and refuses a change that breaks BACKWARD compatibility', async () => {
    const registry = new MemoryRegistry();
    const first = await registry.register(v1, { subject: 'compat.Account' });

    expect(await registry.register(v1, { subject: 'compat.Account' })).toEqual(first);
    await expect(
      registry.register(
        { ...v1, fields: [...v1.fields, { name: 'owner', type: 'string' }] },
        { subject: 'compat.Account' },
      ),
    ).rejects.toThrow(/incompatible/);
    const optional = {
      ...v1,
      fields: [...v1.fields, { name: 'owner', type: ['null', 'string'], default: null }],
    };
    expect((await registry.register(optional, { subject: 'compat.Account' })).id).toBeGreaterThan(first.id);
  });

  it('round-trips every catalogue record in the Confluent wire format, and reports unknown ids', async () => {
    const codec = Codec.embedded();
    await codec.registerAll();
    const value = {
      id: 'c1',
      kind: 'KILL' as const,
      target: '*',
      reason: 'drill',
      issuedBy: 'ops',
      issuedAt: 1,
      policyVersion: null,
    };

    const bytes = await codec.encode('swarmgate.v1.ControlCommand', value);

    expect(bytes[0]).toBe(0);
    expect(await codec.decodeAs('swarmgate.v1.ControlCommand', bytes)).toEqual({
      ...value,
      signedBy: null,
      signature: null,
    });
    const unknown = Buffer.concat([Buffer.from([0, 0, 0, 9, 9]), bytes.subarray(5)]);
    await expect(codec.decode(unknown)).rejects.toThrow(/UNKNOWN_SCHEMA/);
  });
});
