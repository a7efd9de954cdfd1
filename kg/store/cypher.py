"""Every Cypher statement the Neo4j store runs, in one place.

Labels and relationship types come only from the fixed tables below, never
from input; every value travels as a parameter; writes are ``UNWIND $rows``
batches. The graph model, for people querying by hand in Neo4j Browser:

- ``(:Actor:Person)`` and ``(:Actor:Organization)`` with ``id``, ``name``,
  ``kind``, ``org_type``, ``party`` (a list), ``country``, ``track``...;
  ``(:Event)`` with ``id``, ``name``, dates, ``location``...;
  ``(:Restriction)`` with ``jurisdiction``, ``kind``, ``scope`` and dates,
  linked ``(:Restriction)-[:RESTRICTS]->(:Actor)`` to the group.
- ``(member)-[:AFFILIATED_WITH]->(organization)``, ``(a)-[:TIE]-(b)`` with a
  ``kind``, ``(from)-[:INFLUENCES]->(to)``, ``(actor)-[:PARTICIPATED_IN]->(event)``.
- Every dated node and relationship also has ``start_day`` and ``end_day`` as
  Neo4j dates (a partial date widened to its first or last day), so a query can
  ask what held on a day; ``data`` holds the record's exact JSON form.
"""

from __future__ import annotations

from kg.model import SCHEMA

# kind -> (label or relationship type, property holding its key)
NODE_LABELS = {"actor": "Actor", "event": "Event", "restriction": "Restriction"}
ACTOR_LABELS = {"person": "Person", "organization": "Organization"}
REL_TYPES = {"affiliation": "AFFILIATED_WITH", "tie": "TIE", "influence": "INFLUENCES",
             "participation": "PARTICIPATED_IN"}
# relationship kind -> (start node label, start field, end node label, end field, directed)
REL_ENDS = {
    "affiliation": ("Actor", "member", "Actor", "organization", True),
    "tie": ("Actor", "a", "Actor", "b", False),
    "influence": ("Actor", "from", "Actor", "to", True),
    "participation": ("Actor", "actor", "Event", "event", True),
}
META_LABEL = "BackchannelSetting"

FULLTEXT_INDEX = "actor_search"

CONSTRAINTS = [
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT restriction_key IF NOT EXISTS FOR (n:Restriction) REQUIRE n.key IS UNIQUE",
    f"CREATE CONSTRAINT setting_name IF NOT EXISTS FOR (n:{META_LABEL}) REQUIRE n.name IS UNIQUE",
] + [
    f"CREATE CONSTRAINT {kind}_key IF NOT EXISTS FOR ()-[r:{rtype}]-() REQUIRE r.key IS UNIQUE"
    for kind, rtype in REL_TYPES.items()
] + [
    # accent- and case-blind search over the folded name, aliases and id (kg.text.fold)
    f"CREATE FULLTEXT INDEX {FULLTEXT_INDEX} IF NOT EXISTS FOR (n:Actor) ON EACH [n.search] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}}",
] + [
    f"CREATE INDEX {kind}_days IF NOT EXISTS FOR ()-[r:{rtype}]-() ON (r.start_day, r.end_day)"
    for kind, rtype in REL_TYPES.items()
] + [
    # the actors with an end (a death, a dissolution), few: found without reading every actor
    "CREATE INDEX actor_end IF NOT EXISTS FOR (n:Actor) ON (n.end)",
]


# A relationship looked up by its key through the key's index: planned anew on every run. A plan
# made while the index was empty (a new database) runs about 450 times slower once the
# index fills (8 ms a key instead of 18 microseconds; Neo4j 5.26, measured, see BENCHMARKS.md),
# and the server kept using it: the first load into a new database took 8 minutes instead of 13 s.
# Planning anew costs a few hundredths of a second at most.
REL_BY_KEY = "CYPHER replan=force "
# ... and after a commit that wrote relationships the store asks for the outdated indexes to be
# resampled (kg.store.neo4j: Neo4jStore._resample)
RESAMPLE = "CALL db.resampleOutdatedIndexes()"


