//! A relationship's history: the states its file describes (the base table,
//! then each `[[change]]` applied from its `from` day on) and what changed
//! between them. Plain data questions with no clock, like the model: the
//! as-of layer, the pages, the API, `check` and the log all ask them here,
//! so they agree on what the state on a date is.

use crate::model::{
    Agreement, Bijsluiter, Date, Dpia, LegalBasis, Location, Relationship, RelationshipChange,
    SpecialCategory, StatementRef, TermsChange, Text,
};

/// One state of a relationship: its terms from `from` on.
#[derive(Debug, Clone)]
pub struct State<'a> {
    /// 1 for the base table, then one more for each `[[change]]`.
    pub number: usize,
    /// The first day of the state (`since` for the first).
    pub from: Date,
    /// Its last day: the day before the next state, or the relationship's
    /// `until`.
    pub to: Option<Date>,
    /// The relationship as it stands in this state (its `changes` left as
    /// they are).
    pub terms: Relationship,
    /// The `[[change]]` that made it; `None` for the first state.
    pub change: Option<&'a RelationshipChange>,
    /// What changed from the state before, in the order of the keys.
    pub deltas: Vec<Delta>,
}

/// One thing that changed between two states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    SubProcessorAdded(String),
    SubProcessorRemoved(String),
    PurposeAdded(Text),
    PurposeRemoved(Text),
    DataCategoryAdded(Text),
    DataCategoryRemoved(Text),
    DataSubjectAdded(Text),
    DataSubjectRemoved(Text),
    LegalBasis(LegalBasis),
    Retention(Option<Text>),
    /// Another location; whether it is outside the EEA is its own delta.
    Location(Option<Location>),
    /// Data goes to a country outside the EEA from now on.
    TransferStarted,
    /// Data no longer goes outside the EEA.
    TransferEnded,
    Agreement(Option<Agreement>),
    Statement(Option<StatementRef>),
    SpecialCategoryAdded(SpecialCategory),
    SpecialCategoryRemoved(SpecialCategory),
    Dpia(Option<Dpia>),
    Bijsluiter(Option<Bijsluiter>),
}

impl Delta {
    /// A change that parents and the school must hear of ahead (AVG art.
    /// 28(2)), and that the material feed carries: a new sub-processor,
    /// purpose or data category, or a transfer outside the EEA.
    pub fn is_material(&self) -> bool {
        matches!(
            self,
            Delta::SubProcessorAdded(_)
                | Delta::PurposeAdded(_)
                | Delta::DataCategoryAdded(_)
                | Delta::SpecialCategoryAdded(_)
                | Delta::TransferStarted
        )
    }

    /// A change that needs `material_notice_days` of notice: a new
    /// sub-processor, purpose or transfer outside the EEA.
    pub fn needs_notice(&self) -> bool {
        matches!(
            self,
            Delta::SubProcessorAdded(_) | Delta::PurposeAdded(_) | Delta::TransferStarted
        )
    }

    /// A stable name of the kind of delta (API, class names).
    pub fn key(&self) -> &'static str {
        match self {
            Delta::SubProcessorAdded(_) => "sub-processor-added",
            Delta::SubProcessorRemoved(_) => "sub-processor-removed",
            Delta::PurposeAdded(_) => "purpose-added",
            Delta::PurposeRemoved(_) => "purpose-removed",
            Delta::DataCategoryAdded(_) => "data-category-added",
            Delta::DataCategoryRemoved(_) => "data-category-removed",
            Delta::DataSubjectAdded(_) => "data-subject-added",
            Delta::DataSubjectRemoved(_) => "data-subject-removed",
            Delta::LegalBasis(_) => "legal-basis",
            Delta::Retention(_) => "retention",
            Delta::Location(_) => "location",
            Delta::TransferStarted => "transfer-started",
            Delta::TransferEnded => "transfer-ended",
            Delta::Agreement(_) => "agreement",
            Delta::Statement(_) => "statement",
            Delta::SpecialCategoryAdded(_) => "special-category-added",
            Delta::SpecialCategoryRemoved(_) => "special-category-removed",
            Delta::Dpia(_) => "dpia",
            Delta::Bijsluiter(_) => "bijsluiter",
        }
    }
}

