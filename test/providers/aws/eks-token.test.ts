import { describe, expect, it } from 'vitest';
import { eksToken, TOKEN_PREFIX } from '../../../providers/aws/eks-token.ts';

const INPUT = {
  cluster: 'test-use1',
  region: 'us-east-1',
  credentials: {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
    sessionToken: 'FAKE/SESSION+TOKEN==',
  },
  now: Date.parse('2024-05-01T12:00:00Z'),
};

// How this was obtained: aws-vectors.py in this folder runs the AWS CLI's own `aws eks get-token`
// code (awscli TokenGenerator + STSClientFactory, i.e. botocore's presigner, not ours) with these
// fake keys and botocore's clock pinned to 2024-05-01T12:00:00Z, and printed this string.
const AWS_CLI_TOKEN =
  'k8s-aws-v1.aHR0cHM6Ly9zdHMudXMtZWFzdC0xLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1HZXRDYWxsZXJJZGVudGl0eSZWZXJzaW9uPTIwMTEtMDYtMTUmWC1BbXotQWxnb3JpdGhtPUFXUzQtSE1BQy1TSEEyNTYmWC1BbXotQ3JlZGVudGlhbD1BS0lERVhBTVBMRSUyRjIwMjQwNTAxJTJGdXMtZWFzdC0xJTJGc3RzJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNDA1MDFUMTIwMDAwWiZYLUFtei1FeHBpcmVzPTYwJlgtQW16LVNpZ25lZEhlYWRlcnM9aG9zdCUzQngtazhzLWF3cy1pZCZYLUFtei1TZWN1cml0eS1Ub2tlbj1GQUtFJTJGU0VTU0lPTiUyQlRPS0VOJTNEJTNEJlgtQW16LVNpZ25hdHVyZT1jYzM3NzgwYmM4NTE4ZmI5N2Q4YjM5YTBkYTk3ZGMzMWNmMjhhZjdlOWQ2NDkzYzIwZGY4ZTIzNTQ2ZTQ3YjQ0';

describe('eksToken', () => {
  it('produces exactly the token `aws eks get-token` prints for the same keys, clock, region and cluster', async () => {
    const token = await eksToken(INPUT);

    expect(token).toBe(AWS_CLI_TOKEN);
  });

  it('encodes a presigned STS GetCallerIdentity URL, base64url without padding, signing x-k8s-aws-id', async () => {
    const token = await eksToken({
      ...INPUT,
      cluster: 'c',
      credentials: { accessKeyId: 'AK', secretAccessKey: 'S' },
    });

    const body = token.slice(TOKEN_PREFIX.length);
    const url = new URL(Buffer.from(body, 'base64url').toString('utf8'));
    expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
    expect(body).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(url.origin).toBe('https://sts.us-east-1.amazonaws.com');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      Action: 'GetCallerIdentity',
      Version: '2011-06-15',
      'X-Amz-Expires': '60',
      'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
      'X-Amz-Credential': 'AK/20240501/us-east-1/sts/aws4_request',
    });
    expect(url.searchParams.has('X-Amz-Security-Token')).toBe(false);
  });

  it('signs a different token for another cluster name', async () => {
    expect(await eksToken({ ...INPUT, cluster: 'prod-use1' })).not.toBe(AWS_CLI_TOKEN);
  });
});
