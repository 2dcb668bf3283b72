"use strict";
// Row factories. For a list of column names, three small functions that the
// addon calls with row values as arguments:
//   row(...v)             -> the row: a null-prototype object;
//   next(...v)            -> the iterator result { done: false, value: row };
//   pushRows(rows, ...vs) -> appends rows to `all()`'s array, `vs` holding
//                            the values of one or more rows back to back.
// Cached by column names, so statements with the same columns share them and
// V8 sees one object shape. Array rows have the same three, by column count.
//
// V8 keeps null-prototype objects in dictionary mode whatever we do. A row
// starts as a `__proto__: null` literal with every column set to null, then
// one store per column: the literal is cloned from a boilerplate whose
// dictionary already has the right size and keys, so each store only
// overwrites an entry. That is about twice as fast as `Object.create(null)`
// plus one store per column, which grows and rehashes the dictionary as it
// goes, and than a literal holding the values themselves, which defines each
// property through a slow runtime path (Node 24 and 26).

const byNames = new Map();
const byCount = new Map();
const MAX_CACHED = 2000;

/**
 * `build(src)` is the code that leaves a row in `o`, `src(i)` naming column i's
 * value; the row comes from the parameters, or from the rest array `v` at `i`.
 */
function compile(count, build, fallback) {
  const params = Array.from({ length: count }, (_, i) => "v" + i);
  const fromParams = build((i) => `v${i}`);
  const fromRest = build((i) => `v[i + ${i}]`);
  try {
    return {
      row: new Function(...params, `"use strict"; ${fromParams} return o;`),
      next: new Function(
        ...params,
        `"use strict"; ${fromParams} const r = { __proto__: null, done: false, value: null }; r.value = o; return r;`,
      ),
      // A function with a rest parameter may not hold a "use strict" directive
      // of its own: it is made strict by the function that returns it.
      pushRows: new Function(
        `"use strict"; return function pushRows(rows, ...v) { for (let i = 0; i < v.length; i += ${count}) { ${fromRest} rows.push(o); } };`,
      )(),
    };
  } catch {
    // Code generation from strings may be disabled: build rows generically.
    return fallback;
  }
}

/** The three functions over a generic `make(values)`, for code-generation-free envs. */
function generic(count, make) {
  return {
    row: (...values) => make(values),
    next: (...values) => {
      const r = Object.create(null);
      r.done = false;
      r.value = make(values);
      return r;
    },
    pushRows: (rows, ...values) => {
      for (let i = 0; i < values.length; i += count) rows.push(make(values.slice(i, i + count)));
    },
  };
}

function cached(map, key, make) {
  let factory = map.get(key);
  if (factory === undefined) {
    if (map.size >= MAX_CACHED) map.clear();
    factory = make();
    map.set(key, factory);
  }
  return factory;
}

/** Rows without columns: `pushRows(rows, count)` receives a row count. */
const emptyRows = {
  row: () => Object.create(null),
  next: () => {
    const r = Object.create(null);
    r.done = false;
    r.value = Object.create(null);
    return r;
  },
  pushRows: (rows, count) => {
    for (let i = 0; i < count; i++) rows.push(Object.create(null));
  },
};

const emptyArrays = {
  row: () => [],
  next: () => {
    const r = Object.create(null);
    r.done = false;
    r.value = [];
    return r;
  },
  pushRows: (rows, count) => {
    for (let i = 0; i < count; i++) rows.push([]);
  },
};

/**
 * The code of a null-prototype object with every column null, in column order.
 * A `__proto__` key in a literal would set the prototype instead, so a shape
 * with such a column starts empty: a store to `__proto__` then defines an own
 * property (nothing on a null prototype chain intercepts it), as node:sqlite
 * defines such a column.
 */
function emptyRow(names) {
  if (names.includes("__proto__")) return "Object.create(null)";
  return `{ __proto__: null, ${names.map((n) => `${JSON.stringify(n)}: null`).join(", ")} }`;
}

function rowFactory(names) {
  if (names.length === 0) return emptyRows;
  // Column names never contain NUL, so the one-column key cannot collide.
  const key = names.length === 1 ? "\0" + names[0] : JSON.stringify(names);
  return cached(byNames, key, () =>
    compile(
      names.length,
      (src) => `const o = ${emptyRow(names)}; ${names.map((n, i) => `o[${JSON.stringify(n)}] = ${src(i)};`).join(" ")}`,
      generic(names.length, (values) => {
        const obj = Object.create(null);
        for (let i = 0; i < names.length; i++) obj[names[i]] = values[i];
        return obj;
      }),
    ),
  );
}

function arrayFactory(count) {
  if (count === 0) return emptyArrays;
  return cached(byCount, count, () =>
    compile(
      count,
      (src) => `const o = [${Array.from({ length: count }, (_, i) => src(i)).join(", ")}];`,
      generic(count, (values) => values),
    ),
  );
}

function doneResult() {
  const r = Object.create(null);
  r.done = true;
  r.value = null;
  return r;
}
const runResult = (changes, lastInsertRowid) => ({ changes, lastInsertRowid });
const columnInfo = (column, database, name, table, type) => ({ __proto__: null, column, database, name, table, type });

module.exports = { rowFactory, arrayFactory, doneResult, runResult, columnInfo };
