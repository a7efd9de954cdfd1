-- The embedded store's schema, version 2 (PRAGMA user_version = 2).
--
-- One table per record kind with typed columns: what queries filter and join on
-- (ids, endpoints, kind, strength, confidence, sensitivity, validity) is a column
-- with an index; `data` keeps the record's exact JSON (extra properties included)
-- for round trips; `hash` is a 64-bit digest of `data`, so an upsert sees at once
-- whether a stored record changed.
--
-- Validity: `first_day` and `last_day` are the days (date.toordinal()) a record
-- starts and ends holding, inclusive, a partial date widened to its period; NULL
-- means open. Sensitivity: 0 public, 1 restricted, 2 confidential.
--
-- The file is marked as ours: PRAGMA application_id = 1262961475 ('KGBC').
-- kg/store/sqlite.py runs this file once, on a new store, then sets both pragmas.

CREATE TABLE actors (
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,          -- person | organization
    org_type    TEXT,
    party       TEXT NOT NULL,          -- JSON list of party names
    country     TEXT,
    track       TEXT,
    aliases     TEXT NOT NULL,          -- JSON list
    sensitivity INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL,
    hash        INTEGER NOT NULL
);

CREATE TABLE events (
    id          TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    first_day   INTEGER,
    last_day    INTEGER,
    track       TEXT,
    process     TEXT NOT NULL,
    sensitivity INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL,
    hash        INTEGER NOT NULL
);

CREATE TABLE affiliations (
    key          TEXT NOT NULL UNIQUE,
    member       TEXT NOT NULL,
    organization TEXT NOT NULL,
    role         TEXT NOT NULL,
    official     INTEGER NOT NULL,
    strength     REAL,                  -- the data's own `strength` column, when it has one
    first_day    INTEGER,
    last_day     INTEGER,
    sensitivity  INTEGER NOT NULL,
    confidence   REAL NOT NULL,
    data         TEXT NOT NULL,
    hash         INTEGER NOT NULL
);

CREATE TABLE ties (
    key         TEXT NOT NULL UNIQUE,
    a           TEXT NOT NULL,
    b           TEXT NOT NULL,
    kind        TEXT NOT NULL,
    strength    REAL NOT NULL,
    first_day   INTEGER,
    last_day    INTEGER,
    sensitivity INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL,
    hash        INTEGER NOT NULL
);

CREATE TABLE influence (
    key         TEXT NOT NULL UNIQUE,
    from_id     TEXT NOT NULL,
    to_id       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    weight      REAL NOT NULL,
    first_day   INTEGER,
    last_day    INTEGER,
    sensitivity INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL,
    hash        INTEGER NOT NULL
);

CREATE TABLE participation (
    key         TEXT NOT NULL UNIQUE,
    actor       TEXT NOT NULL,
    event       TEXT NOT NULL,
    role        TEXT NOT NULL,
    first_day   INTEGER,                -- the participation's own start and end, if given
    last_day    INTEGER,
    sensitivity INTEGER NOT NULL,
    confidence  REAL NOT NULL,
    data        TEXT NOT NULL,
    hash        INTEGER NOT NULL
);

CREATE TABLE restrictions (
    key          TEXT NOT NULL UNIQUE,
    group_id     TEXT NOT NULL,
    jurisdiction TEXT NOT NULL,
    kind         TEXT NOT NULL,
    scope        TEXT NOT NULL,
    first_day    INTEGER,
    last_day     INTEGER,
    sensitivity  INTEGER NOT NULL,
    confidence   REAL NOT NULL,
    data         TEXT NOT NULL,
    hash         INTEGER NOT NULL
);

-- Search: folded names, aliases and ids (kg.text.fold), rowid = actors.rowid.
CREATE VIRTUAL TABLE actor_search USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');

CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);

-- The links of a large store as packed columns (table link_columns, with triggers that drop it on
-- any update or delete of actors, ties or influence): created by LINK_COLUMNS_DDL in
-- kg/store/sqlite.py, written at the end of a load, read by a projection instead of a million rows.

-- The secondary indexes (endpoints and validity) are in INDEXES in kg/store/sqlite.py:
-- a first load into an empty table builds them once at its end, which is several
-- times faster than keeping them up to date row by row.

-- INDEXES
-- Every endpoint, and validity. IF NOT EXISTS, so that a store whose load was cut
-- short gets them back the next time it is opened for writing.
CREATE INDEX IF NOT EXISTS affiliations_member ON affiliations (member);
CREATE INDEX IF NOT EXISTS affiliations_organization ON affiliations (organization);
CREATE INDEX IF NOT EXISTS affiliations_days ON affiliations (first_day, last_day);
CREATE INDEX IF NOT EXISTS ties_a ON ties (a);
CREATE INDEX IF NOT EXISTS ties_b ON ties (b);
CREATE INDEX IF NOT EXISTS ties_days ON ties (first_day, last_day);
CREATE INDEX IF NOT EXISTS influence_from ON influence (from_id);
CREATE INDEX IF NOT EXISTS influence_to ON influence (to_id);
CREATE INDEX IF NOT EXISTS influence_days ON influence (first_day, last_day);
CREATE INDEX IF NOT EXISTS participation_actor ON participation (actor);
CREATE INDEX IF NOT EXISTS participation_event ON participation (event);
CREATE INDEX IF NOT EXISTS restrictions_group ON restrictions (group_id);
CREATE INDEX IF NOT EXISTS events_days ON events (first_day, last_day);
-- the actors with an end (a death, a dissolution), few: found without reading every actor's data
CREATE INDEX IF NOT EXISTS actors_ended ON actors (id) WHERE instr(data, '"end":') > 0;
