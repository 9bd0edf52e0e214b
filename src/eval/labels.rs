//! Where a labelled posting's gold label comes from: a field of the record, or its title.
//!
//! A field (`label` by default) is what a person or another tool decided. A title is what the
//! employer called the job, read with the title normaliser
//! ([`crate::audit::title::normalize_title`] and [`TitleFamily::expected_label`]): product
//! owner → `product_owner`, product manager (and TPM, APM, product leadership) →
//! `product_manager`, a title naming both → `hybrid`, everything else → `neither`. A label taken
//! from the title makes the title useless as evidence, so callers must then classify from the
//! body alone ([`LabelSource::requires_ignoring_title`]).

use crate::audit::title::{normalize_title, TitleFamily};
use crate::label::Label;
use crate::posting::Posting;
use serde_json::Value;

/// The field `rolesift eval` reads labels from by default.
pub const DEFAULT_LABEL_FIELD: &str = "label";

/// Where gold labels come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// A field of the input record (matched exactly, else ignoring ASCII case).
    Field(String),
    /// The posting's title, through the title normaliser.
    Title,
}

impl Default for LabelSource {
    fn default() -> Self {
        LabelSource::Field(DEFAULT_LABEL_FIELD.to_string())
    }
}

impl LabelSource {
    /// True when the classifier must not see the title (the label was read from it).
    pub fn requires_ignoring_title(&self) -> bool {
        matches!(self, LabelSource::Title)
    }

    /// A short description for reports: `field:label` or `title`.
    pub fn describe(&self) -> String {
        match self {
            LabelSource::Field(name) => format!("field:{name}"),
            LabelSource::Title => "title".to_string(),
        }
    }

    /// The gold label of `posting`, or why it has none.
    pub fn gold(&self, posting: &Posting) -> Result<Label, String> {
        match self {
            LabelSource::Title => {
                if posting.title.trim().is_empty() {
                    return Err("no title to derive a label from".to_string());
                }
                let family: TitleFamily = normalize_title(&posting.title).family;
                Ok(family.expected_label())
            }
            LabelSource::Field(name) => {
                let value = posting.extra.get(name).or_else(|| {
                    posting
                        .extra
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(name))
                        .map(|(_, v)| v)
                });
                match value {
                    None | Some(Value::Null) => Err(format!("no {name:?} field")),
                    Some(Value::String(s)) if s.trim().is_empty() => {
                        Err(format!("empty {name:?} field"))
                    }
                    Some(Value::String(s)) => s.parse::<Label>().map_err(|e| e.to_string()),
                    Some(_) => Err(format!("field {name:?} is not a string")),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn posting(title: &str, extra: Value) -> Posting {
        let mut p = Posting::new(title, "body");
        if let Value::Object(map) = extra {
            p.extra = map;
        }
        p
    }

    #[test]
    fn labels_from_a_field() {
        let field = LabelSource::default();
        let gold = |extra| field.gold(&posting("", extra));
        assert_eq!(
            gold(serde_json::json!({"label": "product_owner"})),
            Ok(Label::ProductOwner)
        );
        assert_eq!(
            gold(serde_json::json!({"Label": "hybrid"})),
            Ok(Label::Hybrid)
        );
        assert!(gold(serde_json::json!({}))
            .unwrap_err()
            .contains("no \"label\""));
        assert!(gold(serde_json::json!({"label": null})).is_err());
        assert!(gold(serde_json::json!({"label": " "}))
            .unwrap_err()
            .contains("empty"));
        assert!(gold(serde_json::json!({"label": 3}))
            .unwrap_err()
            .contains("not a string"));
        assert!(gold(serde_json::json!({"label": "boss"}))
            .unwrap_err()
            .contains("unknown label"));
        let other = LabelSource::Field("gold".into());
        assert_eq!(
            other.gold(&posting(
                "",
                serde_json::json!({"gold": "neither", "label": "pm"})
            )),
            Ok(Label::Neither)
        );
    }

    #[test]
    fn labels_from_the_title() {
        let title = LabelSource::Title;
        assert!(title.requires_ignoring_title());
        assert!(!LabelSource::default().requires_ignoring_title());
        let gold = |t: &str| title.gold(&posting(t, Value::Null));
        assert_eq!(
            gold("Senior Product Owner (m/w/d)"),
            Ok(Label::ProductOwner)
        );
        assert_eq!(gold("Sr. PM - Payments"), Ok(Label::ProductManager));
        assert_eq!(gold("Product Owner / Product Manager"), Ok(Label::Hybrid));
        assert_eq!(gold("Scrum Master"), Ok(Label::Neither));
        assert!(gold("  ").is_err());
    }
}
