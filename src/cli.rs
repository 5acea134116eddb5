//! The command line.

/// Runs the command line and returns the exit status.
pub fn main() -> i32 {
    0
}
