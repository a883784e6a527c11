import { parseForecasterConfig } from './config';

const withSchedule = (schedule: string) => `apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\nschedule: ${schedule}\n`;

describe('the forecaster schedule', () => {
  it('runs from every minute to every 7 days', () => {
    expect(parseForecasterConfig(withSchedule('1m'), 'forecaster.yml', {}).scheduleMs).toBe(60_000);
    expect(parseForecasterConfig(withSchedule('7d'), 'forecaster.yml', {}).scheduleMs).toBe(7 * 86_400_000);
  });

  it.each(['59s', '7d1ms', '100000000h'])('refuses %s (a timer past 24.8 days would fire after 1 ms)', (schedule) => {
    expect(() => parseForecasterConfig(withSchedule(schedule), 'forecaster.yml', {})).toThrow(`forecaster.yml:4: schedule: must be from 1m to 7d (got "${schedule}")`);
  });
});

describe('the forecaster series filters', () => {
  it('refuses a projects regex open to catastrophic backtracking', () => {
    const text = 'apiVersion: pulse/v1\nkind: Forecaster\nprometheus_url: http://p:9090\nprojects: "(acme-[a-z]+)+"\n';
    expect(() => parseForecasterConfig(text, 'forecaster.yml', {})).toThrow(
      'forecaster.yml: projects: is open to catastrophic backtracking: nested repetition "(acme-[a-z]+)+" (a repeated group holding a repetition) (got "(acme-[a-z]+)+")',
    );
  });
});
