//! Proposing and editing places: the place form (new and edit), the
//! conflict view, closing, annotations, and the one publish step that
//! writes the change and its revision in the same transaction.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use crate::db::audit;
use crate::db::places::{self, PlaceAreas, PlaceRecord};
use crate::db::revisions::{self, NewRevision, kinds};
use crate::db::{annotations, proposals};
use crate::domain::place::{
    CATEGORIES, Initiator, PlaceFields, PlaceStatus, PlaceType, Precision, TargetGroup,
};
use crate::domain::place_input::PlaceInput;
use crate::domain::revision::{self, FieldChange, PROTECTED_FIELDS};
use crate::domain::user::{Action, CurrentUser};
use crate::error::{AppError, AppResult, UserMessage};
use crate::web::extractors::form_value;
use crate::web::forms::FormErrors;
use crate::web::templates::PageContext;

/// Audit actions of this area.
pub mod audit_actions {
    pub const PLACE_CREATED: &str = "place.created";
    pub const PLACE_EDITED: &str = "place.edited";
    pub const PLACE_CLOSED: &str = "place.closed";
    pub const PLACE_VERIFIED: &str = "place.verified";
    pub const PLACE_RESTORED: &str = "place.restored";
    pub const PLACE_HIDDEN: &str = "place.hidden";
    pub const PLACE_UNHIDDEN: &str = "place.unhidden";
    pub const PROPOSAL_ACCEPTED: &str = "review.accept";
    pub const PROPOSAL_REJECTED: &str = "review.reject";
    pub const ANNOTATION_RESOLVED: &str = "review.annotation_resolved";
}

// ---------------------------------------------------------------- publish

/// Writes `fields` over `current` (which must be locked by the caller's
/// transaction) and records the revision. `None` when the place moved on
/// since `current` was read.
#[allow(clippy::too_many_arguments)]
pub async fn publish(
    tx: &mut PgConnection,
    current: &PlaceRecord,
    fields: &PlaceFields,
    areas: &PlaceAreas,
    kind: &str,
    author: Uuid,
    reviewer: Option<Uuid>,
    note: &str,
) -> AppResult<Option<(i32, Vec<FieldChange>)>> {
    let old = current.to_input();
    let new = revision::snapshot(fields, &areas.wijk_code, areas.buurt_code.as_deref());
    let changes = revision::diff(&old, &new);
    ensure_baseline(&mut *tx, current).await?;
    let Some(version) =
        places::update(&mut *tx, current.id, current.version, fields, areas).await?
    else {
        return Ok(None);
    };
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: current.id,
            version,
            kind,
            author: Some(author),
            reviewer,
            changes: &changes,
            snapshot: &new,
            hidden: current.hidden,
            note,
        },
    )
    .await?;
    Ok(Some((version, changes)))
}

/// Places made by an import have no revision yet; record how they were
/// before the first change, so that version can be restored too.
pub async fn ensure_baseline(tx: &mut PgConnection, current: &PlaceRecord) -> AppResult<()> {
    let exists = revisions::snapshot_at(&mut *tx, current.id, current.version).await?.is_some();
    if !exists {
        let snapshot = current.to_input();
        revisions::insert(
            &mut *tx,
            &NewRevision {
                place_id: current.id,
                version: current.version,
                kind: kinds::CREATE,
                author: None,
                reviewer: None,
                changes: &[],
                snapshot: &snapshot,
                hidden: current.hidden,
                note: "",
            },
        )
        .await?;
    }
    Ok(())
}

/// Inserts a new place with its first revision.
pub async fn create_place(
    tx: &mut PgConnection,
    fields: &PlaceFields,
    areas: &PlaceAreas,
    author: Uuid,
    reviewer: Option<Uuid>,
) -> AppResult<Uuid> {
    let id = Uuid::new_v4();
    places::insert(&mut *tx, id, fields, areas).await?;
    let snapshot = revision::snapshot(fields, &areas.wijk_code, areas.buurt_code.as_deref());
    let changes = revision::diff(&PlaceInput::default(), &snapshot);
    revisions::insert(
        &mut *tx,
        &NewRevision {
            place_id: id,
            version: 1,
            kind: kinds::CREATE,
            author: Some(author),
            reviewer,
            changes: &changes,
            snapshot: &snapshot,
            hidden: false,
            note: "",
        },
    )
    .await?;
    Ok(id)
}

