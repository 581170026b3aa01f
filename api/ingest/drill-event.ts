// The upstream event of a fallback drill (workflow drill-<command id>): a card transaction from
// the drill's service identity, or a branch request from the operator running it (a HIGH-risk
// agent such as compliance acts only for an advisor, admin or system actor). Sent by
// `swarmgate drill` on Kafka and by POST /agents/:name/drill beside a running swarm.
import { drillWorkflowId } from '../../schemas/derived-id.ts';
import type { EventBody } from './event-body.ts';

export type DrillUpstream = 'transaction' | 'request';

export interface DrillEventOptions {
  /** Who runs the drill: the actor of a drill request. */
  readonly as: string;
  readonly tenant: string;
  readonly region: string;
}

export function drillEvent(kind: DrillUpstream, commandId: string, options: DrillEventOptions): EventBody {
  const common = {
    correlationId: drillWorkflowId(commandId),
    source: 'swarmgate-drill',
    classification: 'INTERNAL' as const,
  };
  const at = Date.now();
  if (kind === 'transaction') {
    return {
      ...common,
      type: 'banking.TransactionPosted',
      consent: [],
      actor: {
        userId: 'svc-fallback-drill',
        roles: ['system'],
        tenantId: options.tenant,
        region: options.region,
      },
      payload: {
        transactionId: `drill-${commandId}`,
        accountId: `DRILL-${commandId.slice(0, 8)}`,
        amountMinor: 100,
        currency: 'EUR',
        direction: 'DEBIT',
        channel: 'CARD',
        merchant: 'fallback drill',
        counterparty: null,
        country: null,
        memo: 'operational fallback drill',
        postedAt: at,
      },
    };
  }
  return {
    ...common,
    type: 'banking.CustomerRequestReceived',
    consent: ['analytics', 'profiling', 'advice'],
    actor: { userId: options.as, roles: ['advisor'], tenantId: options.tenant, region: options.region },
    payload: {
      requestId: `drill-${commandId}`,
      customerId: `drill-${commandId.slice(0, 8)}`,
      accountId: null,
      channel: 'branch',
      language: 'en',
      text: 'Which savings account suits a monthly transfer? (operational fallback drill)',
      receivedAt: at,
    },
  };
}
