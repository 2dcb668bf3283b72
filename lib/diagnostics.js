"use strict";
// The diagnostics channel 'sqlite.db.query' (node:sqlite 26.8+): after each
// statement finishes, subscribers get a null-prototype {sql, database, duration}.
//
// The addon traces statements only while the channel has subscribers, so that
// nobody else pays for it. diagnostics_channel has no subscription events, so
// this module wraps the channel object's own subscribe/unsubscribe (and the
// store bindings, which also make a channel active): `dc.subscribe(name, fn)`
// goes through them too (Node 20-26), as does a subscription made before
// this module loaded, which `sync()` picks up at load.
const dc = require("node:diagnostics_channel");
const native = require("./native");

const channel = dc.channel("sqlite.db.query");

/** Called by the addon, from SQLite's profile callback, on the JS thread. */
function publishQuery(sql, database, duration) {
  channel.publish({ __proto__: null, sql, database, duration });
}

let tracing = false;

function sync() {
  const wanted = channel.hasSubscribers === true;
  if (wanted !== tracing) {
    tracing = wanted;
    native.setQueryTracing(wanted ? publishQuery : null);
  }
}

for (const name of ["subscribe", "unsubscribe", "bindStore", "unbindStore"]) {
  if (typeof channel[name] !== "function") continue;
  const wrapper = {
    [name](...args) {
      // The (in)active prototype's method: diagnostics_channel switches the
      // channel's prototype when it gains its first or loses its last subscriber.
      const method = Object.getPrototypeOf(this)[name];
      try {
        return Reflect.apply(method, this, args);
      } finally {
        if (this === channel) sync();
      }
    },
  }[name];
  Object.defineProperty(channel, name, { value: wrapper, writable: true, enumerable: false, configurable: true });
}

sync();

module.exports = { channel };
