// Manifests parsed once for two scans of the same repository: the pull request's and its base
// revision's (gate `new`, the CLI's --base). Most files are the same in both, and parsing them
// was a third of the base scan. The first scan keeps each file's parse under its path and the
// SHA-256 of its bytes; the second takes it where its file has the same path and bytes, and
// parses the others. A parse is a function of the bytes, the default namespace and the limits
// only (load/index.ts), and nothing after loading writes to a parsed object, so the two scans
// share the objects themselves.
import crypto from 'node:crypto';
import type { InputLimits } from './limits.js';
import type { LoadedFile } from './index.js';
import { IGNORE_MARKER } from './texts.js';
import { isHelmOutput } from './helm/prerendered.js';

/** A file's parse as a later scan takes it: its text only when it holds a suppression comment. */
export interface KeptParse {
  loaded: LoadedFile;
  /** The length of the text (a locator checks a file it reads again against it). */
  textLength: number;
  /** Committed `helm template` output. */
  helm: boolean;
}

interface Entry extends KeptParse {
  digest: string;
  defaultNamespace: string;
  limits: InputLimits;
}

export class KeptParses {
  private readonly byPath = new Map<string, Entry>();
  /** How many parses were kept, once they are let go. */
  private released = 0;
  /** How many kept parses a later scan took. */
  taken = 0;

  static digest(bytes: Uint8Array): string {
    return crypto.createHash('sha256').update(bytes).digest('base64');
  }

  /** Keeps `loaded`, the parse of `bytes` (its digest) with these options. */
  keep(digest: string, loaded: LoadedFile, defaultNamespace: string, limits: InputLimits): void {
    const { text } = loaded;
    this.byPath.set(loaded.path, {
      // The text goes (as the scan lets it go) unless the gate reads it for suppression comments.
      loaded: { ...loaded, text: text.includes(IGNORE_MARKER) ? text : '' },
      textLength: text.length,
      helm: isHelmOutput(text),
      digest, defaultNamespace, limits,
    });
  }

  /** The kept parse of the file at `rel` when its bytes (their digest) and options are the same. */
  take(rel: string, digest: string, defaultNamespace: string, limits: InputLimits): KeptParse | undefined {
    const e = this.byPath.get(rel);
    if (!e || e.digest !== digest || e.defaultNamespace !== defaultNamespace || e.limits !== limits) return undefined;
    this.taken++;
    return e;
  }

  /** Lets go of the kept parses (the count of those kept stays). */
  release(): void {
    this.released = this.byPath.size;
    this.byPath.clear();
  }

  /** How many parses were kept. */
  get size(): number {
    return this.byPath.size || this.released;
  }
}
