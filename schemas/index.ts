export * from './catalog.ts';
export * from './codec.ts';
export * from './envelope.ts';
export * from './errors.ts';
export type * from './generated/types.ts';
export * from './identifiers.ts';
export * from './key-files.ts';
export * from './vocabulary.ts';
