"use strict";
// The performance issue's targets, checked against one run's results, for
// RESULTS.md: one row per target, one column per Node version.
const ADDON = "addon";
const BS3 = "better-sqlite3";
const FAST = ["select1", "get-pk", "function-10k"];
const FAST_RATIO = 1.3;
const BEAT_BS3 = 8;
const MEMORY_MB = 50;

const mark = (ok) => (ok ? "met" : "**not met**");

/** `{ label, cells: [text per run] }` per target. */
function checkTargets({ meta, runs, workloads, control }) {
  const ok = (r) => r && !r.error;
  const band = (run) => {
    const aa = workloads.map((w) => run.results[w.id]?.[control]).filter(ok);
    return aa.length ? Math.min(...aa.map((r) => r.ratio)) : 1;
  };
  const rows = [];
  rows.push({
    label: "≥ 1.00× node:sqlite on every workload",
    cells: runs.map((run) => {
      const below = workloads.filter((w) => ok(run.results[w.id]?.[ADDON]) && run.results[w.id][ADDON].ratio < 1);
      if (below.length === 0) return "met";
      const lo = band(run);
      // Three decimals where two would round up to 1.00.
      const show = (r) => (r >= 0.995 ? r.toFixed(3) : r.toFixed(2));
      const list = below.map((w) => `${w.id} ${show(run.results[w.id][ADDON].ratio)}×`).join(", ");
      const inNoise = below.every((w) => run.results[w.id][ADDON].ratio >= lo);
      return `${inNoise ? "within the A/A band" : "**not met**"} (below 1.00×: ${list}; A/A low ${lo.toFixed(2)}×)`;
    }),
  });
  for (const id of FAST) {
    const w = workloads.find((x) => x.id === id);
    if (!w) continue;
    rows.push({
      label: `≥ ${FAST_RATIO.toFixed(1)}×: ${w.title}`,
      cells: runs.map((run) => {
        const r = run.results[id]?.[ADDON];
        return ok(r) ? `${mark(r.ratio >= FAST_RATIO)} (${r.ratio.toFixed(2)}×)` : "–";
      }),
    });
  }
  rows.push({
    label: `≥ better-sqlite3 on at least ${BEAT_BS3} workloads`,
    cells: runs.map((run) => {
      const both = workloads.filter((w) => ok(run.results[w.id]?.[ADDON]) && ok(run.results[w.id]?.[BS3]));
      if (both.length === 0) return "–";
      const wins = both.filter((w) => run.results[w.id][ADDON].opsPerSec >= run.results[w.id][BS3].opsPerSec).length;
      return `${mark(wins >= BEAT_BS3)} (${wins} of ${both.length})`;
    }),
  });
  const scaleGoal = meta.cores >= 4 ? 3 : 1.8;
  rows.push({
    label: `4 workers ≥ ${scaleGoal}× one worker (${meta.cores} cores)`,
    cells: runs.map((run) => {
      const one = run.results["workers-1"]?.[ADDON];
      const four = run.results["workers-4"]?.[ADDON];
      if (!ok(one) || !ok(four)) return "–";
      const x = four.opsPerSec / one.opsPerSec;
      return `${mark(x >= scaleGoal)} (${x.toFixed(2)}×)`;
    }),
  });
  rows.push({
    label: `iterate() over 1,000,000 rows: RSS growth < ${MEMORY_MB} MB`,
    cells: runs.map((run) => {
      const m = run.memory?.[ADDON];
      return m && !m.error ? `${mark(m.peakGrowthMB < MEMORY_MB)} (${m.peakGrowthMB.toFixed(1)} MB)` : "–";
    }),
  });
  return rows;
}

module.exports = { checkTargets };
