//! `policypress verify-proof`: checks one artifact and its bundle, as a
//! reader downloaded them from a version's page, with keys the reader
//! trusts; the checking itself is [`crate::verify::proof`].

use std::path::PathBuf;

use super::Format;
use crate::diag::{Diagnostic, Exit, Failure};
use crate::messages::Language;
use crate::verify::proof::{InputError, TrustedKeys, read_download, verify_proof};

/// The arguments of `verify-proof`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The sealed artifact (the "signed text" a version's page offers, JSON).
    pub artifact: PathBuf,
    /// Its Sigstore bundle (the "proof" beside it, .sigstore.json).
    pub bundle: PathBuf,
    /// The log's key (log.vkey), as the publisher gave it.
    #[arg(long, value_name = "FILE")]
    pub log_key: PathBuf,
    /// The publisher's key (publisher.pub, PEM), as the publisher gave it.
    #[arg(long, value_name = "FILE")]
    pub publisher_key: PathBuf,
    /// A timestamp authority's certificate chain (PEM), as the site
    /// publishes it under transparency/tsa/; repeat for each. Needed when
    /// the bundle carries timestamps.
    #[arg(long, value_name = "FILE")]
    pub tsa: Vec<PathBuf>,
    /// human (default) or json: whether the proof holds, what it proves,
    /// and every check with its result.
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "human")]
    pub format: Format,
}

fn input(e: InputError) -> Failure {
    match e {
        InputError::Usage(m) => Failure::error(
            Diagnostic::error(m)
                .hint("give the artifact and its bundle as downloaded, then --log-key log.vkey --publisher-key publisher.pub"),
        ),
        InputError::Rejected(m) => Failure::rejected(Diagnostic::error(m)),
    }
}

/// Checks the proof; the report on stdout, in `lang` (with `--format json`
/// one JSON object), is the result, and a failed check has nothing more
/// to say than its exit status (1).
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let mut keys = TrustedKeys::read(&args.log_key, &args.publisher_key).map_err(input)?;
    for f in &args.tsa {
        let pem = read_download(f, "certificate chain").map_err(input)?;
        let name = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let authority = crate::tsa::parse_chain(&name, &pem).map_err(|why| {
            Failure::error(Diagnostic::error(format!("{}: {why}", f.display())).hint(
                "give the PEM file of the timestamp authority as the site publishes it in transparency/tsa/",
            ))
        })?;
        keys.tsa.authorities.push(authority);
    }
    let artifact = read_download(&args.artifact, "artifact").map_err(input)?;
    let bundle = read_download(&args.bundle, "bundle").map_err(input)?;
    let (a, b) = (args.artifact.display(), args.bundle.display());
    let outcome = verify_proof(&artifact, &bundle, &keys);
    if args.format == Format::Json {
        print!("{}", outcome.to_json(&a.to_string(), &b.to_string(), lang));
    } else {
        match lang {
            Language::En => println!("Checking {a} with {b}"),
            Language::Nl => println!("Controle van {a} met {b}"),
        }
        for l in outcome.lines(lang) {
            println!("{l}");
        }
    }
    if outcome.passed() {
        Ok(())
    } else {
        Err(Failure::reported(Exit::Rejected))
    }
}
