import { cleanOutliers } from './clean-outliers';
import { cleanedHistory } from './cleaned-history';
import { seasonallyAdjust } from './seasonal-adjustment';

const weekly = [1, 1.1, 1.2, 1.1, 1, 0.6, 0.5];
/** Six weeks of a weekly shape with one holiday dip, so cleaning changes something. */
const history = Array.from({ length: 42 }, (_, index) => 1000 * weekly[index % 7] * (index === 30 ? 0.3 : 1));

describe('cleanedHistory', () => {
  it('gives the cleaned values and the adjustment of the cleaned values', () => {
    const cleaned = cleanedHistory(history, [7]);
    expect(cleaned.values).toEqual(cleanOutliers(history, [7]));
    expect(cleaned.values).not.toEqual(history);
    expect(cleaned.season().adjusted).toEqual(seasonallyAdjust(cleanOutliers(history, [7]), [7]).adjusted);
  });

  it('works each out once for the same history and seasons, and apart for other seasons', () => {
    const first = cleanedHistory(history, [7]);
    const again = cleanedHistory(history, [7]);
    expect(again.values).toBe(first.values);
    expect(again.season()).toBe(first.season());
    const noSeason = cleanedHistory(history, []);
    expect(noSeason.values).not.toBe(first.values);
    expect(noSeason.values).toEqual(cleanOutliers(history, []));
  });
});
