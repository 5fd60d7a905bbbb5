"""Prints the values the tests in this folder expect, computed by AWS's own Python code, not ours.

1. The EKS token exactly as `aws eks get-token` builds it: awscli's TokenGenerator and
   STSClientFactory with botocore's SigV4 presigner.
2. The SigV4 Authorization header botocore puts on an EKS DescribeCluster GET.

Fake keys, botocore's clock pinned to 2024-05-01T12:00:00Z, no network.
Run: python3 test/providers/aws/aws-vectors.py  (awscli 1.x / botocore installed).
"""
import datetime
import os

import botocore.auth
import botocore.session
from awscli.customizations.eks.get_token import STSClientFactory, TokenGenerator
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

FIXED = datetime.datetime(2024, 5, 1, 12, 0, 0)
botocore.auth.get_current_datetime = lambda *a, **k: FIXED
KEY, SECRET, SESSION = 'AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', 'FAKE/SESSION+TOKEN=='

os.environ.pop('AWS_PROFILE', None)
session = botocore.session.Session()
session.set_credentials(KEY, SECRET, SESSION)
sts = STSClientFactory(session).get_sts_client(region_name='us-east-1')
print('token', TokenGenerator(sts).get_token('test-use1'))

request = AWSRequest(method='GET', url='https://eks.eu-west-1.amazonaws.com/clusters/prod-euw1')
botocore.auth.SigV4Auth(Credentials(KEY, SECRET, SESSION), 'eks', 'eu-west-1').add_auth(request)
print('authorization', request.headers['Authorization'])
