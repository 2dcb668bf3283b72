"use strict";
// Session (changeset recording): a native class, constructed only by
// db.createSession().
const native = require("./native");
const { defineMethods } = require("./define");

const Session = native.Session;
defineMethods(Session.prototype, {});

module.exports = { Session };
