"use strict";
// Module surface: exports, constants, classes, prototypes, instance property
// layout, constructor guards, receivers, the statement iterator, cloning and
// util.inspect. Reference: api.md §0, §1.1, §1.3 ("Node property layout"),
// §1.4, §1.9; design.md §0.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const util = require("node:util");
const { assertThrows, sqlite, isNode, isAddon } = require("./common");

const { DatabaseSync, StatementSync, Session, backup, constants } = sqlite;

const NODE_CONSTANTS = [
  ["SQLITE_CHANGESET_OMIT", 0],
  ["SQLITE_CHANGESET_REPLACE", 1],
  ["SQLITE_CHANGESET_ABORT", 2],
  ["SQLITE_CHANGESET_DATA", 1],
  ["SQLITE_CHANGESET_NOTFOUND", 2],
  ["SQLITE_CHANGESET_CONFLICT", 3],
  ["SQLITE_CHANGESET_CONSTRAINT", 4],
  ["SQLITE_CHANGESET_FOREIGN_KEY", 5],
  ["SQLITE_OK", 0],
  ["SQLITE_DENY", 1],
  ["SQLITE_IGNORE", 2],
  ["SQLITE_CREATE_INDEX", 1],
  ["SQLITE_CREATE_TABLE", 2],
  ["SQLITE_CREATE_TEMP_INDEX", 3],
  ["SQLITE_CREATE_TEMP_TABLE", 4],
  ["SQLITE_CREATE_TEMP_TRIGGER", 5],
  ["SQLITE_CREATE_TEMP_VIEW", 6],
  ["SQLITE_CREATE_TRIGGER", 7],
  ["SQLITE_CREATE_VIEW", 8],
  ["SQLITE_DELETE", 9],
  ["SQLITE_DROP_INDEX", 10],
  ["SQLITE_DROP_TABLE", 11],
  ["SQLITE_DROP_TEMP_INDEX", 12],
  ["SQLITE_DROP_TEMP_TABLE", 13],
  ["SQLITE_DROP_TEMP_TRIGGER", 14],
  ["SQLITE_DROP_TEMP_VIEW", 15],
  ["SQLITE_DROP_TRIGGER", 16],
  ["SQLITE_DROP_VIEW", 17],
  ["SQLITE_INSERT", 18],
  ["SQLITE_PRAGMA", 19],
  ["SQLITE_READ", 20],
  ["SQLITE_SELECT", 21],
  ["SQLITE_TRANSACTION", 22],
  ["SQLITE_UPDATE", 23],
  ["SQLITE_ATTACH", 24],
  ["SQLITE_DETACH", 25],
  ["SQLITE_ALTER_TABLE", 26],
  ["SQLITE_REINDEX", 27],
  ["SQLITE_ANALYZE", 28],
  ["SQLITE_CREATE_VTABLE", 29],
  ["SQLITE_DROP_VTABLE", 30],
  ["SQLITE_FUNCTION", 31],
  ["SQLITE_SAVEPOINT", 32],
  ["SQLITE_COPY", 0],
  ["SQLITE_RECURSIVE", 33],
];

// Extension in @photostructure/sqlite (api.md §1.8): informational open flags.
const OPEN_CONSTANTS = [
  ["SQLITE_OPEN_READONLY", 1],
  ["SQLITE_OPEN_READWRITE", 2],
  ["SQLITE_OPEN_CREATE", 4],
  ["SQLITE_OPEN_DELETEONCLOSE", 8],
  ["SQLITE_OPEN_EXCLUSIVE", 16],
  ["SQLITE_OPEN_AUTOPROXY", 32],
  ["SQLITE_OPEN_URI", 64],
  ["SQLITE_OPEN_MEMORY", 128],
  ["SQLITE_OPEN_MAIN_DB", 256],
  ["SQLITE_OPEN_TEMP_DB", 512],
  ["SQLITE_OPEN_TRANSIENT_DB", 1024],
  ["SQLITE_OPEN_MAIN_JOURNAL", 2048],
  ["SQLITE_OPEN_TEMP_JOURNAL", 4096],
  ["SQLITE_OPEN_SUBJOURNAL", 8192],
  ["SQLITE_OPEN_SUPER_JOURNAL", 16384],
  ["SQLITE_OPEN_NOMUTEX", 32768],
  ["SQLITE_OPEN_FULLMUTEX", 65536],
  ["SQLITE_OPEN_SHAREDCACHE", 131072],
  ["SQLITE_OPEN_PRIVATECACHE", 262144],
  ["SQLITE_OPEN_WAL", 524288],
];

