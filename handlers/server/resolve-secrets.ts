import { getSecretValue, SECRETS_MANAGER_PREFIX, type SecretsManagerDeps } from './secrets-manager.ts';
import { SECRET_VARIABLES, SettingsError } from './settings.ts';

/**
 * A copy of `env` in which every secret variable of the form `aws-secretsmanager:<arn>` holds the
 * secret itself. Done once at start; a secret that cannot be read stops start-up with one line
 * naming the variable and the ARN (which is not secret), never a value.
 */
export async function resolveSecrets(
  env: Record<string, string | undefined>,
  deps: SecretsManagerDeps,
): Promise<Record<string, string | undefined>> {
  const resolved = { ...env };
  const wanted = SECRET_VARIABLES.filter((name) => env[name]?.startsWith(SECRETS_MANAGER_PREFIX));
  await Promise.all(
    wanted.map(async (name) => {
      const arn = env[name]!.slice(SECRETS_MANAGER_PREFIX.length).trim();
      try {
        resolved[name] = await getSecretValue(arn, deps);
      } catch (error) {
        throw new SettingsError(
          `${name}: could not read ${SECRETS_MANAGER_PREFIX}${arn}: ${(error as Error).message}`,
        );
      }
    }),
  );
  return resolved;
}
