//! `check --audit`: what a school's data-protection officer would chase,
//! per school — a processor without a processing agreement, a location, or
//! a privacybijsluiter; special categories of data without a DPIA; data
//! that leaves the EEA without a basis for the transfer (the relationship's
//! own location, or a sub-processor's). Plain questions of the model on a
//! date, like the lint: the relationships in force or still to come, with
//! their terms on that date.

use crate::model::{
    Date, Location, Relationship, RelationshipKind, RelationshipState, School, Site,
    SpecialCategory,
};

/// One thing to chase about one relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// A processor without a processing agreement (AVG art. 28(3)).
    NoAgreement,
    /// A processor that does not say where it processes the data.
    NoLocation,
    /// A sub-processor (its slug) whose file does not say where it
    /// processes the data.
    SubProcessorNoLocation(String),
    /// A processor without the product's privacybijsluiter.
    NoBijsluiter,
    /// Special categories of data processed without a recorded DPIA (AVG
    /// art. 35(3)(b)).
    NoDpia(Vec<SpecialCategory>),
    /// Data goes outside the EEA without a basis for the transfer: the
    /// codes of the countries outside it (empty when a free-text location
    /// says only that it leaves the EEA).
    TransferWithoutBasis(Vec<&'static str>),
    /// A sub-processor (its slug) sends data outside the EEA (the codes)
    /// without a basis.
    SubProcessorTransferWithoutBasis(String, Vec<&'static str>),
}

impl Finding {
    /// A stable name of the kind of finding (`check --audit --format json`).
    pub fn key(&self) -> &'static str {
        match self {
            Finding::NoAgreement => "no-agreement",
            Finding::NoLocation => "no-location",
            Finding::SubProcessorNoLocation(_) => "sub-processor-without-location",
            Finding::NoBijsluiter => "no-bijsluiter",
            Finding::NoDpia(_) => "special-categories-without-dpia",
            Finding::TransferWithoutBasis(_) => "transfer-without-basis",
            Finding::SubProcessorTransferWithoutBasis(..) => "sub-processor-transfer-without-basis",
        }
    }
}

/// What to chase about one relationship.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item<'s> {
    pub relationship: &'s Relationship,
    pub finding: Finding,
}

/// The audit of one school, or (`school` `None`) of the relationships
/// that cover no school.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchoolAudit<'s> {
    pub school: Option<&'s School>,
    pub items: Vec<Item<'s>>,
}

/// Every school of the site in slug order, each with what to chase, then
/// the relationships that cover no school when one of them has something.
pub fn audit(site: &Site, as_of: Date) -> Vec<SchoolAudit<'_>> {
    let mut out: Vec<SchoolAudit<'_>> = site
        .schools
        .values()
        .map(|school| SchoolAudit {
            school: Some(school),
            items: site
                .relationships_of(school)
                .into_iter()
                .flat_map(|r| findings(site, r, as_of))
                .collect(),
        })
        .collect();
    let unattached: Vec<Item<'_>> = site
        .relationships
        .values()
        .filter(|r| site.schools_of(r).is_empty())
        .flat_map(|r| findings(site, r, as_of))
        .collect();
    if !unattached.is_empty() {
        out.push(SchoolAudit {
            school: None,
            items: unattached,
        });
    }
    out
}

/// What to chase about `base` as it stands on `as_of`; nothing once it
/// has ended.
fn findings<'s>(site: &'s Site, base: &'s Relationship, as_of: Date) -> Vec<Item<'s>> {
    if base.state(as_of) == RelationshipState::Ended {
        return Vec::new();
    }
    let r = base.on(as_of);
    let processor = r.kind == RelationshipKind::Processor;
    let mut found = Vec::new();
    if processor && r.agreement.is_none() {
        found.push(Finding::NoAgreement);
    }
    if processor && r.location.is_none() {
        found.push(Finding::NoLocation);
    }
    if processor && r.bijsluiter.is_none() {
        found.push(Finding::NoBijsluiter);
    }
    if r.kind != RelationshipKind::Recipient && !r.special_categories.is_empty() && r.dpia.is_none()
    {
        found.push(Finding::NoDpia(r.special_categories.clone()));
    }
    match &r.location {
        Some(Location::Places(p)) if p.transfer_without_basis() => {
            let codes = p.outside_eea().iter().map(|c| c.code).collect();
            found.push(Finding::TransferWithoutBasis(codes));
        }
        Some(Location::Text(_)) if r.outside_eea => {
            found.push(Finding::TransferWithoutBasis(Vec::new()));
        }
        _ => {}
    }
    for sub in &r.sub_processors {
        let Some(org) = site.organisations.get(sub) else {
            continue;
        };
        match &org.location {
            None => found.push(Finding::SubProcessorNoLocation(sub.clone())),
            Some(p) if p.transfer_without_basis() => {
                let codes = p.outside_eea().iter().map(|c| c.code).collect();
                found.push(Finding::SubProcessorTransferWithoutBasis(
                    sub.clone(),
                    codes,
                ));
            }
            Some(_) => {}
        }
    }
    found
        .into_iter()
        .map(|finding| Item {
            relationship: base,
            finding,
        })
        .collect()
}
