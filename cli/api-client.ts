// The CLI as a client of a swarmgate API: the caller is whoever the bearer token proves.
import { z } from 'zod';

/** The API said no (or could not be reached): its status and its message. */
export class ApiRefusal extends Error {
  override readonly name = 'ApiRefusal';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const apiError = z.object({ message: z.string() });

function jsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The API's status and its message, or the body as it came when it is not the API's JSON. */
export async function refusalOf(response: Response): Promise<ApiRefusal> {
  const text = await response.text();
  const parsed = apiError.safeParse(jsonOrNull(text));
  const message = `the API answered ${response.status} ${response.statusText}: ${parsed.success ? parsed.data.message : text}`;
  return new ApiRefusal(response.status, message);
}

export class ApiClient {
  constructor(
    readonly base: URL,
    private readonly token: string,
  ) {}

  /** The answer's JSON when the status is `expected`; an ApiRefusal otherwise. */
  async call(method: 'GET' | 'POST', path: string, body?: unknown, expected = 200): Promise<unknown> {
    const url = new URL(path, this.base.href.endsWith('/') ? this.base : `${this.base.href}/`);
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).catch((error: unknown) => {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? String(error);
      throw new ApiRefusal(0, `cannot reach the API at ${this.base.href}: ${cause}`);
    });
    if (response.status !== expected) throw await refusalOf(response);
    return response.json();
  }

  get(path: string): Promise<unknown> {
    return this.call('GET', path);
  }

  post(path: string, body: unknown, expected = 200): Promise<unknown> {
    return this.call('POST', path, body, expected);
  }
}
