// Builds benchmark corpora from the shared corpus of real manifests: copies of every document
// with renamed objects and namespaces (copy c of namespace "shop" is "shop-c<c>"), so the
// copies do not collapse onto the same identities and namespace-scoped, cross-resource rules
// (network policy coverage, PSA labels, RBAC joins) do real work in every copy.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { spawnSync } from 'node:child_process';

function yamlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Documents of the corpus, per file, as parsed values (only Kubernetes objects). */
export function readCorpus(corpusDir) {
  const files = [];
  for (const file of yamlFiles(corpusDir)) {
    let docs;
    try {
      docs = yaml.loadAll(fs.readFileSync(file, 'utf8'), undefined, { json: true });
    } catch {
      continue;
    }
    const objects = docs.filter((d) => d && typeof d === 'object' && typeof d.apiVersion === 'string' && typeof d.kind === 'string');
    if (objects.length) files.push({ rel: path.relative(corpusDir, file), objects });
  }
  return files;
}

function renamed(o, copy) {
  const c = structuredClone(o);
  const suffix = `-c${copy}`;
  const md = c.metadata && typeof c.metadata === 'object' ? c.metadata : (c.metadata = {});
  if (typeof md.name === 'string') md.name += suffix;
  if (c.kind === 'Namespace') return c;
  md.namespace = `${typeof md.namespace === 'string' ? md.namespace : 'default'}${suffix}`;
  return c;
}

/**
 * Writes `count` documents into `outDir`, cycling through copies of the corpus. Returns the
 * number of files and documents written.
 */
export function writeCorpus(corpusFiles, outDir, count) {
  fs.rmSync(outDir, { recursive: true, force: true });
  let written = 0;
  let files = 0;
  for (let copy = 0; written < count; copy++) {
    for (const f of corpusFiles) {
      if (written >= count) break;
      const take = f.objects.slice(0, count - written).map((o) => renamed(o, copy));
      const target = path.join(outDir, `copy-${copy}`, f.rel.replace(/\.json$/, '.yaml'));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, take.map((o) => yaml.dump(o, { lineWidth: -1, noRefs: true })).join('---\n'));
      written += take.length;
      files++;
    }
  }
  return { files, documents: written };
}

/**
 * The directory of `count` corpus documents under `outDir` (k8s-<count>), written unless a
 * previous run left it complete (its `.count` stamp). `corpus` is read only when needed.
 */
export function corpusOf(outDir, count, corpus) {
  const dir = path.join(outDir, `k8s-${count}`);
  const stamp = path.join(dir, '.count');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== String(count)) {
    writeCorpus(corpus(), dir, count);
    fs.writeFileSync(stamp, String(count));
  }
  return dir;
}

/**
 * `count` documents of copies of a compliant application (examples/secure-app: a Namespace with
 * Pod Security labels, a hardened Deployment, its NetworkPolicies, an image verification
 * policy) under `outDir` (secure-<count>), written unless a previous run left it complete: the
 * gate's time on a repository it passes, as most pull requests' are.
 */
export function compliantCorpusOf(outDir, count, appDir) {
  const dir = path.join(outDir, `secure-${count}`);
  const stamp = path.join(dir, '.count');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== String(count)) {
    writeCorpus(readCorpus(appDir), dir, count);
    fs.writeFileSync(stamp, String(count));
  }
  return dir;
}

/** The manifest a benchmark pull request adds (pullRequestOf): one privileged Deployment. */
export const PULL_REQUEST_MANIFEST = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext:\n            privileged: true\n';

/**
 * A git repository of the corpus at `corpusDir` (<corpusDir>-pr, made unless a previous run
 * left it complete: its `.pr` stamp): the corpus committed as the base, then a commit that adds
 * one manifest, as a pull request does. A scan there with `--base HEAD~1` is what the action's
 * default gate (`new`) does on a pull request.
 */
export function pullRequestOf(corpusDir) {
  const dir = `${corpusDir}-pr`;
  const stamp = path.join(dir, '.git', 'eks-policy-gate-bench');
  if (fs.existsSync(stamp)) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(corpusDir, dir, { recursive: true });
  const git = (...args) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} in ${dir}: ${r.stderr}`);
  };
  git('init', '--quiet');
  git('add', '-A');
  git('commit', '--quiet', '-m', 'base');
  fs.mkdirSync(path.join(dir, 'pr'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'pr', 'payments.yaml'), PULL_REQUEST_MANIFEST);
  git('add', '-A');
  git('commit', '--quiet', '-m', 'pull request');
  fs.writeFileSync(stamp, 'HEAD~1\n');
  return dir;
}
