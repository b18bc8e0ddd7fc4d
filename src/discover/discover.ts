// Finds the inputs under the scanned paths: manifest files, Helm charts, Terraform plans.
// Never follows a symbolic link out of the repository, and never loops on a link cycle.
import fs from 'node:fs';
import path from 'node:path';
import { glob } from '../glob.js';
import { UsageError } from '../errors.js';

export interface InputFile {
  /** Absolute path. */
  abs: string;
  /** Path relative to the repository root, `/`-separated. */
  rel: string;
  /** Named on the command line rather than found by walking a directory. */
  explicit: boolean;
  /**
   * Its real path, for a file found by walking: the real path of the directory that lists it
   * and its name, or the target of the link that named it. Readers need not resolve it again
   * (load/read.ts).
   */
  real?: string;
}

export interface Discovered {
  manifests: InputFile[];
  /** Chart directories (holding Chart.yaml); their templates are rendered, never parsed raw. */
  charts: InputFile[];
  /**
   * Directories holding a kustomization (kustomization.yaml, .yml or Kustomization). They are
   * still walked: which of their files are rendered through them is decided in load/kustomize/.
   */
  kustomizations: InputFile[];
  /** JSON files that are Terraform plans (`terraform show -json`). */
  plans: InputFile[];
  /** Binary plan files (`terraform plan -out`), matched by `terraform.binary-plans`. */
  binaryPlans: InputFile[];
  /** Links that point outside the repository and were not followed. */
  skippedLinks: string[];
}

export interface DiscoverOptions {
  root: string;
  exclude: string[];
  include: string[];
  /** `terraform.plans`: globs of plan JSON files, read as plans whatever their content. */
  planGlobs?: string[];
  /** `terraform.binary-plans`: globs of binary plan files, converted with `terraform show -json`. */
  binaryPlanGlobs?: string[];
}

const MANIFEST_EXT = /\.(ya?ml|json)$/i;
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
const SKIP_DIRS = new Set(['.git', 'node_modules', '.terraform', '.tools']);

