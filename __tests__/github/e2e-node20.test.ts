// The bundled action end to end under Node.js 20 (the oldest the project supports).
// Run `npm run build` first: these tests run dist/index.js, not src/.
import { e2eSuite } from './e2e-suite.js';
import { NODE20 } from './harness.js';

e2eSuite({ name: 'Node 20', node: NODE20 });
