// The advisor's conversation with a model: what it is asked, and how its answer is read. An
// answer that is not in the requested shape is kept, but marked low-confidence, so compliance
// sends it to a human instead of trusting it.
import { z } from 'zod';
import type { CustomerRequestReceived } from '../../schemas/generated/types.ts';
import type { ChatMessage } from '../llm/provider.ts';
import { spotlight, untrustedTextRule, type BoundaryCode } from '../llm/spotlight.ts';
import { formatMinor, type MentionedAmount } from './amounts.ts';

export interface AccountContext {
  readonly balanceMinor: number | null;
  readonly currency: string | null;
  readonly summary: string;
}

const instructions = [
  "You are a bank's advisory assistant. Recommend one concrete next step for the customer's request.",
  'Never promise returns or guarantee outcomes. The rationale names the facts the recommendation rests on.',
  'Answer with JSON only: {"recommendation": string, "rationale": string, "confidence": number from 0 to 1}.',
  'If you cannot recommend anything, say so and give confidence 0.',
  untrustedTextRule,
].join('\n');

export function adviceMessages(
  request: CustomerRequestReceived,
  account: AccountContext | undefined,
  stake: MentionedAmount,
  code?: BoundaryCode,
): ChatMessage[] {
  const facts = [
    `Channel: ${request.channel}`,
    `Value at stake: ${stake.amountMinor > 0 ? formatMinor(stake.amountMinor, stake.currency) : 'unknown'}`,
    `Account: ${account?.summary ?? 'no account information'}`,
  ];
  // The customer's words are data: fenced by a boundary drawn for this request, never instructions.
  const quoted = `Customer request (untrusted):\n${spotlight(request.text, code)}`;
  return [
    { role: 'system', content: instructions },
    { role: 'user', content: `${quoted}\n\n${facts.join('\n')}` },
  ];
}

const answerSchema = z.object({
  recommendation: z.string().min(1),
  rationale: z.string().min(1),
  confidence: z.number().min(0).max(1),
});

export interface AdviceAnswer extends z.infer<typeof answerSchema> {
  readonly structured: boolean;
}

function jsonIn(text: string): unknown {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

export function readAdviceAnswer(text: string): AdviceAnswer {
  const parsed = answerSchema.safeParse(jsonIn(text));
  if (parsed.success) return { ...parsed.data, structured: true };
  return {
    recommendation: text.trim().slice(0, 1000) || 'No recommendation was produced.',
    rationale: 'The model did not answer in the requested format; its text is kept as is and needs review.',
    confidence: 0.2,
    structured: false,
  };
}

export function confidenceOutcome(score: number): 'CONFIDENT' | 'UNSURE' | 'COULD_NOT' {
  if (score >= 0.6) return 'CONFIDENT';
  return score > 0 ? 'UNSURE' : 'COULD_NOT';
}
