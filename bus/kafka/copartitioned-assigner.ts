// A kafkajs partition assigner that gives partition n of every subscribed topic to the same
// member (n modulo the member count, members sorted by id): what Kafka Streams calls
// co-partitioning, so a member holding state for partition n sees every topic's records of it.
import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'SwarmgateCoPartitioned',
  version: 0,
  async assign({ members, topics }) {
    const sorted = members.map(({ memberId }) => memberId).sort();
    const assignment = new Map<string, Record<string, number[]>>(sorted.map((id) => [id, {}]));
    for (const topic of topics)
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const owner = assignment.get(sorted[partitionId % sorted.length]!)!;
        (owner[topic] ??= []).push(partitionId);
      }
    return [...assignment].map(([memberId, topicPartitions]) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: topicPartitions,
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return {
      name: 'SwarmgateCoPartitioned',
      metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
    };
  },
});
