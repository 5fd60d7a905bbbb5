import { http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBedrockAnalyst } from '../../providers/analysis/bedrock/index.ts';
import { createOpenAIAnalyst } from '../../providers/analysis/openai/index.ts';
import { ANALYSIS_PREFIX } from '../../src/analysis/analysis-record.ts';
import { ANALYSIS_HEADING, ANALYSIS_MARKER } from '../../src/analysis/render-analysis.ts';
import type { Analyst } from '../../src/ports/analyst.ts';
import type { ClusterEvent } from '../../src/ports/clusters.ts';
import { CrashError } from '../fakes/forge.ts';
import { AWS_KEY, MODEL as BEDROCK_MODEL, fakeBedrock, REGION } from '../providers/analysis/fake-bedrock.ts';
import { API_KEY, BASE_URL, fakeOpenAI, MODEL } from '../providers/analysis/fake-openai.ts';
import { mergeWave, passWaves, requestUpgrade } from './steps.ts';
import { createWorld, rollbackBranch, type World, type WorldOptions, waveBranch } from './world.ts';

/** A token a crashing container printed into an event: it must never reach the model. */
const LEAKED = 'glpat-LEAKEDleakedLEAKED0123';
const ANSWER =
  'Likely cause: promtail 6.16.0 crash-loops on dev-2 (BackOff x14 since the merge) while dev-1 is healthy. ' +
  'Check the container logs of promtail-x8k2p; @oncall ![img](https://attacker.example/x) <script>x</script>';

const openai = fakeOpenAI();
const bedrock = fakeBedrock();
/** Whether the rollback MR was already open each time the model was asked. */
let mrOpenWhenAsked: boolean[] = [];
let world: World | undefined;
const server = setupServer(
  http.post(`${BASE_URL}/chat/completions`, () => {
    mrOpenWhenAsked.push(world?.mrOf(rollbackBranch('dev'))?.state === 'open');
  }),
  openai.handler,
  bedrock.handler,
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  openai.state.requests = [];
  openai.state.mode = 'ok';
  bedrock.state.requests = [];
  mrOpenWhenAsked = [];
  world = undefined;
});
afterAll(() => server.close());

const openAIAnalyst = (): Analyst =>
  createOpenAIAnalyst({
    env: {
      GUARD_ANALYSIS: 'openai',
      GUARD_ANALYSIS_URL: BASE_URL,
      GUARD_ANALYSIS_MODEL: MODEL,
      GUARD_ANALYSIS_API_KEY: API_KEY,
    },
  })!;

function crashLooping(): ClusterEvent[] {
  const at = (m: number) => new Date(Date.parse('2026-03-02T10:00:00Z') + m * 60_000).toISOString();
  return [
    {
      at: at(23),
      type: 'Warning',
      reason: 'BackOff',
      object: 'Pod/promtail-x8k2p',
      message: 'Back-off restarting failed container promtail in pod promtail-x8k2p_logging',
      count: 14,
    },
    {
      at: at(22),
      type: 'Warning',
      reason: 'Failed',
      object: 'Pod/promtail-x8k2p',
      message: `error: push to loki failed (auth ${LEAKED})`,
      count: 3,
    },
    {
      at: at(1),
      type: 'Warning',
      reason: 'BackOff',
      object: 'Pod/promtail-old',
      message: 'long before the merge',
      count: 1,
    },
  ];
}

/** The fleet of world.ts; the soak of wave 2 (dev) fails on dev-2, whose promtail crash-loops. */
function failingWorld(options: WorldOptions = {}): World {
  const w = createWorld({ verdict: (cluster) => (cluster === 'dev-2' ? 'fail' : 'pass'), ...options });
  w.world.events['dev-2'] = crashLooping();
  world = w;
  return w;
}

async function failDev(w: World): Promise<void> {
  await requestUpgrade(w);
  await passWaves(w, ['test']);
  await mergeWave(w, 'dev');
  await w.soakFor(10 * 60_000);
}

const rollbackMr = (w: World) => w.mrOf(rollbackBranch('dev'))!;
const analyses = (w: World) =>
  w.forge
    .comments({ kind: 'mr', number: rollbackMr(w).number })
    .filter((c) => c.body.includes(ANALYSIS_MARKER));

/** What a person sees of the rollback MR, and everything else GUARD wrote. */
async function outcome(w: World) {
  const mr = rollbackMr(w);
  const waveMr = w.mrOf(waveBranch('dev'))!;
  return {
    mr: { title: mr.title, state: mr.state, labels: mr.labels, body: w.forge.mrBody(mr.number) },
    changed: w.forge.changedOn(mr.number),
    rollbackComments: w.forge.comments({ kind: 'mr', number: mr.number }).map((c) => c.body),
    waveComments: w.forge.comments({ kind: 'mr', number: waveMr.number }).map((c) => c.body),
    trail: (await w.trail()).map((r) => `${r.action} ${r.reason}`),
    phases: (await w.state())?.waves.map((x) => x.phase),
  };
}

