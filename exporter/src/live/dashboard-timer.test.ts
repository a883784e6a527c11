import { startDashboardTimer } from './dashboard-timer';

describe('the dashboard timer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires each aligned tick once, even when the timeout fires a millisecond before the wall clock reaches it', () => {
    let wall = 10_001;
    const ticks: number[] = [];
    const timer = startDashboardTimer(5000, (at) => ticks.push(at), () => wall);
    // Node may run a timeout up to a millisecond before Date.now() shows its time.
    wall = 14_999;
    jest.advanceTimersByTime(4_999);
    wall = 15_000;
    jest.advanceTimersByTime(1);
    expect(ticks).toEqual([15_000]);
    wall = 20_000;
    jest.advanceTimersByTime(5_000);
    expect(ticks).toEqual([15_000, 20_000]);
    timer.stop();
  });
});
