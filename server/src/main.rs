//! Entry point of the `likewise` binary.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // glibc gives every thread that allocates its own arena and rarely returns their memory; two arenas
    // keep a server that renders and compresses on several threads within its memory budget.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: called before any other thread exists; M_ARENA_MAX takes a plain count.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
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