const DB_METHODS = [
  "open",
  "close",
  "prepare",
  "exec",
  "function",
  "createTagStore",
  "location",
  "aggregate",
  "createSession",
  "applyChangeset",
  "enableLoadExtension",
  "enableDefensive",
  "loadExtension",
  "serialize",
  "deserialize",
  "setAuthorizer",
  Symbol.dispose,
];

const STMT_METHODS = [
  "iterate",
  "all",
  "get",
  "run",
  "columns",
  "stat",
  "resetStats",
  "setAllowBareNamedParameters",
  "setAllowUnknownNamedParameters",
  "setReadBigInts",
  "setReturnArrays",
  "close",
  Symbol.dispose,
];

const SESSION_METHODS = ["changeset", "patchset", "close", Symbol.dispose];

const keyName = (k) => (typeof k === "symbol" ? k.toString() : k);
const sortedNames = (keys) => keys.map(keyName).sort();

function assertMethods(proto, names) {
  for (const name of names) {
    const desc = Object.getOwnPropertyDescriptor(proto, name);
    assert.ok(desc, `${keyName(name)} is an own property of the prototype`);
    assert.equal(typeof desc.value, "function", `${keyName(name)} is a method`);
    assert.deepStrictEqual(
      { enumerable: desc.enumerable, writable: desc.writable, configurable: desc.configurable },
      { enumerable: true, writable: true, configurable: true },
      `descriptor of ${keyName(name)}`,
    );
    assert.equal(desc.value.length, 0, `${keyName(name)}.length`);
    if (typeof name === "string") assert.equal(desc.value.name, name, `${name}.name`);
  }
  // Exactly these methods are enumerable own properties of the prototype.
  const enumerable = Reflect.ownKeys(proto).filter((k) => Object.getOwnPropertyDescriptor(proto, k).enumerable);
  assert.deepStrictEqual(sortedNames(enumerable), sortedNames(names));
}

function assertConstructorProperty(Class) {
  const desc = Object.getOwnPropertyDescriptor(Class.prototype, "constructor");
  assert.ok(desc, "prototype.constructor exists");
  assert.equal(desc.value, Class);
  assert.equal(desc.enumerable, false);
  assert.equal(desc.writable, true);
  assert.equal(desc.configurable, true);
}

describe("module exports", () => {
  test("node:sqlite's five exports exist with the right types", () => {
    for (const name of ["DatabaseSync", "StatementSync", "Session", "backup", "constants"]) {
      assert.ok(name in sqlite, `${name} is exported`);
    }
    assert.equal(typeof DatabaseSync, "function");
    assert.equal(typeof StatementSync, "function");
    assert.equal(typeof Session, "function");
    assert.equal(typeof backup, "function");
    assert.equal(typeof constants, "object");
    assert.notEqual(constants, null);
  });

  test("class names", () => {
    assert.equal(DatabaseSync.name, "DatabaseSync");
    assert.equal(StatementSync.name, "StatementSync");
    assert.equal(Session.name, "Session");
  });

  test("backup.length is 2 and backup.name is 'backup'", () => {
    assert.equal(backup.length, 2);
    assert.equal(backup.name, "backup");
  });
});