describe('scenario: failure analysis of a failed soak', () => {
  it('opens the rollback MR as today, then the analysis arrives on it under its heading', async () => {
    const w = failingWorld({ analyst: openAIAnalyst() });
    openai.state.answer = ANSWER;

    await failDev(w);

    expect(rollbackMr(w).state).toBe('open');
    expect(mrOpenWhenAsked).toEqual([true]);
    const [analysis] = analyses(w);
    expect(analyses(w)).toHaveLength(1);
    expect(analysis?.body).toContain(ANALYSIS_HEADING);
    expect(analysis?.body).toContain(`(\`openai\`, \`${MODEL}\`)`);
    expect(analysis?.body).toContain('Likely cause: promtail 6.16.0 crash-loops on dev-2');
    expect(analysis?.body).toContain('2 recent Kubernetes events on dev-2');
    // The answer's mention, image and HTML sit inside a fence, rendered as text.
    expect(analysis?.body).toMatch(/\n(`{3,})\n[^`]*@oncall[^`]*<script>[^`]*\n\1$/);
    expect(await w.store.list(ANALYSIS_PREFIX)).toEqual([]);
  });

  it('sends the model the failure, the figures, the change and the events, and no secret', async () => {
    const w = failingWorld({ analyst: openAIAnalyst() });

    await failDev(w);

    const [request] = openai.state.requests;
    const user = request?.body.messages.find((m) => m.role === 'user')?.content ?? '';
    expect(user).toContain('# promtail 6.16.0: wave 2 of 3 (batch dev) failed');
    expect(user).toContain('soak failed on cluster dev-2');
    expect(user).toContain('- dev-2 (dev): FAILING; 3 failing, 0 passing');
    expect(user).toContain('- dev-1 (dev): ok; 0 failing, 3 passing');
    expect(user).toContain('clusters/dev-2/promtail.yaml');
    expect(user).toContain('6.15.0 -> 6.16.0');
    expect(user).toContain('error ratio 4.1% vs baseline 0.2% on dev-2');
    expect(user).toContain('Warning BackOff Pod/promtail-x8k2p (x14)');
    expect(user).not.toContain('long before the merge');
    expect(request?.raw).not.toContain(LEAKED);
    expect(request?.raw).not.toContain(API_KEY);
    expect(new TextEncoder().encode(request?.raw ?? '').length).toBeLessThan(17_000);
    expect(w.world.eventQueries.map((q) => q.cluster)).toEqual(['dev-2']);
  });

  it('asks once and posts once, however many ticks, restarts and replicas follow', async () => {
    const w = failingWorld({ analyst: openAIAnalyst() });
    await failDev(w);
    const posted = analyses(w).map((c) => c.body);

    await w.soakFor(5 * 60_000);
    w.restart('replica-2');
    await w.tick();
    await w.soakFor(3 * 60_000);

    expect(openai.state.requests).toHaveLength(1);
    expect(analyses(w).map((c) => c.body)).toEqual(posted);
  });

  it('posts once after a crash between posting and forgetting the request, without asking again', async () => {
    const w = failingWorld({ analyst: openAIAnalyst() });
    const ensureComment = w.forge.forge.ensureComment;
    let crashed = false;
    w.forge.forge.ensureComment = async (input) => {
      const done = await ensureComment(input);
      if (!crashed && input.marker === ANALYSIS_MARKER) {
        crashed = true;
        throw new CrashError('the process died right after posting the analysis');
      }
      return done;
    };

    // The dead process's next tick fails on its first store call, as a crashed process would.
    await failDev(w).catch((error: unknown) => {
      if (!(error instanceof CrashError)) throw error;
    });
    expect(w.isDead()).toBe(true);
    w.restart();
    await w.tick();

    expect(openai.state.requests).toHaveLength(1);
    expect(analyses(w)).toHaveLength(1);
    expect(await w.store.list(ANALYSIS_PREFIX)).toEqual([]);
  });

  it('works the same through Amazon Bedrock', async () => {
    const w = failingWorld({
      analyst: createBedrockAnalyst({
        env: { GUARD_ANALYSIS: 'bedrock', GUARD_ANALYSIS_MODEL: BEDROCK_MODEL, AWS_REGION: REGION },
        awsCredentials: AWS_KEY,
      })!,
    });
    bedrock.state.answer = 'Likely cause: promtail 6.16.0 crash-loops on dev-2.';

    await failDev(w);

    expect(bedrock.state.requests).toHaveLength(1);
    expect(bedrock.state.requests[0]?.raw).not.toContain(LEAKED);
    expect(analyses(w)[0]?.body).toContain(`(\`bedrock\`, \`${BEDROCK_MODEL}\`)`);
    expect(analyses(w)[0]?.body).toContain('Likely cause: promtail 6.16.0 crash-loops on dev-2.');
  });
});

describe('scenario: failure analysis with the model down', () => {
  it.each([
    ['answering 503', 'unavailable' as const, {}],
    ['never answering', 'hang' as const, { timeoutMs: 50 }],
  ])(
    'when it is %s, the rollback MR is what GUARD opens without analysis, and no analysis appears',
    async (_, mode, limits) => {
      const today = failingWorld();
      await failDev(today);
      const expected = await outcome(today);

      openai.state.mode = mode;
      const w = failingWorld({ analyst: openAIAnalyst(), analysisLimits: limits });
      await failDev(w);

      expect(openai.state.requests).toHaveLength(1);
      expect(analyses(w)).toEqual([]);
      expect(await outcome(w)).toEqual(expected);
      expect(await w.store.list(ANALYSIS_PREFIX)).toEqual([]);
      expect(w.logs).toContainEqual(
        expect.objectContaining({
          level: 'warn',
          message: 'failure analysis omitted',
          fields: expect.objectContaining({ outcome: mode === 'hang' ? 'timeout' : 'error' }),
        }),
      );
    },
  );
});
