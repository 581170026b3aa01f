// Compliance (high risk): reviews every recommendation; approves it, or escalates to a human and
// then applies the maker-checker rules (handoff.ts) to the decisions that come back.
// The agent consumes its own compliance.EscalationRequested: that record, as delivered by the
// gate, opens or raises the case in its state. So an escalation sent by the fallback is tracked
// exactly like one sent by decide, and the state stays a pure fold of the inbox.
import { Map as ImmutableMap } from 'immutable';
import { assertNever, type AgentDefinition } from '../decider.ts';
import {
  judge,
  opened,
  outcomeOf,
  pruned,
  settled,
  timedOut,
  type ComplianceOutput,
  type ComplianceState,
} from './compliance-cases.ts';
import { automaticApproval, escalationReasons, firstEscalation } from './compliance-review.ts';
import { defaultBankingConfig, type ComplianceConfig } from './config.ts';

export type { ComplianceState, ReviewCase } from './compliance-cases.ts';

type Consumed =
  | 'advice.RecommendationMade'
  | 'human.DecisionRecorded'
  | 'workflow.DeadlineReached'
  | 'compliance.EscalationRequested';
type Emitted = ComplianceOutput | 'incident.FallbackUsed';

export function createCompliance(
  config: ComplianceConfig = defaultBankingConfig.compliance,
): AgentDefinition<ComplianceState, Consumed, Emitted> {
  return {
    name: 'compliance',
    version: '1.0.0',
    consumes: [
      'advice.RecommendationMade',
      'human.DecisionRecorded',
      'workflow.DeadlineReached',
      'compliance.EscalationRequested',
    ],
    emits: [
      'compliance.ReviewCompleted',
      'compliance.EscalationRequested',
      'compliance.ApprovalRefused',
      'incident.FallbackUsed',
    ],
    riskClass: 'HIGH',
    clearance: 'PII',
    requiredRoles: [],
    deadlines: [
      {
        name: config.reviewDeadline,
        afterMs: config.reviewAfterMs,
        startOn: ['compliance.EscalationRequested'],
      },
    ],
    fallbackDescription: 'Escalates the recommendation to a human reviewer; never approves without a review.',
    initialState: () => ({ cases: ImmutableMap(), sweptAt: 0 }),
    // A review deadline of a workflow whose cases are all decided would only be re-proposed to no effect.
    settled,
    evolve(before, event) {
      const state = pruned(before, event.occurredAt, config);
      switch (event.type) {
        case 'compliance.EscalationRequested':
          return opened(state, event);
        case 'human.DecisionRecorded': {
          const { found, result } = judge(state, event, config);
          if (!found || !result || result.kind === 'refused') return state;
          const updated = { ...found, ...result.escalation, updatedAt: event.occurredAt };
          return { ...state, cases: state.cases.set(event.payload.escalationId, updated) };
        }
        case 'advice.RecommendationMade':
        case 'workflow.DeadlineReached':
          return state;
        default:
          return assertNever(event);
      }
    },
    decide(event, state) {
      switch (event.type) {
        case 'advice.RecommendationMade': {
          const reasons = escalationReasons(event, config);
          return Promise.resolve(
            reasons.length > 0
              ? [firstEscalation(event, reasons, config)]
              : [automaticApproval(event, config)],
          );
        }
        case 'human.DecisionRecorded': {
          const { found, result } = judge(state, event, config);
          return Promise.resolve(outcomeOf(event, found, result));
        }
        case 'workflow.DeadlineReached':
          return Promise.resolve(timedOut(state, event, config));
        case 'compliance.EscalationRequested':
          return Promise.resolve([]);
        default:
          return assertNever(event);
      }
    },
    fallback(event, state, failure) {
      switch (event.type) {
        case 'advice.RecommendationMade':
          return [
            firstEscalation(
              event,
              [`automated compliance review unavailable (${failure.kind}: ${failure.message})`],
              config,
            ),
          ];
        case 'workflow.DeadlineReached':
          return timedOut(state, event, config);
        // A human decision that could not be processed leaves only the incident; the decision stays on the log.
        case 'human.DecisionRecorded':
        case 'compliance.EscalationRequested':
          return [];
        default:
          return assertNever(event);
      }
    },
  };
}

export const compliance = createCompliance();
