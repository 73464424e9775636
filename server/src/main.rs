//! Entry point of the `likewise` binary.

use clap::Parser;
use std::process::ExitCode;

// glibc's allocator took a fifth of a page render's CPU (arena locks between the async threads and SQLite's
// worker threads, consolidation of freed chunks); mimalloc keeps per-thread free lists and returns memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = likewise::cli::Cli::parse();
    // The blocking pool does CPU work here (compressing pages for the cache): more threads than cores buys
    // nothing, and each thread's allocator arena costs memory.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(8)
        .build()
        .expect("the async runtime starts");
    runtime.block_on(likewise::cli::run(cli))
}
