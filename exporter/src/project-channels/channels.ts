/** Saving and showing a project's destinations; the webhook's signing secret is kept unless rotated. */
import { randomBytes } from 'node:crypto';
import type { ProjectChannelStore } from '../store/types';
import type { ChannelsBody } from './channels-body';
import type { ProjectChannels } from './types';

export async function saveChannels(store: ProjectChannelStore, project: string, body: ChannelsBody): Promise<ProjectChannels> {
  const existing = await store.projectChannels(project);
  const kept = body.webhook && !body.webhook.rotate_secret ? existing?.webhook?.secret : undefined;
  const channels: ProjectChannels = {
    ...(body.webhook ? { webhook: { url: body.webhook.url, secret: kept ?? randomBytes(32).toString('hex') } } : {}),
    ...(body.slack ? { slack: { url: body.slack.url } } : {}),
    ...(body.email ? { email: { to: body.email.to } } : {}),
    ...(body.escalation ? { escalation: body.escalation } : {}),
  };
  await store.putProjectChannels(project, channels);
  return channels;
}

/** What GET shows: the destinations without the secret. */
export function publicChannels(channels: ProjectChannels | undefined): ProjectChannels | Record<string, never> {
  if (!channels) return {};
  const { webhook, ...rest } = channels;
  return { ...(webhook ? { webhook: { url: webhook.url } as ProjectChannels['webhook'] } : {}), ...rest };
}
