"use strict";
// Undo/redo: each tracked edit is kept as a changeset and its inverse;
// undo applies the inverse, redo the original.
const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { DatabaseSync } = require("@photostructure/sqlite");

class UndoRedoManager {
  constructor(db) {
    this.db = db;
    this.undoStack = [];
    this.redoStack = [];
    this.session = null;
  }

  startTracking() {
    if (this.session) {
      this.endTracking();
    }
    this.session = this.db.createSession();
  }

  endTracking(description) {
    if (!this.session) return;

    const changeset = this.session.changeset();
    if (changeset.length > 0) {
      this.undoStack.push({
        description,
        changeset,
        // An extra: session.changesetInvert() (also exported as changesetInvert()) is not in node:sqlite.
        inverse: this.session.changesetInvert(changeset),
      });
      this.redoStack = []; // Clear redo stack on new change
    }

    this.session.close();
    this.session = null;
  }

  undo() {
    const entry = this.undoStack.pop();
    if (!entry) return false;

    // Apply inverse changeset
    this.db.applyChangeset(entry.inverse);

    // Move to redo stack
    this.redoStack.push(entry);

    return true;
  }

  redo() {
    const entry = this.redoStack.pop();
    if (!entry) return false;

    // Apply original changeset
    this.db.applyChangeset(entry.changeset);

    // Move back to undo stack
    this.undoStack.push(entry);

    return true;
  }

  getHistory() {
    return {
      undo: this.undoStack.map((e) => e.description),
      redo: this.redoStack.map((e) => e.description),
    };
  }
}

module.exports = { UndoRedoManager };

if (require.main === module) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sqlite-example-"));
  try {
    // Usage
    const db = new DatabaseSync(path.join(dir, "document.db"));
    db.exec("CREATE TABLE document(id INTEGER PRIMARY KEY, content TEXT); INSERT INTO document VALUES (1, 'Original');");
    const contents = () => db.prepare("SELECT content FROM document ORDER BY id").all().map((d) => d.content);
    const undoRedo = new UndoRedoManager(db);

    // Track a change
    undoRedo.startTracking();
    db.prepare("UPDATE document SET content = ? WHERE id = ?").run("New content", 1);
    undoRedo.endTracking("Update document content");

    // Track another change
    undoRedo.startTracking();
    db.prepare("INSERT INTO document (content) VALUES (?)").run("Another document");
    undoRedo.endTracking("Add new document");
    console.log("Documents:", contents().join(" | "));

    // Undo last change
    undoRedo.undo();
    console.log("Undid: Add new document ->", contents().join(" | "));
    assert.deepEqual(contents(), ["New content"]);

    // Redo
    undoRedo.redo();
    console.log("Redid: Add new document ->", contents().join(" | "));
    assert.deepEqual(contents(), ["New content", "Another document"]);

    // Undo both edits: back to the original.
    undoRedo.undo();
    undoRedo.undo();
    console.log("Undid both ->", contents().join(" | "));
    assert.deepEqual(contents(), ["Original"]);
    console.log("History:", JSON.stringify(undoRedo.getHistory()));

    db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
