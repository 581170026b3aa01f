// Encode and decode records in the Confluent wire format (magic byte 0, 4-byte schema id, Avro
// body) through the schema registry. Subjects follow the record-name strategy: the subject of a
// record is its full Avro name, the same on every topic, so any Kafka producer can publish.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { loadCatalog, type AvroRecordSchema } from './catalog.ts';
import { DecodeError, RegistryUnavailableError } from './errors.ts';
import { MemoryRegistry, type RegistryClient } from './memory-registry.ts';
import type { RecordName, RecordTypes } from './generated/types.ts';

/** Records larger than this are refused before decoding (the broker allows 2 MiB). */
export const maxRecordBytes = 1024 * 1024;
const wireHeaderBytes = 5;

/** How long one registry request may take before it is abandoned and retried. */
export const registryRequestTimeoutMs = 15_000;

type RegistryMiddleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

/** Gives every registry request a timeout (the client sets none). */
const requestTimeout =
  (ms: number): RegistryMiddleware =>
  () => ({
    prepareRequest: (next) =>
      next().then((request) => (request.timeout() ? request : request.enhance({ timeout: ms }))),
  });

export interface Decoded {
  readonly name: string;
  readonly value: unknown;
}

export class Codec {
  private readonly ids = new Map<string, number>();
  private readonly namesById = new Map<number, string>();
  private readonly localTypes = new Map<string, avro.Type>();

  constructor(
    readonly registry: RegistryClient,
    private readonly catalog: ReadonlyMap<string, AvroRecordSchema> = loadCatalog(),
  ) {}

  static connect(url: string, requestTimeoutMs = registryRequestTimeoutMs): Codec {
    return new Codec(
      new SchemaRegistry({
        host: url,
        // A request the registry never answers (a lost response under load) would hang the
        // process for good, a start-up included: it times out and is retried like a 5xx. Every
        // method is retried, not only GET (mappersmith's default): registering a schema the
        // registry already holds returns the same id, so a repeated POST changes nothing.
        retry: {
          retries: 4,
          enableRetry: () => true,
          validateRetry: (r) => r.status() >= 500 || r.error()?.name === 'TimeoutError',
        },
        middlewares: [requestTimeout(requestTimeoutMs)],
      }),
    );
  }

  /** A codec over a registry inside this process, for the embedded default. */
  static embedded(): Codec {
    return new Codec(new MemoryRegistry());
  }

  /** Registers every schema of the catalog with BACKWARD compatibility. Idempotent. */
  async registerAll(): Promise<ReadonlyMap<string, number>> {
    for (const [name, schema] of this.catalog) await this.register(name, schema);
    return this.ids;
  }

  /** Registers one schema version under `subject`; an incompatible change is refused by the registry. */
  async register(subject: string, schema: AvroRecordSchema): Promise<number> {
    const { id } = await this.registry.register(schema, { subject });
    this.ids.set(subject, id);
    this.namesById.set(id, subject);
    return id;
  }

  async encode<N extends RecordName>(name: N, value: RecordTypes[N]): Promise<Buffer> {
    const id = this.ids.get(name) ?? (await this.lookupId(name));
    return this.registry.encode(id, value);
  }

  /**
   * Decodes any registered record; the name is the writer schema's full name. `maxBytes` guards
   * consumers of untrusted topics; sg.dlq readers raise it, as dead letters carry oversize originals.
   */
  async decode(buffer: Buffer | null, maxBytes = maxRecordBytes): Promise<Decoded> {
    checkFrame(buffer, maxBytes);
    const id = buffer.readInt32BE(1);
    const type = await this.writerType(id);
    try {
      return { name: type.name ?? '', value: type.fromBuffer(buffer.subarray(wireHeaderBytes)) };
    } catch (error) {
      throw new DecodeError('INVALID_AVRO', `schema ${id} (${type.name}): ${(error as Error).message}`);
    }
  }

  /** Decodes a record that must be of the named type (a different writer schema is refused). */
  async decodeAs<N extends RecordName>(
    name: N,
    buffer: Buffer | null,
    maxBytes?: number,
  ): Promise<RecordTypes[N]> {
    const decoded = await this.decode(buffer, maxBytes);
    if (decoded.name !== name) throw new DecodeError('WRONG_SCHEMA', `expected ${name}, got ${decoded.name}`);
    return decoded.value as RecordTypes[N];
  }

  /** The Avro type of a catalogue record, for local encodings such as signatures. */
  localType(name: RecordName): avro.Type {
    const cached = this.localTypes.get(name);
    if (cached) return cached;
    const schema = this.catalog.get(name);
    if (!schema) throw new Error(`no schema named ${name} in schemas/avro`);
    const type = avro.Type.forSchema(schema as avro.Schema);
    this.localTypes.set(name, type);
    return type;
  }

  private async lookupId(name: string): Promise<number> {
    const schema = this.catalog.get(name);
    if (!schema) throw new Error(`no schema named ${name} in schemas/avro`);
    return this.register(name, schema);
  }

  private async writerType(id: number): Promise<avro.Type> {
    try {
      return (await this.registry.getSchema(id)) as avro.Type;
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 404) throw new DecodeError('UNKNOWN_SCHEMA', `schema id ${id} is not in the registry`);
      throw new RegistryUnavailableError(`schema registry: ${(error as Error).message}`, { cause: error });
    }
  }
}

function checkFrame(buffer: Buffer | null, maxBytes: number): asserts buffer is Buffer {
  if (!buffer || buffer.length === 0) throw new DecodeError('EMPTY', 'record has no value');
  if (buffer.length > maxBytes) {
    throw new DecodeError('OVERSIZE', `${buffer.length} bytes exceeds the ${maxBytes}-byte limit`);
  }
  if (buffer.length <= wireHeaderBytes || buffer[0] !== 0) {
    throw new DecodeError(
      'NOT_WIRE_FORMAT',
      'value does not start with the Confluent magic byte 0 and a schema id',
    );
  }
}
