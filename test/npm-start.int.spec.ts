// `npm start` as the README's quick start runs it, on a machine with nothing configured: it feeds
// the sample, prints the summary and ready tokens from the local token key, and its API admits
// exactly what each token's roles allow.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

interface Started {
  readonly lines: string[];
  /** Resolves with the first line matching; rejects when the process exits before it. */
  line(pattern: RegExp): Promise<string>;
  stop(): Promise<void>;
}

/** `npm start -- <args>` in its own process group, with only PATH and a fresh HOME. */
function npmStart(home: string, args: readonly string[]): Started {
  const child = spawn('npm', ['start', '--', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const output = (stream: NodeJS.ReadableStream) =>
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const check of waiters) check();
    });
  output(child.stdout);
  output(child.stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    lines,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find((l) => pattern.test(l));
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found);
        };
        void exited.then(() =>
          reject(new Error(`npm start exited before printing ${pattern}:\n${lines.join('\n')}`)),
        );
        waiters.add(check);
        check();
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

/** The token printed on the line after a role's heading in the access help. */
function tokenAfter(lines: readonly string[], heading: RegExp): string {
  const at = lines.findIndex((line) => heading.test(line));
  const token = lines[at + 1]?.trim() ?? '';
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  return token;
}

describe('npm start, as the quick start runs it', () => {
  const home = mkdtempSync(join(tmpdir(), 'swarmgate-home-'));
  let started: Started;
  let url: string;

  beforeAll(async () => {
    started = npmStart(home, ['--port', '0']);
    const serving = await started.line(/^Serving http:\/\/127\.0\.0\.1:\d+\./);
    url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(serving)![1]!;
  }, 300_000);
  afterAll(async () => {
    await started?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('prints a summary of the sample and ready tokens that the API verifies, role by role', async () => {
    expect(started.lines.some((line) => /^swarmgate up \(embedded\)/.test(line))).toBe(true);
    const operator = tokenAfter(started.lines, /^ {2}operator {2}/);
    const ingest = tokenAfter(started.lines, /^ {2}ingest {4}/);
    const workflows = (token?: string) =>
      fetch(`${url}/workflows?limit=5`, token ? { headers: { authorization: `Bearer ${token}` } } : {});

    const anonymous = await workflows();
    const asOperator = await workflows(operator);
    const asIngest = await workflows(ingest);

    expect(anonymous.status).toBe(401);
    expect(asOperator.status).toBe(200);
    expect(((await asOperator.json()) as { workflows: unknown[] }).workflows.length).toBeGreaterThan(0);
    expect(asIngest.status).toBe(403);
    expect(await asIngest.text()).toMatch(/read/);
  });
});
