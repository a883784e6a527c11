import { asJson, dashboardWithQueries } from '../testing/dashboard-fixtures';
import { renderDashboards } from './render-dashboards';

describe('rendering dashboards', () => {
  it('writes <uid>.json as two-space JSON ending in a newline', () => {
    const [file] = renderDashboards([dashboardWithQueries(['up'])]);
    expect(file.name).toBe('test.json');
    expect(file.text).toMatch(/^\{\n {2}"timezone": "browser",\n/);
    expect(file.text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(file.text)).toEqual(asJson(dashboardWithQueries(['up'])));
  });

  it('refuses two dashboards with one uid', () => {
    const dashboard = dashboardWithQueries(['up']);
    expect(() => renderDashboards([dashboard, dashboard])).toThrow('two dashboards have the uid test');
  });

  it('refuses a dashboard without a uid', () => {
    expect(() => renderDashboards([{ ...dashboardWithQueries(['up']), uid: undefined }])).toThrow('dashboard "Test" has no uid');
  });
});
