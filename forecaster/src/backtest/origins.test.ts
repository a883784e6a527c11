import { rollingOrigins } from './origins';

describe('rollingOrigins', () => {
  it('ends with the last full horizon and steps back while enough history remains', () => {
    expect(rollingOrigins({ length: 100, horizon: 28, step: 7, minTrain: 40 })).toEqual([44, 51, 58, 65, 72]);
  });

  it('is empty when the series cannot hold one horizon after the minimum history', () => {
    expect(rollingOrigins({ length: 50, horizon: 28, step: 7, minTrain: 28 })).toEqual([]);
  });
});
