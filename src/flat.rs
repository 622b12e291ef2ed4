//! Flat buffers of plain-old-data arrays: the form in which a compiled taxonomy is kept in memory
//! and in the cache. A buffer is 8-byte-aligned words; an array is a [`Region`] of it, read back
//! as a slice with no copy (bytemuck checks size and alignment, so a bad region is an empty slice,
//! never undefined behaviour).

use std::sync::Arc;

/// A byte range of a [`FlatBuf`], 8-byte aligned.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, bytemuck::Pod, bytemuck::Zeroable)]
pub(crate) struct Region {
    pub start: u64,
    pub len: u64,
}

/// Shared, immutable, 8-byte-aligned bytes, or a part of them.
#[derive(Debug, Clone)]
pub(crate) struct FlatBuf {
    backing: Backing,
    /// The byte range of the backing bytes this buffer is.
    start: usize,
    end: usize,
}

#[derive(Debug, Clone)]
enum Backing {
    Words(Arc<[u64]>),
    /// A read-only memory map of a file (page-aligned).
    Map(Arc<memmap2::Mmap>),
}

impl FlatBuf {
    pub fn new(words: Vec<u64>) -> FlatBuf {
        let end = words.len() * 8;
        FlatBuf {
            backing: Backing::Words(words.into()),
            start: 0,
            end,
        }
    }

    /// A buffer over a file's memory map: only the pages that are read are ever loaded.
    pub fn mapped(map: memmap2::Mmap) -> FlatBuf {
        let end = map.len();
        FlatBuf {
            backing: Backing::Map(Arc::new(map)),
            start: 0,
            end,
        }
    }

    pub fn bytes(&self) -> &[u8] {
        let all: &[u8] = match &self.backing {
            Backing::Words(w) => bytemuck::cast_slice::<u64, u8>(w),
            Backing::Map(m) => m,
        };
        all.get(self.start..self.end).unwrap_or(&[])
    }

    /// The part of this buffer in `r` (relative to this buffer), sharing the words.
    pub fn part(&self, r: Region) -> Option<FlatBuf> {
        let start = self.start.checked_add(usize::try_from(r.start).ok()?)?;
        let end = start.checked_add(usize::try_from(r.len).ok()?)?;
        (end <= self.end && start.is_multiple_of(8)).then(|| FlatBuf {
            backing: self.backing.clone(),
            start,
            end,
        })
    }

    /// The array in `r`, or `None` when the region is out of range or misaligned for `T`.
    pub fn get<T: bytemuck::Pod>(&self, r: Region) -> Option<&[T]> {
        let start = usize::try_from(r.start).ok()?;
        let end = start.checked_add(usize::try_from(r.len).ok()?)?;
        bytemuck::try_cast_slice(self.bytes().get(start..end)?).ok()
    }
}

/// Builds a [`FlatBuf`] array by array.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    words: Vec<u64>,
}

impl Writer {
    /// Appends an array (padded to 8 bytes) and returns its region.
    pub fn push<T: bytemuck::Pod>(&mut self, v: &[T]) -> Region {
        let bytes: &[u8] = bytemuck::cast_slice(v);
        let start = self.words.len() * 8;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut a = [0u8; 8];
            a.copy_from_slice(c);
            self.words.push(u64::from_ne_bytes(a));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut a = [0u8; 8];
            a[..rest.len()].copy_from_slice(rest);
            self.words.push(u64::from_ne_bytes(a));
        }
        Region {
            start: start as u64,
            len: bytes.len() as u64,
        }
    }
}

/// An array that is either owned or a region of a shared flat buffer.
#[derive(Debug, Clone)]
pub(crate) enum Arr<T> {
    Owned(Vec<T>),
    Flat(FlatBuf, Region),
}

impl<T: bytemuck::Pod> Arr<T> {
    pub fn get(&self) -> &[T] {
        match self {
            Arr::Owned(v) => v,
            Arr::Flat(b, r) => b.get(*r).unwrap_or(&[]),
        }
    }
}

/// Writes arrays after a directory (their count, then a [`Region`] each) and returns the words.
pub(crate) fn write_part(push: impl FnOnce(&mut Writer) -> Vec<Region>) -> Vec<u64> {
    // The directory's size is known only after the arrays: write them, then prepend it.
    let mut w = Writer::default();
    let regions = push(&mut w);
    let dir_words = 1 + 2 * regions.len();
    let mut words = Vec::with_capacity(dir_words + w.words.len());
    words.push(regions.len() as u64);
    for r in &regions {
        words.push(r.start + dir_words as u64 * 8);
        words.push(r.len);
    }
    words.extend_from_slice(&w.words);
    words
}

/// The directory of a part made by [`write_part`], if it lists `n` regions that fit the buffer.
pub(crate) fn read_part(buf: &FlatBuf, n: usize) -> Option<Vec<Region>> {
    let count: &[u64] = buf.get(Region { start: 0, len: 8 })?;
    if count.first() != Some(&(n as u64)) {
        return None;
    }
    let dir: &[u64] = buf.get(Region {
        start: 8,
        len: (16 * n) as u64,
    })?;
    let regions: Vec<Region> = dir
        .chunks_exact(2)
        .map(|c| Region {
            start: c[0],
            len: c[1],
        })
        .collect();
    regions
        .iter()
        .all(|&r| buf.get::<u8>(r).is_some())
        .then_some(regions)
}
