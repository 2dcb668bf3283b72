"use strict";
// Garbage collection in any order (run with --expose-gc): each round builds a
// database with statements, iterators, sessions, tag stores and functions,
// drops them in a random order with gc() in between, sometimes using or
// closing survivors, and counts how many objects were actually collected.
// Prints one JSON line: { rounds, objects, collected, openFiles } (openFiles:
// descriptors still open on the round's database files, null off Linux).
// Usage: node --expose-gc gc-order.js <seed> <rounds> <dir>
const path = require("node:path");
const { createRandom } = require("./prng");
const { load } = require("./impl");

const [seed = "1", roundsArg = "50", dir = require("node:os").tmpdir()] = process.argv.slice(2);
const { DatabaseSync } = load();
const random = createRandom(seed, "gc-order");

let collected = 0;
const registry = new FinalizationRegistry(() => collected++);
let objects = 0;
const track = (o) => {
  registry.register(o, null);
  objects++;
  return o;
};

/** How many of this process's file descriptors point into `folder` (Linux; else null). */
function openFilesIn(folder) {
  const fs = require("node:fs");
  let fds;
  try {
    fds = fs.readdirSync("/proc/self/fd");
  } catch {
    return null;
  }
  let n = 0;
  for (const fd of fds) {
    try {
      if (fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(folder + path.sep)) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

const isState = (e) => e && e.code === "ERR_INVALID_STATE";

/** Uses an object the way its kind allows; lifecycle errors are expected. */
function use(kind, o) {
  try {
    if (kind === "db") o.prepare("SELECT count(*) AS c FROM t").get();
    else if (kind === "stmt") o.all(0);
    else if (kind === "it") o.next();
    else if (kind === "session") o.changeset();
    else if (kind === "store") o.get`SELECT ${1} AS x`;
  } catch (e) {
    if (!isState(e)) throw e;
  }
}

async function round(r) {
  const file = random.chance(0.5) ? ":memory:" : path.join(dir, `gc-${seed}-${r}.db`);
  let held = [];
  {
    const db = track(new DatabaseSync(file));
    db.exec("CREATE TABLE IF NOT EXISTS t(a INTEGER PRIMARY KEY, b)");
    db.exec("INSERT INTO t(b) VALUES (1), (2), (3)");
    // A function that does not capture the database (a capturing one keeps
    // it alive by design, as in node).
    db.function("twice", (x) => x * 2);
    db.aggregate("running", { start: 0, step: (a, x) => a + x, inverse: (a, x) => a - x });
    held.push(["db", db]);
    for (let i = random.int(0, 4); i > 0; i--) {
      held.push(["stmt", track(db.prepare("SELECT a, twice(b) AS b, running(a) OVER () AS s FROM t WHERE a > ?"))]);
    }
    for (let i = random.int(0, 3); i > 0; i--) {
      const it = track(db.prepare("SELECT * FROM t").iterate());
      if (random.chance(0.7)) it.next();
      held.push(["it", it]);
    }
    for (let i = random.int(0, 2); i > 0; i--) {
      const s = track(db.createSession());
      db.exec("INSERT INTO t(b) VALUES (4)");
      held.push(["session", s]);
    }
    if (random.chance(0.5)) held.push(["store", track(db.createTagStore(2))]);
  }
  // Drop (or close, or use) in a random order.
  while (held.length) {
    const i = random.int(0, held.length - 1);
    const [kind, o] = held[i];
    const action = random.weighted([[5, "drop"], [2, "use"], [1, "close"]]);
    if (action === "use") {
      use(kind, o);
      continue;
    }
    if (action === "close") {
      try {
        if (kind === "db" || kind === "stmt" || kind === "session") o.close();
        else if (kind === "it") o.return();
      } catch (e) {
        if (!isState(e)) throw e;
      }
    }
    held.splice(i, 1);
    if (random.chance(0.5)) global.gc();
    // Survivors still work (or report a lifecycle error).
    for (const [k, survivor] of held) if (random.chance(0.3)) use(k, survivor);
  }
  held = null;
}

async function main() {
  const rounds = Number(roundsArg);
  for (let r = 0; r < rounds; r++) await round(r);
  // Let finalizers run.
  for (let i = 0; i < 10; i++) {
    global.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  process.stdout.write(`${JSON.stringify({ rounds, objects, collected, openFiles: openFilesIn(dir) })}\n`);
}

main();
