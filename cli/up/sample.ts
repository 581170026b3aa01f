// The shipped sample of upstream events, sealed like POST /events seals a body.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { eventBody } from '../../api/ingest/event-body.ts';
import { ingestRecord } from '../../api/ingest/seal.ts';
import type { OutgoingRecord } from '../../bus/port.ts';
import type { Codec } from '../../schemas/codec.ts';

export const samplePath = fileURLToPath(new URL('../samples/banking.ndjson', import.meta.url));

/** Every line as a record for sg.ingress; a bad line is an error that names it. */
export async function sampleRecords(
  codec: Codec,
  ingress: string,
  path = samplePath,
): Promise<OutgoingRecord[]> {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
  const records: OutgoingRecord[] = [];
  for (const [index, line] of lines.entries()) {
    const parsed = eventBody.safeParse(JSON.parse(line));
    if (!parsed.success)
      throw new Error(
        `${path}:${index + 1}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    records.push((await ingestRecord(codec, ingress, parsed.data, Date.now())).record);
  }
  return records;
}
