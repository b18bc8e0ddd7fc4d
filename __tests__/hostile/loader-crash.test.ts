// A bug in the loader on one file (simulated: the parser throws on crash.yaml) is an internal
// error naming that file; the other files are still checked, and the gate fails closed.
import { afterAll, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { scan } from '../../src/scan.js';
import { withDefaults } from '../../src/config/config.js';
import { cli, tempDir } from '../helpers.js';
import type * as LoadModule from '../../src/load/index.js';
import type { LoadOptions } from '../../src/load/index.js';

vi.mock('../../src/load/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof LoadModule>();
  return {
    ...real,
    loadManifest: (file: string, bytes: Uint8Array, opts: LoadOptions) => {
      if (file.endsWith('crash.yaml')) throw new TypeError("Cannot read properties of undefined (reading 'kind')");
      return real.loadManifest(file, bytes, opts);
    },
  };
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: c, image: registry.example.com/c:1, securityContext: {privileged: true}}\n';

describe('a loader failure on one file', () => {
  const dir = tempDir({ 'crash.yaml': POD, 'ok.yaml': POD.replace('name: p', 'name: ok') }, 'epg-crash-');
  dirs.push(dir);

  it('is an internal error naming the file and what to do; the other files are checked', () => {
    const r = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    expect(r.errors).toEqual([{ file: 'crash.yaml', message: expect.stringMatching(/^reading crash\.yaml failed: Cannot read properties of undefined \(reading 'kind'\)\. Nothing in it was checked\. This is a bug in eks-policy-gate: please report it with the file\. To go on meanwhile, exclude it under `paths\.exclude` and set `fail-on-error: false`\.$/) }]);
    expect(r.findings.filter((f) => f.ruleId === 'EKS-PSB-002').map((f) => f.resource?.name)).toEqual(['ok']);
  });

  it('fails the gate closed: exit 2, not 1 and never 0', () => {
    const r = cli(['scan', '.', '--format', 'json'], dir);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).errors).toHaveLength(1);
  });
});
