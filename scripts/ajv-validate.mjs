// Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema (draft-07) with ajv.
// Usage: node ajv-validate.mjs SCHEMA FILE...   (ajv is loaded from $SARIF_TOOLS_DIR)
// Prints one "file: instancePath message" line per error; exit 1 on any error, 2 on setup.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const toolsDir = process.env.SARIF_TOOLS_DIR || path.join(here, '..', 'build', '_validators');
// ESM ignores NODE_PATH: resolve the packages from the tools dir explicitly.
const require = createRequire(path.join(path.resolve(toolsDir), 'package.json'));
const interop = (mod) => mod.default ?? mod;
const Ajv = interop(require('ajv'));
const addFormats = interop(require('ajv-formats'));

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error('usage: ajv-validate.mjs SCHEMA FILE...');
  process.exit(2);
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));

// The detail that makes the common failures actionable (which property, which values).
function detail(error) {
  if (error.keyword === 'additionalProperties') return ` (${error.params.additionalProperty})`;
  if (error.keyword === 'enum') return ` (${error.params.allowedValues.join(', ')})`;
  return '';
}

let errors = 0;
for (const file of files) {
  let data;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    // One line per error: the shell wrapper counts lines.
    const message = String(e.message).split('\n').join(' ');
    console.log(`${file}: / not readable as JSON: ${message}`);
    errors += 1;
    continue;
  }
  if (!validate(data)) {
    for (const error of validate.errors) {
      console.log(`${file}: ${error.instancePath || '/'} ${error.message}${detail(error)}`);
      errors += 1;
    }
  }
}
process.exit(errors > 0 ? 1 : 0);
