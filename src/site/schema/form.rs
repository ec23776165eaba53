//! The front-matter form of a page, as the app shows it: which fields, in which order, edited
//! how. This is the one reading of a content type's widgets (the UI draws what it is given),
//! and the one place that says which fields a page with no content type gets.

use serde::Serialize;

use super::{ContentType, FieldSchema, Widget};

/// How the form edits a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum FieldKind {
    /// One line of text (Decap's `string`, and any widget the form has no control for).
    Text,
    /// Several lines of text (Decap's `text`).
    Textarea,
    /// A date and time.
    Datetime,
    /// Terms of one of the site's taxonomies, picked from its term pages.
    Terms,
    /// Typed values (a list, or a relation to a collection that is not a taxonomy).
    List,
    /// One of fixed options.
    Select,
    /// A number.
    Number,
    /// True or false.
    Boolean,
}

/// One field of a page's form.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FormField {
    /// The front-matter key.
    pub key: String,
    /// The label.
    pub label: String,
    /// How it is edited.
    pub kind: FieldKind,
    /// Help shown under it (Decap's `hint`, else its coaching `comment`).
    pub hint: Option<String>,
    /// Whether the page must have a non-empty value (the checks report it when not).
    pub required: bool,
    /// Terms and lists hold several values; a relation that is not `multiple` holds one.
    pub multiple: bool,
    /// For terms: the taxonomy the picker offers (`authors`, `topics`).
    pub relation: Option<String>,
    /// For selects: the allowed values.
    pub options: Vec<String>,
    /// A regular expression the value must match, and the message when it does not.
    pub pattern: Option<(String, String)>,
}

/// How a field of a content type is edited; `None` for the body (Decap's `markdown`), which is
/// edited below the form. A relation to one of `taxonomies` picks its terms; one to another
/// collection takes typed values.
pub fn kind_of(field: &FieldSchema, taxonomies: &[&str]) -> Option<FieldKind> {
    Some(match &field.widget {
        Widget::Markdown => return None,
        Widget::String | Widget::Other(_) => FieldKind::Text,
        Widget::Text => FieldKind::Textarea,
        Widget::Datetime => FieldKind::Datetime,
        Widget::Relation => match &field.relation {
            Some(relation) if taxonomies.contains(&relation.as_str()) => FieldKind::Terms,
            _ if field.multiple => FieldKind::List,
            _ => FieldKind::Text,
        },
        Widget::Select if field.multiple => FieldKind::List,
        Widget::Select => FieldKind::Select,
        Widget::List => FieldKind::List,
        Widget::Number => FieldKind::Number,
        Widget::Boolean => FieldKind::Boolean,
    })
}

/// The form for a page of `content_type` (`None`, or a type with no fields: the default set,
/// digital.gov's everyday fields), given the site's taxonomies.
pub fn form_fields(content_type: Option<&ContentType>, taxonomies: &[&str]) -> Vec<FormField> {
    let fields = content_type.map(|t| t.fields.as_slice()).unwrap_or(&[]);
    if fields.is_empty() {
        return default_fields();
    }
    fields
        .iter()
        .filter(|f| f.name != "body")
        .filter_map(|f| {
            let kind = kind_of(f, taxonomies)?;
            Some(FormField {
                key: f.name.clone(),
                label: f.label.clone(),
                kind,
                hint: f.hint.clone().or_else(|| f.comment.clone()),
                required: f.required,
                multiple: kind == FieldKind::List || (kind == FieldKind::Terms && f.multiple),
                relation: (kind == FieldKind::Terms)
                    .then(|| f.relation.clone())
                    .flatten(),
                options: f.options.clone(),
                pattern: f.pattern.clone(),
            })
        })
        .collect()
}

/// The form for a page whose section has no content type.
pub fn default_fields() -> Vec<FormField> {
    let field = |key: &str, label: &str, kind: FieldKind| FormField {
        key: key.to_string(),
        label: label.to_string(),
        kind,
        hint: None,
        required: key == "title",
        multiple: kind == FieldKind::Terms,
        relation: (kind == FieldKind::Terms).then(|| key.to_string()),
        options: Vec::new(),
        pattern: None,
    };
    vec![
        field("title", "Title", FieldKind::Text),
        field("summary", "Summary", FieldKind::Textarea),
        field("date", "Date", FieldKind::Datetime),
        field("slug", "Slug", FieldKind::Text),
        field("authors", "Authors", FieldKind::Terms),
        field("topics", "Topics", FieldKind::Terms),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(name: &str, widget: Widget) -> FieldSchema {
        FieldSchema {
            name: name.to_string(),
            label: name.to_uppercase(),
            widget,
            hint: None,
            required: false,
            pattern: None,
            default: None,
            multiple: false,
            relation: None,
            options: Vec::new(),
            format: None,
            comment: Some("coaching".into()),
        }
    }

    fn content_type(fields: Vec<FieldSchema>) -> ContentType {
        ContentType {
            name: "news".into(),
            label: "News".into(),
            folder: "news".into(),
            path_template: None,
            slug_template: None,
            fields,
            source: "decap",
            identifier_field: "title".into(),
            creatable: true,
            label_singular: "Post".into(),
        }
    }

    #[test]
    fn widgets_become_controls_and_the_body_is_left_to_the_editor() {
        let topics = FieldSchema {
            multiple: true,
            relation: Some("topics".into()),
            ..schema("topics", Widget::Relation)
        };
        let related = FieldSchema {
            multiple: true,
            relation: Some("news".into()),
            ..schema("related", Widget::Relation)
        };
        let kinds: Vec<(String, FieldKind, bool)> = form_fields(
            Some(&content_type(vec![
                schema("title", Widget::String),
                schema("summary", Widget::Text),
                schema("body", Widget::Markdown),
                topics,
                related,
                schema("weight", Widget::Number),
                schema("map", Widget::Other("map".into())),
            ])),
            &["topics", "authors"],
        )
        .into_iter()
        .map(|f| (f.key, f.kind, f.multiple))
        .collect();
        assert_eq!(
            kinds,
            [
                ("title".to_string(), FieldKind::Text, false),
                ("summary".to_string(), FieldKind::Textarea, false),
                ("topics".to_string(), FieldKind::Terms, true),
                ("related".to_string(), FieldKind::List, true),
                ("weight".to_string(), FieldKind::Number, false),
                ("map".to_string(), FieldKind::Text, false),
            ]
        );
    }

    #[test]
    fn a_page_without_a_content_type_gets_the_default_fields() {
        let fields = form_fields(None, &[]);
        let keys: Vec<&str> = fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["title", "summary", "date", "slug", "authors", "topics"]
        );
        assert!(fields[0].required && !fields[1].required);
        assert_eq!(fields[4].relation.as_deref(), Some("authors"));
        assert_eq!(form_fields(Some(&content_type(Vec::new())), &[]), fields);
    }

    #[test]
    fn the_hint_falls_back_to_the_coaching_comment() {
        let fields = form_fields(
            Some(&content_type(vec![
                schema("summary", Widget::Text),
                FieldSchema {
                    hint: Some("hint".into()),
                    ..schema("deck", Widget::Text)
                },
            ])),
            &[],
        );
        assert_eq!(fields[0].hint.as_deref(), Some("coaching"));
        assert_eq!(fields[1].hint.as_deref(), Some("hint"));
    }
}
