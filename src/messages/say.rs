//! What the commands say about their own work, in Dutch and English side
//! by side: counts, what was built or created, what to do next, the
//! preview's lines and its error overlay. To add a line: a variant of
//! [`Say`] and its arm in [`Say::words`]; the test wants a sample of it.

use super::{Language, en_count, nl_count};
use crate::upcoming::Happening;

/// Declares the lines, and (for the test) the name of every variant.
macro_rules! lines {
    ($( $(#[doc = $doc:literal])+ $name:ident $({ $($field:ident : $ty:ty),* $(,)? })? ),+ $(,)?) => {
        /// A line a command prints, or a label it writes.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Say {
            $( $(#[doc = $doc])+ $name $({ $($field: $ty),* })?, )+
        }

        /// The name of every variant, in order.
        #[cfg(test)]
        pub(super) const VARIANTS: &[&str] = &[$(stringify!($name)),+];
    };
}

lines! {
    /// What starts an error: `error`.
    ErrorLabel,
    /// What starts a warning: `warning`.
    WarningLabel,
    /// What starts a hint: `hint`.
    HintLabel,
    /// How many findings there were; `acknowledged` warnings are not shown.
    Counts { errors: usize, warnings: usize, acknowledged: usize },
    /// After the counts of a failed command.
    NothingWritten,
    /// `build` is done.
    Built { pages: usize, millis: u128, out: String },
    /// After `build`: the first day after the as-of date on which the
    /// output changes by itself (`date`, YYYY-MM-DD), and what happens then.
    ChangesOn { date: String, what: Vec<Happening> },
    /// After `build`: nothing is dated after the as-of date.
    NoChangeByItself,
    /// `new` wrote a file.
    Created { path: String },
    /// After `new site`.
    NextSite { dir: String },
    /// After `new document`.
    NextDocument { slug: String },
    /// After `new version`.
    NextVersion { number: String },
    /// After `new school`.
    NextSchool,
    /// After `new relationship`.
    NextRelationship,
    /// Where the preview is.
    Serving { url: String },
    /// The preview started with errors.
    DoesNotBuildYet,
    /// How the preview works.
    DraftsShown,
    /// A file was saved (and `more` others).
    Changed { path: String, more: usize },
    /// The first build of the preview.
    BuiltFiles { files: usize, millis: u128, warnings: usize },
    /// A rebuild of the preview.
    Rebuilt { millis: u128, pages: usize, warnings: usize },
    /// The errors of the last rebuild are gone.
    ErrorsFixed,
    /// A rebuild failed.
    NotRebuilt { errors: usize },
    /// The preview rebuilds everything.
    LostTrack,
    /// The overlay's heading.
    OverlayTitle { errors: usize },
    /// The overlay's first paragraph.
    OverlayIntro,
    /// The page shown before anything built.
    NotBuilt,
    /// `serve --open` found no browser.
    NoBrowser { command: String, error: String, url: String },
    /// `check --audit`: the heading of a school's list.
    AuditSchool { name: String, slug: String },
    /// `check --audit`: the heading of the relationships that cover no
    /// school.
    AuditNoSchool,
    /// `check --audit`: a school with nothing to chase.
    AuditNothing,
    /// `check --audit`: a processor without an agreement.
    AuditNoAgreement { party: String, relationship: String },
    /// `check --audit`: a processor that does not say where.
    AuditNoLocation { party: String, relationship: String },
    /// `check --audit`: a sub-processor that does not say where.
    AuditSubProcessorNoLocation { sub: String, party: String, relationship: String },
    /// `check --audit`: a processor without a privacybijsluiter.
    AuditNoBijsluiter { party: String, relationship: String },
    /// `check --audit`: special categories (in words) without a DPIA.
    AuditNoDpia { party: String, relationship: String, categories: Vec<String> },
    /// `check --audit`: data outside the EEA (country codes; none when a
    /// free-text location only says so) without a basis.
    AuditTransfer { party: String, relationship: String, countries: Vec<String> },
    /// `check --audit`: a sub-processor's transfer without a basis.
    AuditSubProcessorTransfer { sub: String, party: String, relationship: String, countries: Vec<String> },
    /// `check --audit`: how much there is to chase, over how many schools.
    AuditCounts { items: usize, schools: usize },
}

/// What happens on a day the site changes by itself, in Dutch and English.
fn happening(h: &Happening) -> (String, String) {
    match h {
        Happening::TakesEffect { document, version } => (
            format!("versie {version} van {document} treedt in werking"),
            format!("version {version} of {document} takes effect"),
        ),
        Happening::Starts { relationship } => (
            format!("relatie {relationship} begint"),
            format!("relationship {relationship} starts"),
        ),
        Happening::Ends {
            relationship,
            last_day,
        } => (
            format!("relatie {relationship} is afgelopen (laatste dag {last_day})"),
            format!("relationship {relationship} has ended (last day {last_day})"),
        ),
        Happening::Changes {
            relationship,
            state,
        } => (
            format!("relatie {relationship} verandert (toestand {state})"),
            format!("the terms of relationship {relationship} change (state {state})"),
        ),
        Happening::Published { document, version } => (
            format!("versie {version} van {document} wordt gepubliceerd"),
            format!("version {version} of {document} is published"),
        ),
        Happening::ReviewDue { document } => (
            format!("{document} moet opnieuw worden vastgesteld (`review_every_years`)"),
            format!("{document} is due for review (`review_every_years`)"),
        ),
    }
}

impl Say {
    /// The line in `lang`.
    pub fn text(&self, lang: Language) -> String {
        let (nl, en) = self.words();
        match lang {
            Language::Nl => nl,
            Language::En => en,
        }
    }

    /// The line in Dutch and in English.
    fn words(&self) -> (String, String) {
        use Say::*;
        match self {
            ErrorLabel => ("fout".into(), "error".into()),
            WarningLabel => ("waarschuwing".into(), "warning".into()),
            HintLabel => ("tip".into(), "hint".into()),
            Counts {
                errors,
                warnings,
                acknowledged,
            } => {
                let nl = format!(
                    "{} en {}",
                    nl_count(*errors, "fout", "fouten"),
                    nl_count(*warnings, "waarschuwing", "waarschuwingen")
                );
                let en = format!(
                    "{} and {}",
                    en_count(*errors, "error", "errors"),
                    en_count(*warnings, "warning", "warnings")
                );
                if *acknowledged == 0 {
                    (nl, en)
                } else {
                    (
                        format!(
                            "{nl} ({} met `allow` geaccepteerd en niet getoond)",
                            nl_count(*acknowledged, "waarschuwing", "waarschuwingen")
                        ),
                        format!(
                            "{en} ({} acknowledged with `allow`, not shown)",
                            en_count(*acknowledged, "warning", "warnings")
                        ),
                    )
                }
            }
            NothingWritten => (": er is niets geschreven".into(), ": nothing was written".into()),
            Built { pages, millis, out } => (
                format!("{} gemaakt in {millis} ms, in {out}", nl_count(*pages, "pagina", "pagina's")),
                format!("Built {pages} pages in {millis} ms into {out}"),
            ),
            ChangesOn { date, what } => {
                let (nl, en): (Vec<String>, Vec<String>) = what.iter().map(happening).unzip();
                (
                    format!("Deze site verandert vanzelf op {date}: {}. Bouw de site op of na die dag opnieuw (bijvoorbeeld elke nacht; zie de README).", nl.join("; ")),
                    format!("The output changes by itself on {date}: {}. Build the site again on or after that day (for example every night; see the README).", en.join("; ")),
                )
            }
            NoChangeByItself => (
                "Er staat niets gepland: deze site verandert pas als de inhoud verandert.".into(),
                "Nothing is dated later: the output changes only when the content does.".into(),
            ),
            Created { path } => (format!("gemaakt: {path}"), format!("created {path}")),
            NextSite { dir } => (
                format!("Vul nu alles in waar [VUL IN] staat, in de bestanden onder {dir}/content/, en bekijk het resultaat met `policypress serve --site {dir}`. `policypress check --site {dir}` zegt wat er nog openstaat."),
                format!("Next: edit the files under {dir}/content/, fill in every [VUL IN], then preview with `policypress serve --site {dir}`; `policypress check --site {dir}` lists what is left"),
            ),
            NextDocument { slug } => (
                format!("Vul nu de titel in document.toml in en schrijf de teksten van versie 1.0 van {slug}. Versie 1.0 is een concept tot u `published` toevoegt."),
                format!("Next: fill in the title in document.toml and write the texts of version 1.0 of {slug}; it is a draft until you add `published`"),
            ),
            NextVersion { number } => (
                format!("Pas nu de teksten van versie {number} aan, schrijf in `summary` wat er veranderd is, kijk de datum van inwerkingtreding na en zet `material = true` als de wijziging wezenlijk is. De versie is een concept: zet `published` in version.toml als ze gepubliceerd wordt."),
                format!("Next: edit the texts of version {number}, say what changed in `summary`, check the dates, and set `material = true` if the change is material (wezenlijk); it is a draft until you add `published` to version.toml"),
            ),
            NextSchool => (
                "Vul nu de naam, de BRIN-code en het adres van de school in.".into(),
                "Next: fill in the school's name, BRIN code and address".into(),
            ),
            NextRelationship => (
                "Vul nu alles in waar [VUL IN] staat (doelen, gegevens, grondslag, bewaartermijn, locatie, overeenkomst, datum) en kijk `kind` na.".into(),
                "Next: fill in every [VUL IN] (purposes, data, legal basis, retention, location, agreement, dates) and check `kind`".into(),
            ),
            Serving { url } => (
                format!("De preview staat op {url}"),
                format!("Serving the preview at {url}"),
            ),
            DoesNotBuildYet => (
                "De site kan nog niet worden gemaakt; de browser laat zien wat u moet verbeteren.".into(),
                "The site does not build yet; the browser shows what to fix.".into(),
            ),
            DraftsShown => (
                "Concepten worden getoond. public/ blijft onaangeroerd. Stop met Ctrl+C.".into(),
                "Drafts are shown. public/ is not touched. Press Ctrl+C to stop.".into(),
            ),
            Changed { path, more } => {
                if *more == 0 {
                    (format!("Gewijzigd: {path}"), format!("Changed: {path}"))
                } else {
                    (
                        format!("Gewijzigd: {path} en nog {more}"),
                        format!("Changed: {path} and {more} more"),
                    )
                }
            }
            BuiltFiles {
                files,
                millis,
                warnings,
            } => (
                format!(
                    "{} gemaakt in {millis} ms{}",
                    nl_count(*files, "bestand", "bestanden"),
                    nl_warnings(*warnings)
                ),
                format!("Built {files} files in {millis} ms{}", en_warnings(*warnings)),
            ),
            Rebuilt {
                millis,
                pages,
                warnings,
            } => (
                format!(
                    "Opnieuw gemaakt in {millis} ms: {} gewijzigd{}",
                    nl_count(*pages, "pagina", "pagina's"),
                    nl_warnings(*warnings)
                ),
                format!(
                    "Rebuilt in {millis} ms: {pages} page(s) changed{}",
                    en_warnings(*warnings)
                ),
            ),
            ErrorsFixed => ("De fouten zijn opgelost.".into(), "The errors are fixed.".into()),
            NotRebuilt { errors } => (
                format!(
                    "De site kan niet opnieuw worden gemaakt ({}); de browser laat ze zien, en de laatste goede versie blijft zichtbaar.",
                    nl_count(*errors, "fout", "fouten")
                ),
                format!(
                    "The site could not be rebuilt ({errors} error(s)); the browser shows them, and the last good version stays served."
                ),
            ),
            LostTrack => (
                "waarschuwing: de preview is de vorige versie kwijt; alles wordt opnieuw gemaakt".into(),
                "warning: the preview lost track of the last build; building everything again".into(),
            ),
            OverlayTitle { errors } => (
                format!(
                    "De site kan niet opnieuw worden gemaakt: {}",
                    nl_count(*errors, "fout", "fouten")
                ),
                format!(
                    "The site could not be rebuilt: {}",
                    en_count(*errors, "error", "errors")
                ),
            ),
            OverlayIntro => (
                "De pagina hieronder is de laatste versie die wel lukte. Verbeter de inhoud en sla op: dan verdwijnt deze melding vanzelf.".into(),
                "The page below is the last version that built. Fix the content and save: this message goes away by itself.".into(),
            ),
            NotBuilt => (
                "De site kan niet worden gemaakt".into(),
                "The site could not be built".into(),
            ),
            NoBrowser {
                command,
                error,
                url,
            } => (
                format!("waarschuwing: er kon geen browser worden geopend ({command}: {error}); open {url} zelf"),
                format!("warning: could not open a browser ({command}: {error}); open {url} yourself"),
            ),
            AuditSchool { name, slug } => (format!("Bij {name} ({slug})"), format!("At {name} ({slug})")),
            AuditNoSchool => (
                "Relaties die geen school dekken".into(),
                "Relationships that cover no school".into(),
            ),
            AuditNothing => ("niets na te lopen".into(), "nothing to chase".into()),
            AuditNoAgreement { party, relationship } => (
                format!("{party} ({relationship}): geen verwerkersovereenkomst vastgelegd (AVG art. 28 lid 3)"),
                format!("{party} ({relationship}): no data processing agreement recorded (GDPR art. 28(3))"),
            ),
            AuditNoLocation { party, relationship } => (
                format!("{party} ({relationship}): niet vastgelegd waar de gegevens worden verwerkt"),
                format!("{party} ({relationship}): where the data is processed is not recorded"),
            ),
            AuditSubProcessorNoLocation {
                sub,
                party,
                relationship,
            } => (
                format!("{party} ({relationship}): van subverwerker {sub} is niet vastgelegd waar die de gegevens verwerkt"),
                format!("{party} ({relationship}): where sub-processor {sub} processes the data is not recorded"),
            ),
            AuditNoBijsluiter { party, relationship } => (
                format!("{party} ({relationship}): geen privacybijsluiter vastgelegd"),
                format!("{party} ({relationship}): no privacybijsluiter recorded"),
            ),
            AuditNoDpia {
                party,
                relationship,
                categories,
            } => (
                format!("{party} ({relationship}): bijzondere persoonsgegevens ({}) zonder DPIA (AVG art. 35)", categories.join(", ")),
                format!("{party} ({relationship}): special categories of data ({}) without a DPIA (GDPR art. 35)", categories.join(", ")),
            ),
            AuditTransfer {
                party,
                relationship,
                countries,
            } => {
                let (nl, en) = if countries.is_empty() {
                    (String::new(), String::new())
                } else {
                    (format!(" ({})", countries.join(", ")), format!(" ({})", countries.join(", ")))
                };
                (
                    format!("{party} ({relationship}): gegevens gaan buiten de EER{nl} zonder grondslag voor de doorgifte"),
                    format!("{party} ({relationship}): data goes outside the EEA{en} without a basis for the transfer"),
                )
            }
            AuditSubProcessorTransfer {
                sub,
                party,
                relationship,
                countries,
            } => (
                format!("{party} ({relationship}): subverwerker {sub} brengt gegevens buiten de EER ({}) zonder grondslag voor de doorgifte", countries.join(", ")),
                format!("{party} ({relationship}): sub-processor {sub} takes data outside the EEA ({}) without a basis for the transfer", countries.join(", ")),
            ),
            AuditCounts { items, schools } => (
                format!(
                    "{} na te lopen bij {}",
                    nl_count(*items, "punt", "punten"),
                    nl_count(*schools, "school", "scholen")
                ),
                format!(
                    "{} to chase at {}",
                    en_count(*items, "item", "items"),
                    en_count(*schools, "school", "schools")
                ),
            ),
        }
    }
}

fn nl_warnings(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({})", nl_count(n, "waarschuwing", "waarschuwingen"))
    }
}

fn en_warnings(n: usize) -> String {
    if n == 0 {
        String::new()
    } else {
        format!(" ({})", en_count(n, "warning", "warnings"))
    }
}
