//! New pages and term pages (the app's "New page" and the pickers' "Create new", and
//! `postwright new`), and the redirect a published page keeps when an edit moves its URL. Thin:
//! the rules are in [`crate::site::schema::new_page`] and [`crate::site::redirects`].

use serde::Serialize;
use serde_json::Value as Json;

use super::Workspace;
use crate::error::Error;
use crate::front_matter::FieldEdit;
use crate::site::schema::new_page::{self, NewPageError};
use crate::site::schema::ContentType;

/// Now, on the machine's clock and in its offset: the instant the app and the CLI date new
/// pages (the site's offset is applied by the rule in [`crate::site::schema::new_page`]).
pub fn local_now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

/// A content type "New page" offers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPageType {
    /// Its name (what [`Workspace::create_page`] takes).
    pub name: String,
    /// Its label (`News`).
    pub label: String,
    /// Its label for one page (`Blog Post`).
    pub label_singular: String,
    /// Its folder, relative to the content folder.
    pub folder: String,
    /// The label of the field the title goes in (`Title`, `Display Name`).
    pub title_label: String,
}

/// What "New page" would make, before it is made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewPagePlan {
    /// The path it will have, relative to the content folder.
    pub path: String,
    /// Its slug.
    pub slug: String,
    /// Its date as written.
    pub date: String,
    /// Whether a page already exists there (creating it is then refused).
    pub exists: bool,
}

/// A term page made from a picker.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CreatedTerm {
    /// The page, relative to the content folder.
    pub path: String,
    /// The term's slug (what a page's `authors`/`topics` list holds).
    pub slug: String,
    /// Its display name.
    pub title: String,
}

impl Workspace {
    /// The content types "New page" offers, with labels.
    pub fn new_page_types(&self) -> Vec<NewPageType> {
        new_page::creatable_types(&self.site)
            .into_iter()
            .map(|t| NewPageType {
                name: t.name.clone(),
                label: t.label.clone(),
                label_singular: t.label_singular.clone(),
                folder: t.folder.clone(),
                title_label: t
                    .fields
                    .iter()
                    .find(|f| f.name == t.identifier_field)
                    .map_or_else(|| "Title".to_string(), |f| f.label.clone()),
            })
            .collect()
    }

