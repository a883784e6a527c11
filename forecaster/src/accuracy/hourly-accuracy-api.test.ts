/** The hourly bar on mscloud-api-01 (see hourly-accuracy.test.ts; a file of its own to run in parallel). */
import { loadAugurs } from '../models/augurs';
import { evaluateRealFile, expectBetterThanSeasonalNaive, HOURLY } from './real-data';

describe('hourly values, 48 hours ahead', () => {
  it('mscloud-api-01.csv: better than every seasonal naive', () => {
    expectBetterThanSeasonalNaive(evaluateRealFile('mscloud-api-01.csv', { ...HOURLY, step: 24, augurs: loadAugurs() }));
  });
});
