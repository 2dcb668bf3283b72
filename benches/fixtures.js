"use strict";
// Creates the shared database files in the directory given as argument, with
// node:sqlite (run by a Node that has it): read.db for the worker-thread
// readers, backup.db (50 MB) for the backup workload, iterate.db (1,000,000
// rows) for the memory measurement.
const fs = require("node:fs");
const path = require("node:path");
const { DatabaseSync } = require("node:sqlite");
const { createUsers } = require("./workloads");

const dir = process.argv[2];
fs.mkdirSync(dir, { recursive: true });

const read = new DatabaseSync(path.join(dir, "read.db"));
createUsers(read);
read.close();

// 51,200 rows of 1 KB random blobs (incompressible, like photos' metadata).
const backup = new DatabaseSync(path.join(dir, "backup.db"));
backup.exec(`CREATE TABLE chunks (id INTEGER PRIMARY KEY, data BLOB NOT NULL);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 51200)
  INSERT INTO chunks SELECT x, randomblob(1000) FROM c;`);
backup.close();

// 1,000,000 rows shaped like the users table: what memory.js walks.
const many = new DatabaseSync(path.join(dir, "iterate.db"));
many.exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, name TEXT, email TEXT, age INTEGER, score REAL);
  WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000)
  INSERT INTO rows SELECT x, 'user ' || x, 'user' || x || '@example.com', x % 90, x / 7.0 FROM c;`);
many.close();
