import { createKafka } from '../../bus/kafka/config.ts';
import { brokers } from '../support.ts';

/** Deletes the topics a run created under its prefix (its clients closed first). */
export async function dropTopicsWithPrefix(prefix: string): Promise<void> {
  const admin = createKafka({ brokers, clientId: 'swarmgate-bench-cleanup' }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
