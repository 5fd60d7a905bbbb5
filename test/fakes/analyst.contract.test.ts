import { describeAnalystContract } from '../contract/analyst.contract.ts';
import { createFakeAnalyst } from './analyst.ts';

// The model the engine tests use must behave as the adapters do.
describeAnalystContract('in-memory', () => {
  const fake = createFakeAnalyst();
  return {
    analyst: fake.analyst,
    behave: fake.behave,
    answer: fake.answer,
    received: () =>
      fake.prompts.map((p) => ({
        model: fake.analyst.model,
        system: p.system,
        user: p.user,
        maxTokens: p.maxTokens,
      })),
    secrets: [],
  };
});
