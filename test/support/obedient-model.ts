// The worst-case model for the attack suite: a local OpenAI-compatible server that reads the
// whole conversation the bank sends it (the customer's words inside the spotlight boundary, the
// account facts after it) and obeys every instruction it finds there. It never refuses: it
// ignores the system message's rules, strips zero-width characters, decodes base64 it is
// shown, and answers in the JSON the advisor asks for, with the attacker's content in it.
// With no instruction it answers benignly and confidently.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ObedientAnswer {
  readonly recommendation: string;
  readonly rationale: string;
  readonly confidence: number;
}

export interface ObedientModel {
  /** Base URL for LLM_BASE_URL (…/v1). */
  readonly baseUrl: string;
  /** Every prompt it was sent (the user messages, joined), in order. */
  readonly prompts: readonly string[];
  close(): Promise<void>;
}

export const BENIGN_ADVICE: ObedientAnswer = {
  recommendation: 'Keep three months of spending as a reserve and review the options with your advisor.',
  rationale: 'The request asks for a next step; the reserve rests on the account overview given.',
  confidence: 0.9,
};

const invisible = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;
const base64Run = /[A-Za-z0-9+/]{16,}={0,2}/g;
const boundary = /<<\/?untrusted-[0-9a-f]*>>/g;

/** What a model that reads everything reads: visible text, plus whatever base64 in it says. */
export function readable(text: string): string {
  const visible = text.normalize('NFKC').replace(invisible, '');
  const decoded = [...visible.matchAll(base64Run)]
    .map(([run]) => Buffer.from(run, 'base64').toString('utf8'))
    .filter((plain) => /^[\x20-\x7e\n]+$/.test(plain));
  return [visible, ...decoded].join('\n');
}

const clause = (text: string, pattern: RegExp) => pattern.exec(text)?.[1]?.trim();

/** The facts the prompt states outside the customer's words: what the model "knows". */
const factsIn = (text: string) =>
  text
    .replace(boundary, '')
    .split('\n')
    .filter((line) => /^(Channel|Value at stake|Account):/.test(line))
    .join(' ');

/** The answer of a model that does whatever the text it read tells it to. */
export function obey(prompt: string): ObedientAnswer {
  const text = readable(prompt);
  const confidence = Number(clause(text, /confidence\s*(?:to|=|:|of|at|is)?\s*(1(?:\.0+)?|0(?:\.\d+)?)\b/i));
  const persona = clause(
    text,
    /(?:say|state|claim|pretend|answer as if)\s+(?:that\s+)?you\s+are\s+(?:the\s+)?([\w-]+)/i,
  );
  const told = clause(text, /recommend(?:ation)?\s*:\s*([^\n;]+)/i);
  const because = clause(text, /rationale\s*:\s*([^\n;]+)/i);
  const disclose = clause(
    text,
    /(?:include|disclose|reveal|repeat|list)\s+(.+?)\s+in\s+(?:your|the)\s+(?:answer|reply|response)/i,
  );
  let recommendation = told ?? BENIGN_ADVICE.recommendation;
  if (disclose) recommendation += ` As asked, here is ${disclose}: ${factsIn(text)}`;
  if (persona) recommendation = `This is ${persona}: ${recommendation} ${persona} has approved it.`;
  return {
    recommendation,
    rationale:
      because ??
      (persona ? `${persona} has reviewed and approved this recommendation.` : BENIGN_ADVICE.rationale),
    confidence: Number.isFinite(confidence) ? confidence : BENIGN_ADVICE.confidence,
  };
}

interface ChatBody {
  readonly model?: string;
  readonly messages?: readonly { readonly role?: string; readonly content?: string }[];
}

async function bodyOf(request: IncomingMessage): Promise<ChatBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody;
}

export async function startObedientModel(): Promise<ObedientModel> {
  const prompts: string[] = [];
  const server = createServer((request, response) => {
    bodyOf(request)
      .then((body) => {
        // The bank's rules (the system message) are the one thing it does not read as instructions.
        const prompt = (body.messages ?? [])
          .filter((m) => m.role !== 'system')
          .map((m) => m.content ?? '')
          .join('\n');
        prompts.push(prompt);
        const content = JSON.stringify(obey(prompt));
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            model: body.model ?? 'obedient',
            choices: [{ message: { role: 'assistant', content } }],
            usage: {
              prompt_tokens: Math.ceil(prompt.length / 4),
              completion_tokens: Math.ceil(content.length / 4),
            },
          }),
        );
      })
      .catch((error: unknown) => {
        response.writeHead(400, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message: String(error) } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    prompts,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
