// Validate YAML records against a JSON Schema with ajv in strict mode (the
// second, independent validator of tests/schema_agreement.rs; Python's
// jsonschema is the first). One JSON line per file: {file, ok, errors}.
// Exit 0 when the schema compiled (whatever the verdicts), 2 when it did
// not compile in strict mode, 3 when a module is missing (npm ci).
"use strict";
const fs = require("fs");
let Ajv2020, addFormats, YAML;
try {
  Ajv2020 = require("ajv/dist/2020");
  addFormats = require("ajv-formats");
  YAML = require("yaml");
} catch (e) {
  console.error(`missing module: ${e.message}`);
  process.exit(3);
}
const [schemaPath, ...files] = process.argv.slice(2);
// strict: true turns on strictSchema, strictNumbers, strictTypes,
// strictTuples and strictRequired; nothing is relaxed.
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error(`the schema does not compile in strict mode: ${e.message}`);
  process.exit(2);
}
for (const file of files) {
  // YAML 1.2 core schema, as editors read it: dates stay text.
  const doc = YAML.parse(fs.readFileSync(file, "utf8"), { schema: "core" });
  const ok = validate(doc);
  const errors = ok ? [] : validate.errors.map((e) => `${e.instancePath} ${e.message}`);
  console.log(JSON.stringify({ file, ok, errors }));
}
