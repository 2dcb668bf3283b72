"use strict";
// Row factories. For a list of column names, three small functions that the
// addon calls with a row's values as arguments:
//   row(...v)       -> the row, a null-prototype object built in one literal;
//   next(...v)      -> the iterator result { done: false, value: row };
//   push(arr, ...v) -> appends the row to `all()`'s array.
// Cached by column names, so statements with the same columns share them and
// V8 sees one object shape. Array rows have the same three, by column count.

const byNames = new Map();
const byCount = new Map();
const MAX_CACHED = 2000;

function propertyKey(name) {
  // `__proto__: v` in a literal would set the prototype; a computed key
  // defines an own property, as node:sqlite does for such a column.
  return name === "__proto__" ? '["__proto__"]' : JSON.stringify(name);
}

function compile(params, literal, fallbackRow) {
  try {
    return {
      row: new Function(...params, `"use strict"; return ${literal};`),
      next: new Function(...params, `"use strict"; return { __proto__: null, done: false, value: ${literal} };`),
      push: new Function("rows", ...params, `"use strict"; rows.push(${literal});`),
    };
  } catch {
    // Code generation from strings may be disabled: build rows generically.
    return {
      row: fallbackRow,
      next: (...values) => ({ __proto__: null, done: false, value: fallbackRow(...values) }),
      push: (rows, ...values) => {
        rows.push(fallbackRow(...values));
      },
    };
  }
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

function rowFactory(names) {
  // Column names never contain NUL, so the one-column key cannot collide.
  const key = names.length === 1 ? "\0" + names[0] : JSON.stringify(names);
  return cached(byNames, key, () => {
    const params = names.map((_, i) => "v" + i);
    const literal = `{ __proto__: null, ${names.map((n, i) => `${propertyKey(n)}: v${i}`).join(", ")} }`;
    return compile(params, literal, (...values) => {
      const obj = { __proto__: null };
      for (let i = 0; i < names.length; i++) obj[names[i]] = values[i];
      return obj;
    });
  });
}

function arrayFactory(count) {
  return cached(byCount, count, () => {
    const params = Array.from({ length: count }, (_, i) => "v" + i);
    return compile(params, `[${params.join(", ")}]`, (...values) => values);
  });
}

const doneResult = () => ({ __proto__: null, done: true, value: null });
const runResult = (changes, lastInsertRowid) => ({ changes, lastInsertRowid });
const columnInfo = (column, database, name, table, type) => ({ __proto__: null, column, database, name, table, type });

module.exports = { rowFactory, arrayFactory, doneResult, runResult, columnInfo };
