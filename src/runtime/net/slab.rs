//! A slab with generations: sockets by key, a freed key never names a later socket.

/// Names one socket of the network: its slot and the generation of that slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct SocketKey {
    index: u32,
    generation: u32,
}

#[derive(Debug)]
pub(crate) struct Slab<T> {
    slots: Vec<(u32, Option<T>)>,
    free: Vec<u32>,
}

impl<T> Default for Slab<T> {
    fn default() -> Self {
        Self { slots: Vec::new(), free: Vec::new() }
    }
}

impl<T> Slab<T> {
    pub(crate) fn insert(&mut self, value: T) -> SocketKey {
        match self.free.pop() {
            Some(index) => {
                let slot = &mut self.slots[index as usize];
                slot.0 += 1;
                slot.1 = Some(value);
                SocketKey { index, generation: slot.0 }
            }
            None => {
                let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 sockets");
                self.slots.push((0, Some(value)));
                SocketKey { index, generation: 0 }
            }
        }
    }

    pub(crate) fn get(&self, key: SocketKey) -> Option<&T> {
        match self.slots.get(key.index as usize) {
            Some((generation, Some(value))) if *generation == key.generation => Some(value),
            _ => None,
        }
    }

    pub(crate) fn get_mut(&mut self, key: SocketKey) -> Option<&mut T> {
        match self.slots.get_mut(key.index as usize) {
            Some((generation, Some(value))) if *generation == key.generation => Some(value),
            _ => None,
        }
    }

    pub(crate) fn remove(&mut self, key: SocketKey) -> Option<T> {
        let slot = self.slots.get_mut(key.index as usize)?;
        if slot.0 != key.generation || slot.1.is_none() {
            return None;
        }
        self.free.push(key.index);
        slot.1.take()
    }

    /// The live entries, in slot order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (SocketKey, &T)> {
        self.slots.iter().enumerate().filter_map(|(i, (generation, value))| {
            let key = SocketKey { index: i as u32, generation: *generation };
            value.as_ref().map(|v| (key, v))
        })
    }
}
