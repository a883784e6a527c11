/**
 * A region's continent from its coordinates, for the status page's grouping: coarse boxes, right
 * for where media regions sit (cities), not a geography library.
 */
export const CONTINENTS = ['North America', 'South America', 'Europe', 'Africa', 'Asia', 'Oceania'] as const;
export type Continent = (typeof CONTINENTS)[number];

export function continentOf(latitude: number, longitude: number): Continent {
  if (longitude < -30) return latitude >= 13 ? 'North America' : 'South America';
  if (longitude < 60) {
    if (latitude >= 35 && longitude < 45) return 'Europe';
    if (latitude < 35 && longitude < 52) return 'Africa';
    return 'Asia';
  }
  return latitude < -10 && longitude > 110 ? 'Oceania' : 'Asia';
}
