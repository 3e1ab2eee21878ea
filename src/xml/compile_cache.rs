//! A compiled schema kept on disk, so a second run against the same schema package does not
//! compile it again.
//!
//! What is cached is the engine's own compiled form: reading and scanning the package's files
//! is a small part of a compile (see `docs/performance.md`, "Compiling a real schema"), so
//! only the engine can make a cached run cheap. An engine opts in by implementing
//! [`CompiledSchema`]; the cache knows nothing of its contents. The key is the digest of every
//! schema document (its package-relative path and its bytes), the nifcheck version and the
//! engine's format version, so any change to a file, to nifcheck or to the compiled form misses
//! the cache rather than using a stale entry. The documents are found by their markup alone
//! ([`super::Scan::Markup`]), which is exact for this purpose: an entry exists only for
//! documents that were parsed and compiled, and any other bytes have another key.
//!
//! Entries live in `<cache>/xsd/<key>.bin`, `<cache>` being the folder of `--cache-dir` (the
//! remote framework cache's folder by default). Each entry starts with its own key and the
//! BLAKE3 digest of the rest, so a file renamed, cut short or damaged is treated as absent, and is
//! written atomically, so concurrent runs sharing a cache never read half an entry (two runs
//! writing the same entry write the same bytes, and the last rename wins). An entry that does
//! not decode is absent too: the schema is compiled and the entry replaced. Nothing the cache
//! meets is an error: a cache that cannot be read or written only means compiling again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::SchemaGraph;

/// An engine's compiled schema, as bytes it can read back.
pub trait CompiledSchema: Sized {
    /// The version of the byte form: change it whenever the form changes.
    const FORMAT: u32;
    /// The compiled schema as bytes.
    fn to_bytes(&self) -> Vec<u8>;
    /// The compiled schema back, or `None` when the bytes are not one.
    fn from_bytes(bytes: &[u8]) -> Option<Self>;
}

/// A folder of compiled schemas, and what a run did with it.
#[derive(Debug, Clone)]
pub struct CompileCache {
    root: PathBuf,
    counts: Arc<Counts>,
}

#[derive(Debug, Default)]
struct Counts {
    read: AtomicUsize,
    missed: AtomicUsize,
    written: AtomicUsize,
}

/// What a cache was used for so far: how many schemas were read from it, how many were not
/// there (or not sound) and so were compiled, and how many entries were written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CacheUse {
    /// Compiled schemas read back.
    pub read: usize,
    /// Schemas compiled because the cache had no sound entry.
    pub missed: usize,
    /// Entries written.
    pub written: usize,
}

/// The length of a key: hex BLAKE3.
const KEY_LEN: usize = 64;
/// The length of the digest of an entry's body.
const CHECK_LEN: usize = 32;

impl CompileCache {
    /// The compiled schemas under a cache folder (`--cache-dir`).
    pub fn new(cache_dir: &Path) -> Self {
        CompileCache {
            root: cache_dir.join("xsd"),
            counts: Arc::default(),
        }
    }

    /// The folder the entries are in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The key of a schema package compiled into form `format`: hex BLAKE3.
    pub fn key(graph: &SchemaGraph, format: u32) -> String {
        let mut hash = blake3::Hasher::new();
        hash.update(b"nifcheck ");
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(&format.to_le_bytes());
        for doc in &graph.docs {
            // Lengths first, so no two different packages hash the same bytes.
            hash.update(&(doc.rel.len() as u64).to_le_bytes());
            hash.update(doc.rel.as_bytes());
            hash.update(&(doc.text.len() as u64).to_le_bytes());
            hash.update(doc.text.as_bytes());
        }
        hash.finalize().to_hex().to_string()
    }

    /// The file of the entry for `graph` in form `format`.
    pub fn path(&self, graph: &SchemaGraph, format: u32) -> PathBuf {
        self.root.join(format!("{}.bin", Self::key(graph, format)))
    }

