//! The views many pages share — a text, a date, an organisation, a
//! version, a document, a relationship, a school, a rendered text — each
//! made one way for every page that shows it.

use crate::history::StateStatus;
use std::sync::Arc;

use super::Renderer;
use super::views::{
    BijsluiterView, BodyView, DateView, DocumentSummary, Download, DpiaView, LegalBasisView, Link,
    OrgRef, OrgView, RelSealView, RelationshipView, SchoolSummary, SealTimeView, SealView,
    StateView, StatementView, SubProcessorView, TextView, VersionView,
};
use crate::i18n::{Strings, UiKey, iso};
use crate::markdown::Rendered;
use crate::model::{
    Date, Document, InLanguage, Location, Organisation, Places, Relationship, School,
    SchoolSelection, StatementRef, Text, TimelineEntry, Version, VersionStatus,
};
use crate::rewrite::mark_finished;
use crate::routes::Route;

impl<'a> Renderer<'a> {
    /// The interface strings of `lang` (English stands in for a language
    /// the theme has none for).
    pub(super) fn ui(&self, lang: &str) -> &'a Strings {
        self.theme
            .strings
            .get(lang)
            .or_else(|| self.theme.strings.get("en"))
            .expect("bug: the default theme has English strings")
    }

    /// The site's default language.
    pub(super) fn default_lang(&self) -> &'a str {
        self.site.config.default_lang()
    }

    /// A text for a reader of `lang`, with its language and a note when it
    /// fell back to the default language.
    pub(super) fn text(&self, t: &Text, lang: &str) -> TextView {
        let l = t.get(lang, self.default_lang());
        let ui = self.ui(lang);
        TextView {
            text: l.text.to_string(),
            lang: l.lang.filter(|x| *x != lang).map(str::to_string),
            note: l.fallback.then(|| {
                ui.fill(
                    UiKey::FallbackShort,
                    &[("language", ui.language_name(l.lang.unwrap_or_default()))],
                )
            }),
        }
    }

    /// A text in the page's own language (an interface string, a name).
    pub(super) fn plain(&self, s: &str) -> TextView {
        TextView {
            text: s.to_string(),
            lang: None,
            note: None,
        }
    }

    /// An interface string as a text.
    pub(super) fn label(&self, key: UiKey, lang: &str) -> TextView {
        self.plain(self.ui(lang).get(key))
    }

    /// A date for a reader of `lang`.
    pub(super) fn date(&self, d: Date, lang: &str) -> DateView {
        DateView {
            iso: iso(d),
            text: self.ui(lang).date(d),
        }
    }

    /// An organisation named and linked; a slug the site does not know
    /// stands for itself.
    pub(super) fn org_ref(&self, slug: &str, lang: &str) -> OrgRef {
        let name = self
            .site
            .organisations
            .get(slug)
            .map_or_else(|| self.plain(slug), |o| self.text(&o.name, lang));
        OrgRef {
            slug: slug.to_string(),
            name,
            url: Route::Organisation(slug.to_string()).path(lang),
        }
    }

    /// An organisation with its details, as its page and lists show it.
    pub(super) fn org_view(&self, o: &Organisation, lang: &str) -> OrgView {
        OrgView {
            slug: o.slug.clone(),
            name: self.text(&o.name, lang),
            url: Route::Organisation(o.slug.clone()).path(lang),
            kvk: o.kvk.clone(),
            address: o.address.as_ref().map(|a| self.text(a, lang)),
            email: o.email.clone(),
            phone: o.phone.clone(),
            website: o.website.clone(),
            description: o.description.as_ref().map(|a| self.text(a, lang)),
            dpo_name: o
                .dpo
                .as_ref()
                .and_then(|d| d.name.as_ref())
                .map(|n| self.text(n, lang)),
            dpo_email: o.dpo.as_ref().and_then(|d| d.email.clone()),
            dpo_phone: o.dpo.as_ref().and_then(|d| d.phone.clone()),
            location: o.location.as_ref().map(|p| self.places_text(p, lang)),
        }
    }

    /// The organisation that publishes the site.
    pub(super) fn publisher_view(&self, lang: &str) -> Option<OrgView> {
        self.asof.publisher().map(|o| self.org_view(o, lang))
    }

    /// "Verify this version": where the log sealed it, and its files to
    /// download.
    pub(super) fn seal_view(&self, doc: &Document, v: &Version, lang: &str) -> Option<SealView> {
        let seal = self.asof.version_seal(&doc.slug, &v.number)?;
        let url = |f: &str| format!("/{}/{f}", crate::transparency::DIR);
        let file = |f: &str| f.rsplit('/').next().unwrap_or(f).to_string();
        let number = v.number.as_str();
        let arg = [("version", number)];
        let notice = self.asof.notice_seal(&doc.slug, &v.number);
        let stem = format!("{}-{number}", doc.slug);
        Some(SealView {
            index: seal.index,
            sha256: seal.sha256.to_string(),
            artifact_url: url(seal.artifact),
            bundle_url: url(seal.bundle),
            artifact_file: file(seal.artifact),
            bundle_file: file(seal.bundle),
            notice_url: notice.map(|n| url(n.artifact)),
            artifact: self.download(
                seal.artifact,
                UiKey::DownloadVersionArtifact,
                &arg,
                format!("{stem}.json"),
                lang,
            ),
            bundle: self.download(
                seal.bundle,
                UiKey::DownloadVersionBundle,
                &arg,
                format!("{stem}.sigstore.json"),
                lang,
            ),
            notice: notice.map(|n| {
                self.download(
                    n.artifact,
                    UiKey::DownloadVersionNotice,
                    &arg,
                    format!("{stem}.notice.json"),
                    lang,
                )
            }),
            notice_bundle: notice.map(|n| {
                self.download(
                    n.bundle,
                    UiKey::DownloadNoticeBundle,
                    &arg,
                    format!("{stem}.notice.sigstore.json"),
                    lang,
                )
            }),
        })
    }

    /// A sealed file (by its path below `transparency/`) as a download:
    /// its link text, what `key` says with `args` and its size.
    fn download(
        &self,
        rel: &str,
        key: UiKey,
        args: &[(&str, &str)],
        name: String,
        lang: &str,
    ) -> Download {
        let ui = self.ui(lang);
        let size = self
            .asof
            .log()
            .and_then(|s| s.file_size(rel))
            .map(|n| ui.file_size(n))
            .unwrap_or_default();
        let mut all = args.to_vec();
        all.push(("size", &size));
        let url = format!("/{}/{rel}", crate::transparency::DIR);
        Download {
            absolute: self.asof.absolute(&url),
            url,
            text: ui.fill(key, &all),
            name,
        }
    }

    /// A relationship's seal as a page links it, with its files to
    /// download.
    fn rel_seal_view(&self, rel: &Relationship, s: crate::asof::Seal, lang: &str) -> RelSealView {
        let state = s.state.unwrap_or(1);
        let n = state.to_string();
        let arg = [("state", n.as_str())];
        let stem = format!("{}-{state}", rel.slug);
        RelSealView {
            index: s.index,
            sha256: s.sha256.to_string(),
            state,
            artifact_url: format!("/{}/{}", crate::transparency::DIR, s.artifact),
            bundle_url: format!("/{}/{}", crate::transparency::DIR, s.bundle),
            artifact: self.download(
                s.artifact,
                UiKey::DownloadStateArtifact,
                &arg,
                format!("{stem}.json"),
                lang,
            ),
            bundle: self.download(
                s.bundle,
                UiKey::DownloadStateBundle,
                &arg,
                format!("{stem}.sigstore.json"),
                lang,
            ),
            seal_time: self.state_seal_time_view(rel, s, lang),
        }
    }

    /// When the log sealed a relationship's state and what that proves of
    /// its date, as [`Self::seal_time_view`] says it of a version: not
    /// timestamped, or sealed late (more than 7 days after the state took
    /// effect: entered afterwards).
    fn state_seal_time_view(
        &self,
        rel: &Relationship,
        s: crate::asof::Seal,
        lang: &str,
    ) -> Option<SealTimeView> {
        let times = self.asof.log()?.time.as_ref()?;
        let ui = self.ui(lang);
        let sealed = times.days.get(&s.index).copied();
        let number = usize::try_from(s.state.unwrap_or(1)).ok()?;
        let since = rel
            .states()
            .iter()
            .find(|st| st.number == number)
            .map(|st| st.from)?;
        let mut notes = Vec::new();
        match sealed {
            None => notes.push(ui.get(UiKey::VerifyVersionUntimestamped).to_string()),
            Some(d) if (d - since).whole_days() > crate::transparency::LATE_AFTER_DAYS => {
                notes.push(
                    ui.get(UiKey::VerifyStateLate)
                        .replace("{sealed}", &ui.date(d))
                        .replace("{since}", &ui.date(since)),
                );
            }
            Some(_) => {}
        }
        Some(SealTimeView {
            sealed_on: sealed.map(|d| self.date(d, lang)),
            notes,
        })
    }

    /// When the log sealed a version and what that proves of its dates,
    /// for a log with timestamps: not timestamped; sealed late (entered
    /// afterwards: the log proves the text, not the date it was announced);
    /// a material change whose notice was not sealed in time.
    pub(super) fn seal_time_view(
        &self,
        doc: &Document,
        v: &Version,
        lang: &str,
    ) -> Option<SealTimeView> {
        let times = self.asof.log()?.time.as_ref()?;
        let seal = self.asof.version_seal(&doc.slug, &v.number)?;
        let ui = self.ui(lang);
        let sealed = times.days.get(&seal.index).copied();
        let mut notes = Vec::new();
        match sealed {
            None => notes.push(ui.get(UiKey::VerifyVersionUntimestamped).to_string()),
            Some(s) => {
                if let Some(p) = v.published
                    && (s - p).whole_days() > crate::transparency::LATE_AFTER_DAYS
                {
                    notes.push(
                        ui.get(UiKey::VerifyVersionLate)
                            .replace("{sealed}", &ui.date(s))
                            .replace("{published}", &ui.date(p)),
                    );
                }
            }
        }
        if v.urgent.is_none()
            && let Some(n) = self.asof.notice_seal(&doc.slug, &v.number)
        {
            let days = i64::from(times.material_notice_days);
            let in_time = times
                .days
                .get(&n.index)
                .is_some_and(|d| (v.effective - *d).whole_days() >= days);
            if !in_time {
                notes.push(
                    ui.get(UiKey::VerifyVersionNoticeLate)
                        .replace("{days}", &days.to_string()),
                );
            }
        }
        Some(SealTimeView {
            sealed_on: sealed.map(|d| self.date(d, lang)),
            notes,
        })
    }

    /// A version where it stands on the as-of date, with its comparisons
    /// and seal.
    pub(super) fn version_view(
        &self,
        doc: &Document,
        e: &TimelineEntry,
        lang: &str,
    ) -> VersionView {
        let v = e.version;
        let ui = self.ui(lang);
        let compare = |from: &Version| {
            Route::Compare(doc.slug.clone(), from.number.clone(), v.number.clone()).path(lang)
        };
        VersionView {
            number: v.number.to_string(),
            url: Route::Version(doc.slug.clone(), v.number.clone()).path(lang),
            status: e.status,
            status_label: ui.get(UiKey::version_status(e.status)).to_string(),
            published: v.published.map(|d| self.date(d, lang)),
            effective: self.date(v.effective, lang),
            superseded_on: e.superseded_on.map(|d| self.date(d, lang)),
            material: v.material && e.previous.is_some(),
            first: e.previous.is_none(),
            approved_by: v.approved_by.as_ref().map(|t| self.text(t, lang)),
            approved_on: v.approved_on.map(|d| self.date(d, lang)),
            summary: v.summary.as_ref().map(|t| self.text(t, lang)),
            urgent: v.urgent.as_ref().map(|t| self.text(t, lang)),
            late_entry: v.late_entry.as_ref().map(|t| self.text(t, lang)),
            notice_days: (v.effective - v.published.unwrap_or(self.asof.as_of())).whole_days(),
            seal: self.seal_view(doc, v, lang),
            seal_time: self.seal_time_view(doc, v, lang),
            material_label: ui.get(material_key(e)).to_string(),
            compare_url: e.previous.map(compare),
            compare_in_force_url: (e.status == VersionStatus::Announced)
                .then(|| self.asof.timeline(&doc.slug)?.in_force())
                .flatten()
                .map(|cur| compare(cur.version)),
            previous: e.previous.map(|p| p.number.to_string()),
        }
    }

    /// A version's text for a reader of `lang` (or in the default language,
    /// with a notice).
    pub(super) fn body_view(&self, doc: &Document, v: &Version, lang: &str) -> Option<BodyView> {
        let found = self
            .bodies
            .version_in(&doc.slug, &v.number, lang, self.default_lang())?;
        let mut body = self.rendered_body(found, v.bodies.keys().cloned().collect(), lang);
        body.sealed = self
            .asof
            .version_seal(&doc.slug, &v.number)
            .map(|s| s.sha256.to_string());
        body.short = v.short.as_ref().map(|s| self.text(s, lang));
        Some(body)
    }

    /// A rendered text as found for a reader of `lang`; `available` lists
    /// the languages it is written in.
    pub(super) fn rendered_body(
        &self,
        found: InLanguage<'_, Arc<Rendered>>,
        available: Vec<String>,
        lang: &str,
    ) -> BodyView {
        let ui = self.ui(lang);
        let other = (found.lang != lang).then_some(found.lang);
        BodyView {
            html: mark_finished(&found.value.html),
            toc: found.value.toc.clone(),
            toc_numbered: found
                .value
                .toc
                .iter()
                .any(|e| e.level == 2 && numbered_heading(&e.text)),
            lang: other.map(str::to_string),
            note: other.map(|body_lang| {
                ui.fill(
                    UiKey::FallbackBody,
                    &[
                        ("language", ui.language_name(body_lang)),
                        ("reader_language", ui.language_name(lang)),
                    ],
                )
            }),
            available,
            sealed: None,
            short: None,
        }
    }

    /// A document as lists, the home page and its own pages show it.
    pub(super) fn document_summary(&self, doc: &Document, lang: &str) -> DocumentSummary {
        let t = self
            .asof
            .timeline(&doc.slug)
            .expect("bug: every document has a timeline");
        let review = self.asof.review_due(doc);
        DocumentSummary {
            slug: doc.slug.clone(),
            title: self.text(&doc.title, lang),
            url: Route::Document(doc.slug.clone()).path(lang),
            kind_label: self
                .ui(lang)
                .get(UiKey::document_kind(doc.kind))
                .to_string(),
            owner: self.org_ref(&doc.owner, lang),
            in_force: t.in_force().map(|e| self.version_view(doc, e, lang)),
            announced: t
                .announced()
                .map(|e| self.version_view(doc, e, lang))
                .collect(),
            review_due: review.map(|(due, _)| self.date(due, lang)),
            review_overdue: review.is_some_and(|(_, overdue)| overdue),
            changes_url: Route::Changes(doc.slug.clone()).path(lang),
            latest_change: t
                .entries
                .iter()
                .rev()
                .find(|e| e.status != VersionStatus::Draft && e.previous.is_some())
                .map(|e| self.version_view(doc, e, lang)),
        }
    }

    /// A relationship with everything a data-protection officer asks of it.
    pub(super) fn relationship_view(&self, base: &Relationship, lang: &str) -> RelationshipView {
        let ui = self.ui(lang);
        // The terms shown are those in force on the as-of date; its history
        // lists every state.
        let r = self.asof.terms(base);
        let state = r.state(self.asof.as_of());
        RelationshipView {
            slug: r.slug.clone(),
            url: Route::Relationship(r.slug.clone()).path(lang),
            kind: r.kind.key().to_string(),
            kind_label: ui.get(UiKey::relationship_kind(r.kind)).to_string(),
            state: state.key().to_string(),
            state_label: ui.get(UiKey::relationship_state(state)).to_string(),
            controller: self.org_ref(&r.controller, lang),
            party: self.org_ref(&r.party, lang),
            purposes: r.purposes.iter().map(|t| self.text(t, lang)).collect(),
            data_subjects: r.data_subjects.iter().map(|t| self.text(t, lang)).collect(),
            data_categories: r
                .data_categories
                .iter()
                .map(|t| self.text(t, lang))
                .collect(),
            legal_basis: LegalBasisView {
                key: r.legal_basis.key().to_string(),
                label: ui.get(UiKey::legal_basis(r.legal_basis)).to_string(),
                article: r.legal_basis.article().to_string(),
            },
            retention: r.retention.as_ref().map(|t| self.text(t, lang)),
            location: r.location.as_ref().map(|l| self.location_view(l, lang)),
            special_categories: r
                .special_categories
                .iter()
                .map(|c| ui.get(UiKey::special_category(*c)).to_string())
                .collect(),
            dpia: r.dpia.as_ref().map(|d| DpiaView {
                done: self.date(d.done, lang),
                url: d.url.clone(),
            }),
            bijsluiter: r.bijsluiter.as_ref().map(|b| BijsluiterView {
                url: b.url.clone(),
                version: b.version.clone(),
            }),
            agreement_name: r.agreement.as_ref().map(|a| self.text(&a.name, lang)),
            agreement_signed: r
                .agreement
                .as_ref()
                .and_then(|a| a.signed)
                .map(|d| self.date(d, lang)),
            agreement_url: r.agreement.as_ref().and_then(|a| a.url.clone()),
            statement: r.statement.as_ref().map(|s| self.statement_view(s, lang)),
            sub_processors: self.sub_processors(&r.party, &r.sub_processors, lang, 0),
            since: self.date(r.since, lang),
            until: r.until.map(|d| self.date(d, lang)),
            all_schools: r.schools == SchoolSelection::All,
            schools: self
                .site
                .schools_of(r)
                .into_iter()
                .map(|s| Link {
                    title: self.text(&s.name, lang),
                    url: Route::SchoolRelationship(s.slug.clone(), r.slug.clone()).path(lang),
                })
                .collect(),
            seal: self
                .asof
                .relationship_seal(base)
                .map(|s| self.rel_seal_view(base, s, lang)),
            history: self.history(base, lang),
            has_log: self.asof.log().is_some(),
        }
    }

    /// Every state of a relationship, the latest first.
    fn history(&self, base: &Relationship, lang: &str) -> Vec<StateView> {
        let ui = self.ui(lang);
        let as_of = self.asof.as_of();
        let mut out: Vec<StateView> = base
            .states()
            .iter()
            .map(|st| {
                let status = match base.state_status(st.number, st.from, as_of) {
                    StateStatus::Announced => ("announced", UiKey::HistoryAnnounced),
                    StateStatus::Current => ("current", UiKey::HistoryCurrent),
                    StateStatus::Past => ("past", UiKey::HistoryPast),
                };
                let changes = if st.change.is_none() {
                    vec![ui.get(UiKey::HistoryFirstState).to_string()]
                } else {
                    st.deltas
                        .iter()
                        .map(|d| self.delta_text(base, d, lang))
                        .collect()
                };
                let from = ui.date(st.from);
                let period = match st.to {
                    Some(to) => ui.fill(
                        UiKey::HistoryFromTo,
                        &[("from", &from), ("to", &ui.date(to))],
                    ),
                    None => ui.fill(UiKey::HistoryFrom, &[("date", &from)]),
                };
                StateView {
                    number: st.number,
                    id: format!("state-{}", st.number),
                    heading: ui.fill(UiKey::HistoryState, &[("number", &st.number.to_string())]),
                    period,
                    from: self.date(st.from, lang),
                    to: st.to.map(|d| self.date(d, lang)),
                    status: status.0.to_string(),
                    status_label: ui.get(status.1).to_string(),
                    changes,
                    material: st.deltas.iter().any(crate::history::Delta::is_material),
                    urgent: st
                        .change
                        .and_then(|c| c.urgent.as_ref())
                        .map(|u| self.text(u, lang)),
                    sub_processors: st
                        .terms
                        .sub_processors
                        .iter()
                        .map(|s| self.org_ref(s, lang))
                        .collect(),
                    location: st
                        .terms
                        .location
                        .as_ref()
                        .map(|l| self.location_view(l, lang)),
                    outside_eea: st.terms.leaves_eea(),
                    seal: self
                        .asof
                        .state_seal(base, st.number)
                        .map(|s| self.rel_seal_view(base, s, lang)),
                }
            })
            .collect();
        out.reverse();
        out
    }

    /// The processor's own statement: on this site (pinned to a version, or
    /// the version in force) or elsewhere.
    fn statement_view(&self, s: &StatementRef, lang: &str) -> StatementView {
        match s {
            StatementRef::Url(u) => StatementView {
                title: self.label(UiKey::ProcessorStatement, lang),
                url: u.clone(),
                version: None,
                pinned: false,
                outdated: false,
                external: true,
            },
            StatementRef::Document { document, version } => {
                let doc = &self.site.documents[document];
                let t = self
                    .asof
                    .timeline(document)
                    .expect("bug: every document has a timeline");
                let current = t.in_force().map(|e| e.version.number.clone());
                let shown = version.clone().or(current.clone());
                let url = match &shown {
                    Some(n) if t.entry(n).is_some() => {
                        Route::Version(document.clone(), n.clone()).path(lang)
                    }
                    _ => Route::Document(document.clone()).path(lang),
                };
                StatementView {
                    title: self.text(&doc.title, lang),
                    url,
                    version: shown.as_ref().map(ToString::to_string),
                    pinned: version.is_some(),
                    outdated: version.is_some() && current.is_some() && *version != current,
                    external: false,
                }
            }
        }
    }

    /// A processor's sub-processors, each with its own where this site
    /// records them, three levels deep at most.
    fn sub_processors<S: AsRef<str>>(
        &self,
        processor: &str,
        list: &[S],
        lang: &str,
        depth: usize,
    ) -> Vec<SubProcessorView> {
        list.iter()
            .map(|sp| {
                let sp = sp.as_ref();
                let children = if depth < 3 && sp != processor {
                    let nested: Vec<&str> = self
                        .asof
                        .processors_used_by(sp)
                        .into_iter()
                        .filter(|p| *p != sp && *p != processor)
                        .collect();
                    self.sub_processors(sp, &nested, lang, depth + 1)
                } else {
                    Vec::new()
                };
                SubProcessorView {
                    org: self.org_ref(sp, lang),
                    location: self
                        .site
                        .organisations
                        .get(sp)
                        .and_then(|o| o.location.as_ref())
                        .map(|p| self.places_text(p, lang)),
                    children,
                }
            })
            .collect()
    }

    /// Where data is processed, in the reader's words: the countries and
    /// whether and on what basis data leaves the EEA, or the free text as
    /// written.
    pub(super) fn location_view(&self, l: &Location, lang: &str) -> TextView {
        match l {
            Location::Text(t) => self.text(t, lang),
            Location::Places(p) => TextView {
                text: self.places_text(p, lang),
                lang: None,
                note: None,
            },
        }
    }

    /// "Verenigde Staten — buiten de EER, met modelcontractbepalingen".
    pub(super) fn places_text(&self, p: &Places, lang: &str) -> String {
        let ui = self.ui(lang);
        let and = ui.get(UiKey::ListAnd);
        let names = |list: &[&crate::countries::Country]| {
            let names: Vec<String> = list.iter().map(|c| c.name(lang).to_string()).collect();
            super::rights::in_words(&names, and)
        };
        let countries = names(&p.countries);
        let outside = p.outside_eea();
        let basis = ui.get(UiKey::transfer(p.transfer));
        if outside.is_empty() {
            ui.fill(UiKey::LocationInsideEea, &[("countries", &countries)])
        } else if outside.len() == p.countries.len() {
            ui.fill(
                UiKey::LocationOutsideEea,
                &[("countries", &countries), ("basis", basis)],
            )
        } else {
            ui.fill(
                UiKey::LocationPartlyOutsideEea,
                &[
                    ("countries", &countries),
                    ("outside", &names(&outside)),
                    ("basis", basis),
                ],
            )
        }
    }

    /// A school as lists show it.
    pub(super) fn school_summary(&self, s: &School, lang: &str) -> SchoolSummary {
        SchoolSummary {
            slug: s.slug.clone(),
            name: self.text(&s.name, lang),
            url: Route::School(s.slug.clone()).path(lang),
            brin: s.brin.clone(),
            address: s.address.as_ref().map(|a| self.text(a, lang)),
        }
    }
}

