import { HttpResponse, http } from 'msw';

/** What the fake STS and EKS endpoints saw, for assertions. */
export interface AwsCalls {
  assumeRole: URLSearchParams[];
  describeCluster: { name: string; headers: Headers }[];
}

export const ASSUMED = {
  accessKeyId: 'ASIAASSUMEDEXAMPLE',
  secretAccessKey: 'assumed-secret',
  sessionToken: 'assumed-session',
};

/** STS AssumeRole (AWS query protocol, XML answer) in us-east-1 as the real endpoint answers it. */
export function stsHandler(calls: AwsCalls, expiration: string) {
  return http.post('https://sts.us-east-1.amazonaws.com/', async ({ request }) => {
    const form = new URLSearchParams(await request.text());
    calls.assumeRole.push(form);
    if (form.get('RoleArn')?.includes('denied')) {
      return HttpResponse.xml(
        '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>r-1</RequestId></ErrorResponse>',
        { status: 403 },
      );
    }
    return HttpResponse.xml(`<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>${ASSUMED.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${ASSUMED.secretAccessKey}</SecretAccessKey>
      <SessionToken>${ASSUMED.sessionToken}</SessionToken>
      <Expiration>${expiration}</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:guard</AssumedRoleId>
      <Arn>arn:aws:sts::111111111111:assumed-role/guard/guard</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>`);
  });
}

/** EKS DescribeCluster in us-east-1: `test-use1` exists, anything else is ResourceNotFound. */
export function eksHandler(calls: AwsCalls, endpoint: string, caData: string) {
  return http.get('https://eks.us-east-1.amazonaws.com/clusters/:name', ({ params, request }) => {
    const name = String(params.name);
    calls.describeCluster.push({ name, headers: request.headers });
    if (name !== 'test-use1') {
      // EKS is a restJson1 service: the error's type travels in x-amzn-ErrorType (EKS API reference,
      // DescribeCluster "Errors": ResourceNotFoundException, HTTP 404).
      return HttpResponse.json(
        { message: `No cluster found for name: ${name}.`, clusterName: name },
        { status: 404, headers: { 'x-amzn-ErrorType': 'ResourceNotFoundException' } },
      );
    }
    return HttpResponse.json({
      cluster: {
        name,
        arn: `arn:aws:eks:us-east-1:111111111111:cluster/${name}`,
        version: '1.29',
        endpoint,
        certificateAuthority: { data: caData },
        status: 'ACTIVE',
      },
    });
  });
}
