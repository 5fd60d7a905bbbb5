import { client } from '@datadog/datadog-api-client';

/** The Datadog settings DESIGN.md section 8 names. */
export interface DatadogEnv {
  DD_API_KEY?: string;
  DD_APP_KEY?: string;
  /** `datadoghq.com` (default), `datadoghq.eu`, `us3.datadoghq.com`, … */
  DD_SITE?: string;
  /** The API base URL for proxies and private links; overrides `DD_SITE`. */
  DD_API_URL?: string;
}

const SITE = /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/;

/**
 * Where API calls go. The site is set on this client's own configuration object: the SDK's
 * `DD_SITE` handling rewrites module-wide server objects, which would send every client of the
 * process to one site.
 */
export function apiBaseUrl(env: DatadogEnv): string {
  if (env.DD_API_URL) {
    const url = URL.canParse(env.DD_API_URL) ? new URL(env.DD_API_URL) : undefined;
    if (!url || !/^https?:$/.test(url.protocol)) {
      throw new Error(
        `DD_API_URL=${JSON.stringify(env.DD_API_URL)} is not an http(s) URL; use e.g. https://dd-proxy.internal`,
      );
    }
    return url.href.replace(/\/+$/, '');
  }
  const site = (env.DD_SITE ?? 'datadoghq.com')
    .trim()
    .toLowerCase()
    .replace(/^app\./, '');
  if (!SITE.test(site)) {
    throw new Error(
      `DD_SITE=${JSON.stringify(env.DD_SITE)} is not a Datadog site; use e.g. datadoghq.com or datadoghq.eu`,
    );
  }
  return `https://api.${site}`;
}

/**
 * A client configuration with the keys, base URL and HTTP library passed in. The SDK's own retry
 * stays off: `httpApi` retries under GUARD's one policy (retrying-http.ts).
 */
export function clientConfiguration(env: DatadogEnv, httpApi: client.HttpLibrary): client.Configuration {
  if (!env.DD_API_KEY || !env.DD_APP_KEY) {
    throw new Error(
      'metrics.provider datadog needs DD_API_KEY and DD_APP_KEY; create them under Organization Settings › API Keys and Application Keys',
    );
  }
  return client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(apiBaseUrl(env), {}),
    authMethods: { apiKeyAuth: env.DD_API_KEY, appKeyAuth: env.DD_APP_KEY },
    httpApi,
    enableRetry: false,
  });
}