describe("constants", () => {
  test("all 45 node:sqlite constants have their values", () => {
    for (const [name, value] of NODE_CONSTANTS) {
      assert.ok(Object.hasOwn(constants, name), `${name} is present`);
      assert.equal(constants[name], value, name);
    }
  });

  test("key order of the node:sqlite constants", () => {
    const nodeNames = NODE_CONSTANTS.map(([n]) => n);
    const keys = Object.keys(constants).filter((k) => !k.startsWith("SQLITE_OPEN_"));
    assert.deepStrictEqual(keys, nodeNames);
  });

  test("node:sqlite has exactly 45 constants", { skip: isAddon && "the addon adds SQLITE_OPEN_* (api.md §1.8)" }, () => {
    assert.deepStrictEqual(
      Object.keys(constants),
      NODE_CONSTANTS.map(([n]) => n),
    );
  });

  test("the addon adds the 20 SQLITE_OPEN_* constants", { skip: isNode && "addon extension (api.md §1.8)" }, () => {
    for (const [name, value] of OPEN_CONSTANTS) {
      assert.ok(Object.hasOwn(constants, name), `${name} is present`);
      assert.equal(constants[name], value, name);
    }
    const expected = [...NODE_CONSTANTS, ...OPEN_CONSTANTS].map(([n]) => n).sort();
    assert.deepStrictEqual(Object.keys(constants).sort(), expected);
  });

  test("every constant is an enumerable, read-only, non-configurable number", () => {
    for (const key of Reflect.ownKeys(constants)) {
      const desc = Object.getOwnPropertyDescriptor(constants, key);
      assert.equal(typeof desc.value, "number", `${keyName(key)} is a number data property`);
      assert.deepStrictEqual(
        { enumerable: desc.enumerable, writable: desc.writable, configurable: desc.configurable },
        { enumerable: true, writable: false, configurable: false },
        `descriptor of ${keyName(key)}`,
      );
    }
  });

  test("assigning or deleting a constant has no effect (and throws in strict mode)", () => {
    assert.throws(() => {
      constants.SQLITE_OK = 5;
    }, TypeError);
    assert.throws(() => {
      delete constants.SQLITE_DENY;
    }, TypeError);
    assert.equal(constants.SQLITE_OK, 0);
    assert.equal(constants.SQLITE_DENY, 1);
  });

  test("the constants object is an ordinary object", () => {
    assert.equal(Object.getPrototypeOf(constants), Object.prototype);
  });
});

describe("DatabaseSync class layout", () => {
  test("prototype methods: names, descriptors and length", () => {
    assertMethods(DatabaseSync.prototype, DB_METHODS);
    assertConstructorProperty(DatabaseSync);
  });

  test("instance accessors isOpen / isTransaction / limits are own, enumerable, getter-only", () => {
    const db = new DatabaseSync(":memory:");
    try {
      assert.deepStrictEqual(Object.keys(db), ["isOpen", "isTransaction", "limits"]);
      for (const name of ["isOpen", "isTransaction", "limits"]) {
        const desc = Object.getOwnPropertyDescriptor(db, name);
        assert.ok(desc, `${name} is an own property`);
        assert.equal(typeof desc.get, "function", `${name} has a getter`);
        assert.equal(desc.set, undefined, `${name} has no setter`);
        assert.equal(desc.enumerable, true, `${name} is enumerable`);
      }
      assert.equal(db.isOpen, true);
      assert.equal(db.isTransaction, false);
      assert.equal(typeof db.limits, "object");
    } finally {
      db.close();
    }
  });

  test("Symbol.for('sqlite-type') is an own data property 'node:sqlite'", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const desc = Object.getOwnPropertyDescriptor(db, Symbol.for("sqlite-type"));
      assert.ok(desc, "own property");
      assert.deepStrictEqual(desc, { value: "node:sqlite", writable: true, enumerable: true, configurable: true });
      assert.equal(db[Symbol.for("sqlite-type")], "node:sqlite");
    } finally {
      db.close();
    }
  });

  test("instances: constructor, prototype and instanceof", () => {
    const db = new DatabaseSync(":memory:");
    try {
      assert.equal(db.constructor, DatabaseSync);
      assert.equal(db.constructor.name, "DatabaseSync");
      assert.equal(Object.getPrototypeOf(db), DatabaseSync.prototype);
      assert.ok(db instanceof DatabaseSync);
    } finally {
      db.close();
    }
  });

  test("assigning to a getter-only accessor throws in strict mode and changes nothing", () => {
    const db = new DatabaseSync(":memory:");
    try {
      assertThrows(
        () => {
          db.isOpen = false;
        },
        TypeError,
        { message: "Cannot set property isOpen of #<DatabaseSync> which has only a getter" },
      );
      assert.equal(db.isOpen, true);
    } finally {
      db.close();
    }
  });
});