    /// The compiled schema of `graph`, when the cache has a sound one.
    pub fn get<T: CompiledSchema>(&self, graph: &SchemaGraph) -> Option<T> {
        let found = self.read::<T>(graph);
        let count = if found.is_some() {
            &self.counts.read
        } else {
            &self.counts.missed
        };
        count.fetch_add(1, Ordering::Relaxed);
        found
    }

    fn read<T: CompiledSchema>(&self, graph: &SchemaGraph) -> Option<T> {
        let key = Self::key(graph, T::FORMAT);
        let bytes = std::fs::read(self.root.join(format!("{key}.bin"))).ok()?;
        let rest = bytes.strip_prefix(key.as_bytes())?;
        let (check, body) = rest.split_at_checked(CHECK_LEN)?;
        if blake3::hash(body).as_bytes() != check {
            return None;
        }
        T::from_bytes(body)
    }

    /// Keeps the compiled schema of `graph`. A cache that cannot be written is no error: the
    /// next run compiles again.
    pub fn put<T: CompiledSchema>(&self, graph: &SchemaGraph, compiled: &T) -> bool {
        let key = Self::key(graph, T::FORMAT);
        let body = compiled.to_bytes();
        let mut bytes = Vec::with_capacity(KEY_LEN + CHECK_LEN + body.len());
        bytes.extend_from_slice(key.as_bytes());
        bytes.extend_from_slice(blake3::hash(&body).as_bytes());
        bytes.extend_from_slice(&body);
        let written = std::fs::create_dir_all(&self.root).is_ok()
            && crate::atomic::write_atomically(&self.root.join(format!("{key}.bin")), &bytes).is_ok();
        if written {
            self.counts.written.fetch_add(1, Ordering::Relaxed);
        }
        written
    }

    /// What the cache was used for so far (by this value and its clones).
    pub fn used(&self) -> CacheUse {
        CacheUse {
            read: self.counts.read.load(Ordering::Relaxed),
            missed: self.counts.missed.load(Ordering::Relaxed),
            written: self.counts.written.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::Folder;

    /// A stand-in compiled form: the number of documents.
    #[derive(Debug, PartialEq)]
    struct Count(u8);

    impl CompiledSchema for Count {
        const FORMAT: u32 = 1;
        fn to_bytes(&self) -> Vec<u8> {
            vec![self.0]
        }
        fn from_bytes(bytes: &[u8]) -> Option<Self> {
            match bytes {
                [n] => Some(Count(*n)),
                _ => None,
            }
        }
    }

    fn graph(dir: &Path, types: &str) -> SchemaGraph {
        std::fs::write(
            dir.join("main.xsd"),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="types.xsd"/></xs:schema>"#,
        )
        .unwrap();
        std::fs::write(dir.join("types.xsd"), types).unwrap();
        SchemaGraph::load(&Folder(dir.to_path_buf()), "main.xsd").unwrap()
    }

    #[test]
    fn a_compiled_schema_is_found_again_until_a_file_changes() {
        let schemas = tempfile::tempdir().unwrap();
        let cache_dir = tempfile::tempdir().unwrap();
        let cache = CompileCache::new(cache_dir.path());
        let first = graph(
            schemas.path(),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#,
        );
        assert_eq!(cache.get::<Count>(&first), None);
        assert!(cache.put(&first, &Count(2)));
        assert_eq!(cache.get::<Count>(&first), Some(Count(2)));
        let changed = graph(
            schemas.path(),
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" />"#,
        );
        assert_eq!(cache.get::<Count>(&changed), None);
        // A damaged entry is absent: another body under the same key, cut short, or foreign.
        let path = cache.path(&first, Count::FORMAT);
        let sound = std::fs::read(&path).unwrap();
        let mut flipped = sound.clone();
        *flipped.last_mut().unwrap() ^= 1;
        for damaged in [flipped, sound[..sound.len() - 1].to_vec(), b"something else".to_vec()] {
            std::fs::write(&path, damaged).unwrap();
            assert_eq!(cache.get::<Count>(&first), None);
        }
        assert_eq!(
            cache.used(),
            CacheUse {
                read: 1,
                missed: 5,
                written: 1
            }
        );
    }
}
