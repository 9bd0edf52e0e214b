//! The four answers rolesift gives about a posting.
//!
//! `Label` is shared by every stage (scoring, title audit, evaluation, the index), so it lives
//! in its own module with no dependencies. Its serialised form (`product_owner`,
//! `product_manager`, `hybrid`, `neither`) is part of the command-line contract.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of role a posting describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// A product owner: backlog, user stories, sprints, one team's delivery.
    ProductOwner,
    /// A product manager: strategy, market, roadmap, launches.
    ProductManager,
    /// Both at once, with strong evidence for each.
    Hybrid,
    /// Not a product role (or no product evidence at all).
    Neither,
}

impl Label {
    /// Every label, in the order used by tables and confusion matrices.
    pub const ALL: [Label; 4] = [
        Label::ProductOwner,
        Label::ProductManager,
        Label::Hybrid,
        Label::Neither,
    ];

    /// The contract name (`product_owner`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::ProductOwner => "product_owner",
            Label::ProductManager => "product_manager",
            Label::Hybrid => "hybrid",
            Label::Neither => "neither",
        }
    }

    /// Position in [`Label::ALL`], for indexing count arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a string that names no label.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown label {0:?} (expected product_owner, product_manager, hybrid or neither)")]
pub struct UnknownLabel(pub String);

impl FromStr for Label {
    type Err = UnknownLabel;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', ' '], "_")
            .as_str()
        {
            "product_owner" | "po" => Ok(Label::ProductOwner),
            "product_manager" | "pm" => Ok(Label::ProductManager),
            "hybrid" => Ok(Label::Hybrid),
            "neither" | "none" | "other" => Ok(Label::Neither),
            _ => Err(UnknownLabel(s.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_its_contract_name() {
        for label in Label::ALL {
            assert_eq!(label.as_str().parse::<Label>().unwrap(), label);
            assert_eq!(
                serde_json::to_string(&label).unwrap(),
                format!("\"{}\"", label.as_str())
            );
        }
        assert!("manager".parse::<Label>().is_err());
    }
}
