import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tokenVerifier } from '../api/auth/index.ts';
import { localAuthority, readyTokens } from './local-tokens.ts';

const keyDir = join(mkdtempSync(join(tmpdir(), 'sg-keys-')), 'keys');
afterAll(() => rmSync(join(keyDir, '..'), { recursive: true, force: true }));

describe("the embedded default's token key", () => {
  it('is created once, owner-only, and signs ready tokens its own settings verify', async () => {
    const first = localAuthority(keyDir);
    const again = localAuthority(keyDir);
    expect([first.created, again.created]).toEqual([true, false]);
    expect(statSync(join(keyDir, 'api-tokens.pem')).mode & 0o777).toBe(0o600);

    const tokens = await readyTokens(first.authority);
    const verify = tokenVerifier(again.settings);

    expect(await verify(tokens.reviewer)).toEqual({
      subject: 'reviewer',
      roles: ['read', 'review', 'compliance-reviewer'],
      tenants: ['*'],
    });
    expect((await verify(tokens.operator)).roles).toEqual(['read', 'operate']);
    expect((await verify(tokens.ingest)).roles).toContain('ingest');
  });
});
