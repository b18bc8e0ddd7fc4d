// The CLI keeps V8's code cache of its bundles in the user's cache folder (src/compile-cache.ts):
// where it goes, when it is left alone, and that a run from the cache gives the same result.
// Run `npm run build` first: the end-to-end tests run dist/cli.js.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileCacheDirectory } from '../src/compile-cache.js';
import { NODE20, NODE24 } from './github/harness.js';
import { node, ROOT } from './helpers.js';

const CLI = path.join(ROOT, 'dist/cli.js');
const SAMPLE = path.join(ROOT, 'examples/insecure-app');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
function temp(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epg-cache-'));
  temps.push(dir);
  return dir;
}

/** The files under a folder, relative to it (none when it does not exist). */
function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[]).filter((e) => e.isFile()).map((e) => e.name) : [];
}

describe('where the code cache goes', () => {
  it('is under $XDG_CACHE_HOME when it is an absolute path, else under ~/.cache', () => {
    expect(compileCacheDirectory({ XDG_CACHE_HOME: '/var/cache/me' }, '/home/me')).toBe('/var/cache/me/eks-policy-gate/v8-compile-cache');
    expect(compileCacheDirectory({}, '/home/me')).toBe('/home/me/.cache/eks-policy-gate/v8-compile-cache');
    // A relative XDG_CACHE_HOME is invalid (XDG base directory specification) and ignored.
    expect(compileCacheDirectory({ XDG_CACHE_HOME: 'cache' }, '/home/me')).toBe('/home/me/.cache/eks-policy-gate/v8-compile-cache');
  });

  it("leaves the user's own setting alone, and needs a home", () => {
    expect(compileCacheDirectory({ NODE_COMPILE_CACHE: '/elsewhere' }, '/home/me')).toBeUndefined();
    expect(compileCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' }, '/home/me')).toBeUndefined();
    expect(compileCacheDirectory({}, '')).toBeUndefined();
  });

  it('is never a temporary folder other users can write to', () => {
    const dir = compileCacheDirectory({ XDG_CACHE_HOME: undefined }, '/home/me') ?? '';
    expect(dir.startsWith('/home/me/')).toBe(true);
    expect(dir.startsWith(os.tmpdir())).toBe(false);
  });
});

describe.each([
  ['Node.js 24', NODE24, true],
  ['Node.js 20', NODE20, false],
])('the CLI on %s', (_name, binary, caches) => {
  const run = (home: string, env: NodeJS.ProcessEnv = {}) =>
    node(CLI, ['scan', SAMPLE, '--format', 'json'], { nodeBinary: binary, env: { PATH: process.env.PATH, HOME: home, ...env } });
  // Node.js 20 has no compile cache (module.enableCompileCache came with 22.8): it must run as before.
  const hasCache = execFileSync(binary, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' }).trim() === 'function';

  it(`is ${caches ? '' : 'not '}a Node.js with a compile cache`, () => {
    expect(hasCache).toBe(caches);
  });

  it(caches ? 'writes the cache in the home folder and gives the same report from it' : 'runs without a cache and writes none', () => {
    const home = temp();
    const cache = path.join(home, '.cache/eks-policy-gate/v8-compile-cache');
    const first = run(home);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(1);
    if (!hasCache) {
      expect(fs.existsSync(cache)).toBe(false);
      return;
    }
    // The bundles the launcher's thread and the evaluation load (not the launcher itself,
    // compiled before the cache is turned on).
    expect(filesUnder(cache).length).toBeGreaterThan(0);
    const second = run(home);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
  });

  it('writes no cache when the user turned it off', () => {
    const home = temp();
    const r = run(home, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(home, '.cache'))).toBe(false);
  });

  it("uses the user's own folder when they chose one", () => {
    const home = temp();
    const own = path.join(temp(), 'mine');
    const r = run(home, { NODE_COMPILE_CACHE: own });
    expect(r.code).toBe(1);
    expect(fs.existsSync(path.join(home, '.cache'))).toBe(false);
    if (hasCache) expect(filesUnder(own).length).toBeGreaterThan(0);
  });

  it('runs as before when the home folder cannot be written', () => {
    const home = temp();
    fs.writeFileSync(path.join(home, '.cache'), 'a file where the folder would go');
    const r = run(home);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.findings).toBeGreaterThan(0);
  });
});
