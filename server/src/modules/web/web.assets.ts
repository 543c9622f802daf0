import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export interface WebAsset {
  body: Buffer;
  type: string;
  etag: string;
  /** Vite's hashed files under /assets/ never change, so browsers may keep them for a year. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
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

/** Reads the built UI into memory once: it is small, and serving from memory needs no file-system access later. */
export function loadWebAssets(root: string): Map<string, WebAsset> | undefined {
  if (!existsSync(join(root, 'index.html'))) return undefined;
  const assets = new Map<string, WebAsset>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
        continue;
      }
      const urlPath = `/${relative(root, path).split(sep).join('/')}`;
      const body = readFileSync(path);
      assets.set(urlPath, {
        body,
        type: TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
        immutable: urlPath.startsWith('/assets/'),
      });
    }
  };
  walk(root);
  return assets;
}
