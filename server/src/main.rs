//! Entry point of the `likewise` binary.

use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = likewise::cli::Cli::parse();
    likewise::cli::run(cli).await
}
