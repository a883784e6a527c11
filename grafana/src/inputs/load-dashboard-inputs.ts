/** The one place the dashboards read the rule specs from disk. */
import { join } from 'node:path';
import { loadSpecs, readSpecFolder } from '../../../alert-rules/src/spec-files/load-specs';
import { dashboardInputsFrom, type DashboardInputs } from './dashboard-inputs';

export const SPEC_FOLDER = join(__dirname, '..', '..', '..', 'alert-rules', 'specs');

export function loadDashboardInputs(specFolder: string = SPEC_FOLDER): DashboardInputs {
  try {
    return dashboardInputsFrom(loadSpecs(readSpecFolder(specFolder)));
  } catch (error) {
    throw new Error(`load the rule specs the dashboards read (${specFolder}): ${(error as Error).message}`, { cause: error });
  }
}
