import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generate, generatedPath } from './codegen.ts';

describe('generated TypeScript types', () => {
  it('match the .avsc files (run `npm run schemas:gen` after editing a schema)', () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(generate());
  });
});
