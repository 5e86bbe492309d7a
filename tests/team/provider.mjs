// A real OpenID Connect provider for the team editor's tests: npm's oidc-provider (a
// certified implementation), on a loopback port, with its development login and consent
// pages. Not for any other use: it keeps everything in memory and takes any password.
//
// The environment says what to serve:
//   OIDC_PORT           the loopback port to listen on
//   OIDC_CLIENT_ID      the one confidential client's id
//   OIDC_CLIENT_SECRET  its secret
//   OIDC_REDIRECT_URIS  its redirect URIs, separated by spaces
//   OIDC_ACCOUNTS       a JSON file: [{"email": ..., "name": ..., "groups": [...],
//                       "email_verified": true, "preferred_username": ...}]
//                       (email_verified null: not sent); the login page's "login" box takes the
//                       email, and any password.
// Dynamic client registration (POST /reg) is open, so that each editor a test starts, on a
// port of its own, can register its own client and redirect URI (tests/team/harness.py).
// It prints "listening <issuer>" once it accepts requests.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = new Map(
  JSON.parse(readFileSync(process.env.OIDC_ACCOUNTS, 'utf8'))
    .map((account) => [account.email.toLowerCase(), account]),
);

const configuration = {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: (process.env.OIDC_REDIRECT_URIS || '').split(' ').filter(Boolean),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  // The account's id is what was typed in the login page's box: an email of the file.
  async findAccount(ctx, id) {
    const account = accounts.get(String(id).toLowerCase());
    if (!account) return undefined;
    return {
      accountId: id,
      async claims() {
        const claims = {
          sub: account.email,
          email: account.email,
          email_verified: account.email_verified ?? true,
          name: account.name,
          groups: account.groups ?? [],
        };
        // email_verified: null in the file: not sent at all (as Entra ID sends none).
        if (account.email_verified === null) delete claims.email_verified;
        if (account.preferred_username) claims.preferred_username = account.preferred_username;
        return claims;
      },
    };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'preferred_username'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  features: {
    devInteractions: { enabled: true },
    registration: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  pkce: { methods: ['S256'], required: () => true },
  cookies: { keys: ['policy-pack-tests-only-not-a-secret'] },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600,
    IdToken: 600 },
};

const provider = new Provider(issuer, configuration);
provider.listen(port, '127.0.0.1', () => {
  console.log(`listening ${issuer}`);
});
