//! Throughput comparison (filled in below).
fn main() {}
