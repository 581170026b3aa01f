// Only an operator's signature makes a registration or a control command take effect. Forged
// ones, and tombstones (which carry no signature), are dead-lettered once, by the gate, with the
// reason, and change nothing; a signed retirement retires an agent for the gate and the API alike.
// `agents approve` signs a requested key only with the fingerprint the operator got out of band.
// On the real broker, through the shipped path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followInventory } from '../api/inventory.ts';
import { cardOf } from '../cli/cards.ts';
import { KafkaBus } from '../bus/kafka/index.ts';
import type { ConsumedRecord } from '../bus/port.ts';
import type { RegistryFold } from '../registry/fold.ts';
import { replayRegistry } from '../registry/follow.ts';
import { controlRecord, registrationRecord, requestRecord } from '../registry/publish.ts';
import { testOperator, untrustedOperator } from '../registry/testing.ts';
import { Codec } from '../schemas/codec.ts';
import type { DeadLetter, Decision } from '../schemas/generated/types.ts';
import { keyFingerprintOf, type Signer } from '../schemas/signing.ts';
import { runCli } from './support/cli.ts';
import { collect, type Collector } from './support/collect.ts';
import { transactionPosted } from './support/envelopes.ts';
import { startGateHarness, testAgents, type GateHarness } from './support/gate-harness.ts';
import { keyPairFor } from './support/keys.ts';
import { uniqueName } from './support/names.ts';
import { accountAnalysed, agentFields, postedFields, riskScored } from './support/proposals.ts';
import { services } from './support/services.ts';

const fraudCard = testAgents.find((agent) => agent.name === 'fraud')!;
const killOf = (target: string) => ({
  id: uniqueName('ctl'),
  kind: 'KILL' as const,
  target,
  reason: 'INC-9',
  issuedBy: 'ops-oscar',
  issuedAt: Date.now(),
  policyVersion: null,
});

