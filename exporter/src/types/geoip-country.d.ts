/** The part of geoip-country's API Pulse uses (the package ships no types). */
declare module 'geoip-country' {
  export interface CountryMatch {
    readonly country: string;
    readonly continent?: string;
  }
  export function lookup(ip: string): CountryMatch | null;
}
