// A short tour of the main job; filled in as the features land.
"use strict";
const { DatabaseSync } = require("..");

const db = new DatabaseSync(":memory:");
db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT)");
const insert = db.prepare("INSERT INTO t(name) VALUES (?)");
for (const name of ["alpha", "beta", "gamma"]) insert.run(name);
console.log("rows:", db.prepare("SELECT * FROM t ORDER BY id").all());
db.close();
