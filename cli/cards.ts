// The cards operators sign registrations from: each banking agent's (what its code consumes and
// emits, its risk class and clearance) and the case desk's. A registration grants what the card
// says, never what a request asks.
import { createBankingAgents } from '../agents/banking/index.ts';
import { registrationOf } from '../agents/runtime/announce.ts';
import type { Registration } from '../registry/publish.ts';
import { RegistrationRefused } from '../registry/registration-edits.ts';
import { caseDesk, caseDeskRegistration } from './case-desk.ts';

/** The registration an agent's card asks for: a banking agent's, or the case desk's. */
export function cardOf(name: string, publicKeyPem: string, now: number): Registration {
  if (name === caseDesk) return caseDeskRegistration(publicKeyPem, now);
  const agent = createBankingAgents().find((candidate) => candidate.name === name);
  if (!agent) {
    const known = [...createBankingAgents().map((a) => a.name), caseDesk].join(', ');
    throw new RegistrationRefused(`no card for agent "${name}"; one of ${known}`, 'unknown-agent');
  }
  return registrationOf(agent, publicKeyPem, now);
}
