"use strict";
// Session (changeset recording). Constructed only by db.createSession().
const { internalClass, defineMethods } = require("./define");
const { token } = require("./statement");

const Session = internalClass("Session", token);
defineMethods(Session.prototype, {});

module.exports = { Session };
