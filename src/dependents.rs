//! What lives on a connection and must end before it closes (statements,
//! sessions), in slots that each one empties when it ends early. Keeping
//! ended statements listed until a sweep pinned their memory and fragmented
//! the heap of an ORM-style prepare-per-query loop.

use std::cell::RefCell;
use std::rc::Weak;

pub trait Dependent {
    fn on_close(&self);

    /// Called by `deserialize()`; returns whether it stays registered. Node
    /// finalizes statements there but keeps sessions recording.
    fn on_deserialize(&self) -> bool {
        self.on_close();
        false
    }
}

#[derive(Default)]
pub struct Dependents {
    slots: RefCell<Vec<Option<Weak<dyn Dependent>>>>,
    free: RefCell<Vec<usize>>,
}

impl Dependents {
    /// Registers `dep`; returns its slot, for `remove`.
    pub fn add(&self, dep: Weak<dyn Dependent>) -> usize {
        let mut slots = self.slots.borrow_mut();
        let mut free = self.free.borrow_mut();
        if free.is_empty() && slots.len() >= 64 && slots.len().is_power_of_two() {
            // Those that never said they ended (sessions, leaked handles).
            for (i, slot) in slots.iter_mut().enumerate() {
                if slot.as_ref().is_some_and(|w| w.strong_count() == 0) {
                    *slot = None;
                    free.push(i);
                }
            }
        }
        match free.pop() {
            Some(i) => {
                slots[i] = Some(dep);
                i
            }
            None => {
                slots.push(Some(dep));
                slots.len() - 1
            }
        }
    }

    /// Empties `slot` if it still holds `who` (after a close or deserialize
    /// it may be gone, or reused by another).
    pub fn remove(&self, slot: usize, who: *const ()) {
        let Ok(mut slots) = self.slots.try_borrow_mut() else {
            return;
        };
        let Some(entry) = slots.get_mut(slot) else {
            return;
        };
        if entry
            .as_ref()
            .is_some_and(|w| w.as_ptr() as *const () == who)
        {
            *entry = None;
            self.free.borrow_mut().push(slot);
        }
    }

    /// How many are registered.
    pub fn count(&self) -> usize {
        self.slots.borrow().iter().filter(|s| s.is_some()).count()
    }

    /// Every live dependent, leaving the registry empty (close).
    pub fn take_all(&self) -> Vec<std::rc::Rc<dyn Dependent>> {
        let slots = std::mem::take(&mut *self.slots.borrow_mut());
        self.free.borrow_mut().clear();
        slots
            .into_iter()
            .flatten()
            .filter_map(|w| w.upgrade())
            .collect()
    }

    /// `deserialize()`: each dependent registered now decides whether it
    /// stays (one prepared meanwhile, by a diagnostics subscriber, is not
    /// asked). Slots keep their places, and no borrow is held while one runs.
    pub fn deserialize(&self) {
        let present: Vec<(usize, std::rc::Rc<dyn Dependent>)> = self
            .slots
            .borrow()
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| Some((i, slot.as_ref()?.upgrade()?)))
            .collect();
        for (i, dep) in present {
            if !dep.on_deserialize() {
                let who = std::rc::Rc::as_ptr(&dep) as *const ();
                self.remove(i, who);
            }
        }
    }
}
