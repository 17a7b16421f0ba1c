//! Entry point: set up logging, read configuration, dispatch the CLI.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    limit_heap_fragmentation();
    haarvaten::telemetry::init();
    let cli = haarvaten::cli::Cli::parse();
    match haarvaten::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("fout: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// glibc's malloc raises its mmap threshold after every large free and
/// keeps an arena per thread. Under a flood of cache misses the large,
/// short-lived buffers of the compressors then land in the heap between
/// long-lived cached pages, and the heap cannot shrink: RSS grew to four
/// times the page cache's bound (docs/benchmarks.md, "Memory under a flood
/// of distinct URLs"). A fixed threshold of 64 KiB gives those buffers
/// back to the system at once, and two arenas are plenty for two cores.
/// But a fixed threshold also leaves the trim threshold at 128 KiB, so
/// each arena gave its top back after every response and faulted it in
/// again for the next (the brotli encoder's tables): on two cores a third
/// of the time of an uncached API page went to page faults and the TLB
/// shootdowns of those returns. A top pad of 16 MiB keeps that much at
/// the top of an arena (docs/benchmarks.md, run of 2026-12-01 23:47).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_heap_fragmentation() {
    const M_TOP_PAD: std::ffi::c_int = -2;
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    const M_ARENA_MAX: std::ffi::c_int = -8;
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    // SAFETY: mallopt only changes allocator parameters and takes glibc's
    // own lock; its return value (1 = set) needs no handling.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, 64 * 1024);
        mallopt(M_ARENA_MAX, 2);
        mallopt(M_TOP_PAD, 16 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_heap_fragmentation() {}
