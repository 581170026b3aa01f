// What verifyAudit reads from Kafka, held in memory: decisions encoded with the real Avro
// schema at their coordinates, so the cross-check decodes exactly as it would from sg.decisions.
import avro from 'avsc';
import { loadCatalog } from '../../schemas/catalog.ts';
import type { Decision } from '../../schemas/generated/types.ts';
import type { DecisionEntry } from '../types.ts';

const decisionSchema = loadCatalog().get('swarmgate.v1.Decision');
if (!decisionSchema) throw new Error('schemas/avro has no swarmgate.v1.Decision');
const decisionType = avro.Type.forSchema(decisionSchema as avro.Schema);

export const encodeDecision = (decision: Decision): Buffer => decisionType.toBuffer(decision);
export const decodeDecision = (value: Buffer): Promise<Decision> =>
  Promise.resolve(decisionType.fromBuffer(value) as Decision);

const key = (topic: string, partition: number, offset: string) => `${topic}/${partition}@${offset}`;

export function recordsOf(entries: readonly DecisionEntry[]) {
  const records = new Map(
    entries.map(({ decision, coordinates: c }) => [
      key(c.topic, c.partition, c.offset),
      encodeDecision(decision),
    ]),
  );
  return {
    fetchRecord: (topic: string, partition: number, offset: string) =>
      Promise.resolve(records.get(key(topic, partition, offset)) ?? null),
    remove: (topic: string, partition: number, offset: string) =>
      records.delete(key(topic, partition, offset)),
    replace: (entry: DecisionEntry) => {
      const { topic, partition, offset } = entry.coordinates;
      records.set(key(topic, partition, offset), encodeDecision(entry.decision));
    },
  };
}
