import { describe, expect, it } from 'vitest';
import { Decimal } from '../src/money/decimal.js';
import { authorizeCall } from '../src/rating/authorize-call.js';
import { rateCall, type CallTariff } from '../src/rating/rate-call.js';
import { billedSeconds, rateSteps } from '../src/rating/rate-steps.js';
import { CARRIER_RATING_POLICY, ratingPolicy, type RatingPolicy } from '../src/rating/rating-policy.js';

const fourHalfUp: RatingPolicy = { ...CARRIER_RATING_POLICY };

function tariff(rate: string, initial: number, subsequent: number, connectionFee = '0'): CallTariff {
  return { rate, connectionFee, increments: { initial, subsequent } };
}

describe('billed seconds (issue 10 worked examples)', () => {
  const cases: Array<[string, number, number, number[], number[]]> = [
    ['30/6', 30, 6, [1, 20, 30, 31, 35, 36, 37], [30, 30, 30, 36, 36, 36, 42]],
    ['60/6', 60, 6, [10, 61, 67], [60, 66, 72]],
    ['60/1', 60, 1, [61], [61]],
  ];
  for (const [name, initial, subsequent, durations, billed] of cases) {
    durations.forEach((seconds, index) => {
      it(`${name}: a ${seconds} s call bills ${billed[index]} s`, () => {
        expect(billedSeconds(rateSteps({ initial, subsequent }), seconds)).toBe(billed[index]);
        expect(rateCall(tariff('0.01', initial, subsequent), seconds, fourHalfUp).billedSeconds).toBe(billed[index]);
      });
    });
  }
  it('30/6 is two steps of data', () => {
    expect(rateSteps({ initial: 30, subsequent: 6 })).toEqual([
      { intervalStart: 0, increment: 30 },
      { intervalStart: 30, increment: 6 },
    ]);
  });
});

describe('call cost (issue 10 worked examples)', () => {
  const sevenSeconds: Array<[string, number, number, string]> = [
    ['6/6', 6, 6, '0.0030'],
    ['12/6', 12, 6, '0.0030'],
    ['30/6', 30, 6, '0.0075'],
    ['60/6', 60, 6, '0.0150'],
  ];
  for (const [name, initial, subsequent, cost] of sevenSeconds) {
    it(`a 7 s call at 0.015/min costs ${cost} on ${name}`, () => {
      expect(rateCall(tariff('0.015', initial, subsequent), 7, fourHalfUp).cost).toBe(cost);
    });
  }

  it('9.1 s at 0.005/min on 1/1, 4 places half-up, costs 0.0008; a hundred cost 0.0800, not 0.0758', () => {
    const charge = rateCall(tariff('0.005', 1, 1), '9.1', fourHalfUp);
    expect(charge).toMatchObject({ seconds: 10, billedSeconds: 10, cost: '0.0008' });
    expect(rateCall(tariff('0.005', 1, 1), 9.1, fourHalfUp).cost).toBe('0.0008');
    let total = new Decimal(0);
    for (let call = 0; call < 100; call++) total = total.plus(rateCall(tariff('0.005', 1, 1), '9.1', fourHalfUp).cost);
    expect(total.toFixed(4)).toBe('0.0800');
  });

  it('0.1/min for 180 s costs exactly 0.3000 (no float: IvozProvider #692)', () => {
    expect(rateCall(tariff('0.1', 1, 1), 180, fourHalfUp).cost).toBe('0.3000');
    expect(rateCall(tariff('0.05', 1, 1), 60, fourHalfUp).cost).toBe('0.0500');
  });

  it('0.05/min on 1/1 with a 0.15 fee for 24 s, rounded up to 2 places, costs 0.17 (CGRateS #361)', () => {
    const policy = ratingPolicy({ precision: 2, rounding: 'up' });
    expect(rateCall(tariff('0.05', 1, 1, '0.15'), 24, policy)).toMatchObject({ cost: '0.17', costBeforeRounding: '0.17' });
  });

  it('a 0 s call with a connection fee costs 0', () => {
    expect(rateCall(tariff('0.05', 30, 6, '0.15'), 0, fourHalfUp)).toMatchObject({ cost: '0.0000', billedSeconds: 0, withinGrace: true });
  });

  it('a call not above the grace period costs 0, fee included; one second more is billed', () => {
    const policy = ratingPolicy(fourHalfUp, { gracePeriod: 3 });
    expect(rateCall(tariff('0.05', 30, 6, '0.15'), 3, policy).cost).toBe('0.0000');
    expect(rateCall(tariff('0.05', 30, 6, '0.15'), 4, policy).cost).toBe('0.1750');
  });

  it('duration rounding: up, down, half-up, half-down', () => {
    const t = tariff('0.6', 1, 1);
    const seconds = (value: string, durationRounding: RatingPolicy['durationRounding']) =>
      rateCall(t, value, ratingPolicy(fourHalfUp, { durationRounding })).seconds;
    expect([seconds('9.1', 'up'), seconds('9.1', 'down'), seconds('9.5', 'half-up'), seconds('9.5', 'half-down'), seconds('9.6', 'half-down')]).toEqual([10, 9, 10, 9, 10]);
    expect(seconds('0.4', 'down')).toBe(0);
  });

  it('rounds by decimal places, not significant digits: 123.4567 stays 123.4567', () => {
    // 123.4567/min for 60 s on 60/60
    expect(rateCall(tariff('123.4567', 60, 60), 60, fourHalfUp).cost).toBe('123.4567');
    expect(rateCall(tariff('123.4567', 60, 60), 60, ratingPolicy({ precision: 2, rounding: 'down' })).cost).toBe('123.45');
  });

  it('records the cost before rounding, to 20 places when it repeats', () => {
    expect(rateCall(tariff('0.01', 1, 1), 7, fourHalfUp)).toMatchObject({ cost: '0.0012', costBeforeRounding: '0.00116666666666666667' });
  });

  it('a bad duration is an INVALID_VALUE error with reason BAD_DURATION', () => {
    for (const bad of ['-1', 'abc', '', '1e3', Number.NaN, -2]) {
      expect(() => rateCall(tariff('0.01', 1, 1), bad, fourHalfUp)).toThrowError(expect.objectContaining({ code: 'INVALID_VALUE', details: expect.objectContaining({ reason: 'BAD_DURATION' }) }));
    }
  });

  it('a bad policy names the field', () => {
    expect(() => ratingPolicy({ precision: 4, rounding: 'half-up' }, { gracePeriod: -1 })).toThrow(/gracePeriod: expected a whole number/);
    expect(() => ratingPolicy({ precision: 4, rounding: 'nearest' as never })).toThrow(/rounding: expected one of up, down, half-up, half-down, half-even/);
  });
});

