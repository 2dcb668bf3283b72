"use strict";
// Reliability, leaks: preparing and finalizing statements, opening and closing
// databases and registering user functions leave RSS within 20 MB of its
// warmed-up start, and every watched object is garbage-collected (checked in
// a child process under --expose-gc). `npm run stress` runs 1,000,000
// statements, 100,000 databases and 100,000 registrations.
const { test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const path = require("node:path");
const { tmpPath } = require("./common");

const MB = 1024 * 1024;
const script = path.resolve(__dirname, "..", "stress", "lib", "leak-child.js");

test("100,000 statements, 5,000 databases and 20,000 function registrations do not grow RSS", (t) => {
  const dir = path.dirname(tmpPath());
  const res = spawnSync(process.execPath, ["--expose-gc", script, "100000", "5000", "20000", dir], {
    encoding: "utf8",
    env: process.env,
    timeout: 120000,
  });
  assert.equal(res.status, 0, `leak child failed (signal ${res.signal}):\n${res.stderr}`);
  const r = JSON.parse(res.stdout);
  t.diagnostic(
    `RSS ${Math.round(r.baseline / MB)} -> ${Math.round(r.end / MB)} MB; ` +
      Object.entries(r.phases)
        .map(([name, p]) => `${name} ${(p.growth / MB).toFixed(1)} MB in ${p.ms} ms`)
        .join(", "),
  );
  for (const [name, p] of Object.entries(r.phases)) {
    assert.ok(p.growth < 20 * MB, `after ${name}: RSS grew by ${(p.growth / MB).toFixed(1)} MB (${p.roundsMB.join(", ")} MB after each round)`);
  }
  assert.ok(r.growth < 20 * MB, `RSS grew by ${(r.growth / MB).toFixed(1)} MB in all`);
  assert.equal(r.collected, r.watched, "some statements, databases or functions were never collected");
});
