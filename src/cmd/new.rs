//! `policypress new`: the arguments of each starting point and what is said
//! after writing it; the files themselves are made by [`crate::scaffold`].

use std::path::{Path, PathBuf};

use clap::Subcommand;

use super::{SiteArgs, today};
use crate::diag::Failure;
use crate::messages::{Language, Say};
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
    /// A complete starter site in Dutch and English, in a new folder, with
    /// [VUL IN] wherever only you know what belongs.
    Site {
        /// The folder to create the site in.
        dir: PathBuf,
    },
    /// A document with a draft of its first version (1.0).
    Document {
        /// The document's slug, e.g. privacyverklaring.
        slug: String,
        #[command(flatten)]
        site: SiteArgs,
    },
    /// A draft of the next version of a document, with the latest texts
    /// copied in; it is published once you give it a publication date.
    Version {
        /// The document's slug.
        doc: String,
        /// The next major version (2.1 → 3.0) instead of the next minor
        /// one (2.1 → 2.2).
        #[arg(long)]
        major: bool,
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

impl What {
    /// The site folder it works in; `new site` has none yet.
    pub(super) fn site(&self) -> Option<&Path> {
        match self {
            What::Site { .. } => None,
            What::Document { site, .. }
            | What::Version { site, .. }
            | What::School { site, .. }
            | What::Relationship { site, .. } => Some(&site.site),
        }
    }
}

/// Writes the files, lists them, and says what to do next, in `lang`.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    let today = today();
    let (root, files, next) = match args.what {
        What::Site { dir } => {
            let files = scaffold::new_site(&dir, today, lang)?;
            let next = Say::NextSite {
                dir: dir.display().to_string(),
            };
            (dir, files, next)
        }
        What::Document { slug, site } => {
            let files = scaffold::new_document(&site.site, &slug, today, lang)?;
            (site.site, files, Say::NextDocument { slug })
        }
        What::Version { doc, major, site } => {
            let (n, files) = scaffold::new_version(&site.site, &doc, major, today, lang)?;
            let next = Say::NextVersion {
                number: n.to_string(),
            };
            (site.site, files, next)
        }
        What::School { slug, site } => {
            let files = scaffold::new_school(&site.site, &slug, lang)?;
            (site.site, files, Say::NextSchool)
        }
        What::Relationship { slug, site } => {
            let files = scaffold::new_relationship(&site.site, &slug, lang)?;
            (site.site, files, Say::NextRelationship)
        }
    };
    for f in files {
        let created = Say::Created {
            path: root.join(f).display().to_string(),
        };
        println!("{}", created.text(lang));
    }
    println!("{}", next.text(lang));
    Ok(())
}
