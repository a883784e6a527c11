import { selectedMase } from './forecast-api';

const scores = [
  { model: 'snaive-7', mase: 0.8 },
  { model: 'mstl-ets', mase: 0.4 },
];

describe("the forecast API's accuracy", () => {
  it("takes the selected model's own backtest MASE", () => {
    expect(selectedMase('snaive-7', scores)).toBe(0.8);
  });

  it("takes an ensemble's members' mean MASE, the bound of its own", () => {
    expect(selectedMase('mean(mstl-ets,snaive-7)', scores)).toBeCloseTo(0.6);
  });

  it('has none when a member or the model has no score', () => {
    expect(selectedMase('mean(mstl-ets,theta)', scores)).toBeUndefined();
    expect(selectedMase('theta', scores)).toBeUndefined();
  });
});
