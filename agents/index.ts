export * from './decider.ts';
export * from './fallback.ts';
export * from './llm/index.ts';
export * from './banking/index.ts';