def _key_prop(kind: str) -> str:
    return "id" if kind in ("actor", "event") else "key"


def existing(kind: str, value: str = "hash") -> str:
    """[key, digest] of those of ``$keys`` that exist (what an upsert compares), in one record:
    a record per key would cost a network message each. ``value``: the property given beside
    the key instead of the digest (``sens``, the sensitivity level)."""
    if value not in ("hash", "sens"):
        raise ValueError(f"value is {value!r}; expected 'hash' or 'sens'")
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return (f"UNWIND $keys AS k MATCH (n:{NODE_LABELS[kind]} {{{prop}: k}}) "
                f"USING INDEX n:{NODE_LABELS[kind]}({prop}) RETURN collect([k, n.{value}]) AS found")
    return (f"{REL_BY_KEY}UNWIND $keys AS k MATCH ()-[r:{REL_TYPES[kind]} {{key: k}}]->() "
            f"USING INDEX r:{REL_TYPES[kind]}(key) RETURN collect([k, r.{value}]) AS found")


# The properties a new record of each kind is created with, in the order of the positional
# rows kg.store.neo4j.create_rows builds: the record's fields, then what the store adds.
_ADDED = ("data", "hash", "sens", "start_day", "first_day", "end_day", "last_day")
PROPERTIES: dict[str, tuple[str, ...]] = {
    kind: tuple(dict.fromkeys(
        [f.name for f in fields] + list(_ADDED)
        + (["key"] if kind not in ("actor", "event") else [])
        + (["party_json", "aliases_json", "search"] if kind == "actor" else [])
        + (["strength_prop"] if kind == "affiliation" else [])))
    for kind, fields in SCHEMA.items()
}
PROPERTY_SET = {kind: frozenset(names) for kind, names in PROPERTIES.items()}
# what the store adds that a record may have no value for (then the property is not set): an extra column
# of one of these names would be read as the store's own (kg.model.RESERVED_COLUMNS refuses them)
UNSET_WHEN_EMPTY = ("start_day", "first_day", "end_day", "last_day", "strength_prop")


def _literal_map(kind: str, offset: int) -> str:
    """``{`name`: row[offset], ...}`` for the properties of ``kind`` (names from the schema, never input)."""
    def value(name: str, at: int) -> str:  # dates travel as ISO text: the driver encodes text faster
        return f"date(row[{at}])" if name in ("start_day", "end_day") else f"row[{at}]"

    return "{" + ", ".join(f"`{name}`: {value(name, offset + i)}" for i, name in enumerate(PROPERTIES[kind])) + "}"


def create_nodes(kind: str, label: str, extra: bool) -> str:
    """New actors (``label`` Person or Organization) or events from positional rows; a row's last
    item is a map of further properties when ``extra``. Absent (null) properties are not set."""
    assert kind in ("actor", "event") and label in (*ACTOR_LABELS.values(), "")
    labels = f"Actor:{label}" if kind == "actor" else "Event"
    more = f" SET n += row[{len(PROPERTIES[kind])}]" if extra else ""
    return f"UNWIND $rows AS row CREATE (n:{labels} {_literal_map(kind, 0)}){more}"


def element_ids(kind: str, end: int) -> str:
    """The element ids of the nodes at end ``end`` (0 start, 1 end) of relationships of ``kind``,
    found through the id constraint once per node rather than once per relationship."""
    label = REL_ENDS[kind][2 * end]
    return (f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) USING INDEX n:{label}(id) "
            "RETURN collect(i) AS ids, collect(elementId(n)) AS eids")


def create_relationships(kind: str, extra: bool = False) -> str:
    """New relationships of ``kind`` from positional rows whose first two items are the element ids
    of their end nodes (see :func:`element_ids`); returns how many were created."""
    more = f" SET r += row[{2 + len(PROPERTIES[kind])}]" if extra else ""
    return ("UNWIND $rows AS row MATCH (s) WHERE elementId(s) = row[0] MATCH (e) WHERE elementId(e) = row[1] "
            f"CREATE (s)-[r:{REL_TYPES[kind]} {_literal_map(kind, 2)}]->(e){more} RETURN count(r) AS n")


