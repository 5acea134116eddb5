//! `policypress verify`: checks a published log (a folder or a URL) and
//! prints what it checked; the checking itself is [`crate::verify`].

use std::path::PathBuf;

use super::Format;
use crate::diag::{Diagnostic, Exit, Failure, plural};
use crate::verify::{Options, Report, source_for, verify};

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
    /// human (default) or json: every check, its result and the entries it concerns.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "human")]
    pub format: Format,
}

/// Verifies the log; the report on stdout is the result, so a failed
/// verification has nothing more to say than its exit status.
/// With `--format json`, stdout holds one JSON object (every check, its
/// result and the entries it concerns), also when the target cannot be read.
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let json = args.format == Format::Json;
    let src = source_for(&args.target).map_err(|e| {
        if json {
            let mut r = Report::default();
            r.fail("target", Vec::new(), e.clone());
            print!("{}", r.to_json(&args.target));
        }
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
    if !json {
        println!("Verifying {}", src.describe());
    }
    let report = verify(src.as_ref(), &opts);
    if json {
        print!("{}", report.to_json(&src.describe()));
        return if report.passed() {
            Ok(())
        } else {
            Err(Failure::reported(Exit::Rejected))
        };
    }
    for l in &report.lines {
        println!("{l}");
    }
    if report.passed() {
        println!(
            "Verified: every signature, inclusion proof and the log's history check out, and the log holds one truth per version."
        );
        Ok(())
    } else {
        let n = report.failures.len();
        println!("Verification FAILED: {n} problem{} found.", plural(n));
        Err(Failure::reported(Exit::Rejected))
    }
}
