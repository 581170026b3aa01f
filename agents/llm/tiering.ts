// Cost-aware model choice: more value at stake buys a stronger model, but never more than the
// workflow's budget can pay for. Read from agents/models.yaml.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { priceOf, worstCaseCostMicros, type PriceTable } from './pricing.ts';

const tierSchema = z.object({
  name: z.string().min(1),
  model: z.string().min(1),
  minValueAtStakeMinor: z.number().int().nonnegative(),
  maxTokens: z.number().int().positive(),
});

const modelsSchema = z
  .object({
    tiers: z.array(tierSchema).min(1),
    prices: z.record(
      z.string(),
      z.object({ promptPer1k: z.number().nonnegative(), completionPer1k: z.number().nonnegative() }),
    ),
  })
  .refine((config) => config.tiers[0]?.minValueAtStakeMinor === 0, {
    message: 'the first tier must start at 0 so every decision has a model',
  })
  .refine(
    (config) =>
      config.tiers.every(
        (tier, i, all) => i === 0 || tier.minValueAtStakeMinor > (all[i - 1]?.minValueAtStakeMinor ?? 0),
      ),
    {
      message: 'tiers must be listed by strictly increasing minValueAtStakeMinor',
    },
  )
  .refine((config) => config.tiers.every((tier) => tier.model in config.prices), {
    message: 'every tier model needs a price',
  });

export type ModelTier = z.infer<typeof tierSchema>;
export type ModelsConfig = z.infer<typeof modelsSchema>;

export type TierChoice =
  | {
      readonly kind: 'tier';
      readonly tier: ModelTier;
      readonly worstCaseCostMicros: number;
      readonly steppedDown: boolean;
    }
  | { readonly kind: 'unaffordable'; readonly cheapestCostMicros: number };

export const defaultModelsPath = new URL('../models.yaml', import.meta.url);

export class ModelTiering {
  readonly prices: PriceTable;

  constructor(private readonly config: ModelsConfig) {
    this.prices = config.prices;
  }

  static fromYaml(text: string): ModelTiering {
    return new ModelTiering(modelsSchema.parse(parse(text)));
  }

  static load(path: URL | string = defaultModelsPath): ModelTiering {
    return ModelTiering.fromYaml(readFileSync(path, 'utf8'));
  }

  get tiers(): readonly ModelTier[] {
    return this.config.tiers;
  }

  pick(input: {
    readonly valueAtStakeMinor: number;
    readonly budgetLeftMicros: number;
    readonly promptTokens: number;
  }): TierChoice {
    const eligible = this.config.tiers.filter((tier) => tier.minValueAtStakeMinor <= input.valueAtStakeMinor);
    const costs = eligible.map((tier) =>
      worstCaseCostMicros(priceOf(this.prices, tier.model), input.promptTokens, tier.maxTokens),
    );
    for (let i = eligible.length - 1; i >= 0; i -= 1) {
      const tier = eligible[i];
      const cost = costs[i] ?? Infinity;
      if (tier && cost <= input.budgetLeftMicros) {
        return { kind: 'tier', tier, worstCaseCostMicros: cost, steppedDown: i < eligible.length - 1 };
      }
    }
    return { kind: 'unaffordable', cheapestCostMicros: Math.min(...costs) };
  }
}
