import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { composePolicies, loadComposite } from './composite.ts';
import { allow, deny, redact } from './results.ts';
import { anAgent, aProposal, aView } from './test-support.ts';
import type { AgentEntry, Policy, PolicyResult } from './types.ts';

const agents = [anAgent('analyst'), anAgent('fraud'), anAgent('aml-monitor')];
const view = aView({ agents });
const fixed = (id: string, result: PolicyResult): Policy => ({ id, evaluate: () => result });
const excluding = (id: string, agent: string): Policy => ({
  id,
  evaluate: () => ({
    verdict: 'LIMIT',
    reason: `no ${agent}`,
    excluded: [{ agent, reason: `${id} says no` }],
  }),
});
const compose = (...policies: Policy[]) => composePolicies(policies, { version: 'v1' });

describe('composite', () => {
  it('delivers to every candidate when every policy allows, recording each verdict in order', () => {
    // given two allowing policies
    const composite = compose(fixed('first', allow('fine')), fixed('second', allow('also fine')));
    // when a record is evaluated
    const evaluation = composite.evaluate(aProposal(), view);
    // then it reaches every agent that consumes its type
    expect(evaluation).toEqual({
      denied: false,
      verdicts: [
        { policy: 'first', verdict: 'ALLOW', reason: 'fine' },
        { policy: 'second', verdict: 'ALLOW', reason: 'also fine' },
      ],
      recipients: agents,
      excluded: [],
      payload: aProposal().payload,
      rateKeys: [],
      provenance: null,
    });
  });

  it('narrows recipients on LIMIT, for delivery and for the policies after it', () => {
    let seenByLater: readonly AgentEntry[] = [];
    const spy: Policy = {
      id: 'spy',
      evaluate: (_p, _v, recipients) => ((seenByLater = recipients), allow('ok')),
    };
    const evaluation = compose(excluding('ceiling', 'fraud'), spy).evaluate(aProposal(), view);
    expect(evaluation.recipients.map((agent) => agent.name)).toEqual(['analyst', 'aml-monitor']);
    expect(seenByLater.map((agent) => agent.name)).toEqual(['analyst', 'aml-monitor']);
    expect(evaluation.excluded).toEqual([{ agent: 'fraud', policy: 'ceiling', reason: 'ceiling says no' }]);
  });

  it('ignores a LIMIT naming an agent that is not a candidate', () => {
    const evaluation = compose(excluding('odd', 'nobody')).evaluate(aProposal(), view);
    expect(evaluation.recipients).toHaveLength(3);
    expect(evaluation.excluded).toEqual([]);
  });

  it('replaces the payload on REDACT, for delivery and for the policies after it', () => {
    let seenByLater: unknown;
    const spy: Policy = {
      id: 'spy',
      evaluate: (proposal) => ((seenByLater = proposal.payload), allow('ok')),
    };
    const evaluation = compose(fixed('pii', redact('card', { memo: '[REDACTED:CARD]' })), spy).evaluate(
      aProposal(),
      view,
    );
    expect(evaluation.payload).toEqual({ memo: '[REDACTED:CARD]' });
    expect(seenByLater).toEqual({ memo: '[REDACTED:CARD]' });
    expect(evaluation.denied).toBe(false);
  });

  it('denies on any DENY, still runs every policy, and excludes every candidate by the first denying policy', () => {
    // given a limit, then two denials, then an allow
    const composite = compose(
      excluding('ceiling', 'fraud'),
      fixed('signature', deny('forged')),
      fixed('budget', deny('over')),
      fixed('last', allow('ok')),
    );
    // when evaluated
    const evaluation = composite.evaluate(aProposal(), view);
    // then nothing is delivered, all four verdicts are recorded and the first denial names the exclusions
    expect(evaluation.denied).toBe(true);
    expect(evaluation.recipients).toEqual([]);
    expect(evaluation.verdicts.map((v) => `${v.policy}:${v.verdict}`)).toEqual([
      'ceiling:LIMIT',
      'signature:DENY',
      'budget:DENY',
      'last:ALLOW',
    ]);
    expect(evaluation.excluded).toEqual(
      agents.map((agent) => ({ agent: agent.name, policy: 'signature', reason: 'forged' })),
    );
  });

  it('ends the fold at a final denial: the policies after it are not evaluated, and recorded as skipped', () => {
    // given a final denial (as max-length's) before a policy that must not run
    let scanned = false;
    const scan: Policy = {
      id: 'scan',
      evaluate: () => {
        scanned = true;
        return allow('clean');
      },
    };
    const bound: Policy = { ...fixed('max-length', deny('too long')), denialIsFinal: true };
    // when evaluated
    const evaluation = compose(fixed('first', allow('ok')), bound, scan).evaluate(aProposal(), view);
    // then the record is denied by the bound, the scan never ran, and the decision says why
    expect(evaluation.denied).toBe(true);
    expect(scanned).toBe(false);
    expect(evaluation.verdicts.map((v) => `${v.policy}:${v.verdict}`)).toEqual([
      'first:ALLOW',
      'max-length:DENY',
      'scan:SKIP',
    ]);
    expect(evaluation.verdicts[2]!.reason).toBe(
      'not evaluated: max-length denied the record, which ends the fold',
    );
    expect(evaluation.excluded.every((e) => e.policy === 'max-length')).toBe(true);
  });

  it('skips the content scanners after a cheap denial, and runs the cheap policies still', () => {
    // given a scanner after a cheap denial, with a cheap policy after both
    const evaluatedScan: string[] = [];
    const scanner = (id: string, result: PolicyResult): Policy => ({
      id,
      scansContent: true,
      evaluate: () => (evaluatedScan.push(id), result),
    });
    const composite = compose(
      scanner('early-scan', allow('clean')),
      fixed('signature', deny('forged')),
      scanner('pii', allow('clean')),
      fixed('budget', allow('ok')),
    );
    // when evaluated
    const evaluation = composite.evaluate(aProposal(), view);
    // then only the scanner before the denial ran; the one after it is recorded as skipped, naming the denial
    expect(evaluatedScan).toEqual(['early-scan']);
    expect(evaluation.verdicts).toEqual([
      { policy: 'early-scan', verdict: 'ALLOW', reason: 'clean' },
      { policy: 'signature', verdict: 'DENY', reason: 'forged' },
      {
        policy: 'pii',
        verdict: 'SKIP',
        reason:
          'not evaluated: signature already denied the record, so no content scan can change the outcome',
      },
      { policy: 'budget', verdict: 'ALLOW', reason: 'ok' },
    ]);
  });

  it('runs every scanner after a scanner denies: each one names what it found', () => {
    const scanner = (id: string, result: PolicyResult): Policy => ({
      id,
      scansContent: true,
      evaluate: () => result,
    });
    const evaluation = compose(
      scanner('pii', deny('card')),
      scanner('prompt-injection', allow('clean')),
    ).evaluate(aProposal(), view);
    expect(evaluation.verdicts.map((v) => `${v.policy}:${v.verdict}`)).toEqual([
      'pii:DENY',
      'prompt-injection:ALLOW',
    ]);
  });

  it('turns a throwing policy into a DENY and carries on', () => {
    const throwing: Policy = {
      id: 'buggy',
      evaluate: () => {
        throw new Error('boom');
      },
    };
    const evaluation = compose(throwing, fixed('after', allow('ok'))).evaluate(aProposal(), view);
    expect(evaluation.denied).toBe(true);
    expect(evaluation.verdicts).toEqual([
      { policy: 'buggy', verdict: 'DENY', reason: 'policy error: boom' },
      { policy: 'after', verdict: 'ALLOW', reason: 'ok' },
    ]);
  });

  it('denies, without throwing, when the view itself fails', () => {
    const broken = {
      ...view,
      recipientsFor: () => {
        throw new Error('registry not loaded');
      },
    };
    const evaluation = compose(fixed('any', allow('ok'))).evaluate(aProposal(), broken);
    expect(evaluation).toMatchObject({
      denied: true,
      recipients: [],
      verdicts: [{ policy: 'composite', verdict: 'DENY', reason: 'policy error: registry not loaded' }],
    });
  });

  it('reports the rate keys the proposal counts against', () => {
    const composite = composePolicies([], {
      version: 'v1',
      rateKeysOf: (p) => [`actor:${p.envelope.actor.userId}`],
    });
    expect(composite.evaluate(aProposal(), view).rateKeys).toEqual(['actor:svc-core-ledger']);
  });

  it('has no recipients and is not denied when nobody consumes the type', () => {
    const evaluation = compose(fixed('any', allow('ok'))).evaluate(
      aProposal({ envelope: { type: 'response.CustomerAnswered' } }),
      view,
    );
    expect(evaluation).toMatchObject({ denied: false, recipients: [], excluded: [] });
  });
});

describe('the shipped policy file', () => {
  const shipped = loadComposite(fileURLToPath(new URL('../policies.yaml', import.meta.url)));

  it("labels each record's provenance, so the gate keeps it once the record is delivered", () => {
    const request = aProposal({
      envelope: { type: 'banking.CustomerRequestReceived', source: 'channel-gateway' },
    });
    expect(shipped.evaluate(request, aView()).provenance).toBe('untrusted');
  });

  it('keeps no labels when the policy declares no effect', () => {
    expect(compose(fixed('any', allow('ok'))).evaluate(aProposal(), aView()).provenance).toBeNull();
  });
});
