import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The web console (issue 6), served from the Vite build in web/dist at `/`:
 * - /assets/* are content-hashed: cached for a year, immutable;
 * - any other GET that accepts text/html and is not an API path gets index.html (single-page app
 *   fallback: the console's router draws the page for the URL), never cached, so a new build is
 *   picked up at once;
 * - with no build, such a request gets a page saying how to build it.
 * Called from the server's not-found handler, so every declared API route keeps precedence.
 */

export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Paths that belong to the APIs and documents: their unknown URLs stay JSON 404s. */
const API_PREFIXES = ['/v1', '/providers', '/subscriptions', '/openapi.json', '/docs', '/healthz'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Headers for every console response. Styles need 'unsafe-inline' because Fluent UI (Griffel)
 * inserts its atomic CSS rules at run time; scripts come only from this origin.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
    "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
};

const isApiPath = (p: string): boolean => {
  const lower = p.toLowerCase();
  return API_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}/`) || lower.startsWith(`${prefix}?`));
};

/** The file under `root` for a URL path, or null when it escapes root or is not a plain file. */
function fileFor(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const resolved = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!resolved.startsWith(root.endsWith(path.sep) ? root : root + path.sep)) return null;
  try {
    return fs.statSync(resolved).isFile() ? resolved : null;
  } catch {
    return null;
  }
}

function send(reply: FastifyReply, status: number, file: string, cacheControl: string): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  void reply.status(status).headers({ ...CONSOLE_SECURITY_HEADERS, 'content-type': type, 'cache-control': cacheControl }).send(fs.createReadStream(file));
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reservation Desk: console not built</title></head>
<body style="font-family: 'Segoe UI', sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The web console has not been built</h1>
<p>The server is running, but there is no console build in <code>web/dist</code>. Build it with</p>
<pre style="background:#f3f2f1;padding:1rem">npm run build:web</pre>
<p>and reload this page (<code>npm start</code> builds it before serving). The APIs work without it:
see <a href="/docs">/docs</a>.</p>
<p lang="ko">웹 콘솔이 빌드되지 않았습니다. <code>npm run build:web</code>을 실행한 후 이 페이지를 새로 고치세요.</p>
</body></html>`;

/**
 * Answers a request no route matched when it is the console's: true when handled. Unknown API
 * paths, other methods and non-HTML requests are left to the JSON 404.
 */
export function serveConsole(request: FastifyRequest, reply: FastifyReply, root: string = DEFAULT_CONSOLE_DIR): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const urlPath = request.url.split('?')[0] ?? '/';
  if (isApiPath(urlPath)) return false;

  // Hashed build output and other files of the build (favicon…).
  if (urlPath.toLowerCase().startsWith('/assets/')) {
    const file = fileFor(root, urlPath);
    if (!file) return false;
    send(reply, 200, file, 'public, max-age=31536000, immutable');
    return true;
  }
  if (urlPath !== '/' && path.extname(urlPath) !== '') {
    const file = fileFor(root, urlPath);
    if (file && !file.endsWith('index.html')) {
      send(reply, 200, file, 'public, max-age=3600');
      return true;
    }
    return false;
  }

  // Everything else that a browser navigates to: the single-page app.
  const accept = request.headers.accept ?? '';
  if (!accept.includes('text/html') && !accept.includes('*/*')) return false;
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    void reply.status(503).headers({ ...CONSOLE_SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).send(NOT_BUILT_PAGE);
    return true;
  }
  send(reply, 200, index, 'no-cache');
  return true;
}
