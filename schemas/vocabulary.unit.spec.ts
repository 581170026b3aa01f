import { describe, expect, it } from 'vitest';
import { loadCatalog, payloadsDir } from './catalog.ts';
import {
  ANSWER_PARTS,
  MEANINGS,
  meaningOf,
  missingFrom,
  STARTERS,
  typesMeaning,
  VOCABULARY,
  type Meaning,
} from './vocabulary.ts';

const payloadSchemas = [...loadCatalog(payloadsDir).keys()].sort();

describe('the vocabulary', () => {
  it('declares exactly one meaning for every payload schema, and no name without a schema', () => {
    const declared = Object.keys(VOCABULARY).sort();

    expect(declared).toEqual(payloadSchemas);
    for (const name of payloadSchemas) expect(Object.keys(MEANINGS)).toContain(meaningOf(name));
  });

  it('lists every type under exactly one meaning, and every meaning has a type', () => {
    const byMeaning = (Object.keys(MEANINGS) as Meaning[]).map((meaning) => typesMeaning(meaning));

    expect(byMeaning.flat().sort()).toEqual(payloadSchemas);
    for (const types of byMeaning) expect(types.length).toBeGreaterThan(0);
  });

  it('knows no meaning for a type the swarm does not emit', () => {
    expect(meaningOf('compliance.Escalated')).toBeUndefined();
    expect(meaningOf('human.ApprovalRequested')).toBeUndefined();
    expect(meaningOf('toString')).toBeUndefined();
  });

  it('starts workflows with the upstream banking events', () => {
    expect(STARTERS).toEqual(['banking.TransactionPosted', 'banking.CustomerRequestReceived']);
  });

  it('names each part of an answer by a contribution with a schema', () => {
    for (const type of Object.values(ANSWER_PARTS)) expect(meaningOf(type)).toBe('contributed');
  });
});

describe('what an answer lacked', () => {
  it('is the contribution behind each missing part the responder names', () => {
    expect(missingFrom({ complete: false, missing: ['advice', 'analysis'] })).toEqual([
      'advice.RecommendationMade',
      'analysis.AccountAnalysed',
    ]);
  });

  it('is nothing for a complete answer, and unknown for an incomplete one naming nothing', () => {
    expect(missingFrom({ complete: true, missing: [] })).toEqual([]);
    expect(missingFrom({ complete: false, missing: [] })).toEqual(['unknown']);
  });
});