    /// The content type called `name` (or, for `postwright new --section`, the first one
    /// whose folder is `name`). A folder with no type of its own gets a bare one
    /// (`<folder>/<slug>.md`, title and date) when it is one plain folder name.
    fn content_type_named(&self, name: &str) -> Result<ContentType, Error> {
        let types = &self.site.schema.types;
        let found = types
            .iter()
            .find(|t| t.name == name && t.creatable)
            .or_else(|| types.iter().find(|t| t.folder == name && t.creatable))
            .or_else(|| types.iter().find(|t| t.folder == name));
        if let Some(found) = found {
            return Ok(found.clone());
        }
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(NewPageError::UnknownType(name.to_string()).into());
        }
        Ok(bare_type(name, None))
    }

    /// What a new page of type `type_name` titled `title` would be if made at `now`.
    pub fn new_page_plan(
        &self,
        type_name: &str,
        title: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<NewPagePlan, Error> {
        let ty = self.content_type_named(type_name)?;
        let plan = crate::archetype::plan(&self.site, &ty, title, now, &[])?;
        let exists = self.content_path(&plan.path)?.exists();
        Ok(NewPagePlan {
            path: plan.path,
            slug: plan.slug,
            date: plan.date,
            exists,
        })
    }

    /// Makes a new page of type `type_name` titled `title`, dated `now` in the site's offset,
    /// with `prefill` values set; refuses to overwrite. Returns its content-relative path.
    pub fn create_page(
        &mut self,
        type_name: &str,
        title: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        prefill: &[(String, Json)],
    ) -> Result<String, Error> {
        let ty = self.content_type_named(type_name)?;
        self.write_new_page(&ty, title, now, prefill)
    }

    /// Creates a new page in `section` (a content type's name or folder, e.g. `news`) titled
    /// `title`, dated `now`: [`Workspace::create_page`] without prefilled values.
    pub fn new_page(
        &mut self,
        section: &str,
        title: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<String, Error> {
        self.create_page(section, title, now, &[])
    }

    fn write_new_page(
        &mut self,
        ty: &ContentType,
        title: &str,
        now: chrono::DateTime<chrono::FixedOffset>,
        prefill: &[(String, Json)],
    ) -> Result<String, Error> {
        let plan = crate::archetype::plan(&self.site, ty, title, now, prefill)?;
        let path = self.content_path(&plan.path)?;
        if path.exists() {
            return Err(NewPageError::Exists(plan.path).into());
        }
        crate::front_matter::FrontMatter::parse(&plan.source)
            .map_err(|e| Error::front_matter(&path, e))?;
        // A bundle archetype's other files: each confined to the content folder, none replaced.
        let mut extra = Vec::with_capacity(plan.extra.len());
        for (rel, bytes) in &plan.extra {
            let file = self.content_path(rel)?;
            if file.exists() {
                return Err(NewPageError::Exists(rel.clone()).into());
            }
            extra.push((file, bytes.as_slice()));
        }
        for (file, bytes) in std::iter::once((path.clone(), plan.source.as_bytes())).chain(extra) {
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
            }
            crate::document::write_atomic(&file, bytes)?;
        }
        self.reindex_file(&path);
        Ok(plan.path)
    }

    /// Makes the term page of a new `name` in `taxonomy` (`authors`, `topics`), in the shape of
    /// the site's term pages: the taxonomy's content type (digital.gov's authors: display name,
    /// first and last name, agency…), else `<taxonomy>/<slug>/_index.md` with a title. A
    /// person's name is split into `first_name`/`last_name` when the type has them; `agency`
    /// (the guest's, from Settings) fills `agency`. The term's slug is the name by the site's
    /// slug rule. Refuses a term that exists.
    pub fn create_term(
        &mut self,
        taxonomy: &str,
        name: &str,
        agency: Option<&str>,
        now: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<CreatedTerm, Error> {
        let name = name.trim();
        let types = &self.site.schema.types;
        let ty = types
            .iter()
            .find(|t| t.folder == taxonomy && t.creatable)
            .or_else(|| types.iter().find(|t| t.name == taxonomy && t.creatable))
            .cloned();
        let known = self.site.config.taxonomy_plurals().any(|t| t == taxonomy);
        let ty = match ty {
            Some(ty) => ty,
            None if known => bare_type(taxonomy, Some("{{slug}}/_index")),
            None => return Err(NewPageError::UnknownType(taxonomy.to_string()).into()),
        };
        let mut prefill: Vec<(String, Json)> = Vec::new();
        let has = |field: &str| ty.fields.iter().any(|f| f.name == field);
        if has("first_name") && has("last_name") {
            let (first, last) = name.rsplit_once(' ').unwrap_or((name, ""));
            prefill.push(("first_name".into(), first.trim().into()));
            prefill.push(("last_name".into(), last.trim().into()));
        }
        if let Some(agency) = agency.map(str::trim).filter(|a| !a.is_empty()) {
            if has("agency") {
                prefill.push(("agency".into(), agency.into()));
            }
        }
        let slug = self.site.slug(name);
        if self
            .site
            .index
            .terms
            .get(taxonomy)
            .is_some_and(|terms| terms.iter().any(|t| t.slug == slug))
        {
            return Err(NewPageError::Exists(format!("{taxonomy}/{slug}")).into());
        }
        let path = self.write_new_page(&ty, name, now, &prefill)?;
        // The pickers list the new term at once.
        let site = std::sync::Arc::make_mut(&mut self.site);
        site.index.refresh_terms(&site.config);
        Ok(CreatedTerm {
            path,
            slug,
            title: name.to_string(),
        })
    }

    /// The date-time picker's view of `text`, the value of the date field `key` of the page at
    /// `rel`, or with `picked` (`YYYY-MM-DDTHH:MM`) the value to write: in the offset the
    /// value carries (else the site's), in the field's format. See
    /// [`crate::site::schema::new_page::date_field`].
    pub fn date_field(
        &self,
        rel: &str,
        key: &str,
        text: &str,
        picked: Option<&str>,
    ) -> crate::site::schema::new_page::DateField {
        crate::site::schema::new_page::date_field(
            &self.site,
            self.site.schema.for_page(rel),
            key,
            text,
            picked,
            local_now(),
        )
    }

    /// `edits` plus the redirect the page at `rel` needs: when the edits move a page that is
    /// published on the main branch to another URL, its published URL joins `aliases`; an alias
    /// equal to the page's new URL goes (so undoing the move removes the redirect again). See
    /// [`crate::site::redirects`].
    pub fn with_redirects(
        &self,
        rel: &str,
        source: &str,
        edits: &[FieldEdit],
    ) -> Result<Vec<FieldEdit>, Error> {
        if edits.is_empty() {
            return Ok(Vec::new());
        }
        let Some(published) = self.published_source(rel) else {
            return Ok(edits.to_vec());
        };
        let edited = self.edited_source(rel, source, edits, None)?;
        let mut all = edits.to_vec();
        all.extend(crate::site::redirects::alias_edit(
            rel,
            &published,
            &edited,
            &self.site.config,
        ));
        Ok(all)
    }

    /// The page at `rel` as the main branch has it, when there is a repository and it does.
    fn published_source(&self, rel: &str) -> Option<String> {
        let repo = self.git()?;
        let repo_path = self.repo_path(rel).ok()?;
        let bytes = repo.main_branch_blob(&repo_path).ok()??;
        String::from_utf8(bytes).ok()
    }
}

/// A content type with no schema: `<folder>/<slug>.md` (or the `path` template given), title
/// and date.
fn bare_type(folder: &str, path_template: Option<&str>) -> ContentType {
    use crate::site::schema::{FieldSchema, Widget};
    let field = |name: &str, label: &str, widget: Widget| FieldSchema {
        name: name.into(),
        label: label.into(),
        widget,
        hint: None,
        required: true,
        pattern: None,
        default: None,
        multiple: false,
        relation: None,
        options: Vec::new(),
        format: None,
        comment: None,
    };
    let term = path_template.is_some();
    let mut fields = vec![field("title", "Title", Widget::String)];
    if !term {
        fields.push(field("date", "Date", Widget::Datetime));
    }
    ContentType {
        name: folder.into(),
        label: folder.into(),
        folder: folder.into(),
        path_template: path_template.map(str::to_string),
        slug_template: None,
        fields,
        source: "inferred",
        identifier_field: "title".into(),
        creatable: true,
        label_singular: folder.into(),
    }
}
