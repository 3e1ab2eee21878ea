//! The `nifcheck` command: a thin shell over the library.

mod cli;

/// Every document parsed allocates once per string, key and object, from every worker thread:
/// an allocator with a heap per thread keeps that from being a fifth of a validation run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
