// Entry point of dist/index.js, the GitHub Action.
import { run } from './action/run.js';

await run();