def create_actors(label: str) -> str:
    """New actors of one kind; ``label`` is Person or Organization, from ACTOR_LABELS."""
    assert label in ACTOR_LABELS.values()
    return f"UNWIND $rows AS row CREATE (n:Actor:{label}) SET n = row.props"


def update_actors(label: str) -> str:
    """Changed actors: properties replaced, the kind label set anew."""
    assert label in ACTOR_LABELS.values()
    return ("UNWIND $rows AS row MATCH (n:Actor {id: row.id}) USING INDEX n:Actor(id) "
            f"SET n = row.props REMOVE n:Person:Organization SET n:{label}")


CREATE_EVENTS = "UNWIND $rows AS row CREATE (n:Event) SET n = row.props"
UPDATE_EVENTS = "UNWIND $rows AS row MATCH (n:Event {id: row.id}) USING INDEX n:Event(id) SET n = row.props"

MERGE_RESTRICTIONS = (
    "UNWIND $rows AS row MATCH (g:Actor {id: row.group}) USING INDEX g:Actor(id) "
    "MERGE (n:Restriction {key: row.key}) SET n = row.props "
    "WITH n, g OPTIONAL MATCH (n)-[old:RESTRICTS]->(other) WHERE other <> g DELETE old "
    "MERGE (n)-[:RESTRICTS]->(g)"
)


def update_relationships(kind: str) -> str:
    """Changed relationships of ``kind``: found by key, properties replaced."""
    return (f"{REL_BY_KEY}UNWIND $rows AS row MATCH ()-[r:{REL_TYPES[kind]} {{key: row.key}}]->() "
            f"USING INDEX r:{REL_TYPES[kind]}(key) SET r = row.props")


def read_all(kind: str) -> str:
    """The stored JSON of every record of ``kind``, in key order."""
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return f"MATCH (n:{NODE_LABELS[kind]}) RETURN n.data AS data ORDER BY n.{prop}"
    return f"MATCH ()-[r:{REL_TYPES[kind]}]->() RETURN r.data AS data ORDER BY r.key"


def all_keys(kind: str) -> str:
    """The key of every record of ``kind``, in one record."""
    if kind in NODE_LABELS:
        return f"MATCH (n:{NODE_LABELS[kind]}) RETURN collect(n.{_key_prop(kind)})"
    return f"MATCH ()-[r:{REL_TYPES[kind]}]->() RETURN collect(r.key)"


def delete(kind: str) -> str:
    """Remove the records of ``kind`` whose keys are ``$keys`` (a node with its relationships);
    returns how many."""
    if kind in NODE_LABELS:
        label, prop = NODE_LABELS[kind], _key_prop(kind)
        return (f"UNWIND $keys AS k MATCH (n:{label} {{{prop}: k}}) USING INDEX n:{label}({prop}) "
                "DETACH DELETE n RETURN count(*)")
    return (f"{REL_BY_KEY}UNWIND $keys AS k MATCH ()-[r:{REL_TYPES[kind]} {{key: k}}]->() "
            f"USING INDEX r:{REL_TYPES[kind]}(key) DELETE r RETURN count(*)")


def count(kind: str) -> str:
    if kind in NODE_LABELS:
        return f"MATCH (n:{NODE_LABELS[kind]}) RETURN count(n) AS n"
    return f"MATCH ()-[r:{REL_TYPES[kind]}]->() RETURN count(r) AS n"


def existing_ids(kind: str) -> str:
    return (f"UNWIND $ids AS id MATCH (n:{NODE_LABELS[kind]} {{id: id}}) USING INDEX n:{NODE_LABELS[kind]}(id) "
            "RETURN n.id AS id")


