import { continentOf } from './continents';

describe('continentOf', () => {
  it.each([
    ['Ashburn', 39.04, -77.49, 'North America'],
    ['São Paulo', -23.55, -46.63, 'South America'],
    ['Frankfurt', 50.11, 8.68, 'Europe'],
    ['Johannesburg', -26.2, 28.05, 'Africa'],
    ['Mumbai', 19.08, 72.88, 'Asia'],
    ['Dubai', 25.2, 55.27, 'Asia'],
    ['Sydney', -33.87, 151.21, 'Oceania'],
    ['Singapore', 1.35, 103.82, 'Asia'],
  ])('puts %s in its continent', (_city, latitude, longitude, continent) => {
    expect(continentOf(latitude, longitude)).toBe(continent);
  });
});
