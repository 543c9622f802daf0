import type { Kysely } from 'kysely';
import type { Config } from '@telegraf-controller/contract/configs';
import type { VersionReview, VersionReviewRequest } from '@telegraf-controller/contract/rollouts';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { unifiedDiff } from '../../lib/diff.js';
import { cohortOf, stepOf } from '../configs/rollout-cohorts.js';
import { cohortLabels } from '../configs/staged-serving.js';
import { renderVersionFor } from '../configs/version-preview.js';
import type { ConstantsService } from '../constants/constants.service.js';
import { agentsLoading, findVersionFacts, sourcesOf } from './rollouts.repo.js';

/** Agents of each cohort a review renders. */
const REVIEW_SAMPLES = 3;

/**
 * What a version would change for up to `REVIEW_SAMPLES` agents of each cohort (every agent loading the configuration
 * when no cohorts are given): their TOML as served now and as the version would be, rendered with the parameters of
 * the URL each reported, as a unified diff (ADR 27).
 */
export async function reviewVersion(
  db: Kysely<Database>,
  constants: Pick<ConstantsService, 'values'>,
  config: Config,
  { version, cohorts }: VersionReviewRequest,
): Promise<VersionReview> {
  if ((await findVersionFacts(db, config.id, version)) === undefined) {
    throw new AppError('validation_failed', `Configuration ${config.name} has no version ${version}`, {
      errors: [{ pointer: '/version', message: 'must be an existing version' }],
    });
  }
  const steps = (cohorts ?? [{ name: 'All agents', percent: 100 }]).map(stepOf);
  const labelled = await cohortLabels(db, steps);
  const members = steps.map((): string[] => []);
  for (const agentId of (await agentsLoading(db, config.id)).sort()) {
    const cohort = cohortOf(steps, agentId, labelled);
    if (cohort !== undefined) members[cohort]!.push(agentId);
  }
  const from = config.pinnedVersion ?? config.publishedVersion;
  const sampled = members.flatMap((agents) => agents.slice(0, REVIEW_SAMPLES));
  const sources = await sourcesOf(db, config.id, sampled);
  const sampleOf = async (agentId: string) => {
    const url = new URL(sources.get(agentId) ?? '', 'http://agent.invalid/');
    const parameters = Object.fromEntries(
      [...new Set(url.searchParams.keys())].map((name) => [name, url.searchParams.get(name)!]),
    );
    const before = await renderVersionFor(db, constants, config.id, from, parameters);
    const after = await renderVersionFor(db, constants, config.id, version, parameters);
    const problem = 'problem' in before ? before.problem : 'problem' in after ? after.problem : null;
    if (problem !== null || !('toml' in before) || !('toml' in after)) return { agentId, diff: null, problem };
    return {
      agentId,
      diff: unifiedDiff(before.toml, after.toml, [`version ${from}`, `version ${version}`]),
      problem: null,
    };
  };
  return {
    fromVersion: from,
    toVersion: version,
    cohorts: await Promise.all(
      steps.map(async (step, index) => ({
        name: step.name,
        agents: members[index]!.length,
        samples: await Promise.all(members[index]!.slice(0, REVIEW_SAMPLES).map(sampleOf)),
      })),
    ),
  };
}
