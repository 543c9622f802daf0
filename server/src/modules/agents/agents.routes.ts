import type { FastifyInstance } from 'fastify';
import { originOf } from '../audit/audit-origin.js';
import { Type } from 'typebox';
import {
  Agent,
  AgentFilterQuery,
  AgentId,
  AgentIds,
  AgentList,
  AgentListQuery,
  AgentsSummary,
  AgentUpdate,
  BulkAgentsResult,
  BulkReportingRule,
  ConfigAgentVersions,
  HeartbeatLogs,
  HeartbeatLogsQuery,
  LatestHeartbeat,
} from '@telegraf-controller/contract/agents';
import { IdParams } from '@telegraf-controller/contract/params';
import { typed } from '../../http/typed.js';
import type { AgentsService } from './agents.service.js';

const tags = ['agents'];
/** An agent's id is its instance_id (up to 256 characters), not a stored id: hence not the contract's `IdParams`. */
const AgentIdParams = Type.Object({ id: AgentId });

export function registerAgentsRoutes(server: FastifyInstance, agents: AgentsService): void {
  const app = typed(server);
  app.get(
    '/api/agents',
    {
      config: { access: 'agents:read', group: 'agents' },
      schema: {
        tags,
        summary: 'Agents: filters, sort (lastSeen, status, id, hostname), keyset pages and the total',
        querystring: AgentListQuery,
        response: { 200: AgentList },
      },
    },
    async (request) => agents.list(request.query),
  );
  app.get(
    '/api/agents/summary',
    {
      config: { access: 'agents:read', group: 'agents' },
      schema: {
        tags,
        summary: 'Counts per status and Telegraf version, and last-reported bands, under the same filters',
        querystring: AgentFilterQuery,
        response: { 200: AgentsSummary },
      },
    },
    async (request) => agents.summary(request.query),
  );
  app.get(
    '/api/configs/:id/agent-versions',
    {
      config: { access: 'configs:read', group: 'configs' },
      schema: {
        tags: ['configs'],
        summary: 'Which version of the configuration its agents run, how that is known, and who is Outdated',
        params: IdParams,
        response: { 200: ConfigAgentVersions },
      },
    },
    async (request) => agents.versionsOf(request.params.id),
  );
  app.post(
    '/api/agents/bulk/delete',
    {
      config: { access: 'agents:delete', group: 'agents' },
      schema: {
        tags,
        summary: 'Delete several agents (a running Telegraf comes back with its next heartbeat)',
        body: AgentIds,
        response: { 200: BulkAgentsResult },
      },
    },
    async (request) => agents.removeMany(request.identity, request.body.ids, originOf(request)),
  );
  app.put(
    '/api/agents/bulk/reporting-rule',
    {
      config: { access: 'agents:write', group: 'agents' },
      schema: {
        tags,
        summary: 'Give several agents a reporting rule',
        body: BulkReportingRule,
        response: { 200: BulkAgentsResult },
      },
    },
    async (request) =>
      agents.assignRule(request.identity, request.body.ids, request.body.reportingRuleId, originOf(request)),
  );
  app.get(
    '/api/agents/:id',
    {
      config: { access: 'agents:read', group: 'agents' },
      schema: { tags, summary: 'One agent with its config sources', params: AgentIdParams, response: { 200: Agent } },
    },
    async (request) => agents.get(request.params.id),
  );
  app.patch(
    '/api/agents/:id',
    {
      config: { access: 'agents:write', group: 'agents' },
      schema: {
        tags,
        summary: "Change an agent's reporting rule",
        params: AgentIdParams,
        body: AgentUpdate,
        response: { 200: Agent },
      },
    },
    async (request) => {
      const { reportingRuleId } = request.body;
      const id = (await agents.get(request.params.id)).id;
      if (reportingRuleId !== undefined)
        await agents.assignRule(request.identity, [id], reportingRuleId, originOf(request));
      return agents.get(id);
    },
  );
  app.delete(
    '/api/agents/:id',
    {
      config: { access: 'agents:delete', group: 'agents' },
      schema: { tags, summary: 'Delete an agent', params: AgentIdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await agents.remove(request.identity, request.params.id, originOf(request));
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/api/heartbeat/agent/:id/latest-heartbeat',
    {
      config: { access: 'heartbeat:read', group: 'heartbeat' },
      schema: {
        tags,
        summary: "The agent's latest heartbeat: statistics, config sources and the stored logs",
        params: AgentIdParams,
        response: { 200: LatestHeartbeat },
      },
    },
    async (request) => agents.latestHeartbeat(request.params.id),
  );
  app.get(
    '/api/heartbeat/agent/:id/logs',
    {
      config: { access: 'heartbeat:read', group: 'heartbeat' },
      schema: {
        tags,
        summary: 'Statistics per heartbeat, oldest first (`from`/`to` in epoch ms; the last 24 hours are kept)',
        params: AgentIdParams,
        querystring: HeartbeatLogsQuery,
        response: { 200: HeartbeatLogs },
      },
    },
    async (request) => agents.statistics(request.params.id, request.query),
  );
}
