import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analysisBackends, createAnalyst } from '../../providers/analysis/api.ts';

const ANALYSIS_DIR = join(import.meta.dirname, '../../providers/analysis');

describe('failure-analysis backend registry', () => {
  it('registers one backend per folder under providers/analysis/, and a folder for every backend', () => {
    const folders = readdirSync(ANALYSIS_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();

    expect([...analysisBackends.keys()].sort()).toEqual(folders);
  });

  it('builds no backend when GUARD_ANALYSIS is not set, so GUARD asks no model', () => {
    expect(createAnalyst({ env: {} })).toBeUndefined();
  });

  it('builds the backend GUARD_ANALYSIS names, under that id', () => {
    const openai = createAnalyst({
      env: {
        GUARD_ANALYSIS: 'openai',
        GUARD_ANALYSIS_URL: 'http://localhost:11434/v1',
        GUARD_ANALYSIS_MODEL: 'llama3.1',
      },
    });
    const bedrock = createAnalyst({
      env: {
        GUARD_ANALYSIS: 'bedrock',
        GUARD_ANALYSIS_MODEL: 'amazon.nova-lite-v1:0',
        AWS_REGION: 'eu-west-1',
      },
    });

    expect([openai?.id, openai?.model, bedrock?.id, bedrock?.model]).toEqual([
      'openai',
      'llama3.1',
      'bedrock',
      'amazon.nova-lite-v1:0',
    ]);
    expect(() => createAnalyst({ env: { GUARD_ANALYSIS: 'gemini' } })).toThrow(
      'GUARD_ANALYSIS: must be one of bedrock, openai',
    );
  });
});
