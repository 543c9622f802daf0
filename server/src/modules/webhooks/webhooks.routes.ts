import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { IdParams } from '@telegraf-controller/contract/params';
import {
  Webhook,
  WebhookCreate,
  WebhookCreated,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookList,
  WebhookUpdate,
} from '@telegraf-controller/contract/webhooks';
import { typed } from '../../http/typed.js';
import { originOf } from '../audit/audit-origin.js';
import type { WebhooksService } from './webhooks.service.js';

const tags = ['webhooks'];

/** Webhook subscriptions and their delivery logs, under the `settings` permissions (issue 21 item 6). */
export function registerWebhooksRoutes(server: FastifyInstance, webhooks: WebhooksService): void {
  const app = typed(server);
  app.get(
    '/api/webhooks',
    {
      config: { access: 'settings:read' },
      schema: { tags, summary: 'Webhook subscriptions', response: { 200: WebhookList } },
    },
    async () => webhooks.list(),
  );
  app.post(
    '/api/webhooks',
    {
      config: { access: 'settings:write' },
      schema: {
        tags,
        summary: 'Subscribe a URL to events; the answer shows the signing secret, this once',
        body: WebhookCreate,
        response: { 201: WebhookCreated },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await webhooks.create(request.identity, request.body, originOf(request))),
  );
  app.get(
    '/api/webhooks/:id',
    {
      config: { access: 'settings:read' },
      schema: { tags, summary: 'One subscription', params: IdParams, response: { 200: Webhook } },
    },
    async (request) => webhooks.get(request.params.id),
  );
  app.patch(
    '/api/webhooks/:id',
    {
      config: { access: 'settings:write' },
      schema: {
        tags,
        summary: 'Change a subscription: its name, URL, events, or whether it is enabled',
        params: IdParams,
        body: WebhookUpdate,
        response: { 200: Webhook },
      },
    },
    async (request) => webhooks.update(request.identity, request.params.id, request.body, originOf(request)),
  );
  app.delete(
    '/api/webhooks/:id',
    {
      config: { access: 'settings:write' },
      schema: { tags, summary: 'Delete a subscription and its log', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await webhooks.remove(request.identity, request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/webhooks/:id/deliveries',
    {
      config: { access: 'settings:read' },
      schema: {
        tags,
        summary: 'The delivery log: the latest 100 deliveries, each with its body and the last answer',
        params: IdParams,
        response: { 200: WebhookDeliveryList },
      },
    },
    async (request) => webhooks.deliveries(request.params.id),
  );
  app.post(
    '/api/webhooks/:id/test',
    {
      config: { access: 'settings:write' },
      schema: {
        tags,
        summary: 'Send a signed test event now, and log it',
        params: IdParams,
        response: { 200: WebhookDelivery },
      },
    },
    async (request) => webhooks.test(request.params.id),
  );
}
