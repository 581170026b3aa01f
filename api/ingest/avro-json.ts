// The JSON a caller writes for an Avro record of the catalogue (schemas/avro), as a zod schema
// derived from the record's .avsc: its fields, required unless they have a default, no others;
// enums, arrays, maps, nested records and nullable unions as declared. So POST /events (and
// `swarmgate publish`) refuse, naming the field, what the codec could not encode or the gate's
// payload-schema policy would deny, and the rules live in the schema alone. Two readings for
// people: a timestamp-millis is also accepted as ISO 8601, and text may not be blank.
import { z } from 'zod';
import { fullName, loadCatalog, type AvroRecordSchema } from '../../schemas/catalog.ts';
import { instant } from '../http/time.ts';

type AvroType = string | readonly AvroType[] | { readonly type: string; readonly [key: string]: unknown };

interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly doc?: string;
  readonly default?: unknown;
}

const text = z.string().trim().min(1, 'must not be blank');

const PRIMITIVES: Readonly<Record<string, () => z.ZodType>> = {
  string: () => text,
  int: () => z.int32(),
  long: () => z.int(),
  float: () => z.number(),
  double: () => z.number(),
  boolean: () => z.boolean(),
};

/** Named types (records, enums) met so far, by full name, for later references to them. */
type Named = Map<string, z.ZodType>;

const qualified = (name: string, namespace: string | undefined) =>
  name.includes('.') || !namespace ? name : `${namespace}.${name}`;

function typeOf(type: AvroType, named: Named, namespace: string | undefined): z.ZodType {
  if (Array.isArray(type)) return unionOf(type, named, namespace);
  if (typeof type === 'string') {
    const primitive = PRIMITIVES[type];
    if (primitive) return primitive();
    const reference = named.get(qualified(type, namespace)) ?? named.get(type);
    if (reference) return reference;
    throw new Error(`Avro type ${type} is not one ingest can read`);
  }
  const complex = type as { readonly type: string; readonly [key: string]: unknown };
  if (complex.logicalType === 'timestamp-millis') return instant;
  switch (complex.type) {
    case 'enum': {
      const schema = z.enum(complex.symbols as [string, ...string[]]);
      named.set(qualified(complex.name as string, (complex.namespace as string) ?? namespace), schema);
      return schema;
    }
    case 'array':
      return z.array(typeOf(complex.items as AvroType, named, namespace));
    case 'map':
      return z.record(z.string(), typeOf(complex.values as AvroType, named, namespace));
    case 'record':
      return recordOf(complex as unknown as AvroRecordSchema, named, namespace);
    default:
      return typeOf(complex.type, named, namespace);
  }
}

/** A union of null and one type, as the catalogue's optional fields are written. */
function unionOf(types: readonly AvroType[], named: Named, namespace: string | undefined): z.ZodType {
  const others = types.filter((type) => type !== 'null');
  if (others.length !== 1 || others.length === types.length)
    throw new Error(`Avro union ${JSON.stringify(types)} is not one ingest can read`);
  return typeOf(others[0]!, named, namespace).nullable();
}

function fieldOf(field: AvroField, named: Named, namespace: string | undefined): z.ZodType {
  const type = typeOf(field.type, named, namespace);
  const described = field.doc ? type.describe(field.doc) : type;
  return field.default === undefined ? described : described.default(field.default as never);
}

function recordOf(schema: AvroRecordSchema, named: Named, outer: string | undefined): z.ZodType {
  const namespace = schema.namespace ?? outer;
  const fields = schema.fields as readonly AvroField[];
  const shape = Object.fromEntries(fields.map((field) => [field.name, fieldOf(field, named, namespace)]));
  const record = z.strictObject(shape);
  named.set(qualified(schema.name, namespace), record);
  return schema.doc ? record.describe(schema.doc) : record;
}

/** The JSON form of a catalogue record; a type ingest cannot read throws, at start. */
export function avroJson(schema: AvroRecordSchema): z.ZodType {
  return recordOf(schema, new Map(), schema.namespace);
}

/** The JSON form of the named record of the catalogue. */
export function catalogJson(name: string, catalog = loadCatalog()): z.ZodType {
  const schema = catalog.get(name);
  if (!schema) throw new Error(`no schema named ${name} in schemas/avro`);
  if (fullName(schema) !== name) throw new Error(`schema ${fullName(schema)} is filed as ${name}`);
  return avroJson(schema);
}
