import { SECRET_VARIABLES, SettingsError } from './settings.ts';

/** What a setting names to be read from AWS Secrets Manager at start: `aws-secretsmanager:<arn>`. */
export const SECRETS_MANAGER_PREFIX = 'aws-secretsmanager:';

/** Reads one secret's text by ARN. */
export type ReadSecret = (arn: string) => Promise<string>;

/** Loaded only when a setting names a secret: the AWS SDK costs start-up time otherwise. */
const readFromSecretsManager: ReadSecret = async (arn) => {
  const { getSecretValue } = await import('../../providers/aws/secrets-manager.ts');
  return getSecretValue(arn);
};

/**
 * A copy of `env` in which every secret variable of the form `aws-secretsmanager:<arn>` holds the
 * secret itself. Done once at start; a secret that cannot be read stops start-up with one line
 * naming the variable and the ARN (which is not secret), never a value.
 */
export async function resolveSecrets(
  env: Record<string, string | undefined>,
  readSecret: ReadSecret = readFromSecretsManager,
): Promise<Record<string, string | undefined>> {
  const resolved = { ...env };
  const wanted = SECRET_VARIABLES.filter((name) => env[name]?.startsWith(SECRETS_MANAGER_PREFIX));
  await Promise.all(
    wanted.map(async (name) => {
      const arn = env[name]!.slice(SECRETS_MANAGER_PREFIX.length).trim();
      try {
        resolved[name] = await readSecret(arn);
      } catch (error) {
        throw new SettingsError(
          `${name}: could not read ${SECRETS_MANAGER_PREFIX}${arn}: ${(error as Error).message}`,
        );
      }
    }),
  );
  return resolved;
}
