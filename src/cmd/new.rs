//! `policypress new`: the arguments of each starting point and what is said
//! after writing it; the files themselves are made by [`crate::scaffold`].

use std::path::PathBuf;

use clap::Subcommand;

use super::{SiteArgs, today};
use crate::diag::Failure;
use crate::scaffold;

/// The arguments of `new`: what to create.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    pub what: What,
}

/// The starting points `new` can write.
#[derive(Debug, Subcommand)]
pub(crate) enum What {
    /// A complete starter site in Dutch and English, in a new folder.
    Site {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// A document with a first version (1.0).
    Document {
        /// The document's slug, e.g. privacyverklaring.
        slug: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// The next version of a document, with the latest texts copied in.
    Version {
        /// The document's slug.
        doc: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// A school of the publishing board.
    School {
        /// The school's slug, e.g. de-linde.
        slug: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// A processor or recipient relationship (and its organisation file).
    Relationship {
        /// The relationship's slug, e.g. the processor's name.
        slug: String,
        #[command(flatten)]
        site: SiteArgs,
    },
}

/// Writes the files, lists them, and says what to do next.
pub(crate) fn execute(args: Args) -> Result<(), Failure> {
    let today = today();
    let (root, files, next) = match args.what {
        What::Site { dir } => {
            let files = scaffold::new_site(&dir, today)?;
            let next = format!(
                "Next: edit the files under {}/content/, then preview with `policypress serve --site {}`",
                dir.display(),
                dir.display()
            );
            (dir, files, next)
        }
        What::Document { slug, site } => {
            let files = scaffold::new_document(&site.site, &slug, today)?;
            let next = format!(
                "Next: fill in the title in document.toml and write the texts of version 1.0 of {slug}"
            );
            (site.site, files, next)
        }
        What::Version { doc, site } => {
            let (n, files) = scaffold::new_version(&site.site, &doc, today)?;
            let next = format!(
                "Next: edit the texts of version {n}, say what changed in `summary`, check the dates, and set `material = true` if the change is material (wezenlijk)"
            );
            (site.site, files, next)
        }
        What::School { slug, site } => {
            let files = scaffold::new_school(&site.site, &slug)?;
            let next = "Next: fill in the school's name, BRIN code and address".to_string();
            (site.site, files, next)
        }
        What::Relationship { slug, site } => {
            let files = scaffold::new_relationship(&site.site, &slug, today)?;
            let next = "Next: fill in every [VUL IN] (purposes, data, retention) and check kind, legal basis, agreement and dates".to_string();
            (site.site, files, next)
        }
    };
    for f in files {
        println!("created {}", root.join(f).display());
    }
    println!("{next}");
    Ok(())
}
