/**
 * Writes src/cli/config.schema.json from the option table (src/cli/options.ts), so editors can
 * check abi-diff.config.json; test/config.test.ts fails when the file is out of date.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configSchemaText, CONFIG_SCHEMA_FILE } from '../src/cli/options.js';

writeFileSync(CONFIG_SCHEMA_FILE, configSchemaText());
process.stdout.write(`wrote ${fileURLToPath(CONFIG_SCHEMA_FILE)}\n`);
