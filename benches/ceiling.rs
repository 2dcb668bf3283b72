//! The "native ceiling": a few of the JS workloads done from Rust with plain
//! rusqlite (same bundled SQLite, no JavaScript), for the time per operation
//! that no Node binding can beat. `cargo bench --bench ceiling` prints one
//! JSON line per workload; `npm run bench -- --ceiling` adds them to RESULTS.md.

use std::hint::black_box;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OpenFlags};

/// A row of the users table, with owned strings as a JS row would have.
#[allow(dead_code)]
struct User {
    id: i64,
    name: String,
    email: String,
    age: i64,
    score: f64,
}

fn users() -> Connection {
    // FULLMUTEX, as node:sqlite and the addon open connections.
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_FULL_MUTEX;
    let db = Connection::open_with_flags(":memory:", flags).unwrap();
    db.execute_batch(
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, age INTEGER NOT NULL, score REAL NOT NULL);
         CREATE TABLE log (id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL);
         CREATE TABLE nums (n INTEGER PRIMARY KEY);
         WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000) INSERT INTO nums SELECT x FROM c;",
    )
    .unwrap();
    {
        let tx = db.unchecked_transaction().unwrap();
        let mut insert = db
            .prepare("INSERT INTO users VALUES (?, ?, ?, ?, ?)")
            .unwrap();
        for i in 1..=1000i64 {
            insert
                .execute(params![
                    i,
                    format!("user {i}"),
                    format!("user{i}@example.com"),
                    18 + i % 60,
                    i as f64 * 1.25
                ])
                .unwrap();
        }
        tx.commit().unwrap();
    }
    db
}

fn read_user(row: &rusqlite::Row) -> rusqlite::Result<User> {
    Ok(User {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        age: row.get(3)?,
        score: row.get(4)?,
    })
}

/// Runs `op` for about `budget`, in growing batches; returns ns per call.
fn measure(budget: Duration, mut op: impl FnMut(u64)) -> f64 {
    for i in 0..100 {
        op(i);
    }
    let start = Instant::now();
    let (mut done, mut batch) = (0u64, 1u64);
    loop {
        for i in 0..batch {
            op(done + i);
        }
        done += batch;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            return elapsed.as_nanos() as f64 / done as f64;
        }
        if elapsed < budget / 16 {
            batch *= 2;
        }
    }
}

fn report(id: &str, title: &str, ns: f64) {
    println!("{{\"id\":\"{id}\",\"title\":\"{title}\",\"ns\":{ns:.1}}}");
}

fn main() {
    let budget = Duration::from_millis(if std::env::args().any(|a| a == "--quick") {
        100
    } else {
        500
    });
    let db = users();

    let mut one = db.prepare("SELECT 1 AS x").unwrap();
    report(
        "select1",
        "`SELECT 1`, one row",
        measure(budget, |_| {
            black_box(one.query_row([], |r| r.get::<_, i64>(0)).unwrap());
        }),
    );

    let mut by_pk = db.prepare("SELECT * FROM users WHERE id = ?").unwrap();
    report(
        "get-pk",
        "one row by primary key",
        measure(budget, |i| {
            black_box(by_pk.query_row([(i % 1000 + 1) as i64], read_user).unwrap());
        }),
    );

    let mut hundred = db.prepare("SELECT * FROM users LIMIT 100").unwrap();
    report(
        "all-100",
        "100 rows × 5 columns into a Vec",
        measure(budget, |_| {
            let rows: Vec<User> = hundred
                .query_map([], read_user)
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            black_box(rows);
        }),
    );

    let mut insert = db
        .prepare("INSERT INTO log (a, b, c) VALUES (?, ?, ?)")
        .unwrap();
    report(
        "insert-run",
        "single-row INSERT",
        measure(budget, |i| {
            black_box(
                insert
                    .execute(params![i as i64, "some text", i as f64 * 0.5])
                    .unwrap(),
            );
        }),
    );

    db.create_scalar_function(
        "twice",
        1,
        rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| Ok(ctx.get::<i64>(0)? * 2),
    )
    .unwrap();
    let mut sum = db.prepare("SELECT sum(twice(n)) FROM nums").unwrap();
    report(
        "function-10k",
        "scalar Rust function × 10,000 in one query",
        measure(budget, |_| {
            black_box(sum.query_row([], |r| r.get::<_, i64>(0)).unwrap());
        }),
    );
}
