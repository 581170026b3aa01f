import { describe, expect, it } from 'vitest';
import { declaredOutputsPolicy } from './declared-outputs.ts';
import { anAgent, aProposal, aView } from './test-support.ts';

describe('declared-outputs policy', () => {
  const policy = declaredOutputsPolicy({ sources: { 'case-desk': ['human.DecisionRecorded'] } });
  const view = aView({
    agents: [
      anAgent('analyst', { emits: ['analysis.AccountAnalysed', 'incident.FallbackUsed'] }),
      anAgent('compliance', { emits: ['compliance.*'] }),
      anAgent('partner-insights', { emits: ['analysis.AccountAnalysed', 'human.DecisionRecorded'] }),
    ],
  });
  const proposed = (source: string, type: string) =>
    policy.evaluate(aProposal({ origin: 'proposed', envelope: { source, type } }), view, []);

  it("denies an agent's record of a type its registration does not emit", () => {
    expect(proposed('analyst', 'compliance.ReviewCompleted')).toEqual({
      verdict: 'DENY',
      reason:
        'analyst may propose only what it declares (analysis.AccountAnalysed, incident.FallbackUsed, workflow.DeadlineReached), not compliance.ReviewCompleted',
    });
  });

  it('allows what the registration emits, by glob, and the deadline ticks of every runtime', () => {
    expect(proposed('analyst', 'analysis.AccountAnalysed').verdict).toBe('ALLOW');
    expect(proposed('compliance', 'compliance.ReviewCompleted').verdict).toBe('ALLOW');
    expect(proposed('analyst', 'workflow.DeadlineReached').verdict).toBe('ALLOW');
  });

  it('holds a listed source to its types, and leaves other senders to the signature policy', () => {
    expect(proposed('case-desk', 'human.DecisionRecorded').verdict).toBe('ALLOW');
    expect(proposed('case-desk', 'compliance.ReviewCompleted').reason).toBe(
      'case-desk may propose only what it declares (human.DecisionRecorded), not compliance.ReviewCompleted',
    );
    expect(proposed('payments-hub', 'banking.TransactionPosted').verdict).toBe('ALLOW');
  });

  it("reserves a listed source's types to it: no agent records a human decision, even one registered to", () => {
    expect(proposed('partner-insights', 'human.DecisionRecorded')).toEqual({
      verdict: 'DENY',
      reason: 'only case-desk may propose human.DecisionRecorded, whatever a registration declares',
    });
  });

  it('leaves upstream records to rbac', () => {
    expect(policy.evaluate(aProposal(), view, []).verdict).toBe('ALLOW');
  });
});
