// A real OpenID Connect provider on loopback, for the single sign-on tests and the demo: the npm
// package oidc-provider (installed by scripts/setup into .tools/oidc), with a plain login form
// that checks a password, consent granted without asking, one confidential client for Synapse,
// and dynamic client registration for OAuth 2.0 clients such as Curator itself.
//
//   node scripts/oidc-provider.mjs --port 9000 --synapse http://127.0.0.1:8008 \
//     --client-secret SECRET --accounts accounts.json
//
// accounts.json: {"admin": "password", "mallory": "password"}. Prints "issuer <url>" when ready.
import { createRequire } from "node:module";
import http from "node:http";
import { readFileSync } from "node:fs";
import { randomBytes, timingSafeEqual } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, ".tools/oidc/package.json"));
const { default: Provider } = await import(require.resolve("oidc-provider"));

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
for (const need of ["port", "synapse", "client-secret", "accounts"]) {
  if (!args[need]) throw new Error(`--${need} is required`);
}
const issuer = `http://127.0.0.1:${args.port}`;
const accounts = JSON.parse(readFileSync(args.accounts, "utf8"));
const synapse = args.synapse.replace(/\/$/, "");

const provider = new Provider(issuer, {
  clients: [{
    client_id: "synapse",
    client_secret: args["client-secret"],
    redirect_uris: [`${synapse}/_synapse/client/oidc/callback`],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  async findAccount(ctx, id) {
    if (!Object.hasOwn(accounts, id)) return undefined;
    return { accountId: id, async claims() { return { sub: id, preferred_username: id, name: `SSO ${id}` }; } };
  },
  claims: { openid: ["sub"], profile: ["preferred_username", "name"] },
  scopes: ["openid", "profile", "offline_access", "urn:matrix:client:api:*", "urn:synapse:admin:*"],
  features: {
    devInteractions: { enabled: false },
    registration: { enabled: true },
    revocation: { enabled: true },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: [randomBytes(32).toString("hex")] },
  // Refresh tokens for every client allowed the grant, without offline_access and its prompt.
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed("refresh_token"),
  clientBasedCORS: () => true,
  ttl: { AccessToken: 300, AuthorizationCode: 60, RefreshToken: 3600, Interaction: 600, Session: 600, Grant: 3600 },
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html><head><meta charset="utf-8"><title>${escape(title)}</title></head>` +
  `<body><main><h1>${escape(title)}</h1>${body}</main></body></html>`;
const loginForm = (uid, error) => page("Test IdP sign-in",
  (error ? `<p role="alert">${escape(error)}</p>` : "") +
  `<form method="post" action="/interaction/${escape(uid)}/login">` +
  `<label>Username <input name="login" autocomplete="username" autofocus></label>` +
  `<label>Password <input name="password" type="password" autocomplete="current-password"></label>` +
  `<button type="submit">Sign in to the test IdP</button></form>`);

const readForm = (req) => new Promise((resolve, reject) => {
  let body = "";
  req.on("data", (c) => { body += c; if (body.length > 10000) req.destroy(); });
  req.on("end", () => resolve(new URLSearchParams(body)));
  req.on("error", reject);
});

const samePassword = (a, b) => {
  const x = Buffer.from(String(a)), y = Buffer.from(String(b));
  return x.length === y.length && timingSafeEqual(x, y);
};

async function interaction(req, res, login) {
  const details = await provider.interactionDetails(req, res);
  const send = (status, html) => { res.writeHead(status, { "content-type": "text/html; charset=utf-8" }); res.end(html); };
  if (details.prompt.name === "login") {
    if (!login || req.method !== "POST") return send(200, loginForm(details.uid));
    const form = await readForm(req);
    const user = form.get("login") || "";
    if (!Object.hasOwn(accounts, user) || !samePassword(accounts[user], form.get("password") || "")) {
      return send(200, loginForm(details.uid, "Wrong username or password."));
    }
    return provider.interactionFinished(req, res, { login: { accountId: user } }, { mergeWithLastSubmission: false });
  }
  // Consent: granted as asked, so that the tests exercise the client, not this page.
  const { prompt: { details: missing }, params, session } = details;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
  if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
  for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes || {})) {
    grant.addResourceScope(indicator, scopes.join(" "));
  }
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const handler = provider.callback();
const server = http.createServer((req, res) => {
  const match = /^\/interaction\/([^/?]+)(\/login)?(\?|$)/.exec(req.url || "");
  if (!match) return handler(req, res);
  interaction(req, res, Boolean(match[2])).catch((e) => {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end(`interaction failed: ${e.message}`);
  });
});
server.listen(Number(args.port), "127.0.0.1", () => console.log(`issuer ${issuer}`));
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