def unnormalized_ids(kind: str) -> str:
    # the ids that may look like another (kg.model.id_look decides): those not in ASCII (an id holds no control
    # character, so [^ -~] is a letter beyond ASCII), or with a doubled space
    return (f"MATCH (n:{NODE_LABELS[kind]}) WHERE n.id =~ '.*[^ -~].*' OR n.id CONTAINS '  ' "
            "RETURN n.id AS id")


GET_META = f"MATCH (n:{META_LABEL} {{name: $name}}) RETURN n.value AS value"
SET_META = f"MERGE (n:{META_LABEL} {{name: $name}}) SET n.value = $value"
SET_META_ONCE = (f"MERGE (n:{META_LABEL} {{name: $name}}) ON CREATE SET n.value = $value "
                 "RETURN n.value AS value")
# compare and set: the setting's node is locked (written) before its value is read, so two programs
# cannot both see the old value (Neo4j's read-committed isolation: the documented way to avoid a lost update)
SWAP_META = (f"MATCH (n:{META_LABEL} {{name: $name}}) SET n.lock_ = true "
             "WITH n, n.value = $old AS done SET n.value = CASE WHEN done THEN $new ELSE n.value END "
             "REMOVE n.lock_ RETURN done")
# what a load's write finds in its setting as it commits: the node is locked (written) first, so no other
# program can take the store over between this read and the commit (the lock is held until then)
LOCKED_META = (f"MATCH (n:{META_LABEL} {{name: $name}}) SET n.lock_ = true "
               "WITH n, n.value AS value REMOVE n.lock_ RETURN value")
CLEAR_BATCH = ("MATCH (n) WHERE n:Actor OR n:Event OR n:Restriction "
               "WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")


_VALID_ON_DAY = ("($day IS NULL OR ((x.start_day IS NULL OR x.start_day <= $day) "
                 "AND (x.end_day IS NULL OR x.end_day >= $day))) AND x.sens <= $max_sens")


def _match_endpoint(kind: str, prop: str) -> str:
    """MATCH the relationships ``x`` of ``kind`` whose end ``prop`` is the node with id ``v``, through its index."""
    start_label, start_field, end_label, end_field, _ = REL_ENDS[kind]
    if prop == start_field:
        return f"MATCH (s:{start_label} {{id: v}})-[x:{REL_TYPES[kind]}]->() USING INDEX s:{start_label}(id)"
    if prop == end_field:
        return f"MATCH ()-[x:{REL_TYPES[kind]}]->(e:{end_label} {{id: v}}) USING INDEX e:{end_label}(id)"
    raise ValueError(f"{kind} has no endpoint {prop!r}")


def select(kind: str, prop: str) -> str:
    """The JSON of records of ``kind`` whose ``prop`` is in ``$values``, valid on ``$day`` (when not
    null) and of sensitivity level at most ``$max_sens``."""
    valid = _VALID_ON_DAY
    if kind in NODE_LABELS:
        hint = f" USING INDEX x:{NODE_LABELS[kind]}({prop})" if prop == _key_prop(kind) else ""
        return (f"UNWIND $values AS v MATCH (x:{NODE_LABELS[kind]} {{{prop}: v}}){hint} WHERE {valid} "
                f"RETURN x.data AS data ORDER BY x.{_key_prop(kind)}")
    match = _match_endpoint(kind, prop)
    return f"UNWIND $values AS v {match} WHERE {valid} RETURN x.data AS data, x.key AS key ORDER BY key"


# (the index is asked for every match: a limit there would count the hidden actors too)
SEARCH = (f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node "
          "WITH node WHERE node.sens <= $max_sens RETURN node.id AS id, node.search AS search")

SEARCH_LABELS = (f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query) YIELD node, score "
                 "WITH node, score WHERE node.sens <= $max_sens "
                 "RETURN node.id AS id, node.name AS name, node.aliases AS aliases "
                 "ORDER BY score DESC, node.id LIMIT $limit")