impl Relationship {
    /// Every state of the relationship, oldest first: the base table, then
    /// one per `[[change]]`.
    pub fn states(&self) -> Vec<State<'_>> {
        let mut out: Vec<State<'_>> = Vec::with_capacity(self.changes.len() + 1);
        let mut terms = self.clone();
        out.push(State {
            number: 1,
            from: self.since,
            to: None,
            terms: terms.clone(),
            change: None,
            deltas: Vec::new(),
        });
        for (i, c) in self.changes.iter().enumerate() {
            let before = terms.clone();
            apply(&mut terms, &c.terms);
            if let Some(last) = out.last_mut() {
                last.to = c.from.previous_day();
            }
            out.push(State {
                number: i + 2,
                from: c.from,
                to: None,
                terms: terms.clone(),
                change: Some(c),
                deltas: deltas(&before, &terms),
            });
        }
        if let Some(last) = out.last_mut() {
            last.to = self.until;
        }
        out
    }

    /// The relationship as it stands on `date`: the base table with every
    /// change up to that day applied. Before `since`, the first state.
    pub fn on(&self, date: Date) -> Relationship {
        let mut terms = self.clone();
        for c in self.changes.iter().filter(|c| c.from <= date) {
            apply(&mut terms, &c.terms);
        }
        terms
    }

    /// The number of the state in force on `date` (1 before `since`).
    pub fn state_number_on(&self, date: Date) -> usize {
        1 + self.changes.iter().filter(|c| c.from <= date).count()
    }

    /// Where state `number` stands on `date`: still to come, in force, or
    /// over — the last state of a relationship that ended is over too.
    pub fn state_status(&self, number: usize, from: Date, date: Date) -> StateStatus {
        if from > date {
            StateStatus::Announced
        } else if number == self.state_number_on(date) && self.until.is_none_or(|u| u >= date) {
            StateStatus::Current
        } else {
            StateStatus::Past
        }
    }
}

/// Where a state stands on a date (see [`Relationship::state_status`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateStatus {
    Past,
    Current,
    Announced,
}

impl StateStatus {
    /// Its name in the API and in the pages' classes.
    pub fn as_str(self) -> &'static str {
        match self {
            StateStatus::Past => "past",
            StateStatus::Current => "current",
            StateStatus::Announced => "announced",
        }
    }
}

/// The keys a change gives replace the ones before.
fn apply(r: &mut Relationship, c: &TermsChange) {
    if let Some(v) = &c.purposes {
        r.purposes = v.clone();
    }
    if let Some(v) = &c.data_subjects {
        r.data_subjects = v.clone();
    }
    if let Some(v) = &c.data_categories {
        r.data_categories = v.clone();
    }
    if let Some(v) = c.legal_basis {
        r.legal_basis = v;
    }
    if let Some(v) = &c.retention {
        r.retention = Some(v.clone());
    }
    if let Some(v) = &c.location {
        r.location = Some(v.clone());
    }
    if let Some(v) = c.outside_eea {
        r.outside_eea = v;
    }
    if let Some(v) = &c.agreement {
        r.agreement = Some(v.clone());
    }
    if let Some(v) = &c.statement {
        r.statement = Some(v.clone());
    }
    if let Some(v) = &c.sub_processors {
        r.sub_processors = v.clone();
    }
    if let Some(v) = &c.special_categories {
        r.special_categories = v.clone();
    }
    if let Some(v) = &c.dpia {
        r.dpia = Some(v.clone());
    }
    if let Some(v) = &c.bijsluiter {
        r.bijsluiter = Some(v.clone());
    }
}

/// What changed from `a` to `b`.
fn deltas(a: &Relationship, b: &Relationship) -> Vec<Delta> {
    let mut out = Vec::new();
    list(
        &a.sub_processors,
        &b.sub_processors,
        Delta::SubProcessorAdded,
        Delta::SubProcessorRemoved,
        &mut out,
    );
    list(
        &a.purposes,
        &b.purposes,
        Delta::PurposeAdded,
        Delta::PurposeRemoved,
        &mut out,
    );
    list(
        &a.data_categories,
        &b.data_categories,
        Delta::DataCategoryAdded,
        Delta::DataCategoryRemoved,
        &mut out,
    );
    list(
        &a.data_subjects,
        &b.data_subjects,
        Delta::DataSubjectAdded,
        Delta::DataSubjectRemoved,
        &mut out,
    );
    if a.legal_basis != b.legal_basis {
        out.push(Delta::LegalBasis(b.legal_basis));
    }
    if a.retention != b.retention {
        out.push(Delta::Retention(b.retention.clone()));
    }
    if a.location != b.location {
        out.push(Delta::Location(b.location.clone()));
    }
    list(
        &a.special_categories,
        &b.special_categories,
        Delta::SpecialCategoryAdded,
        Delta::SpecialCategoryRemoved,
        &mut out,
    );
    match (a.leaves_eea(), b.leaves_eea()) {
        (false, true) => out.push(Delta::TransferStarted),
        (true, false) => out.push(Delta::TransferEnded),
        _ => {}
    }
    if a.agreement != b.agreement {
        out.push(Delta::Agreement(b.agreement.clone()));
    }
    if a.statement != b.statement {
        out.push(Delta::Statement(b.statement.clone()));
    }
    if a.dpia != b.dpia {
        out.push(Delta::Dpia(b.dpia.clone()));
    }
    if a.bijsluiter != b.bijsluiter {
        out.push(Delta::Bijsluiter(b.bijsluiter.clone()));
    }
    out
}

