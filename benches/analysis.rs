//! Analysis benchmarks (filled in below).
fn main() {}
