import { generateKeyPairSync } from 'node:crypto';
import { http, HttpResponse } from 'msw';

/** A service account key file as Google issues it, with a fresh key. */
export function googleServiceAccountKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    type: 'service_account',
    project_id: 'mesh-test',
    private_key_id: 'key-1',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'mesh@mesh-test.iam.gserviceaccount.com',
    client_id: '1',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
}

/**
 * Google's OAuth token endpoint (both addresses the auth libraries use),
 * answering a JWT-bearer grant as Google does.
 */
export function googleTokenEndpoint(
  assertions: string[],
  token = 'ya29.mesh-test-access-token',
) {
  return http.post(
    /^https:\/\/(oauth2\.googleapis\.com\/token|www\.googleapis\.com\/oauth2\/v4\/token)$/,
    async ({ request }) => {
      assertions.push(await request.text());
      return HttpResponse.json({
        access_token: token,
        expires_in: 3599,
        token_type: 'Bearer',
      });
    },
  );
}

/**
 * Microsoft Entra ID as MSAL meets it: instance discovery, the tenant's
 * OpenID configuration and the token endpoint (client-credentials grant),
 * answering with `token`; records each requested scope.
 */
export function azureTokenEndpoints(
  scopes: string[],
  token = 'eyJ.mesh-test-aks-token',
) {
  return [
    http.get('https://login.microsoftonline.com/*', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname.includes('discovery/instance')) {
        return HttpResponse.json({
          tenant_discovery_endpoint: `https://login.microsoftonline.com/${process.env.AZURE_TENANT_ID}/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [
            {
              preferred_network: 'login.microsoftonline.com',
              preferred_cache: 'login.windows.net',
              aliases: ['login.microsoftonline.com', 'login.windows.net'],
            },
          ],
        });
      }
      const tenant = process.env.AZURE_TENANT_ID;
      return HttpResponse.json({
        token_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/authorize`,
        issuer: `https://login.microsoftonline.com/${tenant}/v2.0`,
        end_session_endpoint: `https://login.microsoftonline.com/${tenant}/oauth2/v2.0/logout`,
      });
    }),
    http.post(
      'https://login.microsoftonline.com/:tenant/oauth2/v2.0/token',
      async ({ request }) => {
        scopes.push(
          new URLSearchParams(await request.text()).get('scope') ?? '',
        );
        return HttpResponse.json({
          token_type: 'Bearer',
          expires_in: 3599,
          ext_expires_in: 3599,
          access_token: token,
        });
      },
    ),
  ];
}
