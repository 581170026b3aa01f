// The tenant a workflow belongs to: the actor's tenant on the envelope of its first audit row that
// was not denied — the record that claimed it at the gate, whose tenant-isolation policy denies any
// other tenant's record in it. A workflow whose rows are all denied goes by its first row until
// one is not. Settled answers never change (the audit log is append-only) and are cached
// (bounded). An envelope that cannot be read belongs to no known tenant, which only an all-tenant
// caller may see.
import { inSchema, type Db } from '../../projector/index.ts';
import type { Codec } from '../../schemas/codec.ts';
import { DecodeError } from '../../schemas/errors.ts';

// One index probe per workflow for its first row not denied (the first row, nearly always), the
// first row only when there is none, and only that row's envelope (base64) leaves the database.
const OWNING_ENVELOPES = `
SELECT correlation_id, envelope, settled FROM (
  SELECT w.id AS correlation_id, a.envelope IS NOT NULL AS settled,
         coalesce(a.envelope, (SELECT canonical::json ->> 'envelope' FROM audit_log
                                WHERE correlation_id = w.id ORDER BY seq LIMIT 1)) AS envelope
    FROM unnest($1::text[]) AS w(id)
    LEFT JOIN LATERAL (
      SELECT canonical::json ->> 'envelope' AS envelope FROM audit_log
       WHERE correlation_id = w.id AND canonical::json ->> 'outcome' <> 'DENIED'
       ORDER BY seq LIMIT 1) a ON true) owners
 WHERE envelope IS NOT NULL`;

export class WorkflowTenants {
  private readonly known = new Map<string, string | null>();

  constructor(
    private readonly db: Db,
    private readonly schema: string,
    private readonly codec: Codec,
    private readonly capacity = 50_000,
  ) {}

  /** The tenant of each workflow that has audit rows; workflows without any are absent. */
  async of(correlationIds: readonly string[]): Promise<ReadonlyMap<string, string | null>> {
    const found = new Map<string, string | null>();
    const missing = [...new Set(correlationIds)].filter((id) => {
      const tenant = this.known.get(id);
      if (tenant !== undefined) found.set(id, tenant);
      return tenant === undefined;
    });
    if (missing.length === 0) return found;
    const rows = await inSchema(
      this.db,
      this.schema,
      async (tx) => (await tx.query(OWNING_ENVELOPES, [missing])).rows,
    );
    for (const row of rows) {
      const id = String(row.correlation_id);
      const tenant = await this.ofEnvelope(row.envelope);
      if (row.settled === true) this.remember(id, tenant);
      found.set(id, tenant);
    }
    return found;
  }

  /** The tenant of one workflow: undefined when it has no audit rows yet. */
  async ofOne(correlationId: string): Promise<string | null | undefined> {
    return (await this.of([correlationId])).get(correlationId);
  }

  /** The actor's tenant on one record's envelope (base64, as in an audit row's decision). */
  async ofEnvelope(base64: unknown): Promise<string | null> {
    if (typeof base64 !== 'string') return null;
    try {
      const envelope = Buffer.from(base64, 'base64');
      return (await this.codec.decodeAs('swarmgate.v1.Envelope', envelope)).actor.tenantId;
    } catch (error) {
      if (error instanceof DecodeError) return null;
      throw error;
    }
  }

  private remember(id: string, tenant: string | null): void {
    if (this.known.size >= this.capacity) {
      const oldest = this.known.keys().next();
      if (!oldest.done) this.known.delete(oldest.value);
    }
    this.known.set(id, tenant);
  }
}
