// Entry point of dist/cli.js: a launcher that runs the command line (dist/cli-main.js) in a
// worker thread with a capped young generation (isolate.ts), with V8's code cache for the
// bundles on disk (compile-cache.ts).
import { useCompileCache } from './compile-cache.js';
import { launch } from './isolate.js';

useCompileCache();
await launch(new URL('./cli-main.js', import.meta.url));
