/**
 * Serves the built web app (the Vite output, e.g. dist/) from the options server, so the phone page and the
 * pupil API are one origin: the session cookie can be SameSite=Strict and pupils need no CORS at all.
 *
 * Only GET and HEAD, only files under the site folder (a path that resolves outside it, or a dot-file, is
 * answered 404 like a missing file), and never anything under /api/ (those are the API's 404s). A folder
 * answers its index.html. Files are read when asked, so a rebuild is served without a restart.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of every file of the site. The pages render names and choices as text (React),
 * so this is a second wall, not the first: no script but the site's own files (no inline script, no eval; the
 * HiGHS solver's WebAssembly needs 'wasm-unsafe-eval', which allows compiling wasm and nothing else), no
 * connection but to this server, no plug-ins, no <base>, no form posts, no framing. Styles allow inline
 * attributes ('unsafe-inline' in style-src): the loading line of index.html has one, and a style cannot run
 * code. Images allow data: and blob: (the QR codes, the favicon). Workers run the site's own scripts; their
 * policy comes from this same header on the worker's script.
 */
export const SITE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The file a URL path names inside `root`, or undefined when it would leave the folder or names a dot-file. */
export function siteFile(root: string, urlPath: string): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (path.includes('\0') || path.split('/').some((part) => part.startsWith('.') && part !== '')) return undefined;
  const file = resolve(root, `.${path}`);
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

/** Adds GET/HEAD of the site's files under `/`, for the folder `dir` (which must hold index.html). */
export function serveSite(app: FastifyInstance, dir: string): void {
  const root = resolve(dir);
  const handler = async (req: { url: string; method: string }, reply: import('fastify').FastifyReply) => {
    const urlPath = req.url.split('?')[0];
    const notFound = () => reply.code(404).send({ error: `There is no ${req.method} ${urlPath} on this server.` });
    if (urlPath === '/api' || urlPath.startsWith('/api/')) return notFound();
    let file = siteFile(root, urlPath);
    if (file === undefined) return notFound();
    try {
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      // The page may not be framed by another site (clickjacking a pupil's "Submit"), and sends no referrer.
      reply.header('x-frame-options', 'DENY');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('content-security-policy', SITE_CSP);
      return reply.type(MIME[extname(file).toLowerCase()] ?? 'application/octet-stream').send(body);
    } catch {
      return notFound();
    }
  };
  app.get('/', handler);
  app.get('/*', handler);
}
