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
    keep_freed_memory_a_while();
    cli::main()
}

/// mimalloc's `mi_option_purge_delay` (see mimalloc.h, `mi_option_e`).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Batches free and reallocate the same few megabytes over and over (record chunks, the
/// index writer's arenas). mimalloc returns freed pages to the OS after 10 ms by default, so
/// the kernel zeroes them again on the next use — measured here as a sixth of `index add`'s
/// time. Holding them for a second costs nothing in peak memory and removes that.
#[allow(unsafe_code)]
fn keep_freed_memory_a_while() {
    // SAFETY: setting an option is a plain store in mimalloc, valid at any time; the option
    // number is the header's `mi_option_purge_delay`.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
}
