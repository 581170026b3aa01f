import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** An Avro schema as parsed from its .avsc file. */
export interface AvroRecordSchema {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly doc?: string;
  readonly fields: readonly unknown[];
}

const avroDir = fileURLToPath(new URL('./avro', import.meta.url));
/** The payload schemas: one per event type the swarm emits. */
export const payloadsDir = join(avroDir, 'payloads');

function readSchema(path: string): AvroRecordSchema {
  return JSON.parse(readFileSync(path, 'utf8')) as AvroRecordSchema;
}

export function fullName(schema: AvroRecordSchema): string {
  return schema.namespace ? `${schema.namespace}.${schema.name}` : schema.name;
}

/** Every .avsc file under schemas/avro, keyed by full record name (also its registry subject). */
export function loadCatalog(dir = avroDir): Map<string, AvroRecordSchema> {
  const catalog = new Map<string, AvroRecordSchema>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.avsc')) continue;
    const schema = readSchema(join(entry.parentPath, entry.name));
    catalog.set(fullName(schema), schema);
  }
  return catalog;
}
