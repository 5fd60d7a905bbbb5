import { describe, expect, it } from 'vitest';
import { createSigner } from '../../../providers/aws/eks-token.ts';

// Keys of AWS's published SigV4 test suite (aws-sig-v4-test-suite), used by every vector below.
const SUITE_KEYS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

/** The signer GUARD configures (the SDK's SignatureV4 with Node's SHA-256) against published vectors. */
describe('SigV4 signer as GUARD configures it', () => {
  // Expected values are the published results of the suite's "get-vanilla" and
  // "get-vanilla-query-order-key-case" cases; botocore's SigV4Auth reproduces both.
  it.each([
    ['get-vanilla', {}, '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    [
      'get-vanilla-query-order-key-case',
      { Param2: 'value2', Param1: 'value1' },
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
  ])('matches the AWS SigV4 test suite case %s', async (_case, query, expected) => {
    const signer = createSigner('service', 'us-east-1', SUITE_KEYS);

    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/',
        query,
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );

    expect(signed.headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${expected}`,
    );
  });

  it('signs an EKS DescribeCluster GET exactly as botocore does, session token included', async () => {
    // Expected: printed by aws-vectors.py in this folder (botocore's SigV4Auth, same keys and clock).
    const signer = createSigner('eks', 'eu-west-1', { ...SUITE_KEYS, sessionToken: 'FAKE/SESSION+TOKEN==' });

    const signed = await signer.sign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'eks.eu-west-1.amazonaws.com',
        path: '/clusters/prod-euw1',
        headers: { host: 'eks.eu-west-1.amazonaws.com' },
      },
      { signingDate: new Date('2024-05-01T12:00:00Z') },
    );

    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/eks/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=ae828edd0ac7bea12a4752a513bb4f773859560c384d7c35744ff1f9b9337f5a',
    );
  });
});
