// Thresholds of the banking agents. Defaults here; a deployment overrides any of them from YAML
// (loadBankingConfig), validated so that a typo fails at start, not at the first alert.
import { parse } from 'yaml';
import { z } from 'zod';

const day = 24 * 60 * 60_000;
const money = () => z.number().int().nonnegative();

const fraud = z.object({
  rulesVersion: z.string().default('fraud-rules-1'),
  highAmountMinor: money().default(500_000),
  veryHighAmountMinor: money().default(2_000_000),
  velocityWindowMs: z
    .number()
    .int()
    .positive()
    .default(10 * 60_000),
  velocityMaxCount: z.number().int().positive().default(5),
  /** ISO 3166 alpha-2; the FATF "call for action" jurisdictions by default. */
  highRiskCountries: z.array(z.string().length(2)).default(['KP', 'IR', 'MM']),
});

const aml = z.object({
  /** Cash reporting threshold, minor units of the deposit's own currency (no FX conversion). */
  reportingThresholdMinor: money().default(1_000_000),
  /** A deposit at or above this share of the threshold, but under it, is "just under". */
  nearThresholdRatio: z.number().gt(0).lt(1).default(0.8),
  structuringWindowMs: z
    .number()
    .int()
    .positive()
    .default(7 * day),
  structuringMinCount: z.number().int().min(2).default(3),
  velocityWindowMs: z.number().int().positive().default(day),
  velocityMaxCount: z.number().int().min(2).default(10),
});

const compliance = z.object({
  /** Below this confidence score a recommendation goes to a human. */
  minConfidence: z.number().min(0).max(1).default(0.7),
  escalateAboveMinor: money().default(5_000_000),
  dualApprovalAboveMinor: money().default(10_000_000),
  /** The reviewer ladder: level n needs role n or any role above it. */
  reviewerRoles: z
    .array(z.string().min(1))
    .min(1)
    .default(['compliance-reviewer', 'compliance-officer', 'head-of-compliance']),
  reviewDeadline: z.string().default('review'),
  /** A human review still open after this escalates further (never approves). */
  reviewAfterMs: z
    .number()
    .int()
    .positive()
    .default(4 * 60 * 60_000),
  retentionMs: z
    .number()
    .int()
    .positive()
    .default(30 * day),
});

const responder = z.object({
  responseDeadline: z.string().default('response'),
  /** The customer is answered with what arrived once this has passed since the request. */
  responseAfterMs: z.number().int().positive().default(10_000),
  retentionMs: z.number().int().positive().default(day),
});

const bankingConfigSchema = z.object({
  fraud: fraud.prefault({}),
  aml: aml.prefault({}),
  compliance: compliance.prefault({}),
  responder: responder.prefault({}),
});

export type BankingConfig = z.output<typeof bankingConfigSchema>;
export type FraudConfig = BankingConfig['fraud'];
export type AmlConfig = BankingConfig['aml'];
export type ComplianceConfig = BankingConfig['compliance'];
export type ResponderConfig = BankingConfig['responder'];

export function parseBankingConfig(input: unknown): BankingConfig {
  return bankingConfigSchema.parse(input ?? {});
}

export function loadBankingConfig(yamlText: string): BankingConfig {
  return parseBankingConfig(parse(yamlText));
}

export const defaultBankingConfig: BankingConfig = parseBankingConfig({});
