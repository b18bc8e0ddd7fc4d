// The GitHub Action as dist/index.js runs it (isolate.ts).
import { run } from './action/run.js';

await run();
