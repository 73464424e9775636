//! Views read from the store and kept in memory, so a page rendered for a signed-in person (or with the page
//! cache off) does not read them again. A value is kept until the change-log follower hears a change it may
//! depend on (`forget`) or this process commits a library write through that store (`store::WriteCount`): whoever made a change
//! reads it at once here, and other instances within a poll, as their page caches do. A value read while
//! either happened is answered but not kept, so nothing older than the store's state is kept.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

pub struct Kept<K, V> {
    inner: Mutex<Inner<K, V>>,
    /// The library writes of this process through the store the values come from.
    writes: crate::store::WriteCount,
    /// At most this many values; when full, all are dropped (one read each to fill it again).
    cap: usize,
}

struct Inner<K, V> {
    items: HashMap<K, Arc<V>>,
    /// Raised by every `forget`.
    generation: u64,
    /// The count of this process's writes the kept values were read after.
    writes: u64,
}

/// What a miss was told, to hand back with the value read: it is kept only if nothing changed meanwhile.
#[must_use]
#[derive(Debug)]
pub struct Ticket {
    generation: u64,
    writes: u64,
}

impl<K: Hash + Eq, V> Kept<K, V> {
    pub fn new(cap: usize, writes: crate::store::WriteCount) -> Self {
        Self {
            inner: Mutex::new(Inner {
                items: HashMap::new(),
                generation: 0,
                writes: writes.get(),
            }),
            writes,
            cap: cap.max(1),
        }
    }

    /// The kept value, or the ticket to keep one read now.
    pub fn get(&self, key: &K) -> Result<Arc<V>, Ticket> {
        let inner = self.current();
        match inner.items.get(key) {
            Some(v) => Ok(v.clone()),
            None => Err(Ticket {
                generation: inner.generation,
                writes: inner.writes,
            }),
        }
    }

    /// The ticket to keep a value read now in place of one found out of date.
    pub fn ticket(&self) -> Ticket {
        let inner = self.current();
        Ticket {
            generation: inner.generation,
            writes: inner.writes,
        }
    }

    /// The map, emptied first when this process has written since its values were read.
    fn current(&self) -> std::sync::MutexGuard<'_, Inner<K, V>> {
        let writes = self.writes.get();
        let mut inner = self.inner.lock().expect("kept lock");
        if inner.writes != writes {
            inner.items.clear();
            inner.generation += 1;
            inner.writes = writes;
        }
        inner
    }

    /// Keeps `value`, read after `ticket` was given, unless a change was heard or written since.
    pub fn keep(&self, key: K, value: Arc<V>, ticket: Ticket) {
        let mut inner = self.inner.lock().expect("kept lock");
        if inner.generation != ticket.generation || self.writes.get() != ticket.writes {
            return;
        }
        if inner.items.len() >= self.cap {
            inner.items.clear();
        }
        inner.items.insert(key, value);
    }

    /// Drops every kept value; reads under way keep nothing.
    pub fn forget(&self) {
        let mut inner = self.inner.lock().expect("kept lock");
        inner.generation += 1;
        inner.items.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_kept_until_forgotten() {
        let kept: Kept<&str, i32> = Kept::new(8, Default::default());
        let ticket = kept.get(&"a").unwrap_err();
        kept.keep("a", Arc::new(1), ticket);
        assert_eq!(*kept.get(&"a").unwrap(), 1);
        kept.forget();
        assert!(kept.get(&"a").is_err());
    }

    #[test]
    fn a_value_read_across_a_forget_is_not_kept() {
        let kept: Kept<&str, i32> = Kept::new(8, Default::default());
        let ticket = kept.get(&"a").unwrap_err();
        kept.forget();
        kept.keep("a", Arc::new(1), ticket);
        assert!(kept.get(&"a").is_err());
    }

    #[test]
    fn a_full_map_starts_again() {
        let kept: Kept<i32, i32> = Kept::new(2, Default::default());
        for k in 0..3 {
            let ticket = kept.get(&k).unwrap_err();
            kept.keep(k, Arc::new(k), ticket);
        }
        assert!(kept.get(&0).is_err());
        assert_eq!(*kept.get(&2).unwrap(), 2);
    }
}
