import { describe, expect, it } from 'vitest';
import { ModelTiering } from './tiering.ts';

const yaml = `
tiers:
  - { name: economy, model: small, minValueAtStakeMinor: 0, maxTokens: 100 }
  - { name: standard, model: medium, minValueAtStakeMinor: 100000, maxTokens: 100 }
  - { name: premium, model: large, minValueAtStakeMinor: 2500000, maxTokens: 100 }
prices:
  small: { promptPer1k: 10, completionPer1k: 10 }
  medium: { promptPer1k: 100, completionPer1k: 100 }
  large: { promptPer1k: 1000, completionPer1k: 1000 }
`;
// With 900 prompt tokens and 100 completion tokens, the worst cases are 10, 100 and 1,000 micros.
const tiering = ModelTiering.fromYaml(yaml);
const promptTokens = 900;

describe('ModelTiering', () => {
  it.each([
    [0, 'economy'],
    [99_999, 'economy'],
    [100_000, 'standard'],
    [2_500_000, 'premium'],
  ])('given ample budget, value at stake %i picks %s', (valueAtStakeMinor, tier) => {
    const choice = tiering.pick({ valueAtStakeMinor, budgetLeftMicros: 1_000_000, promptTokens });
    expect(choice).toMatchObject({ kind: 'tier', tier: { name: tier }, steppedDown: false });
  });

  it('given a high value but a budget below the premium worst case, then it steps down to what fits', () => {
    const choice = tiering.pick({ valueAtStakeMinor: 5_000_000, budgetLeftMicros: 500, promptTokens });
    expect(choice).toMatchObject({
      kind: 'tier',
      tier: { name: 'standard' },
      worstCaseCostMicros: 100,
      steppedDown: true,
    });
  });

  it('never steps up: a low value stays on the cheap tier however large the budget', () => {
    const choice = tiering.pick({
      valueAtStakeMinor: 10,
      budgetLeftMicros: Number.MAX_SAFE_INTEGER,
      promptTokens,
    });
    expect(choice).toMatchObject({ kind: 'tier', tier: { name: 'economy' } });
  });

  it('given a budget below the cheapest tier, then nothing is affordable and it says what the cheapest costs', () => {
    expect(tiering.pick({ valueAtStakeMinor: 5_000_000, budgetLeftMicros: 9, promptTokens })).toEqual({
      kind: 'unaffordable',
      cheapestCostMicros: 10,
    });
  });

  it('refuses a tier whose model has no price', () => {
    expect(() => ModelTiering.fromYaml(yaml.replace('large: {', 'other: {'))).toThrow(
      /every tier model needs a price/,
    );
  });

  it('refuses tiers out of order, or a first tier above zero', () => {
    expect(() =>
      ModelTiering.fromYaml(yaml.replace('minValueAtStakeMinor: 2500000', 'minValueAtStakeMinor: 50')),
    ).toThrow(/increasing/);
    expect(() =>
      ModelTiering.fromYaml(yaml.replace('minValueAtStakeMinor: 0', 'minValueAtStakeMinor: 1')),
    ).toThrow(/start at 0/);
  });

  it('loads agents/models.yaml', () => {
    const shipped = ModelTiering.load();
    expect(shipped.tiers.map((tier) => tier.name)).toEqual(['economy', 'standard', 'premium']);
  });
});
