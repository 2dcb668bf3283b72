//! The env's row factories by row shape (column names, or the column count
//! for arrays), so that a statement prepared again — the prepare-per-query
//! pattern — finds its factory without building the names in JS.
//! Kept apart from rows.rs so that env_data.rs can hold it without importing
//! the row builders.

use std::collections::HashMap;
use std::rc::Rc;

use crate::js::Ref;

/// `[row, next, pushRows]` of one row shape.
pub type Factory = Rc<[Ref; 3]>;

#[derive(Default)]
pub struct FactoryCache {
    by_shape: HashMap<Vec<u8>, Factory>,
}

const MAX_CACHED_SHAPES: usize = 1000;

impl FactoryCache {
    pub fn get(&self, shape: &[u8]) -> Option<Factory> {
        self.by_shape.get(shape).cloned()
    }

    /// Adds a shape's factory; a full cache starts over rather than grow.
    pub fn insert(&mut self, shape: Vec<u8>, factory: Factory) {
        if self.by_shape.len() >= MAX_CACHED_SHAPES {
            self.by_shape.clear();
        }
        self.by_shape.insert(shape, factory);
    }
}