/// A visible place, or a hidden one for a beheerder; else 404.
pub async fn load_place(
    db: &PgPool,
    id: &str,
    user: Option<&CurrentUser>,
) -> AppResult<PlaceRecord> {
    let id = Uuid::parse_str(id).map_err(|_| AppError::NotFound)?;
    let place = places::get(db, id).await?.ok_or(AppError::NotFound)?;
    if place.hidden && !user.is_some_and(CurrentUser::is_beheerder) {
        return Err(AppError::NotFound);
    }
    Ok(place)
}

fn is_exact(precision: &str) -> bool {
    Precision::parse(precision).is_some_and(Precision::is_public)
}

/// Whether this user may see the exact location of this place.
pub fn sees_location(user: Option<&CurrentUser>, place: &PlaceRecord) -> bool {
    is_exact(&place.precision)
        || user.is_some_and(|u| u.sees_protected_fields_in_wijk(&place.wijk_code))
}

// ---------------------------------------------------------------- the form

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// One form field, ready to render: `kind` is text, textarea, select,
/// checkboxes or date.
pub struct FieldView {
    pub name: &'static str,
    pub label: String,
    pub hint: Option<String>,
    pub kind: &'static str,
    pub value: String,
    pub options: Vec<OptionView>,
    pub error: Option<String>,
    pub autocomplete: &'static str,
}

impl FieldView {
    /// The ids for `aria-describedby`: hint and error.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if self.hint.is_some() {
            ids.push(format!("{}-hint", self.name));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.name));
        }
        ids.join(" ")
    }
}

pub struct FieldGroup {
    pub legend: String,
    pub fields: Vec<FieldView>,
    /// The location group gets the map to click on.
    pub map: bool,
}

/// One row of the conflict view.
pub struct ConflictRow {
    pub label: String,
    pub theirs: String,
    pub current: String,
}

#[derive(Template)]
#[template(path = "edit/form.html")]
pub struct FormPage {
    pub ctx: PageContext,
    pub title: String,
    pub intro: String,
    pub action: String,
    pub submit: String,
    pub groups: Vec<FieldGroup>,
    pub errors: FormErrors,
    pub version: Option<i32>,
    pub conflict: Vec<ConflictRow>,
    pub is_conflict: bool,
    pub place_url: Option<String>,
    pub protected_note: bool,
    pub map_bounds: String,
}

fn opts(
    ctx: &PageContext,
    values: &[&str],
    prefix: &str,
    current: &str,
    empty: bool,
) -> Vec<OptionView> {
    let mut out = Vec::new();
    if empty {
        out.push(OptionView {
            value: String::new(),
            label: ctx.t("edit-choose"),
            selected: current.is_empty(),
        });
    }
    for v in values {
        out.push(OptionView {
            value: (*v).to_owned(),
            label: ctx.t(&format!("{prefix}-{v}")),
            selected: current.trim() == *v,
        });
    }
    out
}

fn yes_no_opts(ctx: &PageContext, current: &str) -> Vec<OptionView> {
    let cur = crate::domain::place_input::parse_yes_no(current).ok().flatten();
    vec![
        OptionView { value: String::new(), label: ctx.t("unknown"), selected: cur.is_none() },
        OptionView { value: "ja".into(), label: ctx.t("yes"), selected: cur == Some(true) },
        OptionView { value: "nee".into(), label: ctx.t("no"), selected: cur == Some(false) },
    ]
}