ACTOR_LABELS_READ = ("MATCH (n:Actor) WHERE n.sens <= $max_sens "
                     "RETURN n.id AS id, n.name AS name, n.aliases AS aliases")

# The typed columns of a day, as kg.store.sqlite.COLUMNS names them (without key), ref first.
_VALID = _VALID_ON_DAY
# actors with an end (kg.store.base.ended_before decides which ended before the day)
ENDED_ACTORS = "MATCH (x:Actor) WHERE x.end IS NOT NULL AND x.sens <= $max_sens RETURN x.id AS id, x.end AS end"
ENDED_ACTORS_OF = ("UNWIND $ids AS i MATCH (x:Actor {id: i}) USING INDEX x:Actor(id) "
                   "WHERE x.end IS NOT NULL AND x.sens <= $max_sens RETURN x.id AS id, x.end AS end")
DAY_ROWS = {
    "actor": ("MATCH (x:Actor) WHERE x.sens <= $max_sens RETURN x.id AS ref, x.id, x.name, x.kind, x.org_type, "
              "x.party_json, x.country, x.track, x.aliases_json, x.sens, x.confidence"),
    "event": ("MATCH (x:Event) WHERE x.sens <= $max_sens RETURN x.id AS ref, x.id, x.name, x.first_day, x.last_day, "
              "x.track, x.process, x.sens, x.confidence"),
    "affiliation": (f"MATCH ()-[x:AFFILIATED_WITH]->() WHERE {_VALID} RETURN x.key, x.member, x.organization, "
                    "x.role, x.official, x.strength_prop, x.first_day, x.last_day, x.sens, x.confidence"),
    "tie": (f"MATCH ()-[x:TIE]->() WHERE {_VALID} RETURN x.key, x.a, x.b, x.kind, x.strength, x.first_day, "
            "x.last_day, x.sens, x.confidence"),
    "influence": (f"MATCH ()-[x:INFLUENCES]->() WHERE {_VALID} RETURN x.key, x.`from`, x.to, x.kind, x.weight, "
                  "x.first_day, x.last_day, x.sens, x.confidence"),
    "participation": ("MATCH ()-[x:PARTICIPATED_IN]->() WHERE x.sens <= $max_sens RETURN x.key, x.actor, x.event, "
                      "x.role, x.first_day, x.last_day, x.sens, x.confidence"),
    "restriction": (f"MATCH (x:Restriction) WHERE {_VALID} RETURN x.key, x.group, x.jurisdiction, x.kind, "
                    "x.scope, x.first_day, x.last_day, x.sens, x.confidence"),
}


def by_keys(kind: str) -> str:
    """The JSON of the records of ``kind`` with the keys in ``$keys``."""
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return (f"UNWIND $keys AS k MATCH (x:{NODE_LABELS[kind]} {{{prop}: k}}) "
                f"USING INDEX x:{NODE_LABELS[kind]}({prop}) RETURN k AS key, x.data AS data")
    return (f"{REL_BY_KEY}UNWIND $keys AS k MATCH ()-[x:{REL_TYPES[kind]} {{key: k}}]->() "
            f"USING INDEX x:{REL_TYPES[kind]}(key) RETURN k AS key, x.data AS data")


def count_by(kind: str, prop: str) -> str:
    """How many different actors each of ``$values`` has at the other end of its records of ``kind``
    at the end ``prop`` (valid on ``$day``, actors and records of sensitivity at most ``$max_sens``)."""
    valid = _VALID_ON_DAY
    match = _match_endpoint(kind, prop).replace("->()", "->(o)").replace("MATCH ()-", "MATCH (o)-")
    # (an actor gone by the day, its end before it, is no member: ends are ISO text, YYYY, YYYY-MM or a day, and
    # the end with "~" after it sorts after every day of its period)
    return (f"UNWIND $values AS v {match} WHERE {valid} AND o.sens <= $max_sens "
            "AND ($day IS NULL OR o.end IS NULL OR o.end + '~' >= toString($day)) "
            "RETURN v AS value, count(DISTINCT o) AS n")
