import { describe, expect, it } from 'vitest';
import { effectProvenancePolicy, effectProvenanceSettings, provenanceOf } from './provenance.ts';
import { aProposal, aView } from './test-support.ts';
import type { Proposal, WorkflowProvenance } from './types.ts';

// The shipped policy's section (orchestrator/policies.yaml).
const shipped = {
  effects: ['compliance.ReviewCompleted', 'response.CustomerAnswered'],
  deterministic: ['analyst', 'fraud', 'aml-monitor', 'compliance', 'responder'],
  checkers: ['compliance'],
  humans: ['case-desk'],
};
const settings = effectProvenanceSettings.parse(shipped);
const policy = effectProvenancePolicy(shipped);

/** A workflow whose customer request (untrusted) the advisor (a model) answered. */
const adviseOnRequest: WorkflowProvenance = {
  labels: { request: 'untrusted', advice: 'model', review: 'checked', analysis: 'untrusted' },
  modelRead: true,
};

const proposed = (source: string, type: string, causationId: string | null): Proposal =>
  aProposal({ origin: 'proposed', envelope: { source, type, causationId } });

/** `null`: a workflow the gate has labelled nothing of. */
const label = (proposal: Proposal, workflow: WorkflowProvenance | null = adviseOnRequest) =>
  provenanceOf(settings, proposal, workflow ?? undefined);

const verdictOf = (proposal: Proposal) =>
  policy.evaluate(proposal, aView({ provenance: { 'wf-0001': adviseOnRequest } }), []);

describe('provenance labels', () => {
  it('labels upstream records untrusted, unless their source is trusted', () => {
    expect(label(aProposal({ envelope: { source: 'channel-gateway' } }), null)).toBe('untrusted');
    const trusting = effectProvenanceSettings.parse({ ...shipped, trustedSources: ['core-banking'] });
    expect(provenanceOf(trusting, aProposal({ envelope: { source: 'core-banking' } }), undefined)).toBe(
      'trusted',
    );
  });

  it('labels what a model writes after reading untrusted text as model, and a deterministic relay of it too', () => {
    expect(label(proposed('advisor', 'advice.RecommendationMade', 'request'))).toBe('model');
    expect(label(proposed('responder', 'response.CustomerAnswered', 'advice'))).toBe('model');
    expect(label(proposed('analyst', 'analysis.AccountAnalysed', 'request'))).toBe('untrusted');
  });

  it('counts an agent the section does not name as a model: a new agent is untrusted until an operator says otherwise', () => {
    expect(label(proposed('summariser', 'analysis.AccountAnalysed', 'request'))).toBe('model');
  });

  it("labels a checker's verdict on a model's words, and a human decision, checked", () => {
    expect(label(proposed('compliance', 'compliance.ReviewCompleted', 'advice'))).toBe('checked');
    expect(label(proposed('case-desk', 'human.DecisionRecorded', 'advice'))).toBe('checked');
    expect(label(proposed('responder', 'response.CustomerAnswered', 'review'))).toBe('checked');
  });

  it('reads a cause the workflow never delivered as the worst the workflow has seen, so a made-up causation launders nothing', () => {
    expect(label(proposed('responder', 'response.CustomerAnswered', 'made-up'))).toBe('model');
    expect(label(proposed('responder', 'response.CustomerAnswered', null))).toBe('model');
    const untrustedOnly = { labels: { request: 'untrusted' as const }, modelRead: false };
    expect(label(proposed('responder', 'response.CustomerAnswered', 'made-up'), untrustedOnly)).toBe(
      'untrusted',
    );
    expect(label(proposed('advisor', 'advice.RecommendationMade', 'made-up'), null)).toBe('trusted');
  });
});

describe('effect-provenance policy', () => {
  it("denies an effect that a model's words reach with no checker or human in between", () => {
    expect(verdictOf(proposed('advisor', 'compliance.ReviewCompleted', 'request'))).toEqual({
      verdict: 'DENY',
      reason:
        'compliance.ReviewCompleted is an effect, and its cause chain holds untrusted text that a model read with no checker (compliance) or human deciding since; advisor may not cause it',
    });
    expect(verdictOf(proposed('responder', 'response.CustomerAnswered', 'advice')).verdict).toBe('DENY');
  });

  it('allows the effects a checker or a human stands before, and every record that is no effect', () => {
    expect(verdictOf(proposed('compliance', 'compliance.ReviewCompleted', 'advice'))).toEqual({
      verdict: 'ALLOW',
      reason: "provenance checked: no model's words reach this effect unchecked",
    });
    expect(verdictOf(proposed('responder', 'response.CustomerAnswered', 'review')).verdict).toBe('ALLOW');
    expect(verdictOf(proposed('responder', 'response.CustomerAnswered', 'analysis')).verdict).toBe('ALLOW');
    expect(verdictOf(proposed('advisor', 'advice.RecommendationMade', 'request'))).toEqual({
      verdict: 'ALLOW',
      reason: 'provenance model; advice.RecommendationMade is no effect',
    });
  });

  it('guards nothing without declared effects, so a policy file that leaves the section out keeps its behaviour', () => {
    const unset = effectProvenancePolicy();
    expect(
      unset.evaluate(proposed('advisor', 'compliance.ReviewCompleted', 'request'), aView(), []).verdict,
    ).toBe('ALLOW');
  });
});
