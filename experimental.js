"use strict";
// @photostructure/sqlite/experimental: APIs whose shape may still change
// (a separate compatibility policy from the main entry point).
const { DatabasePool } = require("./lib/experimental");

exports.DatabasePool = DatabasePool;
