//! A compiled schema kept on disk, so a second run against the same schema package does not
//! compile it again.
//!
//! What is cached is the engine's own compiled form: reading and scanning the package's files
//! is a small part of a compile (see `docs/performance.md`, "Compiling a real schema"), so
//! only the engine can make a cached run cheap. An engine opts in by implementing
//! [`CompiledSchema`]; the cache knows nothing of its contents. The key is the digest of every
//! schema document (its package-relative path and its bytes), the nifcheck version and the
//! engine's format version, so any change to a file, to nifcheck or to the compiled form misses
//! the cache rather than using a stale entry.
//!
//! Entries live in `<cache>/xsd/<key>.bin`, `<cache>` being the folder of `--cache-dir` (the
//! remote framework cache's folder by default). Each entry starts with its own key, so a file
//! renamed or cut short is treated as absent, and is written atomically, so concurrent runs
//! sharing a cache never read half an entry. An entry that does not decode is absent too:
//! the schema is compiled and the entry replaced.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

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

/// A folder of compiled schemas.
#[derive(Debug, Clone)]
pub struct CompileCache {
    root: PathBuf,
}

impl CompileCache {
    /// The compiled schemas under a cache folder (`--cache-dir`).
    pub fn new(cache_dir: &Path) -> Self {
        CompileCache {
            root: cache_dir.join("xsd"),
        }
    }

    /// The key of a schema package compiled into form `format`: hex sha256.
    pub fn key(graph: &SchemaGraph, format: u32) -> String {
        let mut hash = Sha256::new();
        hash.update(b"nifcheck ");
        hash.update(env!("CARGO_PKG_VERSION").as_bytes());
        hash.update(format.to_le_bytes());
        for doc in &graph.docs {
            // Lengths first, so no two different packages hash the same bytes.
            hash.update((doc.rel.len() as u64).to_le_bytes());
            hash.update(doc.rel.as_bytes());
            hash.update((doc.text.len() as u64).to_le_bytes());
            hash.update(doc.text.as_bytes());
        }
        hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn path(&self, key: &str) -> PathBuf {
        self.root.join(format!("{key}.bin"))
    }

    /// The compiled schema of `graph`, when the cache has a sound one.
    pub fn get<T: CompiledSchema>(&self, graph: &SchemaGraph) -> Option<T> {
        let key = Self::key(graph, T::FORMAT);
        let bytes = std::fs::read(self.path(&key)).ok()?;
        let body = bytes.strip_prefix(key.as_bytes())?;
        T::from_bytes(body)
    }

    /// Keeps the compiled schema of `graph`. A cache that cannot be written is no error: the
    /// next run compiles again.
    pub fn put<T: CompiledSchema>(&self, graph: &SchemaGraph, compiled: &T) -> bool {
        let key = Self::key(graph, T::FORMAT);
        let mut bytes = key.as_bytes().to_vec();
        bytes.extend(compiled.to_bytes());
        std::fs::create_dir_all(&self.root).is_ok() && crate::atomic::write_atomically(&self.path(&key), &bytes).is_ok()
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
        // A damaged entry is absent.
        let key = CompileCache::key(&first, Count::FORMAT);
        std::fs::write(cache.path(&key), b"something else").unwrap();
        assert_eq!(cache.get::<Count>(&first), None);
    }
}
