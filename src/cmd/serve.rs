//! `policypress serve`: the arguments of the live preview; the preview
//! itself is [`crate::serve`].

use super::{SiteArgs, parse_date, today};
use crate::diag::Failure;
use crate::messages::Language;
use crate::model::Date;
use crate::serve::ServeOptions;

/// The arguments of `serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, value_name = "N", default_value_t = 1111)]
    pub port: u16,
    /// The address to listen on. Default: 127.0.0.1, this computer only.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// Show the site as it is on this date (YYYY-MM-DD). Default: today.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// Serves the preview until interrupted, speaking `lang`.
pub(crate) fn execute(args: Args, lang: Language) -> Result<(), Failure> {
    crate::serve::run(ServeOptions {
        site: args.site.site,
        bind: args.bind,
        port: args.port,
        as_of: args.as_of.unwrap_or_else(today),
        open: args.open,
        lang,
    })
}
