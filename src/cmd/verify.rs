//! `policypress verify`: checks a published log (a folder or a URL) and
//! prints what it checked; the checking itself is [`crate::verify`].

use std::path::PathBuf;

use crate::diag::{Diagnostic, Exit, Failure, plural};
use crate::verify::{Options, source_for, verify};

/// The arguments of `verify`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A built site folder (with transparency/), a site folder, or a URL.
    pub target: String,
    /// A checkpoint seen earlier; the log must have grown from it.
    #[arg(long, value_name = "FILE")]
    pub checkpoint: Option<PathBuf>,
    /// A key to trust instead of the one the site publishes: the log's
    /// verifier key (log.vkey) or the publisher's PEM key (publisher.pub). Repeatable.
    #[arg(long, value_name = "FILE")]
    pub key: Vec<PathBuf>,
}

/// Verifies the log; the report on stdout is the result, so a failed
/// verification has nothing more to say than its exit status.
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let src = source_for(&args.target).map_err(|e| {
        Failure::rejected(
            Diagnostic::error(e)
                .hint("give a built site folder (public/), a site folder or its URL"),
        )
    })?;
    let opts = Options {
        keys: args.key,
        checkpoint: args.checkpoint,
        state_dir: crate::sign::default_state_dir(),
    };
    println!("Verifying {}", src.describe());
    let report = verify(src.as_ref(), &opts);
    for l in &report.lines {
        println!("{l}");
    }
    if report.passed() {
        println!("Verified: every signature, inclusion proof and the log's history check out.");
        Ok(())
    } else {
        let n = report.failures.len();
        println!("Verification FAILED: {n} problem{} found.", plural(n));
        Err(Failure::reported(Exit::Rejected))
    }
}
