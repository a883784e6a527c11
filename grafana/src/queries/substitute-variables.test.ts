import { substituteVariables, variablesIn } from './substitute-variables';

describe('substituting Grafana variables', () => {
  it('replaces $name, ${name}, ${name:format} and [[name]]', () => {
    const expr = 'rate(x{a=~"$a", b=~"${b}", c=~"${c:regex}", d=~"[[d]]"}[$__rate_interval])';
    expect(substituteVariables(expr, { a: '1', b: '2', c: '3', d: '4', __rate_interval: '5m' })).toBe('rate(x{a=~"1", b=~"2", c=~"3", d=~"4"}[5m])');
  });

  it('turns several values into a regex group, escaped', () => {
    expect(substituteVariables('x{project=~"$project"}', { project: ['acme', 'a.b'] })).toBe('x{project=~"(acme|a\\.b)"}');
  });

  it('takes the whole name, so $region never matches inside $regions', () => {
    expect(substituteVariables('$regions $region', { region: 'r', regions: 'rs' })).toBe('rs r');
  });

  it('fails on a variable it has no value for, naming it', () => {
    expect(() => substituteVariables('x{a=~"$projcet"}', {})).toThrow('unknown variable $projcet in: x{a=~"$projcet"}');
  });

  it('lists the variables an expression uses, once each', () => {
    expect(variablesIn('x{a=~"$a"}[$__rate_interval] / y{a=~"${a}"} offset $h')).toEqual(['a', '__rate_interval', 'h']);
  });
});
