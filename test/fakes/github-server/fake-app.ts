import { generateKeyPairSync } from 'node:crypto';

/**
 * GUARD's GitHub App as the fake knows it: its id, the key pair GitHub would have generated (PKCS#1
 * PEM, as GitHub hands out) and the one installation on the fake repository.
 */
export const FAKE_APP = (() => {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { id: 4242, slug: 'guard', installationId: 1, ...keys };
})();
