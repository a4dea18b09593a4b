import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

/**
 * A minimal OpenID Connect provider for tests, on node:http with jose: discovery, JWKS, an
 * authorization endpoint that auto-approves the configured user (checking client, redirect URI and
 * PKCE parameters) and a token endpoint (client secret, code, PKCE verifier) that issues an RS256
 * ID token. `tamper` makes it misbehave in one way, to prove the relying party notices.
 */
export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The e-mail the next authorization approves. */
  email: string;
  tamper?: 'foreignKey' | 'wrongAudience' | 'wrongNonce' | 'expired' | 'wrongIssuer';
  close(): Promise<void>;
}

export async function startOidcProvider(options: { now: () => Date; email: string; redirectUri: () => string }): Promise<TestOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const kid = 'test-key-1';
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { nonce: string; challenge: string; email: string; redirectUri: string }>();
  const provider: TestOidcProvider = {
    issuer: '', clientId: 'resdesk-test-client', clientSecret: randomBytes(16).toString('hex'), email: options.email,
    close: async () => { await new Promise((r) => server.close(r)); server.closeAllConnections?.(); },
  };
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', provider.issuer);
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer: provider.issuer, authorization_endpoint: `${provider.issuer}/authorize`, token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`, response_types_supported: ['code'], id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'], subject_types_supported: ['public'],
      });
    }
    if (url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      if (p.get('client_id') !== provider.clientId || p.get('redirect_uri') !== options.redirectUri() || p.get('response_type') !== 'code'
        || p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge') || !p.get('nonce') || !p.get('state') || !p.get('scope')?.split(' ').includes('openid')) {
        return json(res, 400, { error: 'invalid_request' });
      }
      const code = randomBytes(16).toString('hex');
      codes.set(code, { nonce: p.get('nonce')!, challenge: p.get('code_challenge')!, email: provider.email, redirectUri: p.get('redirect_uri')! });
      const back = new URL(p.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state')!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', async () => {
        const f = new URLSearchParams(raw);
        const grant = codes.get(f.get('code') ?? '');
        if (f.get('client_id') !== provider.clientId || f.get('client_secret') !== provider.clientSecret) return json(res, 401, { error: 'invalid_client' });
        if (!grant || f.get('grant_type') !== 'authorization_code' || f.get('redirect_uri') !== grant.redirectUri) return json(res, 400, { error: 'invalid_grant' });
        const verifier = f.get('code_verifier') ?? '';
        if (createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE' });
        codes.delete(f.get('code')!);
        const iat = Math.floor(options.now().getTime() / 1000) - (provider.tamper === 'expired' ? 3600 : 0);
        const token = await new SignJWT({ email: grant.email, email_verified: true, nonce: provider.tamper === 'wrongNonce' ? 'another-nonce' : grant.nonce })
          .setProtectedHeader({ alg: 'RS256', kid })
          .setIssuer(provider.tamper === 'wrongIssuer' ? 'https://evil.example' : provider.issuer)
          .setAudience(provider.tamper === 'wrongAudience' ? 'another-client' : provider.clientId)
          .setSubject(`sub-${grant.email}`).setIssuedAt(iat).setExpirationTime(iat + 300)
          .sign(provider.tamper === 'foreignKey' ? foreign.privateKey : privateKey);
        json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: token });
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  provider.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return provider;
}