/// The items `b` has that `a` has not, then those it lost.
fn list<T: Clone + PartialEq>(
    a: &[T],
    b: &[T],
    added: impl Fn(T) -> Delta,
    removed: impl Fn(T) -> Delta,
    out: &mut Vec<Delta>,
) {
    out.extend(b.iter().filter(|x| !a.contains(x)).cloned().map(added));
    out.extend(a.iter().filter(|x| !b.contains(x)).cloned().map(removed));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RelationshipKind, SchoolSelection};
    use std::path::PathBuf;
    use time::macros::date;

    fn rel() -> Relationship {
        Relationship {
            slug: "bloom".into(),
            kind: RelationshipKind::Processor,
            controller: "board".into(),
            party: "bloom".into(),
            schools: SchoolSelection::All,
            purposes: vec![Text::Neutral("lessen".into())],
            data_subjects: Vec::new(),
            data_categories: Vec::new(),
            legal_basis: LegalBasis::PublicTask,
            retention: None,
            location: Some(Location::Text(Text::Neutral("EU".into()))),
            agreement: None,
            statement: None,
            sub_processors: vec!["azure".into()],
            special_categories: Vec::new(),
            dpia: None,
            bijsluiter: None,
            since: date!(2020 - 08 - 01),
            until: None,
            outside_eea: false,
            changes: vec![
                RelationshipChange {
                    from: date!(2025 - 01 - 01),
                    announced: None,
                    urgent: None,
                    terms: TermsChange {
                        sub_processors: Some(vec!["azure".into(), "spotler".into()]),
                        ..TermsChange::default()
                    },
                    line: 20,
                },
                RelationshipChange {
                    from: date!(2027 - 03 - 01),
                    announced: None,
                    urgent: None,
                    terms: TermsChange {
                        sub_processors: Some(vec!["spotler".into()]),
                        location: Some(Location::Text(Text::Neutral("Verenigde Staten".into()))),
                        outside_eea: Some(true),
                        ..TermsChange::default()
                    },
                    line: 24,
                },
            ],
            file: PathBuf::new(),
        }
    }

    #[test]
    fn the_state_on_a_date_applies_the_changes_up_to_it() {
        let r = rel();
        assert_eq!(r.on(date!(2024 - 12 - 31)).sub_processors, ["azure"]);
        assert_eq!(
            r.on(date!(2025 - 01 - 01)).sub_processors,
            ["azure", "spotler"]
        );
        let late = r.on(date!(2027 - 03 - 01));
        assert_eq!(late.sub_processors, ["spotler"]);
        assert!(late.outside_eea);
        // Keys a change does not give keep their value.
        assert_eq!(late.purposes, r.purposes);
        assert_eq!(r.on(date!(2019 - 01 - 01)).sub_processors, ["azure"]);
        assert_eq!(r.state_number_on(date!(2026 - 01 - 01)), 2);
    }

    #[test]
    fn states_say_what_changed_and_how_long_each_held() {
        let r = rel();
        let s = r.states();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].from, r.since);
        assert_eq!(s[0].to, Some(date!(2024 - 12 - 31)));
        assert_eq!(s[1].to, Some(date!(2027 - 02 - 28)));
        assert_eq!(s[2].to, None);
        assert!(s[0].deltas.is_empty());
        assert_eq!(s[1].deltas, [Delta::SubProcessorAdded("spotler".into())]);
        assert_eq!(
            s[2].deltas,
            [
                Delta::SubProcessorRemoved("azure".into()),
                Delta::Location(Some(Location::Text(Text::Neutral(
                    "Verenigde Staten".into()
                )))),
                Delta::TransferStarted
            ]
        );
        assert!(s[1].deltas[0].is_material() && s[1].deltas[0].needs_notice());
        assert!(!s[2].deltas[0].is_material());
        assert!(s[2].deltas[2].needs_notice());
    }
}
