//! Form errors shared by every form page: translated messages, one per
//! field, in the order the fields were checked.

use crate::error::UserMessage;
use crate::web::templates::PageContext;

/// Form errors, translated, in the order of the fields. Templates render
/// the summary (`list`) and the message next to each field (`get`).
#[derive(Debug, Clone, Default)]
pub struct FormErrors(Vec<(&'static str, String)>);

impl FormErrors {
    pub fn add(&mut self, ctx: &PageContext, field: &'static str, message: &UserMessage) {
        if !self.has(field) {
            self.0.push((field, ctx.msg(message)));
        }
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|(f, _)| *f == field)
    }

    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, m)| m.as_str())
    }

    pub fn list(&self) -> &[(&'static str, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}