describe('authorization (issue 10 worked examples)', () => {
  it('0.50 available on a 0.10/min 60/60 route with a 0.01 fee gets 240 s', () => {
    expect(authorizeCall(tariff('0.10', 60, 60, '0.01'), fourHalfUp, '0.50')).toEqual({
      allowed: true,
      reason: null,
      firstIncrementCost: '0.1100',
      maxSeconds: 240,
      capped: false,
    });
  });

  it('credit that does not cover the first increment plus fee is refused', () => {
    expect(authorizeCall(tariff('0.10', 60, 60, '0.01'), fourHalfUp, '0.1099')).toMatchObject({ allowed: false, reason: 'INSUFFICIENT_CREDIT', maxSeconds: 0 });
    expect(authorizeCall(tariff('0.10', 60, 60, '0.01'), fourHalfUp, '0.1100')).toMatchObject({ allowed: true, maxSeconds: 60 });
    expect(authorizeCall(tariff('0.10', 60, 60, '0.01'), fourHalfUp, '-5')).toMatchObject({ allowed: false });
  });

  it('a large limit gets the cap, in bounded work', () => {
    const started = performance.now();
    expect(authorizeCall(tariff('0.10', 60, 60, '0.01'), fourHalfUp, '100000000000')).toMatchObject({ allowed: true, maxSeconds: 14_400, capped: true });
    expect(authorizeCall(tariff('0.0001', 1, 1), fourHalfUp, '1e15', 3600)).toMatchObject({ maxSeconds: 3600, capped: true });
    expect(authorizeCall(tariff('0', 30, 6), fourHalfUp, '0')).toMatchObject({ allowed: true, maxSeconds: 14_400 });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('30/6: the answer is always initial + k × subsequent', () => {
    // 0.06/min: 30 s costs 0.03, each 6 s 0.006; 0.10 fits 30 + 11 × 6 = 96 s (0.0960)
    expect(authorizeCall(tariff('0.06', 30, 6), fourHalfUp, '0.10')).toMatchObject({ maxSeconds: 96 });
  });
});
