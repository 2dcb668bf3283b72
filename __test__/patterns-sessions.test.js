"use strict";
// The user guide /work/shared/spec/advanced-patterns.md, run as written where possible
// against a temporary directory. Deviations from the guide are marked "DEVIATION".
// This file: sessions and changesets.
const { describe, test } = require("node:test");
const assert = require("node:assert/strict");
const { sqlite, tmpPath } = require("./common");
const { ADDON_ONLY, fromExample, all, row } = require("./pattern-helpers");

const { DatabaseSync } = sqlite;

describe("sessions and changesets", () => {
  // Replicating a session's changeset (applyChangeset returns a boolean) and
  // onConflict (its argument is a number) are asserted by examples/session-sync.js
  // and examples/conflict-handling.js, run by examples.test.js on node:sqlite too.

  test("UndoRedoManager: undo and redo", { skip: ADDON_ONLY }, () => {
    const { UndoRedoManager } = fromExample("undo-redo.js");

    const db = new DatabaseSync(tmpPath("document.db"));
    db.exec("CREATE TABLE document(id INTEGER PRIMARY KEY, content TEXT); INSERT INTO document VALUES (1, 'Original')");
    const docs = () => all(db, "SELECT * FROM document ORDER BY id");
    const original = [row({ id: 1, content: "Original" })];
    const afterUpdate = [row({ id: 1, content: "New content" })];
    const afterInsert = [...afterUpdate, row({ id: 2, content: "Another document" })];

    const undoRedo = new UndoRedoManager(db);
    assert.equal(undoRedo.undo(), false);
    assert.equal(undoRedo.redo(), false);

    // Track a change
    undoRedo.startTracking();
    db.prepare("UPDATE document SET content = ? WHERE id = ?").run("New content", 1);
    undoRedo.endTracking("Update document content");
    assert.deepEqual(docs(), afterUpdate);

    // Track another change
    undoRedo.startTracking();
    db.prepare("INSERT INTO document (content) VALUES (?)").run("Another document");
    undoRedo.endTracking("Add new document");
    assert.deepEqual(docs(), afterInsert);
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content", "Add new document"], redo: [] });

    // Undo last change
    assert.equal(undoRedo.undo(), true);
    assert.deepEqual(docs(), afterUpdate);
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content"], redo: ["Add new document"] });

    // Redo
    assert.equal(undoRedo.redo(), true);
    assert.deepEqual(docs(), afterInsert);

    // Undo everything, then redo everything.
    assert.equal(undoRedo.undo(), true);
    assert.equal(undoRedo.undo(), true);
    assert.deepEqual(docs(), original);
    assert.equal(undoRedo.undo(), false);
    assert.deepEqual(undoRedo.getHistory(), { undo: [], redo: ["Add new document", "Update document content"] });
    assert.equal(undoRedo.redo(), true);
    assert.equal(undoRedo.redo(), true);
    assert.deepEqual(docs(), afterInsert);

    // A tracked period without changes records nothing; a new change clears redo.
    undoRedo.startTracking();
    undoRedo.endTracking("nothing");
    assert.equal(undoRedo.undoStack.length, 2);
    undoRedo.undo();
    undoRedo.startTracking();
    db.exec("DELETE FROM document WHERE id = 1");
    undoRedo.endTracking("Delete first document");
    assert.deepEqual(undoRedo.getHistory(), { undo: ["Update document content", "Delete first document"], redo: [] });
    assert.deepEqual(docs(), []);
    undoRedo.undo();
    assert.deepEqual(docs(), afterUpdate);
    db.close();
  });
});

// ---------------------------------------------------------------- configuration
