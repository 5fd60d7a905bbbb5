/**
 * The GitHub App installation a delivery came through (the token GUARD acts with). Every delivery
 * to an App carries it, but @octokit/webhooks' types leave it out of some payload variants.
 */
export function installationId(payload: object): number | undefined {
  const installation = (payload as { installation?: { id?: unknown } }).installation;
  return typeof installation?.id === 'number' ? installation.id : undefined;
}
