//! The experimental pool's slots opened in one env, for the env cleanup hook
//! (env_data.rs) to close. The slots are seen only through [`SlotControl`] so
//! that env_data.rs does not import the pool code (pool.rs implements it).

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, Weak};

/// What the env does to a pooled connection it did not open itself.
pub trait SlotControl {
    /// Closes the connection, after any request running on it.
    fn close_now(&self);
    /// Interrupts the running statement and every later one (process exit).
    fn interrupt(&self);
}

/// Weak: a slot closes with its last user.
pub type PoolRegistry = Rc<RefCell<Vec<Weak<dyn SlotControl>>>>;

pub fn register<S: SlotControl + 'static>(registry: &PoolRegistry, slot: &Arc<S>) {
    let mut list = registry.borrow_mut();
    list.retain(|w| w.strong_count() > 0);
    let weak: Weak<S> = Arc::downgrade(slot);
    list.push(weak);
}

/// Closes every slot of a dying env (env_data.rs's cleanup hook).
pub fn close_all(registry: &PoolRegistry) {
    let slots: Vec<Arc<dyn SlotControl>> =
        registry.borrow().iter().filter_map(Weak::upgrade).collect();
    for slot in slots {
        slot.close_now();
    }
}

/// Interrupts every slot's statements (`poolInterruptAll`).
pub fn interrupt_all(registry: &PoolRegistry) {
    for slot in registry.borrow().iter().filter_map(Weak::upgrade) {
        slot.interrupt();
    }
}
