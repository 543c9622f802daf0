import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../http/actor.js';
import { originOf } from '../audit/audit-origin.js';
import { Settings, SettingsUpdate } from '@telegraf-controller/contract/settings';
import { typed } from '../../http/typed.js';
import type { SettingsService } from './settings.service.js';

export function registerSettingsRoutes(server: FastifyInstance, settings: SettingsService): void {
  const app = typed(server);
  app.get(
    '/api/settings',
    {
      config: { access: 'settings:read' },
      schema: { tags: ['settings'], summary: 'Instance settings', response: { 200: Settings } },
    },
    async () => settings.get(),
  );
  app.patch(
    '/api/settings',
    {
      config: { access: 'settings:write' },
      schema: {
        tags: ['settings'],
        summary: 'Change settings: a present field sets, an absent one stays, null clears a URL',
        body: SettingsUpdate,
        response: { 200: Settings },
      },
    },
    async (request) => settings.update(actorOf(request), request.body, originOf(request)),
  );
}
