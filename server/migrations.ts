/**
 * Every change to the options server's database, in order, in one place. The database's schema version is
 * SQLite's `PRAGMA user_version`: migration i (1-based) brings a database at version i-1 to version i, and
 * db.ts runs the missing ones in one transaction at start, so a crash mid-migration leaves the old version.
 * Never edit a migration that has shipped: add the next one.
 *
 * Tables (times are milliseconds since 1970 UTC, INTEGER; JSON columns hold documents the server wrote
 * after validating them):
 *   meta(key, value)                 server settings: 'admin_secret' = the scrypt hash of the admin secret
 *   rounds(id, name, deadline, status, created_at, closed_at)
 *                                    id is a random public id (hex); status 'open' | 'closed'
 *   round_offers(round_id, version, offer_json, published_at)
 *                                    every offer published for a round, version 1, 2, ...; the newest is current
 *   pupils(id, round_id, admission_number, display_name, pathway, code_hash)
 *                                    the invited pupils; code_hash = sha256 of the one-time access code
 *   sessions(token_hash, pupil_id, created_at, expires_at)
 *                                    signed-in pupils; token_hash = sha256 of the cookie's token
 *   submissions(id, pupil_id, version, choices_json, reserves_json, submitted_at, offer_version, fits,
 *               broken_json, clash_json, receipt)
 *                                    every version a pupil submitted (never updated or deleted but with the round)
 *   sign_in_failures(address, at)    wrong codes by address, for the lockout (pruned as they age)
 * Deleting a round deletes its offers, pupils, sessions and submissions (ON DELETE CASCADE).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  CREATE TABLE rounds (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    deadline   INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    created_at INTEGER NOT NULL,
    closed_at  INTEGER
  ) STRICT;
  CREATE TABLE round_offers (
    round_id     TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    offer_json   TEXT NOT NULL,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (round_id, version)
  ) STRICT;
  CREATE TABLE pupils (
    id               INTEGER PRIMARY KEY,
    round_id         TEXT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    admission_number TEXT NOT NULL,
    display_name     TEXT NOT NULL,
    pathway          TEXT,
    code_hash        BLOB NOT NULL UNIQUE,
    UNIQUE (round_id, admission_number)
  ) STRICT;
  CREATE TABLE sessions (
    token_hash BLOB PRIMARY KEY,
    pupil_id   INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_by_pupil ON sessions(pupil_id);
  CREATE TABLE submissions (
    id            INTEGER PRIMARY KEY,
    pupil_id      INTEGER NOT NULL REFERENCES pupils(id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    choices_json  TEXT NOT NULL,
    reserves_json TEXT NOT NULL,
    submitted_at  INTEGER NOT NULL,
    offer_version INTEGER NOT NULL,
    fits          INTEGER NOT NULL,
    broken_json   TEXT NOT NULL,
    clash_json    TEXT NOT NULL,
    receipt       TEXT NOT NULL,
    UNIQUE (pupil_id, version)
  ) STRICT;
  CREATE TABLE sign_in_failures (
    address TEXT NOT NULL,
    at      INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sign_in_failures_by_address ON sign_in_failures(address, at);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
