// Where each consumer group resumes, written in the same transaction as the projections.
export const projectorOffsets = `
CREATE TABLE projector_offsets (
  consumer_group text NOT NULL,
  topic          text NOT NULL,
  partition      integer NOT NULL,
  next_offset    bigint NOT NULL CHECK (next_offset >= 0),
  PRIMARY KEY (consumer_group, topic, partition)
);
`;
