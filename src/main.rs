//! The `rolesift` command: parse arguments, run one command, map the result to an exit code.
//!
//! Exit codes (documented in the README): 0 success; 1 a negative answer (no hits, findings,
//! accuracy under a floor); 2 an error, or records skipped in a batch. A closed output pipe
//! (`rolesift … | head`) exits 0 quietly.

mod cli;

/// Batch classification allocates and frees many small strings on several threads; mimalloc
/// keeps that off the critical path (about a fifth of the run time with the system allocator).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
