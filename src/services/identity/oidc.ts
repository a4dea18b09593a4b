import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import type { AppContext } from '../context.ts';
import type { SignedInUser } from './sign-in.ts';

/**
 * OpenID Connect sign-in (authorization code with PKCE): the login redirects to the issuer with a
 * state, a nonce and an S256 code challenge kept server-side; the callback exchanges the code,
 * verifies the ID token's signature against the issuer's JWKS and its iss, aud, exp and nonce, and
 * maps its e-mail to an existing enabled user. Nobody is created by signing in.
 */
export type OidcConfig = NonNullable<AppContext['config']['oidc']>;

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const STATE_MINUTES = 10;
const discoveries = new Map<string, Promise<Discovery>>();
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function requireConfig(ctx: AppContext): OidcConfig {
  if (!ctx.config.oidc) throw new DomainError(404, 'OidcNotConfigured', 'Sign-in with an external OpenID Connect provider is not configured on this server.');
  return ctx.config.oidc;
}

async function discover(issuer: string): Promise<Discovery> {
  let d = discoveries.get(issuer);
  if (!d) {
    d = (async () => {
      const res = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
      if (!res.ok) throw new Error(`OIDC discovery at ${issuer} answered ${res.status}`);
      const doc = (await res.json()) as Discovery;
      if (doc.issuer !== issuer) throw new Error(`OIDC discovery names issuer ${doc.issuer}, expected ${issuer}`);
      return doc;
    })();
    discoveries.set(issuer, d);
    d.catch(() => discoveries.delete(issuer));
  }
  return d;
}

const b64url = (buf: Buffer) => buf.toString('base64url');

/** Starts a sign-in: the URL of the issuer's authorization endpoint to redirect the browser to. */
export async function beginOidcLogin(ctx: AppContext): Promise<string> {
  const config = requireConfig(ctx);
  const d = await discover(config.issuer);
  const state = b64url(randomBytes(24));
  const nonce = b64url(randomBytes(24));
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const now = ctx.clock.now();
  await ctx.store.db.insertInto('oidc_login_states').values({
    state, nonce, code_verifier: verifier, created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + STATE_MINUTES * 60_000).toISOString(), used_at: null,
  }).execute();
  const url = new URL(d.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: 'openid email profile',
    state, nonce, code_challenge: challenge, code_challenge_method: 'S256',
  }).toString();
  return url.toString();
}

const refused = (message: string) => new DomainError(401, 'OidcSignInFailed', message);

/** Completes a sign-in from the callback's query; returns the local user it maps to. */
export async function completeOidcLogin(ctx: AppContext, query: { code?: string; state?: string; error?: string }, address: string): Promise<SignedInUser> {
  const config = requireConfig(ctx);
  const now = ctx.clock.now();
  const fail = async (message: string, subject = 'unknown') => {
    await recordAudit(ctx.store.db, null, now, { action: 'auth.signInFailed', targetType: 'signIn', targetId: subject.slice(0, 254), after: { address, method: 'oidc', reason: message } });
    return refused(message);
  };
  if (query.error) throw await fail(`The identity provider refused the sign-in (${query.error.slice(0, 100)}).`);
  if (!query.code || !query.state) throw await fail('The callback lacks the code or state.');
  const claimed = await ctx.store.db.updateTable('oidc_login_states').set({ used_at: now.toISOString() })
    .where('state', '=', query.state).where('used_at', 'is', null).where('expires_at', '>', now.toISOString()).executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw await fail('The sign-in state is unknown, used or expired; start the sign-in again.');
  const st = await ctx.store.db.selectFrom('oidc_login_states').selectAll().where('state', '=', query.state).executeTakeFirstOrThrow();

  const d = await discover(config.issuer);
  const res = await fetch(d.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: query.code, redirect_uri: config.redirectUri,
      client_id: config.clientId, client_secret: config.clientSecret, code_verifier: st.code_verifier,
    }).toString(),
  });
  const tokens = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || !tokens.id_token) throw await fail(`The identity provider did not issue an ID token (${tokens.error ?? res.status}).`);

  let keys = keySets.get(d.jwks_uri);
  if (!keys) keySets.set(d.jwks_uri, (keys = createRemoteJWKSet(new URL(d.jwks_uri))));
  let claims: Record<string, unknown>;
  try {
    ({ payload: claims } = await jwtVerify(tokens.id_token, keys, {
      issuer: config.issuer, audience: config.clientId, currentDate: now, clockTolerance: 60,
      algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'],
    }));
  } catch (err) {
    throw await fail(`The ID token is not valid: ${(err as Error).message}`);
  }
  if (claims.nonce !== st.nonce) throw await fail('The ID token was not issued for this sign-in (nonce mismatch).');
  if (claims.email_verified === false) throw await fail('The identity provider has not verified the e-mail address.');
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email) throw await fail('The ID token carries no e-mail address.');
  const user = await ctx.store.db.selectFrom('users').select(['id', 'email', 'partner_id', 'customer_id', 'disabled'])
    .where('email', '=', email).where('kind', '=', 'user').executeTakeFirst();
  if (!user || user.disabled === 1) throw await fail('No enabled account of this service has that e-mail address.', email);
  await recordAudit(ctx.store.db, null, now, { action: 'auth.signIn', targetType: 'user', targetId: user.id, partnerId: user.partner_id, customerId: user.customer_id, after: { address, method: 'oidc', issuer: config.issuer } });
  return { id: user.id, email: user.email, partnerId: user.partner_id };
}