describe("StatementSync and Session class layout", () => {
  test("StatementSync prototype methods: names, descriptors and length", () => {
    assertMethods(StatementSync.prototype, STMT_METHODS);
    assertConstructorProperty(StatementSync);
  });

  test("Session prototype methods: names, descriptors and length", () => {
    assertMethods(Session.prototype, SESSION_METHODS);
    assertConstructorProperty(Session);
  });

  test("statement instances have own enumerable getter-only sourceSQL / expandedSQL", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const stmt = db.prepare("SELECT ? AS a");
      assert.deepStrictEqual(Object.keys(stmt), ["sourceSQL", "expandedSQL"]);
      for (const name of ["sourceSQL", "expandedSQL"]) {
        const desc = Object.getOwnPropertyDescriptor(stmt, name);
        assert.ok(desc, `${name} is an own property`);
        assert.equal(typeof desc.get, "function", `${name} has a getter`);
        assert.equal(desc.set, undefined, `${name} has no setter`);
        assert.equal(desc.enumerable, true, `${name} is enumerable`);
      }
      assert.equal(stmt.sourceSQL, "SELECT ? AS a");
      assert.equal(stmt.constructor, StatementSync);
      assert.equal(Object.getPrototypeOf(stmt), StatementSync.prototype);
      assert.ok(stmt instanceof StatementSync);
      assert.equal(util.inspect(stmt), "StatementSync { sourceSQL: [Getter], expandedSQL: [Getter] }");
    } finally {
      db.close();
    }
  });
});

describe("constructor guards", () => {
  const illegal = { code: "ERR_ILLEGAL_CONSTRUCTOR", message: "Illegal constructor" };

  test("new StatementSync() -> ERR_ILLEGAL_CONSTRUCTOR", () => {
    assertThrows(() => new StatementSync(), Error, illegal);
  });

  test("new Session() -> ERR_ILLEGAL_CONSTRUCTOR", () => {
    assertThrows(() => new Session(), Error, illegal);
  });

  test("StatementSync() / Session() without new -> ERR_ILLEGAL_CONSTRUCTOR", () => {
    assertThrows(() => StatementSync(), Error, illegal);
    assertThrows(() => Session(), Error, illegal);
  });

  test("the statement iterator's constructor cannot be called", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const it = db.prepare("SELECT 1").iterate();
      const Ctor = Object.getPrototypeOf(it).constructor;
      assertThrows(() => new Ctor(), Error, illegal);
    } finally {
      db.close();
    }
  });

  test("DatabaseSync(':memory:') without new -> ERR_CONSTRUCT_CALL_REQUIRED", () => {
    assertThrows(() => DatabaseSync(":memory:"), TypeError, {
      code: "ERR_CONSTRUCT_CALL_REQUIRED",
      message: "Cannot call constructor without `new`",
    });
  });
});

describe("foreign receivers", () => {
  const illegalInvocation = { code: undefined, message: "Illegal invocation" };

  test("every DatabaseSync prototype method rejects a plain object receiver", () => {
    for (const name of DB_METHODS) {
      const method = DatabaseSync.prototype[name];
      assertThrows(() => method.call({}), TypeError, illegalInvocation);
    }
  });

  test("a DatabaseSync method rejects an object that only inherits from the prototype", () => {
    const fake = Object.create(DatabaseSync.prototype);
    assertThrows(() => fake.exec("SELECT 1"), TypeError, illegalInvocation);
    assertThrows(() => DatabaseSync.prototype.close.call(fake), TypeError, illegalInvocation);
  });

  test("DatabaseSync methods reject a statement receiver and vice versa", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const stmt = db.prepare("SELECT 1");
      assertThrows(() => DatabaseSync.prototype.exec.call(stmt, "SELECT 1"), TypeError, illegalInvocation);
      assertThrows(() => StatementSync.prototype.all.call(db), TypeError, illegalInvocation);
    } finally {
      db.close();
    }
  });

  test("every StatementSync prototype method rejects a plain object receiver", () => {
    for (const name of STMT_METHODS) {
      const method = StatementSync.prototype[name];
      assertThrows(() => method.call({}), TypeError, illegalInvocation);
    }
  });

  test("the instance getters reject a foreign receiver", () => {
    const db = new DatabaseSync(":memory:");
    try {
      for (const name of ["isOpen", "isTransaction", "limits"]) {
        const { get } = Object.getOwnPropertyDescriptor(db, name);
        assertThrows(() => get.call({}), TypeError, illegalInvocation);
      }
      const stmt = db.prepare("SELECT 1");
      for (const name of ["sourceSQL", "expandedSQL"]) {
        const { get } = Object.getOwnPropertyDescriptor(stmt, name);
        assertThrows(() => get.call({}), TypeError, illegalInvocation);
      }
    } finally {
      db.close();
    }
  });

  test("iterator methods reject a foreign receiver", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const proto = Object.getPrototypeOf(db.prepare("SELECT 1").iterate());
      assertThrows(() => proto.next.call({}), TypeError, illegalInvocation);
      assertThrows(() => proto.return.call({}), TypeError, illegalInvocation);
    } finally {
      db.close();
    }
  });
});

