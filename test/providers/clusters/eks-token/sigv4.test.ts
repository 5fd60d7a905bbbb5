import { describe, expect, it } from 'vitest';
import { signHeaders } from '../../../../providers/clusters/eks-token/sigv4.ts';
import { canonicalQuery, uriEncode } from '../../../../providers/clusters/eks-token/sigv4-canonical.ts';

// Keys of AWS's published SigV4 test suite (aws-sig-v4-test-suite), used by every vector below.
const SUITE_KEYS = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};
const SUITE_TIME = Date.parse('2015-08-30T12:36:00Z');

describe('SigV4 signer', () => {
  // Expected values are the published results of the suite's "get-vanilla" and
  // "get-vanilla-query-order-key-case" cases; botocore's SigV4Auth reproduces both.
  it.each([
    [
      'get-vanilla',
      'https://example.amazonaws.com/',
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    ],
    [
      'get-vanilla-query-order-key-case',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
  ])('matches the AWS SigV4 test suite case %s', (_case, url, expected) => {
    const headers = signHeaders({
      url: new URL(url),
      credentials: SUITE_KEYS,
      region: 'us-east-1',
      service: 'service',
      now: SUITE_TIME,
    });

    expect(headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${expected}`,
    );
    expect(headers['x-amz-date']).toBe('20150830T123600Z');
  });

  it('signs an EKS DescribeCluster GET exactly as botocore does, session token included', () => {
    // Expected: printed by aws-vectors.py in this folder (botocore's SigV4Auth, same keys and clock).
    const headers = signHeaders({
      url: new URL('https://eks.eu-west-1.amazonaws.com/clusters/prod-euw1'),
      credentials: { ...SUITE_KEYS, sessionToken: 'FAKE/SESSION+TOKEN==' },
      region: 'eu-west-1',
      service: 'eks',
      now: Date.parse('2024-05-01T12:00:00Z'),
    });

    expect(headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/eks/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=ae828edd0ac7bea12a4752a513bb4f773859560c384d7c35744ff1f9b9337f5a',
    );
    expect(headers['x-amz-security-token']).toBe('FAKE/SESSION+TOKEN==');
  });

  it('encodes reserved characters the RFC 3986 way and sorts query keys by byte', () => {
    expect(uriEncode("a b/c!*'()~")).toBe('a%20b%2Fc%21%2A%27%28%29~');
    expect(
      canonicalQuery([
        ['b', '2'],
        ['B', '1'],
        ['a', 'x y'],
      ]),
    ).toBe('B=1&a=x%20y&b=2');
  });
});
