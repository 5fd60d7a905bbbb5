/** What to tell a newcomer about GitLab, on the setup page and in the start-up log. */
export const GITLAB_SETUP_STEPS = [
  'Create a project (or group) access token with the api scope and Developer role or higher on the fleet repository.',
  'Add a webhook to the project: URL <server>/api/gitlab/webhooks, a secret token of your choice, triggers Push events, Merge request events and Comments.',
  'Start GUARD with GITLAB_TOKEN=<the access token> and GITLAB_WEBHOOK_SECRET=<the secret token> (GITLAB_URL for a self-managed GitLab).',
];

/** The setup page: register the GitHub App from app.yml, or set GitLab up. */
export function setupHtml(input: {
  action: string;
  manifest: string;
  gitlab: boolean;
  base: string;
}): string {
  const gitlabSteps = GITLAB_SETUP_STEPS.map(
    (s) => `<li>${escapeHtml(s.replace('<server>', input.base))}</li>`,
  ).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>GUARD setup</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}button{font-size:1rem;padding:.5rem 1rem}</style>
</head><body>
<h1>GUARD is running</h1>
<p>State is kept in the folder GUARD_STATE names (default <code>.guard/</code>). Health: <a href="/healthz">/healthz</a>, readiness: <a href="/readyz">/readyz</a>, metrics: <a href="/metrics">/metrics</a>.</p>
<h2>GitHub</h2>
<p>No GitHub App is configured yet. Register one from <code>app.yml</code>: GitHub creates it with the permissions and events GUARD needs, and sends you back here; GUARD saves its id, private key and webhook secret to <code>.env</code>.</p>
<form action="${escapeHtml(input.action)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(input.manifest)}">
<button type="submit">Register the GitHub App</button>
</form>
<h2>GitLab</h2>
${input.gitlab ? '<p>GitLab mode is on: webhooks are accepted at <code>/api/gitlab/webhooks</code>.</p>' : `<ol>${gitlabSteps}</ol>`}
</body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