export function toRel(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

function inside(root: string, real: string): boolean {
  const rel = path.relative(root, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A cheap look at a JSON file's head: Terraform plans start with format_version. */
function isTerraformPlan(abs: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const buf = Buffer.alloc(4096);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    let head = buf.subarray(0, n).toString('utf8');
    if (buf[0] === 0xff && buf[1] === 0xfe) head = buf.subarray(2, n).toString('utf16le');
    return /"format_version"\s*:/.test(head) && /"terraform_version"|"planned_values"|"resource_changes"/.test(head);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Plan file names Terraform users commonly give `terraform show -json` output. */
const PLAN_NAME = /(^|[/\\])(tfplan\.json|[^/\\]+\.tfplan\.json)$/i;
const MAYBE_PLAN_NAME = /(^|[/\\])(plan\.json|tf_?plan[^/\\]*\.json)$/i;

/**
 * A deeper look at a commonly named file whose head did not show a plan (e.g. keys sorted by
 * `jq -S`, where format_version comes after configuration): the whole document's top level.
 */
function hasPlanKeys(abs: string): boolean {
  try {
    const buf = fs.readFileSync(abs);
    let text = buf.toString('utf8');
    if (buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
    const data: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return false;
    const keys = data as Record<string, unknown>;
    return 'format_version' in keys && ('terraform_version' in keys || 'planned_values' in keys || 'resource_changes' in keys);
  } catch {
    return false;
  }
}

export function discover(paths: string[], opts: DiscoverOptions): Discovered {
  const root = fs.realpathSync(opts.root);
  const out: Discovered = { manifests: [], charts: [], kustomizations: [], plans: [], binaryPlans: [], skippedLinks: [] };
  // Asked of every file and directory the walk meets: each glob compiled once (glob.ts).
  const anyOf = (globs: readonly string[]) => {
    const matchers = globs.map((g) => glob(g, true));
    return (rel: string) => matchers.some((m) => m.match(rel));
  };
  const planGlob = anyOf(opts.planGlobs ?? []);
  const binaryGlob = anyOf(opts.binaryPlanGlobs ?? []);
  const seenDirs = new Set<string>();
  const seenFiles = new Set<string>();
  const excluded = anyOf(opts.exclude);
  const includedBy = anyOf(opts.include);
  const included = (rel: string) => opts.include.length === 0 || includedBy(rel);

  const addFile = (abs: string, real: string, explicit: boolean, resolved?: string) => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    const rel = toRel(root, abs);
    if (!explicit && (excluded(rel) || !included(rel))) return;
    const file: InputFile = { abs, rel, explicit, ...(resolved !== undefined ? { real: resolved } : {}) };
    if (binaryGlob(rel)) out.binaryPlans.push(file);
    else if (planGlob(rel) || PLAN_NAME.test(rel)) out.plans.push(file);
    else if (/\.json$/i.test(abs) && (isTerraformPlan(abs) || (MAYBE_PLAN_NAME.test(rel) && hasPlanKeys(abs)))) out.plans.push(file);
    else out.manifests.push(file);
  };

  // Links may not leave the repository (or, for a path outside it, the scanned directory).
  // `known` is the directory's real path when the caller knows it: a directory readdir lists
  // as a directory (not a link) inside a real directory is real, so only where a walk starts
  // and where it follows a link is a path resolved (one lstat per path component).
  const walk = (dir: string, fence: string, viaLink = false, known?: string) => {
    let real: string;
    try {
      real = known ?? fs.realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    const rel = toRel(root, dir);
    if (rel !== '.' && excluded(rel)) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === 'Chart.yaml' && !e.isDirectory())) {
      out.charts.push({ abs: dir, rel, explicit: false });
      return;
    }
    if (entries.some((e) => KUSTOMIZATION_FILES.includes(e.name) && !e.isDirectory())) out.kustomizations.push({ abs: dir, rel, explicit: false });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const abs = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(abs, fence, viaLink, path.join(real, e.name));
      } else if (e.isFile()) {
        if (MANIFEST_EXT.test(e.name) || binaryGlob(toRel(root, abs))) {
          // A file the directory lists as one (not a link) is its real path's entry (joined by
          // hand: path.join normalises what a real path and an entry's name never need).
          const fileReal = real.endsWith(path.sep) ? real + e.name : real + path.sep + e.name;
          addFile(abs, viaLink ? fileReal : abs, false, fileReal); // a file reached through a linked directory is still read once
        }
      } else if (e.isSymbolicLink()) {
        let target: string;
        try {
          target = fs.realpathSync(abs);
        } catch {
          continue; // dangling link, or a loop the OS refused to resolve
        }
        let st: fs.Stats;
        try {
          st = fs.statSync(target);
        } catch {
          continue;
        }
        if (!inside(fence, target)) {
          // Reported when it would have been an input (a directory, or a file discovery reads);
          // links in charts and kustomizations are reported by their renderers.
          if (st.isDirectory() || MANIFEST_EXT.test(e.name) || binaryGlob(toRel(root, abs))) {
            out.skippedLinks.push(toRel(root, abs));
          }
          continue;
        }
        if (st.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(abs, fence, true);
        } else if (st.isFile() && (MANIFEST_EXT.test(e.name) || binaryGlob(toRel(root, abs)))) addFile(abs, target, false, target);
      }
    }
  };

  // A path inside a chart (a template, a subchart) renders the chart: the outermost one, since
  // subcharts render through their parent.
  const enclosingChart = (abs: string, isDir: boolean): string | undefined => {
    let top: string | undefined;
    let d = isDir ? abs : path.dirname(abs);
    while (inside(root, fs.existsSync(d) ? fs.realpathSync(d) : d)) {
      if (fs.existsSync(path.join(d, 'Chart.yaml'))) top = d;
      const parent = path.dirname(d);
      if (parent === d || toRel(root, d) === '.') break;
      d = parent;
    }
    return top;
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      throw new UsageError(`${p}: no such file or directory. Name a file or directory to scan.`);
    }
    const chart = enclosingChart(abs, st.isDirectory());
    if (chart && chart !== abs) {
      const real = fs.realpathSync(chart);
      if (!seenDirs.has(real)) {
        seenDirs.add(real);
        out.charts.push({ abs: chart, rel: toRel(root, chart), explicit: true });
      }
      continue;
    }
    if (!st.isDirectory() && KUSTOMIZATION_FILES.includes(path.basename(abs))) {
      out.kustomizations.push({ abs: path.dirname(abs), rel: toRel(root, path.dirname(abs)), explicit: true });
      continue;
    }
    if (st.isDirectory()) {
      const real = fs.realpathSync(abs);
      walk(abs, inside(root, real) ? root : real);
    }
    else {
      const real = fs.realpathSync(abs);
      if (!inside(root, real) && inside(root, abs)) {
        out.skippedLinks.push(toRel(root, abs));
        continue;
      }
      addFile(abs, real, true);
    }
  }
  return out;
}
