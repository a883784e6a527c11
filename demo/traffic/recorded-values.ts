/**
 * The custom values a demo project records itself (`POST /api/v1/analytics/metrics`), so the usage
 * dashboard's custom metrics row has data: one gauge per project and region, the rooms open in the
 * window (its participant minutes per minute, four participants a room). Pure.
 */
import { DEMO_PROJECTS, usageBetween } from '../usage-model';

/** A room holds this many participants, on average, in the demo. */
const PARTICIPANTS_PER_ROOM = 4;

export function recordedBodies(regions: readonly string[], fromMs: number, toMs: number): Array<{ project_id: string; metrics: unknown[] }> {
  const minutes = (toMs - fromMs) / 60_000;
  return DEMO_PROJECTS.map((project) => ({
    project_id: project,
    metrics: regions.map((region) => ({
      name: 'active_rooms',
      type: 'gauge',
      category: 'business',
      value: Math.round(usageBetween(project, region, 'participant_minutes', fromMs, toMs) / minutes / PARTICIPANTS_PER_ROOM),
      labels: { region },
    })),
  }));
}
