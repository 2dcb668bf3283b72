"use strict";
// TypeScript declarations: index.d.ts / index.d.mts compile under strict
// settings, the typed examples and the node:sqlite compatibility assertions in
// __test__/types/ hold (see compat.ts), a type error does fail the check, and
// the declared exports, class members and constants are exactly the runtime
// ones.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");
const { isNode } = require("./common");

const root = path.resolve(__dirname, "..");
const typesDir = path.join(__dirname, "types");
const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
const noTypeScript =
  !fs.existsSync(tsc) && "typescript is not installed (run `npm install` to get the devDependencies)";

/** Runs tsc with this Node; returns its exit code and output. */
function runTsc(project) {
  const res = spawnSync(process.execPath, [tsc, "-p", project, "--noEmit", "--pretty", "false"], {
    cwd: root,
    encoding: "utf8",
  });
  if (res.error) throw res.error;
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/** A copy of __test__/types in a temporary directory, resolving our package by path. */
function copyTypeTests() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ps-sqlite-types-"));
  for (const name of fs.readdirSync(typesDir)) {
    if (/\.m?ts$/.test(name)) fs.copyFileSync(path.join(typesDir, name), path.join(dir, name));
  }
  const config = {
    extends: path.join(typesDir, "tsconfig.json"),
    compilerOptions: {
      typeRoots: [path.join(root, "node_modules", "@types")],
      paths: {
        "@photostructure/sqlite": [path.join(root, "index.d.ts")],
        "@photostructure/sqlite/experimental": [path.join(root, "experimental.d.ts")],
      },
    },
    include: ["*.ts", "*.mts"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
  return dir;
}

describe("TypeScript declarations", () => {
  test("tsc -p __test__/types --noEmit passes", { skip: noTypeScript }, () => {
    const { status, output } = runTsc(typesDir);
    assert.equal(status, 0, `tsc reported errors:\n${output}`);
  });

  test("a deliberate type error in a copy of the type tests fails tsc", { skip: noTypeScript }, () => {
    const dir = copyTypeTests();
    try {
      // The unchanged copy passes, so the failure below comes from the error we add.
      const clean = runTsc(dir);
      assert.equal(clean.status, 0, `the unchanged copy should compile:\n${clean.output}`);

      fs.appendFileSync(
        path.join(dir, "usage.ts"),
        '\nconst notANumber: number = new DatabaseSync(":memory:").location();\n',
      );
      const broken = runTsc(dir);
      assert.notEqual(broken.status, 0, "tsc accepted a type error");
      assert.match(broken.output, /usage\.ts\(\d+,\d+\): error TS2322: Type 'string \| null' is not assignable/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Names declared as values: `export declare class|function|const NAME`, plus `default`. */
function declaredValues(file) {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const names = [...text.matchAll(/^export declare (?:class|function|const) (\w+)/gm)].map((m) => m[1]);
  if (/^export default /m.test(text)) names.push("default");
  return names.sort();
}

/** index.d.mts: the names in its `export { ... } from` list, plus `default`. */
function declaredEsmValues() {
  const text = fs.readFileSync(path.join(root, "index.d.mts"), "utf8");
  const list = /^export \{([^}]*)\} from/m.exec(text);
  assert.ok(list, "index.d.mts has no `export { ... } from` list");
  const names = list[1]
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (/^export default /m.test(text)) names.push("default");
  return names.sort();
}

/** Member names declared in the body of `export declare class <name>` (not the constructor). */
function declaredMembers(className) {
  const text = fs.readFileSync(path.join(root, "index.d.ts"), "utf8");
  const start = text.indexOf(`export declare class ${className} `);
  assert.notEqual(start, -1, `index.d.ts declares no class ${className}`);
  const body = text.slice(start, text.indexOf("\n}\n", start));
  const names = new Set();
  for (const m of body.matchAll(/^ {2}(?:readonly |private )?(\[Symbol\.\w+\]|\w+)(?=[<(:?])/gm)) names.add(m[1]);
  names.delete("constructor");
  return [...names].sort();
}

/** Names of an object's own and prototype members as index.d.ts writes them. */
function runtimeMembers(obj) {
  const name = (key) => (key === Symbol.dispose ? "[Symbol.dispose]" : key);
  const keys = new Set([...Reflect.ownKeys(Object.getPrototypeOf(obj)), ...Reflect.ownKeys(obj)].map(name));
  keys.delete("constructor");
  keys.delete(Symbol.for("sqlite-type")); // node's brand, not part of the typed API
  return [...keys].sort();
}

/** Property names of the SQLiteConstants interface. */
function declaredConstants() {
  const text = fs.readFileSync(path.join(root, "index.d.ts"), "utf8");
  const start = text.indexOf("export interface SQLiteConstants {");
  const body = text.slice(start, text.indexOf("\n}\n", start));
  return [...body.matchAll(/readonly (SQLITE_\w+): number;/g)].map((m) => m[1]).sort();
}

describe("declared exports match the runtime exports", { skip: isNode && "checks this package's own exports" }, () => {
  test("index.d.ts declares every require() export and nothing more", () => {
    const actual = Object.keys(require("..")).sort();
    assert.deepEqual(actual, declaredValues("index.d.ts"));
  });

  test("the declared classes have exactly the runtime members", () => {
    const { DatabaseSync } = require("..");
    const db = new DatabaseSync(":memory:");
    const objects = {
      DatabaseSync: db,
      StatementSync: db.prepare("SELECT 1"),
      Session: db.createSession(),
      SQLTagStore: db.createTagStore(),
    };
    for (const [className, obj] of Object.entries(objects)) {
      assert.deepEqual({ [className]: runtimeMembers(obj) }, { [className]: declaredMembers(className) });
    }
    db.close();
  });

  test("SQLiteConstants declares exactly the runtime constants", () => {
    assert.deepEqual(Object.keys(require("..").constants).sort(), declaredConstants());
  });

  test("index.d.mts declares every index.mjs export and nothing more", async () => {
    const esm = await import(pathToFileURL(path.join(root, "index.mjs")).href);
    assert.deepEqual(Object.keys(esm).sort(), declaredEsmValues());
  });
});
