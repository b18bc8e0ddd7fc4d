// Symbolic links (product.md §8): a link that leaves the repository is never followed (and is
// reported, since what it points to went unchecked), and no link loop hangs the scan. Targets
// outside the repository are FIFOs where possible: reading one would block forever, so a test
// that finishes proves the gate never opened it.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { scan, type ScanResult } from '../../src/scan.js';
import { withDefaults, type ConfigFile } from '../../src/config/config.js';
import { clearSourceCache } from '../../src/load/terraform/sources.js';
import { discover } from '../../src/discover/discover.js';
import { readBounded } from '../../src/load/read.js';
import { cli, ROOT, tempDir } from '../helpers.js';
import { ruleSummary, timed } from './record.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const PRIVILEGED = (name: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: shop
spec:
  containers:
    - name: c
      image: registry.example.com/c:1
      securityContext:
        privileged: true
`;

/** A directory outside the repository with a manifest, a FIFO and a .tf file. */
function outside(): { dir: string; fifo: string; manifest: string } {
  const dir = tempDir({ 'secret.yaml': PRIVILEGED('outside'), 'leak.tf': 'resource "aws_s3_bucket" "x" {}\n' }, 'epg-outside-');
  dirs.push(dir);
  const fifo = path.join(dir, 'fifo.yaml');
  execFileSync('mkfifo', [fifo]);
  return { dir, fifo, manifest: path.join(dir, 'secret.yaml') };
}

function repo(files: Record<string, string>, links: Record<string, string>): string {
  const dir = tempDir({ 'ok.yaml': PRIVILEGED('inside'), ...files }, 'epg-links-');
  dirs.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.symlinkSync(target, path.join(dir, rel));
  }
  return dir;
}

function hostile(name: string, dir: string, raw: ConfigFile = {}, paths = [dir]): ScanResult {
  clearSourceCache();
  return timed('links', name, () => scan({ paths, root: dir, config: withDefaults(raw) }), (r) => `${ruleSummary(r.findings)}; ${r.findings.some((f) => f.resource?.name === 'outside') ? 'OUTSIDE FILE READ' : 'nothing outside read'}`);
}

const at = (r: ScanResult, rule: string) => r.findings.filter((f) => f.ruleId === rule).map((f) => `${f.location.file}:${f.location.line}`).sort();

describe('links out of the repository', () => {
  const out = outside();

  it('a manifest linking out is not read, and is reported where the link is', () => {
    const dir = repo({}, { 'deploy/evil.yaml': out.manifest, 'deploy/zero.yaml': '/dev/zero', 'deploy/fifo.yaml': out.fifo });
    const r = hostile('manifest links to a file, /dev/zero and a FIFO outside', dir);
    expect(r.findings.some((f) => f.resource?.name === 'outside')).toBe(false);
    expect(at(r, 'EKS-INPUT-006')).toEqual(['deploy/evil.yaml:1', 'deploy/fifo.yaml:1', 'deploy/zero.yaml:1']);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-006')).toMatchObject({ severity: 'high', blocking: true });
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-006')?.message).toMatch(/is a symbolic link that leaves the repository.*was not checked/);
    expect(r.findings.some((f) => f.resource?.name === 'inside' && f.ruleId === 'EKS-PSB-002')).toBe(true);
  });

  it('a directory linking out is not walked', () => {
    const dir = repo({}, { 'deploy/ext': out.dir });
    const r = hostile('directory link to outside', dir);
    expect(at(r, 'EKS-INPUT-006')).toEqual(['deploy/ext:1']);
    expect(r.findings.some((f) => f.resource?.name === 'outside')).toBe(false);
  });

  it('a link named on the command line is not followed either', () => {
    const dir = repo({}, { 'evil.yaml': out.manifest });
    const r = hostile('explicit path that is a link out', dir, {}, [path.join(dir, 'evil.yaml')]);
    expect(at(r, 'EKS-INPUT-006')).toEqual(['evil.yaml:1']);
  });

  it('links inside the repository are followed once', () => {
    const dir = repo({ 'real/pod.yaml': PRIVILEGED('linked') }, { 'alias.yaml': 'real/pod.yaml', 'mirror': 'real' });
    const r = scan({ paths: [dir], root: dir, config: withDefaults({}) });
    expect(r.findings.filter((f) => f.resource?.name === 'linked' && f.ruleId === 'EKS-PSB-002')).toHaveLength(1);
    expect(at(r, 'EKS-INPUT-006')).toEqual([]);
  });
});

describe('link loops never hang', () => {
  it('a directory linking to itself, its parent, and two links to each other', () => {
    const dir = repo({}, { 'loop/self': '.', 'loop/up': '..', 'a.yaml': 'b.yaml', 'b.yaml': 'a.yaml', 'deep/x': '../deep', 'chain1.yaml': 'chain2.yaml', 'chain2.yaml': 'chain3.yaml', 'chain3.yaml': 'chain1.yaml' });
    const r = hostile('self, parent, mutual and 3-cycle links', dir);
    expect(r.findings.filter((f) => f.resource?.name === 'inside' && f.ruleId === 'EKS-PSB-002')).toHaveLength(1);
    expect(r.timings.discover).toBeLessThan(2000);
  });

  it('a kustomization that includes itself through a link, and two bases including each other', () => {
    const dir = repo({
      'k/a/kustomization.yaml': 'resources: [../b, pod.yaml]\n',
      'k/a/pod.yaml': PRIVILEGED('ka'),
      'k/b/kustomization.yaml': 'resources: [../a]\n',
    }, { 'k/a/self': '.' });
    const r = hostile('kustomize bases in a cycle', dir);
    expect(r.findings.some((f) => f.ruleId === 'EKS-INPUT-010')).toBe(true);
  });
});

describe('renderers and sources never read outside the repository', () => {
  const out = outside();

  it('a kustomization naming files outside (absolute, ../, a FIFO) is not read by the gate', () => {
    const rel = path.relative(path.join(out.dir, '..'), out.dir);
    const dir = repo({
      'k/kustomization.yaml': `resources:\n  - pod.yaml\n  - ${out.manifest}\n  - ../../../../../../../../${path.join(path.relative('/', out.dir), 'secret.yaml')}\npatches:\n  - path: ${out.fifo}\n  - path: /dev/zero\npatchesStrategicMerge:\n  - ../${rel}/fifo.yaml\n`,
      'k/pod.yaml': PRIVILEGED('kpod'),
    }, {});
    const r = hostile('kustomization with absolute, ../ and FIFO paths outside', dir);
    expect(r.findings.some((f) => f.resource?.name === 'outside')).toBe(false);
    // kustomize's load restrictor refuses the build, which is reported.
    expect(at(r, 'EKS-INPUT-010')).toEqual(['k/kustomization.yaml:1']);
  });

  it('a kustomization.yaml that is itself a link out is reported', () => {
    const dir = repo({ 'k/pod.yaml': PRIVILEGED('kpod') }, { 'k/kustomization.yaml': out.fifo });
    const r = hostile('kustomization.yaml linking to a FIFO outside', dir);
    expect(at(r, 'EKS-INPUT-006')).toEqual(['k/kustomization.yaml:1']);
    // The directory is then plain manifests.
    expect(r.findings.some((f) => f.resource?.name === 'kpod' && f.ruleId === 'EKS-PSB-002')).toBe(true);
  });

  it('a Chart.yaml linking to /dev/zero or a FIFO does not hang', () => {
    const dir = repo({ 'c/templates/pod.yaml': PRIVILEGED('cpod'), 'd/templates/pod.yaml': PRIVILEGED('dpod') }, { 'c/Chart.yaml': '/dev/zero', 'd/Chart.yaml': out.fifo });
    const r = hostile('Chart.yaml linking to /dev/zero and to a FIFO', dir);
    expect(at(r, 'EKS-INPUT-010')).toEqual(['c/Chart.yaml:1', 'd/Chart.yaml:1']);
  });

  it('a values file or template linking out stops the render', () => {
    const dir = repo({ 'c/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'c/templates/pod.yaml': PRIVILEGED('cpod') }, { 'c/values.yaml': out.fifo, 'c/templates/leak.yaml': out.manifest });
    const r = hostile('chart values.yaml and template linking out', dir);
    expect(r.findings.find((f) => f.ruleId === 'EKS-INPUT-010')?.message).toMatch(/symbolic link that leaves the repository/);
    expect(r.findings.some((f) => f.resource?.name === 'outside')).toBe(false);
  });

  it('.tf sources linking out (a file, a module directory) are not read; findings fall back to the plan', () => {
    const src = path.join(ROOT, '__tests__/fixtures/terraform/repo');
    const dir = tempDir({}, 'epg-links-tf-');
    dirs.push(dir);
    fs.cpSync(src, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    // The module's sources become a FIFO outside; an extra .tf in the root links out too.
    fs.rmSync(path.join(dir, 'infra/modules/nodes/main.tf'));
    fs.symlinkSync(out.fifo, path.join(dir, 'infra/modules/nodes/main.tf'));
    fs.symlinkSync(out.manifest.replace('secret.yaml', 'leak.tf'), path.join(dir, 'infra/leak.tf'));
    const r = hostile('.tf module sources linking to a FIFO outside', dir);
    expect(r.findings.length).toBeGreaterThan(0);
    expect(r.findings.some((f) => f.location.file.includes('..'))).toBe(false);
    // Module resources now point at the module call (the sources are unreadable), never outside.
    expect(r.findings.filter((f) => f.location.file === 'infra/modules/nodes/main.tf')).toEqual([]);
  });

  it('a plan file linking out is not read', () => {
    const dir = repo({}, { 'tfplan.json': out.fifo });
    const r = hostile('tfplan.json linking to a FIFO outside', dir);
    expect(at(r, 'EKS-INPUT-006')).toEqual(['tfplan.json:1']);
  });

  it('the CLI exits 1 on a link out (it blocks) and names it', () => {
    const dir = repo({ 'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n' }, { 'evil.yaml': out.manifest });
    const r = cli(['scan', '.', '--format', 'json'], dir);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('EKS-INPUT-006');
  });
});

// Discovery gives each file it walked its real path, and the loader reads it without resolving
// it again (src/load/read.ts readKnown): what was a regular file when the directory was listed
// may be a link or a FIFO by the time it is read.
describe('a file changed between discovery and reading', () => {
  const out = outside();

  function readAfterSwap(swap: (file: string) => void) {
    const dir = repo({ 'app/a.yaml': PRIVILEGED('inside') }, {});
    const found = discover([dir], { root: dir, exclude: [], include: [] });
    const input = found.manifests.find((f) => f.rel === 'app/a.yaml');
    expect(input?.real).toBe(path.join(fs.realpathSync(dir), 'app/a.yaml'));
    const file = path.join(dir, 'app/a.yaml');
    fs.rmSync(file);
    swap(file);
    return readBounded(input?.abs ?? '', { root: dir, maxBytes: 1 << 20, ...(input?.real ? { real: input.real } : {}) });
  }

  it('reads it by its real path when it is unchanged', () => {
    const dir = repo({ 'app/a.yaml': PRIVILEGED('inside') }, {});
    const [input] = discover([dir], { root: dir, exclude: [], include: [] }).manifests.filter((f) => f.rel === 'app/a.yaml');
    const r = readBounded(input?.abs ?? '', { maxBytes: 1 << 20, ...(input?.real ? { real: input.real } : {}) });
    expect(r.ok && r.bytes.toString()).toBe(PRIVILEGED('inside'));
  });

  it('does not follow a link out put in its place, nor open a FIFO', () => {
    const linked = readAfterSwap((file) => fs.symlinkSync(out.manifest, file));
    expect(linked).toMatchObject({ ok: false, reason: 'outside' });
    const fifo = readAfterSwap((file) => execFileSync('mkfifo', [file]));
    expect(fifo).toMatchObject({ ok: false, reason: 'not-file' });
    const gone = readAfterSwap(() => undefined);
    expect(gone).toMatchObject({ ok: false, reason: 'unreadable' });
  });

  it('reads a link inside the repository put in its place as any link', () => {
    const r = readAfterSwap((file) => {
      fs.writeFileSync(`${file}.orig`, PRIVILEGED('moved'));
      fs.symlinkSync(`${file}.orig`, file);
    });
    expect(r.ok && r.bytes.toString()).toBe(PRIVILEGED('moved'));
  });
});
