// Entry point of dist/cli.js.
import { main } from './cli.js';

process.exitCode = main(process.argv.slice(2));
