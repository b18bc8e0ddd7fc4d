// Builds benchmark corpora from the shared corpus of real manifests: copies of every document
// with renamed objects and namespaces (copy c of namespace "shop" is "shop-c<c>"), so the
// copies do not collapse onto the same identities and namespace-scoped, cross-resource rules
// (network policy coverage, PSA labels, RBAC joins) do real work in every copy.
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

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
