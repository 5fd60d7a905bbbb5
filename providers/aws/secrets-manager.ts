import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SDK_MAX_ATTEMPTS, underRetryPolicy } from './aws-retry.ts';

const ARN = /^arn:aws[a-z-]*:secretsmanager:([a-z]{2}(?:-[a-z]+)+-\d+):\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** The region in a Secrets Manager ARN; undefined when `arn` is not one. */
export function secretRegion(arn: string): string | undefined {
  return ARN.exec(arn)?.[1];
}

/** A Secrets Manager client for a region; the default credential chain (env, IRSA, Pod Identity …). */
export type SecretsManagerFor = (region: string) => SecretsManagerClient;

/**
 * `SecretString` of the secret `arn`, read with the AWS SDK in the secret's own region. Errors name
 * the ARN and what to check, never the value.
 */
export async function getSecretValue(
  arn: string,
  clientFor: SecretsManagerFor = (region) =>
    new SecretsManagerClient({ region, maxAttempts: SDK_MAX_ATTEMPTS }),
): Promise<string> {
  const region = secretRegion(arn);
  if (!region)
    throw new Error(
      `${arn} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)`,
    );
  // Read once at start-up, before the server's metrics exist: the policy without its hooks.
  const client = underRetryPolicy(clientFor(region), 'secrets-manager');
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
    if (typeof SecretString !== 'string')
      throw new Error(
        `${arn} holds no SecretString (binary secrets are not supported); store the value as text`,
      );
    return SecretString;
  } catch (error) {
    if ((error as { $metadata?: unknown }).$metadata === undefined) throw error;
    const reason = `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300);
    throw new Error(
      `Secrets Manager refused ${arn} (${reason}); check that GUARD's role may call secretsmanager:GetSecretValue on it`,
      { cause: error },
    );
  } finally {
    client.destroy();
  }
}
