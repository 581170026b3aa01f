// A schema registry inside the process, for the embedded default (`npm start` with no servers):
// the same wire format, ids and BACKWARD compatibility check as the Confluent-compatible one.
import avro from 'avsc';

/** What the codec needs from a registry; @kafkajs/confluent-schema-registry provides the same. */
export interface RegistryClient {
  register(schema: unknown, options: { subject: string }): Promise<{ id: number }>;
  encode(id: number, value: unknown): Promise<Buffer>;
  getSchema(id: number): Promise<unknown>;
}

class NotFound extends Error {
  readonly status = 404;
}

export class MemoryRegistry implements RegistryClient {
  private readonly types = new Map<number, avro.Type>();
  private readonly subjects = new Map<string, { id: number; fingerprint: string }[]>();
  private nextId = 1;

  async register(schema: unknown, { subject }: { subject: string }): Promise<{ id: number }> {
    const type = avro.Type.forSchema(schema as avro.Schema);
    const fingerprint = type.fingerprint('sha256').toString('hex');
    const versions = this.subjects.get(subject) ?? [];
    const same = versions.find((version) => version.fingerprint === fingerprint);
    if (same) return { id: same.id };
    for (const { id } of versions) this.checkBackward(subject, type, this.types.get(id)!);
    const id = this.nextId++;
    this.types.set(id, type);
    this.subjects.set(subject, [...versions, { id, fingerprint }]);
    return { id };
  }

  async encode(id: number, value: unknown): Promise<Buffer> {
    const type = await this.getSchema(id);
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    return Buffer.concat([header, type.toBuffer(value)]);
  }

  async getSchema(id: number): Promise<avro.Type> {
    const type = this.types.get(id);
    if (!type) throw new NotFound(`schema ${id} not found`);
    return type;
  }

  // BACKWARD: data written with an earlier version must stay readable with the new one.
  private checkBackward(subject: string, next: avro.Type, earlier: avro.Type): void {
    try {
      next.createResolver(earlier);
    } catch (error) {
      throw new Error(
        `Schema being registered is incompatible with an earlier schema for subject "${subject}": ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
