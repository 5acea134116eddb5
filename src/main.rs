// Rendering allocates many short-lived strings from several threads at once;
// glibc's allocator spent a fifth of a large build in `_int_malloc` (see the
// Performance section of the README), mimalloc a small fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(policypress::cli::main());
}