/// The words for whether a version is a material change.
pub(super) fn material_key(e: &TimelineEntry) -> UiKey {
    if e.previous.is_none() {
        UiKey::FirstVersion
    } else if e.version.material {
        UiKey::MaterialChange
    } else {
        UiKey::NotMaterial
    }
}

/// Whether a heading carries its own number, as regulations number their
/// articles and annexes: "1. Inleiding", "2.3 Bewaren", "Artikel 4
/// Grondslagen", "Bijlage 1", "§ 2", "IV. Slotbepalingen". A list of such
/// headings numbered again reads "2. Artikel 1".
pub(super) fn numbered_heading(text: &str) -> bool {
    /// Words that number a part of a regulation, in the languages sites
    /// are written in, lowercased.
    const NUMBERING_WORDS: &[&str] = &[
        "artikel",
        "article",
        "art.",
        "bijlage",
        "annex",
        "appendix",
        "hoofdstuk",
        "chapter",
        "paragraaf",
        "paragraph",
        "section",
        "sectie",
        "deel",
        "part",
        "anlage",
        "kapitel",
        "abschnitt",
        "§",
    ];
    let text = text.trim_start();
    let number = |s: &str| {
        let s = s.trim_end_matches(['.', ')', ':']);
        !s.is_empty()
            && (s
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                || s.bytes().all(|b| b"IVXLC".contains(&b)))
    };
    let mut words = text.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    // "§2" written without a space.
    if let Some(rest) = first.strip_prefix('§') {
        return rest.is_empty() || number(rest);
    }
    if first.as_bytes()[0].is_ascii_digit() {
        // A year ("2024 in het kort") is not a section number.
        let bare = first.bytes().all(|b| b.is_ascii_digit());
        return number(first) && !(bare && first.len() > 3);
    }
    // A Roman numeral needs its full stop: "I" alone is a word in English.
    if first.len() > 1 && first.ends_with('.') && number(first) {
        return true;
    }
    NUMBERING_WORDS.contains(&first.to_lowercase().as_str()) && words.next().is_some_and(number)
}

#[cfg(test)]
mod tests {
    use super::numbered_heading;

    #[test]
    fn headings_with_their_own_numbers() {
        for h in [
            "1. Inleiding",
            "2.3 Bewaren",
            "10) Slot",
            "Artikel 4 Grondslagen",
            "Article 12. Final provisions",
            "Bijlage 1 Ontvangers",
            "BIJLAGE 2",
            "§ 3 Rechte",
            "§3",
            "IV. Slotbepalingen",
            "Hoofdstuk III Beveiliging",
        ] {
            assert!(numbered_heading(h), "{h}");
        }
        for h in [
            "Wie zijn wij?",
            "Over deze privacyverklaring",
            "I am a heading",
            "Artikelen en bijlagen",
            "Deel van de gegevens",
            "2024 in het kort",
            "",
            "Cookies op onze website",
        ] {
            assert!(!numbered_heading(h), "{h}");
        }
    }
}
