// Entry point of dist/cli.js: a launcher that runs the command line (dist/cli-main.js) in a
// worker thread with a capped young generation (isolate.ts).
import { launch } from './isolate.js';

await launch(new URL('./cli-main.js', import.meta.url));
