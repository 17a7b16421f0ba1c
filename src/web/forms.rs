//! Form errors shared by every form page: translated messages, one per
//! field, in the order the fields were checked.

use crate::error::UserMessage;
use crate::web::templates::PageContext;

/// One field's problem: the message shown next to the field, and the line
/// of the error summary, which names the field ("Naam: Vul dit veld in.")
/// when the message alone does not say which field it is about.
#[derive(Debug, Clone)]
struct FieldProblem {
    field: &'static str,
    message: String,
    summary: String,
}

/// Form errors, translated, in the order of the fields. Templates render
/// the summary (`list`) and the message next to each field (`get`).
#[derive(Debug, Clone, Default)]
pub struct FormErrors(Vec<FieldProblem>);

impl FormErrors {
    /// A message that names its field itself ("Vul uw e-mailadres in.").
    pub fn add(&mut self, ctx: &PageContext, field: &'static str, message: &UserMessage) {
        let message = ctx.msg(message);
        self.push(field, message.clone(), message);
    }

    /// A message for the field labelled `label`: the summary says which
    /// field it is, since several fields may share a message.
    pub fn add_labelled(
        &mut self,
        ctx: &PageContext,
        field: &'static str,
        label: &str,
        message: &UserMessage,
    ) {
        let message = ctx.msg(message);
        let summary = ctx.lang.t_args(
            "form-error-summary-item",
            &[("field", label.to_owned()), ("message", message.clone())],
        );
        self.push(field, message, summary);
    }

    fn push(&mut self, field: &'static str, message: String, summary: String) {
        if !self.has(field) {
            self.0.push(FieldProblem { field, message, summary });
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|p| p.field == field)
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|p| p.field == field).map(|p| p.message.as_str())
    }

    /// The summary lines with the field each links to.
    pub fn list(&self) -> Vec<(&'static str, &str)> {
        self.0.iter().map(|p| (p.field, p.summary.as_str())).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The notice a page shows after a redirect (`?opgeslagen=1` and the
/// like): the key of the first flag that is set. The pages name their
/// flags in order of precedence, so only one notice is ever shown.
pub fn first_notice<const N: usize>(flags: [(bool, &'static str); N]) -> Option<&'static str> {
    flags.into_iter().find_map(|(set, key)| set.then_some(key))
}

/// The fields of the account forms (log in, sign up, forgotten and new
/// password, password change, e-mail change, account removal): each form
/// sends the ones it has and the others stay empty, so one struct serves
/// them all and a missing field is an empty one, never serde's error.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct AccountFields {
    pub email: String,
    pub current: String,
    pub password: String,
    pub password_repeat: String,
    /// Where a login goes back to.
    pub terug: String,
}