describe('signed registry and control on Kafka', () => {
  const bus = new KafkaBus({ brokers: services.brokers });
  const codec = Codec.connect(services.registryUrl);
  let gate: GateHarness;
  let dlq: Collector;

  beforeAll(async () => {
    await codec.registerAll();
    gate = await startGateHarness(bus, codec);
    dlq = collect(bus, uniqueName('trust-dlq'), [gate.names.dlq]);
  });
  afterAll(async () => {
    await dlq.stop();
    await gate.stop();
    await bus.close();
  });

  /** The dead letter of the latest record on a topic, once the gate's check wrote it. */
  async function deadLetterOfLast(topic: string): Promise<DeadLetter> {
    const [end] = await bus.endOffsets(topic);
    const offset = Number(end!.offset) - 1;
    const decode = (record: ConsumedRecord) => codec.decodeAs('swarmgate.v1.DeadLetter', record.value, 1e7);
    const key = `${topic}/0/${offset}`;
    const [record] = (await dlq.until((records) => records.some((r) => r.key?.toString() === key))).filter(
      (r) => r.key?.toString() === key,
    );
    return decode(record!);
  }

  /**
   * Waits until the gate's fold has read everything written to sg.registry so far: an operator
   * registers a marker agent after it, and the registry topic has one partition.
   */
  async function gateHasRead(): Promise<void> {
    const marker = { ...fraudCard, name: uniqueName('marker'), consumes: [], version: '1' };
    const registration = {
      ...marker,
      publicKey: keyPairFor(marker.name).publicKeyPem,
      announcedAt: Date.now(),
    };
    await bus.send([await registrationRecord(codec, gate.names, registration, testOperator().signer)]);
    await gate.gate.registryUntil((fold) => fold.registration(marker.name) !== undefined);
  }

  /** Likewise for sg.control: an operator kills a marker target after everything written so far. */
  async function gateHasReadControl(): Promise<void> {
    const marker = { ...killOf(uniqueName('marker')), reason: 'marker' };
    await bus.send([await controlRecord(codec, gate.names, marker, testOperator().signer)]);
    await gate.gate.registryUntil((fold) => fold.killSwitchOf(marker.target)?.id === marker.id);
  }

  const waitFor = (condition: (fold: RegistryFold) => boolean) => gate.gate.registryUntil(condition);

  const cliEnv = () => ({
    KAFKA_BROKERS: services.brokers.join(','),
    SCHEMA_REGISTRY_URL: services.registryUrl,
    SWARMGATE_TOPIC_PREFIX: gate.names.ingress.replace(/sg\.ingress$/, ''),
    ...testOperator().env,
  });

  /** The JSON lines a CLI command printed. */
  const printedLines = (stdout: string) =>
    stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; changes?: string[] });

  async function proposeScore(signer: Signer, source = 'fraud'): Promise<Decision> {
    const fields = agentFields('fraud.RiskScored', source);
    await gate.propose(fields, riskScored(), { topic: 'proposed', signer });
    return gate.decisionFor(fields.id);
  }

  async function proposeTransaction(): Promise<Decision> {
    const fields = postedFields();
    await gate.propose(fields, transactionPosted());
    return gate.decisionFor(fields.id);
  }

  it("an agent re-announcing itself with a new key and a raised clearance is dead-lettered; the gate keeps the operator's registration", async () => {
    // Given fraud, registered by the operator with its key and PII clearance
    const forgedKey = keyPairFor('fraud');
    const raised = {
      ...fraudCard,
      version: '6.6.6',
      clearance: 'SECRET' as const,
      publicKey: forgedKey.publicKeyPem,
      announcedAt: Date.now(),
    };

    // When it writes a registration for itself, signed with its own new key
    await bus.send([await registrationRecord(codec, gate.names, raised, forgedKey.signer)]);

    // Then the gate dead-letters it with the reason, and still trusts only the registered key
    const deadLetter = await deadLetterOfLast(gate.names.registry);
    expect(deadLetter).toMatchObject({ errorCode: 'UNTRUSTED', consumer: `${gate.names.registry}.check` });
    expect(deadLetter.error).toMatch(
      /^the registration of fraud is signed by key fraud, which is not a configured operator key$/,
    );
    await gateHasRead();
    const withNewKey = await proposeScore(forgedKey.signer);
    expect(withNewKey.outcome).toBe('DENIED');
    expect(withNewKey.verdicts).toContainEqual(
      expect.objectContaining({
        policy: 'signature',
        reason: 'signature does not verify with the key of fraud',
      }),
    );
    expect((await proposeScore(gate.keys.get('fraud')!.signer)).outcome).not.toBe('DENIED');
    expect(gate.gate.directory.inventory().find((a) => a.name === 'fraud')).toMatchObject({
      clearance: 'PII',
      version: '1.0.0',
    });
  });

  it("an agent's own request grants nothing until an operator approves its key by fingerprint; the card's grants, not the request's, are signed", async () => {
    // Given fraud asks (signed with its new key) to be registered with that key, and with SECRET clearance
    const rotated = keyPairFor('fraud');
    const request = { ...cardOf('fraud', rotated.publicKeyPem, Date.now()), clearance: 'SECRET' as const };
    await bus.send([await requestRecord(codec, gate.names, request, rotated.signer)]);
    await gateHasRead();
    // Then its new key is refused until the operator approves it with the fingerprint from fraud's host
    expect((await proposeScore(rotated.signer)).outcome).toBe('DENIED');
    const genuine = keyFingerprintOf(gate.keys.get('fraud')!.publicKeyPem);
    const next = keyFingerprintOf(rotated.publicKeyPem);
    const approved = await runCli(['agents', 'approve', 'fraud', '--fingerprint', next], cliEnv());
    expect(approved.code, approved.stderr).toBe(0);
    const [notGranted, planned] = printedLines(approved.stdout);
    expect(notGranted).toEqual({
      event: 'agents.not-granted',
      name: 'fraud',
      ignored: ['clearance: requested "SECRET", the card has "PII"'],
    });
    expect(planned).toMatchObject({ event: 'agents.changes', name: 'fraud' });
    expect(planned!.changes).toContain(`key rotated: "${genuine}" -> "${next}"`);
    expect(planned!.changes!.join()).not.toContain('clearance');
    const registered = await waitFor(
      (fold) => fold.registration('fraud')?.publicKey === rotated.publicKeyPem,
    );
    expect(registered.registration('fraud')?.clearance).toBe('PII');
    expect((await proposeScore(rotated.signer)).outcome).not.toBe('DENIED');
    expect((await proposeScore(gate.keys.get('fraud')!.signer)).outcome).toBe('DENIED');
    // The harness's old key is restored for the tests that follow
    const restored = {
      ...fraudCard,
      version: '1.0.0',
      publicKey: gate.keys.get('fraud')!.publicKeyPem,
      announcedAt: Date.now(),
    };
    await bus.send([await registrationRecord(codec, gate.names, restored, testOperator().signer)]);
    await waitFor((fold) => fold.registration('fraud')?.publicKey === restored.publicKey);
  });

  it("a request under another agent's name with the writer's own key is refused by `approve` with the genuine fingerprint; nothing is signed", async () => {
    // Given analyst, registered with its key, and a request under its name written by another agent
    // (any agent may write sg.registry) with a key of its own
    const genuine = gate.keys.get('analyst')!;
    const forger = keyPairFor('analyst');
    const forged = cardOf('analyst', forger.publicKeyPem, Date.now());
    await bus.send([await requestRecord(codec, gate.names, forged, forger.signer)]);
    await waitFor((fold) => fold.request('analyst')?.publicKey === forger.publicKeyPem);
    const before = await bus.endOffsets(gate.names.registry);

    // When the operator approves analyst with the fingerprint analyst's host gave
    const fingerprint = keyFingerprintOf(genuine.publicKeyPem);
    const refused = await runCli(['agents', 'approve', 'analyst', '--fingerprint', fingerprint], cliEnv());

    // Then approve refuses and signs nothing; the registration in force keeps analyst's key
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `the key requested for "analyst" has fingerprint ${keyFingerprintOf(forger.publicKeyPem)}, not ${fingerprint}: nothing signed`,
    );
    expect(refused.stdout).toBe('');
    expect(await bus.endOffsets(gate.names.registry)).toEqual(before);
    const fold = await replayRegistry(bus, codec, gate.names, testOperator().keys);
    expect(fold.registration('analyst')?.publicKey).toBe(genuine.publicKeyPem);
  });

  it("a registration under the case desk's name signed by a key no operator holds is dead-lettered and grants no key", async () => {
    const forger = keyPairFor('case-desk');
    const caseDesk = {
      ...fraudCard,
      name: 'case-desk',
      consumes: [],
      emits: ['human.DecisionRecorded'],
      version: '1',
      publicKey: forger.publicKeyPem,
      announcedAt: Date.now(),
    };
    const stranger = untrustedOperator();

    await bus.send([await registrationRecord(codec, gate.names, caseDesk, stranger)]);

    const deadLetter = await deadLetterOfLast(gate.names.registry);
    expect(deadLetter.error).toBe(
      `the registration of case-desk is signed by key ${stranger.keyId}, which is not a configured operator key`,
    );
    await gateHasRead();
    const impersonating = await proposeScore(forger.signer, 'case-desk');
    expect(impersonating.verdicts).toContainEqual(
      expect.objectContaining({
        policy: 'signature',
        verdict: 'DENY',
        reason: 'no registered key for case-desk',
      }),
    );
  });

  it('a forged kill switch is dead-lettered and stops nothing; the operator-signed one from the CLI does', async () => {
    const forged = {
      id: uniqueName('ctl'),
      kind: 'KILL' as const,
      target: 'fraud',
      reason: 'forged',
      issuedBy: 'mallory',
      issuedAt: Date.now(),
      policyVersion: null,
    };
    await bus.send([await controlRecord(codec, gate.names, forged, untrustedOperator())]);
    const deadLetter = await deadLetterOfLast(gate.names.control);
    expect(deadLetter.error).toMatch(
      /^KILL fraud \(ctl-.*\) is signed by key [0-9a-f]{16}, which is not a configured operator key$/,
    );
    const unsigned = await codec.encode('swarmgate.v1.ControlCommand', { ...forged, id: uniqueName('ctl') });
    await bus.send([{ topic: gate.names.control, key: 'fraud', value: unsigned }]);
    expect((await deadLetterOfLast(gate.names.control)).error).toMatch(/is not signed by an operator key$/);
    await gateHasRead();
    expect((await proposeTransaction()).routedTo).toContain('fraud');

    const env = cliEnv();
    const killed = await runCli(['kill', 'fraud', '--reason', 'INC-9'], env);
    expect(killed.code, killed.stderr).toBe(0);
    await waitFor((fold) => fold.killSwitchOf('fraud') !== undefined);
    const stopped = await proposeTransaction();
    expect(stopped.routedTo).not.toContain('fraud');
    expect(stopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'fraud', policy: 'kill-switch' }),
    );
    expect((await runCli(['resume', 'fraud'], env)).code).toBe(0);
    await waitFor((fold) => fold.killSwitchOf('fraud') === undefined);
  });

  it("an unsigned tombstone under an agent's registration key is dead-lettered; the agent keeps being routed", async () => {
    // When anyone who may write sg.registry (every agent, for its requests) writes fraud's tombstone
    await bus.send([{ topic: gate.names.registry, key: 'fraud', value: null }]);

    // Then the gate dead-letters it with the reason, and still routes to fraud and trusts its key
    const deadLetter = await deadLetterOfLast(gate.names.registry);
    expect(deadLetter).toMatchObject({ errorCode: 'UNTRUSTED', consumer: `${gate.names.registry}.check` });
    expect(deadLetter.error).toBe(
      'a tombstone on registration key fraud carries no signature: retire with `swarmgate agents retire`',
    );
    await gateHasRead();
    expect(gate.gate.directory.inventory().map((a) => a.name)).toContain('fraud');
    expect((await proposeTransaction()).routedTo).toContain('fraud');
    expect((await proposeScore(gate.keys.get('fraud')!.signer)).outcome).not.toBe('DENIED');
  });

  it("an unsigned tombstone under a kill switch's key is dead-lettered; the kill stays in force", async () => {
    // Given fraud, killed by an operator
    await bus.send([await controlRecord(codec, gate.names, killOf('fraud'), testOperator().signer)]);
    await waitFor((fold) => fold.killSwitchOf('fraud') !== undefined);

    // When anyone who may write sg.control writes the kill switch's tombstone
    await bus.send([{ topic: gate.names.control, key: 'fraud', value: null }]);

    // Then the gate dead-letters it with the reason, and fraud stays stopped until a signed RESUME
    expect((await deadLetterOfLast(gate.names.control)).error).toBe(
      'a tombstone on control key fraud carries no signature: lift with `swarmgate resume`',
    );
    await gateHasReadControl();
    const stopped = await proposeTransaction();
    expect(stopped.routedTo).not.toContain('fraud');
    expect(stopped.notRouted).toContainEqual(
      expect.objectContaining({ agent: 'fraud', policy: 'kill-switch' }),
    );
    expect((await runCli(['resume', 'fraud'], cliEnv())).code).toBe(0);
    await waitFor((fold) => fold.killSwitchOf('fraud') === undefined);
  });

  it('a signed retirement retires the agent for the gate and the API alike', async () => {
    const inventory = await followInventory(bus, codec, gate.names, testOperator().keys);
    try {
      await inventory.until((agents) => agents.some((a) => a.name === 'analyst'));

      const retired = await runCli(['agents', 'retire', 'analyst'], cliEnv());
      expect(retired.code, retired.stderr).toBe(0);
      expect(retired.stdout).toContain('"event":"agents.retired"');
      expect(retired.stdout).toContain('"changes":["retired: false -> true"]');

      await inventory.until((agents) => !agents.some((a) => a.name === 'analyst'));
      await waitFor((fold) => fold.registration('analyst') === undefined);
      const decision = await proposeTransaction();
      expect(decision.routedTo).not.toContain('analyst');
      expect(decision.notRouted.map((n) => n.agent)).not.toContain('analyst');
      const output = agentFields('analysis.AccountAnalysed', 'analyst');
      await gate.propose(output, accountAnalysed(), {
        topic: 'proposed',
        signer: gate.keys.get('analyst')!.signer,
      });
      expect((await gate.decisionFor(output.id)).verdicts).toContainEqual(
        expect.objectContaining({ policy: 'signature', reason: 'no registered key for analyst' }),
      );
      expect(inventory.health()).toMatchObject({ ok: true });
    } finally {
      await inventory.stop();
    }
  });
});
