import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyAwsFailure, THROTTLED_REQUEUE_MS } from '../../../providers/aws/aws-retry.ts';
import { clientFromEnv } from '../../../providers/aws/dynamodb-client.ts';
import { createRoleCredentials } from '../../../providers/aws/role-credentials.ts';
import { RateLimitedError } from '../../../src/util/rate-limited-error.ts';
import { RETRY_LIMITS, type RetryDeps } from '../../../src/util/with-retry.ts';

const ROLE = 'arn:aws:iam::111111111111:role/guard';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let sleeps: number[];
let events: string[];
let retry: RetryDeps;
beforeEach(() => {
  sleeps = [];
  events = [];
  retry = {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    onRetry: (e) => void events.push(`retry ${e.client} ${e.reason}`),
    onRateLimited: (e) => void events.push(`requeue ${e.client} ${e.reason} ${e.retryAfterMs}`),
  };
});

/** Answers `answers` in turn, the last one for every later request; counts the requests. */
function sts(answers: (() => Response)[]) {
  const seen = { calls: 0 };
  server.use(
    http.post('https://sts.us-east-1.amazonaws.com/', () =>
      answers[Math.min(seen.calls++, answers.length - 1)]!(),
    ),
  );
  return seen;
}

// STS query-protocol errors as STS answers them (API reference, "Common Errors": Throttling, 400).
const stsError = (status: number, code: string, message: string) => () =>
  HttpResponse.xml(
    `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
    { status },
  );
const assumed = () =>
  HttpResponse.xml(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>
<AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>
<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult>
<ResponseMetadata><RequestId>r-2</RequestId></ResponseMetadata></AssumeRoleResponse>`);

const credentials = () =>
  createRoleCredentials({
    // Built as GUARD builds its clients (the SDK's own retry off): each of GUARD's tries is one request.
    stsFor: (region) =>
      new STSClient({
        region,
        maxAttempts: 1,
        credentials: { accessKeyId: 'AKIDBASE', secretAccessKey: 'base' },
      }),
    retry,
  });

describe('AWS SDK calls under the one retry policy (maxAttempts 1, GUARD retries)', () => {
  it('tries STS Throttling again after a short backoff, counted as aws-sts retries', async () => {
    const seen = sts([
      stsError(400, 'Throttling', 'Rate exceeded'),
      stsError(400, 'Throttling', 'Rate exceeded'),
      assumed,
    ]);

    const creds = await credentials()(ROLE, 'us-east-1');

    expect(creds.accessKeyId).toBe('ASIAEXAMPLE');
    expect(seen.calls).toBe(3);
    expect(sleeps).toEqual([375, 750]);
    expect(events).toEqual(['retry aws-sts throttled', 'retry aws-sts throttled']);
  });

  it('hands a throttle still in force after the tries on as a RateLimitedError', async () => {
    const seen = sts([stsError(400, 'Throttling', 'Rate exceeded')]);

    const error = await credentials()(ROLE, 'us-east-1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({
      client: 'aws-sts',
      reason: 'throttled',
      retryAfterMs: THROTTLED_REQUEUE_MS,
    });
    expect(seen.calls).toBe(RETRY_LIMITS.tries);
    expect(events.at(-1)).toBe(`requeue aws-sts throttled ${THROTTLED_REQUEUE_MS}`);
  });

  it('does not retry a refusal (AccessDenied), and says what to check', async () => {
    const seen = sts([stsError(403, 'AccessDenied', 'User is not authorized to perform: sts:AssumeRole')]);

    await expect(credentials()(ROLE, 'us-east-1')).rejects.toThrow(/cannot assume role .*AssumeRole/);
    expect(seen.calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  describe('DynamoDB (the state store’s client, clientFromEnv)', () => {
    beforeEach(() => {
      vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTEST');
      vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    });
    afterEach(() => vi.unstubAllEnvs());

    // DynamoDB's JSON protocol names the error in __type (API reference, "Common Errors").
    function dynamo(answers: (() => Response)[]) {
      const seen = { calls: 0 };
      server.use(
        http.post('http://dynamodb.test/', () => answers[Math.min(seen.calls++, answers.length - 1)]!()),
      );
      return seen;
    }
    const dynamoError = (status: number, type: string) => () =>
      HttpResponse.json(
        { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: type },
        { status, headers: { 'content-type': 'application/x-amz-json-1.0' } },
      );
    const item = () =>
      HttpResponse.json(
        { Item: { pk: { S: 'a' } } },
        { headers: { 'content-type': 'application/x-amz-json-1.0' } },
      );
    const get = () =>
      clientFromEnv({ AWS_REGION: 'us-east-1', DYNAMODB_ENDPOINT: 'http://dynamodb.test' }, retry).send(
        new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }),
      );

    it('tries ProvisionedThroughputExceeded and a 500 again, one request per try', async () => {
      const seen = dynamo([
        dynamoError(400, 'ProvisionedThroughputExceededException'),
        dynamoError(500, 'InternalServerError'),
        item,
      ]);

      const out = await get();

      expect(out.Item).toEqual({ pk: { S: 'a' } });
      expect(seen.calls).toBe(3);
      expect(events).toEqual(['retry aws-dynamodb throttled', 'retry aws-dynamodb server-error']);
    });

    it('does not retry ConditionalCheckFailed: the store reads it', async () => {
      const seen = dynamo([dynamoError(400, 'ConditionalCheckFailedException')]);

      await expect(get()).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
      expect(seen.calls).toBe(1);
    });
  });
});

describe('classifyAwsFailure (the SDK’s own error classes)', () => {
  it.each([
    [{ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } }, 'throttled'],
    [{ name: 'TooManyRequestsException', $metadata: { httpStatusCode: 429 } }, 'throttled'],
    [{ name: 'ServiceUnavailableException', $metadata: { httpStatusCode: 503 } }, 'server-error'],
    [{ name: 'TimeoutError' }, 'server-error'],
    [Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }), 'network'],
  ])('retries %o as %s', (error, reason) => {
    expect(classifyAwsFailure(error)).toEqual({ kind: 'retry', reason });
  });

  it.each([
    { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } },
    { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } },
    { name: 'ValidationException', $metadata: { httpStatusCode: 400 } },
  ])('does not retry %o', (error) => {
    expect(classifyAwsFailure(error)).toEqual({ kind: 'terminal' });
  });
});
