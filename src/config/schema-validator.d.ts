// Types of src/config/schema-validator.js, which scripts/config-validator.mjs generates from
// docs/config.schema.json with Ajv's standalone mode.
import type { ErrorObject } from 'ajv';
import type { ConfigFile } from './config.js';

interface Validate {
  (data: unknown): data is ConfigFile;
  /** The errors of the last call that returned false (Ajv's `allErrors`: all of them). */
  errors?: ErrorObject[] | null;
}

declare const validate: Validate;
export default validate;