/// Builds the field groups of the place form from an input and its errors.
/// `with_status` adds status and closing fields (edits only).
pub fn build_groups(
    ctx: &PageContext,
    input: &PlaceInput,
    errors: &FormErrors,
    buurten: &[places::BuurtOption],
    with_status: bool,
) -> Vec<FieldGroup> {
    let f = |name: &'static str, kind: &'static str, options: Vec<OptionView>| {
        let hint_key = format!("edit-hint-{name}");
        let hint = ctx.t(&hint_key);
        FieldView {
            name,
            label: ctx.t(&format!("field-{name}")),
            // A missing hint comes back as its key: then there is none.
            hint: (hint != hint_key && !hint.is_empty()).then_some(hint),
            kind,
            value: revision::value(input, name).to_owned(),
            options,
            error: errors.get(name).map(str::to_owned),
            autocomplete: "off",
        }
    };
    let types: Vec<&str> = PlaceType::ALL.iter().map(|t| t.slug()).collect();
    let initiators: Vec<&str> = Initiator::ALL.iter().map(|t| t.slug()).collect();
    let precisions: Vec<&str> = Precision::ALL.iter().map(|t| t.slug()).collect();
    let statuses: Vec<&str> = PlaceStatus::ALL.iter().map(|t| t.slug()).collect();
    let chosen: Vec<String> =
        input.target_groups.split([';', ',']).map(|s| s.trim().to_lowercase()).collect();
    let groups_opts = TargetGroup::ALL
        .iter()
        .map(|g| OptionView {
            value: g.slug().to_owned(),
            label: ctx.t(&g.label_key()),
            selected: chosen.iter().any(|c| c == g.slug()),
        })
        .collect();
    let mut buurt_opts = vec![OptionView {
        value: String::new(),
        label: ctx.t("edit-choose-buurt"),
        selected: input.buurt.is_empty(),
    }];
    buurt_opts.extend(buurten.iter().map(|b| OptionView {
        value: b.code.clone(),
        label: format!("{} ({})", b.name, b.wijk_name),
        selected: b.code == input.buurt,
    }));

    let mut about = vec![
        f("naam", "text", vec![]),
        f("type", "select", opts(ctx, &types, "type", &input.place_type, true)),
        f("categorie", "select", opts(ctx, CATEGORIES, "category", &input.category, true)),
        f("omschrijving", "textarea", vec![]),
        f("initiatiefnemer", "select", opts(ctx, &initiators, "initiator", &input.initiator, true)),
        f("doelgroepen", "checkboxes", groups_opts),
        f("opgericht", "text", vec![]),
    ];
    about[0].autocomplete = "organization";
    let location = vec![
        f("buurt", "select", buurt_opts),
        f("adres", "text", vec![]),
        f("postcode", "text", vec![]),
        f("lon", "text", vec![]),
        f("lat", "text", vec![]),
        f("precisie", "select", opts(ctx, &precisions, "precision", &input.precision, false)),
    ];
    let access = vec![
        f("openingstijden", "text", vec![]),
        f("begane_grond", "select", yes_no_opts(ctx, &input.ground_floor)),
        f("rolstoel", "select", yes_no_opts(ctx, &input.wheelchair)),
        f("zichtbaar_vanaf_straat", "select", yes_no_opts(ctx, &input.street_visible)),
        f("geen_balie", "select", yes_no_opts(ctx, &input.no_reception)),
    ];
    let mut contact = vec![
        f("telefoon", "text", vec![]),
        f("email", "text", vec![]),
        f("website", "text", vec![]),
    ];
    contact[0].autocomplete = "tel";
    contact[1].autocomplete = "email";
    contact[2].autocomplete = "url";
    let mut groups = vec![
        FieldGroup { legend: ctx.t("edit-group-about"), fields: about, map: false },
        FieldGroup { legend: ctx.t("edit-group-location"), fields: location, map: true },
        FieldGroup { legend: ctx.t("edit-group-access"), fields: access, map: false },
        FieldGroup { legend: ctx.t("edit-group-contact"), fields: contact, map: false },
    ];
    if with_status {
        let status = vec![
            f("status", "select", opts(ctx, &statuses, "status", &input.status, false)),
            f("opgeheven_op", "date", vec![]),
            f("reden_opheffing", "text", vec![]),
        ];
        groups.push(FieldGroup { legend: ctx.t("edit-group-status"), fields: status, map: false });
    }
    groups
}

/// Reads the posted form into a `PlaceInput` (repeated `doelgroepen`
/// checkboxes are joined) and the version it started from.
pub fn read_form(pairs: &[(String, String)]) -> (PlaceInput, Option<i32>) {
    let mut input = PlaceInput::default();
    let mut groups = Vec::new();
    let mut version = None;
    for (k, v) in pairs {
        match k.as_str() {
            "doelgroepen" => groups.push(v.clone()),
            "versie" => version = v.trim().parse().ok(),
            // Fields the form does not offer keep their stored value.
            "x" | "y" | "wijk" | "gecontroleerd_op" | "bron" => {}
            other => {
                if let Some(slot) = revision::value_mut(&mut input, other) {
                    *slot = v.clone();
                }
            }
        }
    }
    input.target_groups = groups.join(";");
    (input, version)
}

