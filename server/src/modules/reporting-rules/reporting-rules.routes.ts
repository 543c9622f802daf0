import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  ReportingRule,
  ReportingRuleCreate,
  ReportingRuleList,
  ReportingRuleListQuery,
  ReportingRuleUpdate,
} from '@telegraf-controller/contract/reporting-rules';
import { IdParams } from '@telegraf-controller/contract/params';
import type { Permission } from '@telegraf-controller/contract/permissions';
import { typed } from '../../http/typed.js';
import type { ReportingRulesService } from './reporting-rules.service.js';

const tags = ['reporting-rules'];

export function registerReportingRulesRoutes(server: FastifyInstance, rules: ReportingRulesService): void {
  const app = typed(server);
  const access = (permission: Permission) => ({ access: permission, group: 'reporting-rules' as const });
  app.get(
    '/api/reporting-rules',
    {
      config: access('reporting-rules:read'),
      schema: {
        tags,
        summary: 'Reporting rules, the default first, then by description',
        querystring: ReportingRuleListQuery,
        response: { 200: ReportingRuleList },
      },
    },
    async (request) => rules.list(request.query),
  );
  app.post(
    '/api/reporting-rules',
    {
      config: access('reporting-rules:write'),
      schema: {
        tags,
        summary: 'Create a rule; isDefault makes it the default in place of the current one',
        body: ReportingRuleCreate,
        response: { 201: ReportingRule },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await rules.create(request.identity, request.body, originOf(request))),
  );
  app.get(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:read'),
      schema: { tags, summary: 'One reporting rule', params: IdParams, response: { 200: ReportingRule } },
    },
    async (request) => rules.get(request.params.id),
  );
  app.patch(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:write'),
      schema: {
        tags,
        summary: 'Change a rule; the default rule stays default until another rule takes its place',
        params: IdParams,
        body: ReportingRuleUpdate,
        response: { 200: ReportingRule },
      },
    },
    async (request) => rules.update(request.identity, request.params.id, request.body, originOf(request)),
  );
  app.delete(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:delete'),
      schema: {
        tags,
        summary: 'Delete a rule other than the default; its agents move to the default rule',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await rules.remove(request.identity, request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.post(
    '/api/reporting-rules/:id/default',
    {
      config: access('reporting-rules:write'),
      schema: {
        tags,
        summary: 'Make the rule the default (the one new agents get)',
        params: IdParams,
        response: { 200: ReportingRule },
      },
    },
    async (request) => rules.makeDefault(request.identity, request.params.id, originOf(request)),
  );
}
