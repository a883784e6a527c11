/** The hourly bar on the long series (see hourly-accuracy.test.ts; a file of its own to run in parallel). */
import { loadAugurs } from '../models/augurs';
import { evaluateRealFile, expectHourly, HOURLY } from './real-data';

describe('hourly values, 48 hours ahead, an origin a day', () => {
  it.each(['mscloud-api-01.csv', 'nab-twitter_volume_GOOG.csv'])('%s', (file) => {
    expectHourly(evaluateRealFile(file, { ...HOURLY, step: 24, augurs: loadAugurs() }));
  });
});