/// Adds the field errors of a failed parse or area lookup.
fn add_errors(
    ctx: &PageContext,
    errors: &mut FormErrors,
    errs: &[crate::domain::place_input::FieldError],
) {
    for e in errs {
        // x/y are not on the form; their errors belong to lon.
        let field = match e.field {
            "x" | "y" => "lon",
            "wijk" => "buurt",
            f => f,
        };
        errors.add(ctx, field, &UserMessage::new(e.key));
    }
}

/// Parses the input and finds its areas; every problem as a form error.
pub async fn parse_with_areas(
    db: &PgPool,
    ctx: &PageContext,
    input: &PlaceInput,
    errors: &mut FormErrors,
) -> AppResult<Option<(PlaceFields, PlaceAreas)>> {
    let fields = match input.parse() {
        Ok(f) => f,
        Err(errs) => {
            add_errors(ctx, errors, &errs);
            return Ok(None);
        }
    };
    match places::resolve_areas(db, &fields).await? {
        Ok(areas) => Ok(Some((fields, areas))),
        Err(problem) => {
            errors.add(ctx, problem.field(), &UserMessage::new(problem.key()));
            Ok(None)
        }
    }
}

fn page_response(status: StatusCode, page: &FormPage) -> AppResult<Response> {
    Ok((status, Html(page.render()?)).into_response())
}

fn bounds_of(place: Option<&PlaceRecord>) -> String {
    match place.and_then(|p| p.public_lon.zip(p.public_lat)) {
        Some((lon, lat)) => {
            format!("{},{},{},{}", lon - 0.01, lat - 0.006, lon + 0.01, lat + 0.006)
        }
        None => String::new(),
    }
}

// ---------------------------------------------------------------- new place

pub async fn new_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    _me: CurrentUser,
) -> AppResult<Response> {
    let buurten = places::buurt_options(&db).await?;
    let input = PlaceInput { precision: "buurt".into(), ..Default::default() };
    let errors = FormErrors::default();
    let groups = build_groups(&ctx, &input, &errors, &buurten, false);
    let page = FormPage {
        title: ctx.t("edit-new-title"),
        intro: ctx.t("edit-new-intro"),
        action: "/plekken/nieuw".into(),
        submit: ctx.t("edit-new-submit"),
        groups,
        errors,
        version: None,
        conflict: vec![],
        is_conflict: false,
        place_url: None,
        protected_note: false,
        map_bounds: String::new(),
        ctx,
    };
    page_response(StatusCode::OK, &page)
}

