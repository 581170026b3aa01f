// Connection settings of the real services for integration tests. test/global-setup.ts fills
// in the local defaults when nothing is configured.
export const services = {
  get brokers(): string[] {
    return (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  },
  get registryUrl(): string {
    return process.env.SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8081/apis/ccompat/v7';
  },
  get databaseUrl(): string {
    return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  },
};
