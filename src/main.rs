// Rendering allocates many short-lived strings from several threads at once;
// glibc's allocator spent a fifth of a large build in `_int_malloc` (see the
// docs/performance.md), mimalloc a small fraction of that.
// Built without transparent huge pages (`no_thp`): they cost a 10,000-page
// build about a tenth of its peak memory, and bought no time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(policypress::main());
}
