import { describe, expect, it } from 'vitest';
import { DecodeError } from '../schemas/errors.ts';
import { applyFault, asProjectorError, ProjectorError, WorkflowVersionConflict } from './errors.ts';

const pgError = (code: string, message = 'refused') => Object.assign(new Error(message), { code });

describe('what an error while applying a record says about the record', () => {
  it.each([
    ['U+0000 in a text column', pgError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['an over-long indexed value', pgError('54000', 'index row size 9000 exceeds btree maximum')],
    ['a constraint violation', pgError('23514')],
    ['a value our own code cannot read', new RangeError('not a safe integer: 1e300')],
    ['a record that never decodes', new DecodeError('INVALID_AVRO', 'truncated')],
  ])('blames the record for %s', (_name, error) => {
    expect(applyFault(error)).toBe('record');
  });

  it.each([
    ['a lost connection', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
    ['pg losing its socket', new Error('Connection terminated unexpectedly')],
    ['a server shutting down', pgError('57P01')],
    ['a serialization failure', pgError('40001')],
    ['a version conflict', new WorkflowVersionConflict('wf-1', 3)],
  ])('retries %s', (_name, error) => {
    expect(applyFault(error)).toBe('retriable');
    expect(asProjectorError(error)).toMatchObject({ retriable: true });
  });

  it('stops on what is the installation’s fault, such as missing privileges', () => {
    const error = pgError('42501', 'permission denied for table audit_log');

    expect(applyFault(error)).toBe('fatal');
    expect(asProjectorError(error)).toBe(error);
  });

  it('keeps a retriable projector error as it is', () => {
    const error = new ProjectorError('try again', true);

    expect(asProjectorError(error)).toBe(error);
  });
});
