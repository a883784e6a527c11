/**
 * The hourly bar of issue 5 on the real data: 48 hours ahead on hourly values, better than the
 * seasonal naive at every period (24 and, where two weeks are there, 168). The short series run
 * with the CLI's default step (a quarter of the horizon); the two long ones with an origin a day
 * (still 200+ origins each), which halves their run time in the suite. mscloud-api-01 has its
 * own file so that jest runs the two long ones side by side.
 */
import { loadAugurs } from '../models/augurs';
import { evaluateRealFile, expectBetterThanSeasonalNaive, HOURLY } from './real-data';

const cases = [
  ['mscloud-ingress-01.csv', undefined],
  ['nab-ec2_cpu_utilization_24ae8d.csv', undefined],
  ['nab-nyc_taxi.csv', 24],
] as const;

describe('hourly values, 48 hours ahead', () => {
  it.each(cases)('%s: better than every seasonal naive', (file, step) => {
    expectBetterThanSeasonalNaive(evaluateRealFile(file, { ...HOURLY, step, augurs: loadAugurs() }));
  });
});
