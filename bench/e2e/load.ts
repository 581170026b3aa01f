// The load generator, in its own process: customer requests at a fixed rate on sg.ingress of
// the topics under SWARMGATE_TOPIC_PREFIX, each a workflow of its own (a distinct advisor per
// workflow: the per-actor rate limit is about people, not load). Prints `load.done <n>`.
import { KafkaBus } from '../../bus/kafka/index.ts';
import { topicNames } from '../../bus/topics.ts';
import { Codec } from '../../schemas/codec.ts';
import { encodeEnvelope, sealEnvelope } from '../../schemas/envelope.ts';
import { customerRequestIn } from '../../test/support/swarm-harness.ts';
import { brokers, registryUrl } from '../support.ts';

const rate = Number(process.env.LOAD_RATE);
const seconds = Number(process.env.LOAD_SECONDS);
const names = topicNames(process.env.SWARMGATE_TOPIC_PREFIX ?? '');
const tickMs = 10;

const bus = new KafkaBus({ brokers });
const codec = Codec.connect(registryUrl);
const total = rate * seconds;
const began = Date.now();
let sent = 0;
while (sent < total) {
  const due = Math.min(total, Math.floor(((Date.now() - began) / 1000) * rate) + 1);
  const records = [];
  for (; sent < due; sent += 1) {
    const actor = {
      userId: `advisor-${rate}-${sent}`,
      roles: ['advisor'],
      tenantId: 'retail-eu',
      region: 'EU',
    };
    const { fields, payload } = customerRequestIn('Should I move my savings into a fixed deposit?', {
      actor,
    });
    records.push({
      topic: names.ingress,
      key: fields.correlationId,
      value: await encodeEnvelope(codec, await sealEnvelope(codec, fields, payload)),
    });
  }
  await bus.send(records);
  await new Promise((resolve) => setTimeout(resolve, tickMs));
}
await bus.close();
console.log(`load.done ${sent}`);
