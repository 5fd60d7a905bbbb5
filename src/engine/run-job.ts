import { authorizeLive, type CommandParser, fleetAtHead, rolloutOf, runCommandJob } from './command-job.ts';
import type { EngineDeps } from './deps.ts';
import { rememberProject } from './discover.ts';
import { addToInbox } from './inbox.ts';
import type { Job } from './jobs.ts';
import { runPreviewJob, runSyncJob } from './sync-job.ts';

/** Does one webhook job; `reconcileNow` runs a rollout's reconcile through the engine's queue. */
export async function runJob(
  deps: EngineDeps,
  parse: CommandParser,
  reconcileNow: (key: string) => Promise<void>,
  id: string,
  job: Job,
): Promise<void> {
  switch (job.kind) {
    case 'reconcile':
      return reconcileNow(job.key);
    case 'sync': {
      await rememberProject(deps.store, job.source);
      const keys = await runSyncJob(deps, job.source, job.sha);
      await Promise.all(keys.map(reconcileNow));
      return;
    }
    case 'preview':
      if (job.author && (await runPreviewJob(deps, job.source, job.number, job.headSha))) {
        deps.log.info({ mr: job.number }, 'plan preview posted');
      }
      return;
    case 'command':
      return runCommandJob(deps, job.event, parse, reconcileNow);
    case 'rerun':
      return rerun(deps, id, job.event, reconcileNow);
  }
}

/** A GitHub check re-run is `/guard recheck` by whoever pressed the button (GitHub let them: write access). */
async function rerun(
  deps: EngineDeps,
  id: string,
  event: Extract<Job, { kind: 'rerun' }>['event'],
  reconcileNow: (key: string) => Promise<void>,
): Promise<void> {
  const number = event.mrNumbers[0];
  if (number === undefined) return;
  const forge = await deps.forgeFor(event);
  const key = await rolloutOf(deps.store, forge, { ...event, on: { kind: 'mr', number } });
  if (!key) return;
  // The same rules as a `/guard recheck` comment: live permission, narrowed by fleet.yaml.
  const verdict = await authorizeLive(forge, await fleetAtHead(deps, forge), 'recheck', event.author, false);
  if (!verdict.allowed) {
    await deps.store.appendAudit(key, {
      at: deps.clock().toISOString(),
      actor: event.author,
      action: 'command.refused',
      reason: `${event.checkName} re-run: ${verdict.reason}`,
      details: { id: `${key}#rerun:${id}` },
    });
    return;
  }
  const command = {
    id: `rerun:${id}`,
    name: 'recheck' as const,
    by: event.author,
    at: deps.clock().toISOString(),
    on: { kind: 'mr' as const, number },
  };
  if (await addToInbox(deps.store, key, command)) {
    await deps.store.appendAudit(key, {
      at: command.at,
      actor: event.author,
      action: 'command.accepted',
      reason: `${event.checkName} re-run requested (same as /guard recheck)`,
      details: { id: `${key}#rerun:${id}` },
    });
  }
  await reconcileNow(key);
}