pub async fn create(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (mut input, _) = read_form(&pairs);
    input.source = "website".into();
    input.status.clear();
    input.closed_on.clear();
    input.closing_reason.clear();
    let mut errors = FormErrors::default();
    let parsed = parse_with_areas(&db, &ctx, &input, &mut errors).await?;
    let Some((fields, areas)) = parsed else {
        let buurten = places::buurt_options(&db).await?;
        let groups = build_groups(&ctx, &input, &errors, &buurten, false);
        let page = FormPage {
            title: ctx.t("edit-new-title"),
            intro: ctx.t("edit-new-intro"),
            action: "/plekken/nieuw".into(),
            submit: ctx.t("edit-new-submit"),
            groups,
            errors,
            version: None,
            conflict: vec![],
            is_conflict: false,
            place_url: None,
            protected_note: false,
            map_bounds: String::new(),
            ctx,
        };
        return page_response(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let mut tx = db.begin().await?;
    if me.may(Action::PublishDirectly, &areas.wijk_code) {
        let id = create_place(&mut tx, &fields, &areas, me.id, None).await?;
        audit::record(
            &mut *tx,
            Some(me.id),
            audit_actions::PLACE_CREATED,
            &format!("place:{id}"),
            serde_json::json!({ "wijk": areas.wijk_code }),
        )
        .await?;
        tx.commit().await?;
        return Ok(Redirect::to(&format!("/plekken/{id}")).into_response());
    }
    let snapshot = revision::snapshot(&fields, &areas.wijk_code, areas.buurt_code.as_deref());
    proposals::insert(
        &mut *tx,
        &proposals::NewProposal {
            id: Uuid::new_v4(),
            place_id: None,
            base_version: None,
            base_snapshot: None,
            input: &snapshot,
            wijk_code: &areas.wijk_code,
            proposer: me.id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/mijn-voorstellen?verstuurd=1").into_response())
}

// ---------------------------------------------------------------- edit

/// What the edit form shows of the current place: protected fields are
/// left empty for users who may not see them (empty means "unchanged").
fn form_input(place: &PlaceRecord, sees: bool) -> PlaceInput {
    let mut input = place.to_input();
    if !sees {
        for f in PROTECTED_FIELDS {
            if let Some(slot) = revision::value_mut(&mut input, f) {
                slot.clear();
            }
        }
    }
    input
}

/// Fills what the form left out from the current place.
fn complete_input(mut input: PlaceInput, place: &PlaceRecord, sees: bool) -> PlaceInput {
    let current = place.to_input();
    input.source = current.source.clone();
    input.last_verified = current.last_verified.clone();
    if !sees {
        for f in PROTECTED_FIELDS {
            if revision::value(&input, f).trim().is_empty()
                && let Some(slot) = revision::value_mut(&mut input, f)
            {
                *slot = revision::value(&current, f).to_owned();
            }
        }
    }
    let has_point = !input.lon.trim().is_empty() || !input.lat.trim().is_empty();
    if input.buurt.trim().is_empty() && !has_point {
        input.wijk = current.wijk;
    }
    input
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    ctx: PageContext,
    place: &PlaceRecord,
    input: &PlaceInput,
    errors: FormErrors,
    buurten: &[places::BuurtOption],
    version: i32,
    conflict: Vec<ConflictRow>,
    is_conflict: bool,
    sees: bool,
) -> FormPage {
    let groups = build_groups(&ctx, input, &errors, buurten, true);
    let reviewer =
        ctx.user.as_ref().is_some_and(|u| u.may(Action::PublishDirectly, &place.wijk_code));
    FormPage {
        title: ctx.t1("edit-edit-title", "name", &place.name),
        intro: ctx.t(if reviewer { "edit-edit-intro-direct" } else { "edit-edit-intro" }),
        action: format!("/plekken/{}/bewerken", place.id),
        submit: ctx.t(if reviewer { "edit-save" } else { "edit-propose" }),
        groups,
        errors,
        version: Some(version),
        conflict,
        is_conflict,
        place_url: Some(format!("/plekken/{}", place.id)),
        protected_note: !sees,
        map_bounds: bounds_of(Some(place)),
        ctx,
    }
}

pub async fn edit_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    let sees = sees_location(Some(&me), &place);
    let buurten = places::buurt_options(&db).await?;
    let input = form_input(&place, sees);
    let page = edit_page(
        ctx,
        &place,
        &input,
        FormErrors::default(),
        &buurten,
        place.version,
        vec![],
        false,
        sees,
    );
    page_response(StatusCode::OK, &page)
}

/// The fields where the user's input and the current place differ, for
/// the conflict view; protected values stay hidden from who may not see.
fn conflict_rows(
    ctx: &PageContext,
    theirs: &PlaceInput,
    current: &PlaceInput,
    sees: bool,
) -> Vec<ConflictRow> {
    revision::diff(current, theirs)
        .into_iter()
        .filter(|c| !matches!(c.field.as_str(), "wijk" | "bron" | "gecontroleerd_op"))
        .map(|c| {
            let hide = !sees && PROTECTED_FIELDS.contains(&c.field.as_str());
            ConflictRow {
                label: ctx.t(&format!("field-{}", c.field)),
                theirs: if hide {
                    ctx.t("edit-protected-value")
                } else {
                    display_value(ctx, &c.field, &c.new)
                },
                current: if hide {
                    ctx.t("edit-protected-value")
                } else {
                    display_value(ctx, &c.field, &c.old)
                },
            }
        })
        .collect()
}

/// A stored value as people read it: labels for the closed lists.
pub fn display_value(ctx: &PageContext, field: &str, raw: &str) -> String {
    if raw.is_empty() {
        return "—".into();
    }
    let prefix = match field {
        "type" => "type",
        "categorie" => "category",
        "precisie" => "precision",
        "initiatiefnemer" => "initiator",
        "status" => "status",
        "doelgroepen" => "doelgroep",
        "begane_grond" | "rolstoel" | "zichtbaar_vanaf_straat" | "geen_balie" | "verborgen" => {
            return ctx.t(if raw == "ja" { "yes" } else { "no" });
        }
        "opgeheven_op" | "gecontroleerd_op" => {
            return chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d")
                .map(|d| ctx.date(&d))
                .unwrap_or_else(|_| raw.to_owned());
        }
        _ => return raw.to_owned(),
    };
    raw.split(';').map(|v| ctx.t(&format!("{prefix}-{v}"))).collect::<Vec<_>>().join(", ")
}

pub async fn update(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    let sees = sees_location(Some(&me), &place);
    let (raw, version) = read_form(&pairs);
    let version = version.ok_or(AppError::bad_request("edit-error-no-version"))?;
    let input = complete_input(raw.clone(), &place, sees);
    let mut errors = FormErrors::default();
    let parsed = parse_with_areas(&db, &ctx, &input, &mut errors).await?;
    let Some((fields, areas)) = parsed else {
        let buurten = places::buurt_options(&db).await?;
        let page = edit_page(ctx, &place, &raw, errors, &buurten, version, vec![], false, sees);
        return page_response(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let direct = me.may(Action::PublishDirectly, &place.wijk_code)
        && me.may(Action::PublishDirectly, &areas.wijk_code);

    let mut tx = db.begin().await?;
    let current = places::get_for_update(&mut tx, place.id).await?.ok_or(AppError::NotFound)?;
    if current.version != version {
        tx.rollback().await?;
        // Someone saved first: show both versions, keep the user's input,
        // and let a new save start from the current version.
        let sees = sees_location(Some(&me), &current);
        let theirs = revision::snapshot(&fields, &areas.wijk_code, areas.buurt_code.as_deref());
        let rows = conflict_rows(&ctx, &theirs, &current.to_input(), sees);
        let buurten = places::buurt_options(&db).await?;
        let page =
            edit_page(ctx, &current, &raw, errors, &buurten, current.version, rows, true, sees);
        return page_response(StatusCode::CONFLICT, &page);
    }
    if direct {
        let Some((_, changes)) =
            publish(&mut tx, &current, &fields, &areas, kinds::EDIT, me.id, None, "").await?
        else {
            return Err(AppError::Conflict(UserMessage::new("edit-error-conflict")));
        };
        audit::record(
            &mut *tx,
            Some(me.id),
            audit_actions::PLACE_EDITED,
            &format!("place:{}", current.id),
            serde_json::json!({ "fields": changes.iter().map(|c| &c.field).collect::<Vec<_>>() }),
        )
        .await?;
        tx.commit().await?;
        return Ok(Redirect::to(&format!("/plekken/{}", current.id)).into_response());
    }
    let proposed = revision::snapshot(&fields, &areas.wijk_code, areas.buurt_code.as_deref());
    let base = current.to_input();
    if revision::diff(&base, &proposed).is_empty() {
        tx.rollback().await?;
        return Ok(Redirect::to(&format!("/plekken/{}", current.id)).into_response());
    }
    proposals::insert(
        &mut *tx,
        &proposals::NewProposal {
            id: Uuid::new_v4(),
            place_id: Some(current.id),
            base_version: Some(current.version),
            base_snapshot: Some(&base),
            input: &proposed,
            wijk_code: &current.wijk_code,
            proposer: me.id,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to("/mijn-voorstellen?verstuurd=1").into_response())
}

// ---------------------------------------------------------------- close

#[derive(Template)]
#[template(path = "edit/close.html")]
struct ClosePage {
    ctx: PageContext,
    name: String,
    place_url: String,
    action: String,
    version: i32,
    closed_on: String,
    reason: String,
    errors: FormErrors,
}

pub async fn close_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    if !me.may(Action::ClosePlace, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let page = ClosePage {
        name: place.name.clone(),
        place_url: format!("/plekken/{}", place.id),
        action: format!("/plekken/{}/opheffen", place.id),
        version: place.version,
        closed_on: chrono::Utc::now().date_naive().to_string(),
        reason: String::new(),
        errors: FormErrors::default(),
        ctx,
    };
    Ok((StatusCode::OK, Html(page.render()?)).into_response())
}

pub async fn close(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    if !me.may(Action::ClosePlace, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let get = |k: &str| form_value(&pairs, k);
    let version: Option<i32> = get("versie").trim().parse().ok();
    let mut input = place.to_input();
    input.status = "opgeheven".into();
    input.closed_on = get("opgeheven_op");
    input.closing_reason = get("reden_opheffing");
    let mut errors = FormErrors::default();
    if input.closing_reason.trim().is_empty() {
        errors.add(&ctx, "reden_opheffing", &UserMessage::new("error-required"));
    }
    let parsed = if errors.is_empty() {
        parse_with_areas(&db, &ctx, &revision::for_parsing(&input), &mut errors).await?
    } else {
        None
    };
    let stale = version != Some(place.version);
    let (Some((fields, areas)), false) = (parsed, stale) else {
        if stale && errors.is_empty() {
            errors.add(&ctx, "opgeheven_op", &UserMessage::new("edit-error-conflict"));
        }
        let page = ClosePage {
            name: place.name.clone(),
            place_url: format!("/plekken/{}", place.id),
            action: format!("/plekken/{}/opheffen", place.id),
            version: place.version,
            closed_on: input.closed_on,
            reason: input.closing_reason,
            errors,
            ctx,
        };
        let status = if stale { StatusCode::CONFLICT } else { StatusCode::UNPROCESSABLE_ENTITY };
        return Ok((status, Html(page.render()?)).into_response());
    };
    let mut tx = db.begin().await?;
    let current = places::get_for_update(&mut tx, place.id).await?.ok_or(AppError::NotFound)?;
    if current.version != place.version {
        return Err(AppError::Conflict(UserMessage::new("edit-error-conflict")));
    }
    publish(&mut tx, &current, &fields, &areas, kinds::CLOSE, me.id, None, &fields.closing_reason)
        .await?
        .ok_or(AppError::Conflict(UserMessage::new("edit-error-conflict")))?;
    audit::record(
        &mut *tx,
        Some(me.id),
        audit_actions::PLACE_CLOSED,
        &format!("place:{}", current.id),
        serde_json::json!({ "reason": fields.closing_reason, "closed_on": fields.closed_on }),
    )
    .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/plekken/{}", current.id)).into_response())
}

// ---------------------------------------------------------------- annotate

#[derive(Template)]
#[template(path = "edit/annotate.html")]
struct AnnotatePage {
    ctx: PageContext,
    name: String,
    place_url: String,
    action: String,
    kinds: Vec<OptionView>,
    body: String,
    max: usize,
    errors: FormErrors,
}

fn annotate_page(
    ctx: PageContext,
    place: &PlaceRecord,
    kind: &str,
    body: String,
    errors: FormErrors,
) -> AnnotatePage {
    let kinds = opts(&ctx, annotations::KINDS, "annotation-kind", kind, false);
    AnnotatePage {
        name: place.name.clone(),
        place_url: format!("/plekken/{}", place.id),
        action: format!("/plekken/{}/opmerking", place.id),
        kinds,
        body,
        max: annotations::BODY_MAX,
        errors,
        ctx,
    }
}

pub async fn annotate_form(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    let page = annotate_page(ctx, &place, "tip", String::new(), FormErrors::default());
    Ok((StatusCode::OK, Html(page.render()?)).into_response())
}

pub async fn annotate(
    ctx: PageContext,
    State(db): State<PgPool>,
    me: CurrentUser,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let place = load_place(&db, &id, Some(&me)).await?;
    if !me.may(Action::Annotate, &place.wijk_code) {
        return Err(AppError::Forbidden);
    }
    let get = |k: &str| form_value(&pairs, k);
    let kind = get("soort");
    let body = get("tekst").trim().to_owned();
    let mut errors = FormErrors::default();
    if !annotations::KINDS.contains(&kind.as_str()) {
        errors.add(&ctx, "soort", &UserMessage::new("annotation-error-kind"));
    }
    if body.is_empty() {
        errors.add(&ctx, "tekst", &UserMessage::new("error-required"));
    } else if body.chars().count() > annotations::BODY_MAX {
        errors.add(
            &ctx,
            "tekst",
            &UserMessage::new("annotation-error-too-long").arg("max", annotations::BODY_MAX),
        );
    }
    if !errors.is_empty() {
        let page = annotate_page(ctx, &place, &kind, body, errors);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response());
    }
    annotations::insert(&db, place.id, me.id, &kind, &body).await?;
    Ok(Redirect::to(&format!("/plekken/{}?opmerking=ontvangen", place.id)).into_response())
}
