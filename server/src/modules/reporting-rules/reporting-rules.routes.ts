import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ReportingRule,
  ReportingRuleCreate,
  ReportingRuleList,
  ReportingRuleListQuery,
  ReportingRuleUpdate,
} from '@telegraf-controller/contract/reporting-rules';
import type { Permission } from '@telegraf-controller/contract/permissions';
import type { ReportingRulesService } from './reporting-rules.service.js';

const params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const tags = ['reporting-rules'];

export function registerReportingRulesRoutes(app: FastifyInstance, rules: ReportingRulesService): void {
  const idOf = (request: FastifyRequest) => (request.params as { id: string }).id;
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
    async (request) => rules.list(request.query as ReportingRuleListQuery),
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
    async (request, reply) => reply.code(201).send(await rules.create(request.body as ReportingRuleCreate)),
  );
  app.get(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:read'),
      schema: { tags, summary: 'One reporting rule', params, response: { 200: ReportingRule } },
    },
    async (request) => rules.get(idOf(request)),
  );
  app.patch(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:write'),
      schema: {
        tags,
        summary: 'Change a rule; the default rule stays default until another rule takes its place',
        params,
        body: ReportingRuleUpdate,
        response: { 200: ReportingRule },
      },
    },
    async (request) => rules.update(idOf(request), request.body as ReportingRuleUpdate),
  );
  app.delete(
    '/api/reporting-rules/:id',
    {
      config: access('reporting-rules:delete'),
      schema: {
        tags,
        summary: 'Delete a rule other than the default; its agents move to the default rule',
        params,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await rules.remove(idOf(request));
      return reply.code(204).send();
    },
  );
  app.post(
    '/api/reporting-rules/:id/default',
    {
      config: access('reporting-rules:write'),
      schema: {
        tags,
        summary: 'Make the rule the default (the one new agents get)',
        params,
        response: { 200: ReportingRule },
      },
    },
    async (request) => rules.makeDefault(idOf(request)),
  );
}
