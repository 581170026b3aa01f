// Admin calls kafkajs does not retry itself: a group with no coordinator yet, a partition whose
// leader is still being elected just after the topic was created.

/** Retries a call while it fails with an error kafkajs marks retriable, backing off exponentially. */
export async function retrying<T>(call: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= attempts || (error as { retriable?: boolean }).retriable !== true) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