describe("statement iterator", () => {
  const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));

  test("its prototype has own next and return methods", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const it = db.prepare("SELECT 1 AS a").iterate();
      const proto = Object.getPrototypeOf(it);
      for (const name of ["next", "return"]) {
        const desc = Object.getOwnPropertyDescriptor(proto, name);
        assert.ok(desc, `${name} is an own property of the iterator prototype`);
        assert.equal(typeof desc.value, "function");
      }
    } finally {
      db.close();
    }
  });

  test("its prototype chain reaches %IteratorPrototype%", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const it = db.prepare("SELECT 1 AS a").iterate();
      let found = false;
      for (let p = Object.getPrototypeOf(it); p !== null; p = Object.getPrototypeOf(p)) {
        if (p === IteratorPrototype) {
          found = true;
          break;
        }
      }
      assert.ok(found, "%IteratorPrototype% is in the prototype chain");
      assert.ok(IteratorPrototype.isPrototypeOf(it));
    } finally {
      db.close();
    }
  });

  test("[Symbol.iterator]() returns the iterator itself", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const it = db.prepare("SELECT 1 AS a").iterate();
      assert.equal(typeof it[Symbol.iterator], "function");
      assert.equal(it[Symbol.iterator](), it);
    } finally {
      db.close();
    }
  });

  test(
    "Iterator helpers: toStringTag, instanceof Iterator and toArray()",
    { skip: typeof Iterator !== "function" && "the global Iterator needs Node >= 22" },
    () => {
      const db = new DatabaseSync(":memory:");
      try {
        const it = db.prepare("SELECT 1 AS a UNION ALL SELECT 2").iterate();
        assert.equal(Object.prototype.toString.call(it), "[object Iterator]");
        // eslint-disable-next-line no-undef
        assert.ok(it instanceof Iterator);
        assert.deepStrictEqual(it.toArray(), [{ __proto__: null, a: 1 }, { __proto__: null, a: 2 }]);
      } finally {
        db.close();
      }
    },
  );
});

describe("cloning and inspection", () => {
  test("structuredClone(db) throws a DataCloneError", () => {
    const db = new DatabaseSync(":memory:");
    try {
      assert.throws(
        () => structuredClone(db),
        (e) => {
          assert.ok(e instanceof DOMException, `expected a DOMException, got ${e && e.constructor && e.constructor.name}`);
          assert.equal(e.name, "DataCloneError");
          // Node-API objects cannot be V8 host objects: the addon's refusal
          // comes from its `limits` proxy, with V8's own wording.
          if (isNode) assert.equal(e.message, "Cannot clone object of unsupported type.");
          else assert.match(e.message, /could not be cloned/);
          return true;
        },
      );
      assert.equal(db.isOpen, true);
    } finally {
      db.close();
    }
  });

  test("util.inspect(db) shows the own accessors and the sqlite-type tag", () => {
    const db = new DatabaseSync(":memory:");
    try {
      const text = util.inspect(db);
      assert.ok(text.startsWith("DatabaseSync {"), text);
      assert.match(text, /\bisOpen: \[Getter\]/);
      assert.match(text, /\bisTransaction: \[Getter\]/);
      assert.match(text, /\blimits: \[Getter\]/);
      assert.match(text, /Symbol\(sqlite-type\)\]?: 'node:sqlite'/);
      assert.ok(text.indexOf("isOpen") < text.indexOf("isTransaction"));
      assert.ok(text.indexOf("isTransaction") < text.indexOf("limits"));
    } finally {
      db.close();
    }
  });

  test("util.inspect(db) works on a closed database (getters are not invoked)", () => {
    const db = new DatabaseSync(":memory:");
    db.close();
    const text = util.inspect(db);
    assert.ok(text.startsWith("DatabaseSync {"), text);
    assert.match(text, /\bisTransaction: \[Getter\]/);
  });
});
