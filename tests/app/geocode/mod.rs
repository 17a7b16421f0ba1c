//! Addresses (issue 12): the geocoder client against a local server that
//! speaks the PDOK Locatieserver API, the place form that finds the point
//! from an address, `/api/adres`, the search near an address, and the way
//! to a place, with what none of them may tell about private places.

mod client;
mod fake;
mod form;
mod near;

pub use fake::FakePdok;

use sqlx::PgPool;

use crate::helpers::{TestApp, spawn_app_with};
use crate::public::area;

/// Central Rotterdam around the fixture addresses: wijk Centrum with
/// Oude Westen (Gouvernestraat, Gaffelstraat) and Stadsdriehoek
/// (Coolsingel), and wijk Noord (Zwart Janstraat).
pub async fn centre(db: &PgPool) {
    area(db, "GM0599", "Rotterdam", None, [4.40, 51.88, 4.56, 51.96], None).await;
    area(db, "WK059901", "Centrum", Some("GM0599"), [4.455, 51.905, 4.490, 51.930], None).await;
    area(db, "BU05990111", "Oude Westen", Some("WK059901"), [4.455, 51.905, 4.470, 51.930], None)
        .await;
    area(db, "BU05990112", "Stadsdriehoek", Some("WK059901"), [4.470, 51.905, 4.490, 51.930], None)
        .await;
    area(db, "WK059916", "Noord", Some("GM0599"), [4.455, 51.930, 4.490, 51.945], None).await;
    area(db, "BU05991612", "Oude Noorden", Some("WK059916"), [4.455, 51.930, 4.490, 51.945], None)
        .await;
}

/// The app with its geocoder at a fresh local fake.
pub async fn app_with_geocoder(db: PgPool) -> (TestApp, FakePdok) {
    let fake = FakePdok::start().await;
    let url = fake.url.clone();
    let app = spawn_app_with(db, |c| c.geocoder_url = Some(url)).await;
    (app, fake)
}
