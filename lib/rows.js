"use strict";
// Row factories: for a list of column names, a function that turns the row's
// values (passed as arguments by the addon) into a null-prototype object in
// one allocation. Cached by column names, so statements with the same columns
// share one factory and V8 sees one object shape.

const cache = new Map();
const MAX_CACHED = 2000;

function propertyKey(name) {
  // `__proto__: v` in a literal would set the prototype; a computed key
  // defines an own property, as node:sqlite does for such a column.
  return name === "__proto__" ? '["__proto__"]' : JSON.stringify(name);
}

function compile(names) {
  const params = names.map((_, i) => "v" + i);
  const literal = `{ __proto__: null, ${names.map((n, i) => `${propertyKey(n)}: v${i}`).join(", ")} }`;
  try {
    const row = new Function(...params, `"use strict"; return ${literal};`);
    row.next = new Function(...params, `"use strict"; return { __proto__: null, done: false, value: ${literal} };`);
    return row;
  } catch {
    // Code generation from strings may be disabled: build rows generically.
    const row = (...values) => {
      const obj = { __proto__: null };
      for (let i = 0; i < names.length; i++) obj[names[i]] = values[i];
      return obj;
    };
    row.next = (...values) => ({ __proto__: null, done: false, value: row(...values) });
    return row;
  }
}

function rowFactory(names) {
  // Column names never contain NUL, so the one-column key cannot collide.
  const key = names.length === 1 ? "\0" + names[0] : JSON.stringify(names);
  let row = cache.get(key);
  if (row === undefined) {
    if (cache.size >= MAX_CACHED) cache.clear();
    row = compile(names);
    cache.set(key, row);
  }
  return row;
}

const iterResult = (value) => ({ __proto__: null, done: false, value });
const doneResult = () => ({ __proto__: null, done: true, value: null });
const runResult = (changes, lastInsertRowid) => ({ changes, lastInsertRowid });
const columnInfo = (column, database, name, table, type) => ({ __proto__: null, column, database, name, table, type });

module.exports = { rowFactory, iterResult, doneResult, runResult, columnInfo };
