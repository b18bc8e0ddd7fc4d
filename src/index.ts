// Entry point of dist/index.js, the GitHub Action: a launcher that runs the action
// (dist/action-main.js) in a worker thread with a capped young generation (isolate.ts).
import { launch } from './isolate.js';

await launch(new URL('./action-main.js', import.meta.url));
