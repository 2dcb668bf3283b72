"use strict";
// backup(sourceDb, path[, options]): placeholder until the backup module lands.
function backup(sourceDb, path, options) {
  throw new Error("backup() is not implemented yet");
}
module.exports = { backup };
