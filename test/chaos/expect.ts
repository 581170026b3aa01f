// What every chaos spec asserts of its report, whatever it disturbs.
import { expect } from 'vitest';
import type { ChaosReport } from './run.ts';

export function expectInvariantsHeld(report: ChaosReport): void {
  expect(report.lost).toBe(0);
  expect(report.duplicatedTypes).toEqual({});
  expect(report.deliveredTwice).toEqual([]);
  expect(report.overBudget).toEqual([]);
  expect(report.overRate).toEqual([]);
  // The teller's burst of 150 meets the shipped 120 a minute: the limit must have fired.
  expect(report.tellerDenied).toBeGreaterThanOrEqual(30);
  expect(report.structuringMissed).toEqual([]);
  expect(report.unexpectedExits).toEqual([]);
  expect(report.replayIdentical).toBe(true);
  expect(report.auditOk).toBe(true);
}
