//! Every migration runs down and up again cleanly, with data in the tables,
//! as in rust-lang/bors' migration test.

use haarvaten::db::MIGRATOR;
use sqlx::PgPool;

async fn tables(db: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables \
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema', 'topology', 'tiger') \
           AND table_name NOT IN ('spatial_ref_sys', '_sqlx_migrations') \
           AND table_type = 'BASE TABLE' ORDER BY 1",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[sqlx::test(migrations = false)]
async fn migrations_run_down_and_up_again(db: PgPool) {
    MIGRATOR.run(&db).await.expect("up");
    let all = tables(&db).await;
    assert!(all.len() >= 3, "expected the schema's tables, found {all:?}");

    // Sample data, so a down migration that forgets a dependency fails.
    sqlx::raw_sql(
        "INSERT INTO areas (code, level, name, geom, label_point) VALUES
           ('GM0599', 'gemeente', 'Rotterdam',
            ST_Multi(ST_MakeEnvelope(4.4, 51.9, 4.5, 52.0, 4326)), ST_SetSRID(ST_MakePoint(4.45, 51.95), 4326));
         INSERT INTO places (id, name, place_type, category, precision, wijk_code, initiator)
           VALUES (gen_random_uuid(), 'Proef', 'huiskamer', 'huiskamer', 'buurt', 'GM0599', 'bewoners');",
    )
    .execute(&db)
    .await
    .expect("sample data");

    MIGRATOR.undo(&db, 0).await.expect("down to nothing");
    let left = tables(&db).await;
    assert!(left.is_empty(), "down migrations leave tables behind: {left:?}");

    MIGRATOR.run(&db).await.expect("up again");
    assert_eq!(tables(&db).await, all);
}
