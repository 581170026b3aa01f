import { describe, expect, it } from 'vitest';
import { identifierProblem, identifierProblems, MAX_IDENTIFIER_CHARS } from './identifiers.ts';

describe('identifier rules', () => {
  it('accepts the ids the swarm mints and upstream systems send', () => {
    for (const value of [
      '3f2b9c1e-0a4d-5e6f-8a9b-0c1d2e3f4a5b',
      'wf-1a2b3c4d',
      'svc-core-ledger',
      'retail-eu',
      'EU',
    ])
      expect(identifierProblem('correlationId', value)).toBeNull();
    expect(identifierProblem('type', 'banking.TransactionPosted')).toBeNull();
  });

  it('names the field and the code point of a control character', () => {
    expect(identifierProblem('correlationId', 'wf-\u0000-1')).toBe(
      'correlationId contains a control character, U+0000 at index 3',
    );
    expect(identifierProblem('source', 'core\u009b')).toMatch(
      /^source contains a control character, U\+009B/,
    );
    expect(identifierProblem('id', 'a\u007f')).toMatch(/U\+007F/);
  });

  it('refuses zero-width and bidi characters that make two ids look alike', () => {
    expect(identifierProblem('actor.userId', 'advisor-amy\u200b')).toBe(
      'actor.userId contains a format character (zero-width, bidi or BOM), U+200B at index 11',
    );
    expect(identifierProblem('actor.tenantId', 'retail\u202eue')).toMatch(/U\+202E/);
    expect(identifierProblem('actor.region', '\ufeffEU')).toMatch(/U\+FEFF/);
  });

  it('refuses whitespace, lone surrogates and unassigned code points', () => {
    expect(identifierProblem('actor.userId', 'alice smith')).toMatch(
      /^actor.userId contains whitespace, U\+0020/,
    );
    expect(identifierProblem('id', 'a\ud800')).toMatch(/lone surrogate code point, U\+D800/);
    expect(identifierProblem('id', '\u{10ffff}')).toMatch(/U\+10FFFF/);
  });

  it('bounds the length', () => {
    expect(identifierProblem('id', 'x'.repeat(MAX_IDENTIFIER_CHARS))).toBeNull();
    expect(identifierProblem('id', 'x'.repeat(MAX_IDENTIFIER_CHARS + 1))).toBe(
      `id is ${MAX_IDENTIFIER_CHARS + 1} characters long; at most ${MAX_IDENTIFIER_CHARS}`,
    );
  });

  it('holds the type to <domain>.<EventName>', () => {
    expect(identifierProblem('type', 'TransactionPosted')).toBe('type is not <domain>.<EventName>');
  });

  it('lists every problem of an envelope, skipping absent fields', () => {
    const problems = identifierProblems({
      id: 'e-1',
      correlationId: 'wf\u0000',
      causationId: null,
      type: 'banking.TransactionPosted',
      source: 'core-banking',
      actor: { userId: 'u\u2066', tenantId: 'retail-eu' },
    });
    expect(problems).toEqual([
      'correlationId contains a control character, U+0000 at index 2',
      'actor.userId contains a format character (zero-width, bidi or BOM), U+2066 at index 1',
    ]);
  });
});
