/**
 * Export ids carry their project (`exp_<24 hex>_<project>`), so the project guard can check the
 * caller's key before anything is read: another project's key gets 403 without learning whether
 * the export exists, and a forged id of one's own project simply finds nothing.
 */
import { randomBytes } from 'node:crypto';

const EXPORT_ID = /^exp_([0-9a-f]{24})_(.+)$/;

export function newExportId(project: string): string {
  return `exp_${randomBytes(12).toString('hex')}_${project}`;
}

/** The project an export id names, or undefined when the text is not an export id. */
export function projectOfExportId(id: string): string | undefined {
  return EXPORT_ID.exec(id)?.[2];
}
