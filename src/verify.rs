//! `policypress verify`: checks a published log and its artifacts.

/// Runs `policypress verify`; the exit status.
pub fn cmd_verify(
    _target: &str,
    _checkpoint: Option<&std::path::Path>,
    _keys: &[std::path::PathBuf],
) -> i32 {
    2
}
