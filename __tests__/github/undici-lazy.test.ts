// src/github/undici-lazy.ts stands in for `undici` in the action's bundle and loads
// dist/undici.cjs on first use. Bundled here as the build bundles it, beside a copy of the
// built undici.cjs (or without one).
import { afterAll, describe, expect, it } from 'vitest';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from '../helpers.js';

interface Shim {
  fetch: (input: unknown, init?: unknown) => Promise<{ status: number; text(): Promise<string> }>;
  ProxyAgent: new (options: unknown) => { close(): Promise<void> };
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

async function shim(withUndici: boolean): Promise<Shim> {
  const dir = tempDir({}, 'epg-undici-');
  dirs.push(dir);
  await esbuild.build({ entryPoints: [path.join(ROOT, 'src/github/undici-lazy.ts')], bundle: true, platform: 'node', format: 'esm', outfile: path.join(dir, 'shim.mjs'), logLevel: 'error' });
  if (withUndici) fs.copyFileSync(path.join(ROOT, 'dist/undici.cjs'), path.join(dir, 'undici.cjs'));
  return (await import(pathToFileURL(path.join(dir, 'shim.mjs')).href)) as Shim;
}

describe('the lazy undici of the action bundle', () => {
  it("fetches with undici's fetch, through a dispatcher as @actions/github passes one, and makes undici's ProxyAgent", async () => {
    const { fetch, ProxyAgent } = await shim(true);
    const server = http.createServer((req, res) => res.end(`${req.method} ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const r = await fetch(`http://127.0.0.1:${port}/repos/o/r`, { method: 'GET', dispatcher: undefined });
      expect(r.status).toBe(200);
      expect(await r.text()).toBe('GET /repos/o/r');
      const agent = new ProxyAgent({ uri: `http://127.0.0.1:${port}` });
      expect(agent.constructor.name).toMatch(/^ProxyAgent/);
      await agent.close();
    } finally {
      server.close();
    }
  });

  it('says which file is missing and what to do when dist/ has no undici.cjs', async () => {
    const { fetch } = await shim(false);
    expect(() => fetch('http://127.0.0.1:9/')).toThrow(/undici\.cjs could not be loaded .*dist\/ is incomplete.*npm run build/);
  });
});
