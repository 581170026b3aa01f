import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { loadCatalog, payloadsDir } from '../../schemas/catalog.ts';
import { customerRequestBody, transactionBody } from '../testing/bodies.ts';
import { avroJson, catalogJson } from './avro-json.ts';

const catalog = loadCatalog();

describe('the JSON form of an Avro record', () => {
  it('is derived for every payload schema of the catalogue', () => {
    for (const [name, schema] of loadCatalog(payloadsDir)) expect(() => avroJson(schema), name).not.toThrow();
  });

  it('accepts only what the Avro type itself holds valid, once instants are read', () => {
    for (const body of [transactionBody(), customerRequestBody()]) {
      const parsed = catalogJson(body.type).parse(body.payload);
      const type = avro.Type.forSchema(catalog.get(body.type) as avro.Schema);
      expect(type.isValid(parsed), body.type).toBe(true);
    }
  });

  it('reads nullable unions, defaults, arrays and maps as declared', () => {
    const schema = {
      type: 'record' as const,
      name: 'Probe',
      namespace: 'test',
      fields: [
        { name: 'note', type: ['null', 'string'], default: null },
        { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
        { name: 'counts', type: { type: 'map', values: 'long' } },
        { name: 'level', type: { type: 'enum', name: 'Level', symbols: ['LOW', 'HIGH'] } },
        { name: 'again', type: 'Level' },
      ],
    };
    expect(avroJson(schema).parse({ counts: { a: 1 }, level: 'LOW', again: 'HIGH' })).toEqual({
      note: null,
      tags: [],
      counts: { a: 1 },
      level: 'LOW',
      again: 'HIGH',
    });
    expect(avroJson(schema).safeParse({ counts: { a: 1.5 }, level: 'MID', again: 'LOW' }).success).toBe(
      false,
    );
  });

  it('refuses, at start, a type it cannot read', () => {
    const schema = { type: 'record' as const, name: 'Blob', fields: [{ name: 'data', type: 'bytes' }] };
    expect(() => avroJson(schema)).toThrow('Avro type bytes is not one ingest can read');
  });
});
