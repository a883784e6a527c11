/**
 * Where a client probably is, from its IP address, with an offline country database
 * (geoip-country) and each country's centre (world-countries). Country precision is enough to
 * choose the nearest vantage point; private and loopback addresses have no location.
 */
import { isIP } from 'node:net';
import type * as GeoipCountry from 'geoip-country';
import countries from 'world-countries';

export interface ClientLocation {
  readonly country: string;
  readonly latitude: number;
  readonly longitude: number;
}

export type LocateClient = (ip: string) => ClientLocation | undefined;

/**
 * geoip-country loads its whole database (about 18 MB) when first required: it is required on
 * the first public address to locate, so an exporter whose clients never ask pays nothing.
 */
function loadGeoip(): typeof GeoipCountry {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('geoip-country') as typeof GeoipCountry;
}

export function createClientLocator(): LocateClient {
  let geoip: typeof GeoipCountry | undefined;
  const centres = new Map<string, readonly [number, number]>();
  for (const country of countries) {
    if (country.latlng.length === 2) centres.set(country.cca2, [country.latlng[0], country.latlng[1]]);
  }
  return (ip) => {
    if (isIP(ip) === 0 || isPrivate(ip)) return undefined;
    geoip ??= loadGeoip();
    const country = geoip.lookup(ip)?.country;
    const centre = country ? centres.get(country) : undefined;
    return centre && country ? { country, latitude: centre[0], longitude: centre[1] } : undefined;
  };
}

/** Loopback, private, link-local, CGNAT and unique-local addresses never leave the site. */
export function isPrivate(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || lower === '::' || lower.startsWith('fc') || lower.startsWith('fd') || lower.startsWith('fe80');
}

/** Great-circle distance in kilometres. */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
