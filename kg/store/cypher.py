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
]


def _key_prop(kind: str) -> str:
    return "id" if kind in ("actor", "event") else "key"


def existing(kind: str) -> str:
    """The digest of those of ``$keys`` that exist (what an upsert compares)."""
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return (f"UNWIND $keys AS k MATCH (n:{NODE_LABELS[kind]} {{{prop}: k}}) "
                f"RETURN n.{prop} AS key, n.hash AS hash")
    return f"UNWIND $keys AS k MATCH ()-[r:{REL_TYPES[kind]} {{key: k}}]->() RETURN r.key AS key, r.hash AS hash"


def create_actors(label: str) -> str:
    """New actors of one kind; ``label`` is Person or Organization, from ACTOR_LABELS."""
    assert label in ACTOR_LABELS.values()
    return f"UNWIND $rows AS row CREATE (n:Actor:{label}) SET n = row.props"


def update_actors(label: str) -> str:
    """Changed actors: properties replaced, the kind label set anew."""
    assert label in ACTOR_LABELS.values()
    return ("UNWIND $rows AS row MATCH (n:Actor {id: row.id}) "
            f"SET n = row.props REMOVE n:Person:Organization SET n:{label}")


CREATE_EVENTS = "UNWIND $rows AS row CREATE (n:Event) SET n = row.props"
UPDATE_EVENTS = "UNWIND $rows AS row MATCH (n:Event {id: row.id}) SET n = row.props"

MERGE_RESTRICTIONS = (
    "UNWIND $rows AS row MATCH (g:Actor {id: row.group}) "
    "MERGE (n:Restriction {key: row.key}) SET n = row.props "
    "WITH n, g OPTIONAL MATCH (n)-[old:RESTRICTS]->(other) WHERE other <> g DELETE old "
    "MERGE (n)-[:RESTRICTS]->(g)"
)


def create_relationships(kind: str) -> str:
    """New relationships of ``kind`` between existing nodes, found through their id constraints."""
    start_label, _, end_label, _, _ = REL_ENDS[kind]
    return (f"UNWIND $rows AS row MATCH (s:{start_label} {{id: row.start}}) "
            f"MATCH (e:{end_label} {{id: row.end}}) "
            f"CREATE (s)-[r:{REL_TYPES[kind]}]->(e) SET r = row.props")


def update_relationships(kind: str) -> str:
    """Changed relationships of ``kind``: found by key, properties replaced."""
    return f"UNWIND $rows AS row MATCH ()-[r:{REL_TYPES[kind]} {{key: row.key}}]->() SET r = row.props"


def read_all(kind: str) -> str:
    """The stored JSON of every record of ``kind``, in key order."""
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return f"MATCH (n:{NODE_LABELS[kind]}) RETURN n.data AS data ORDER BY n.{prop}"
    return f"MATCH ()-[r:{REL_TYPES[kind]}]->() RETURN r.data AS data ORDER BY r.key"


def count(kind: str) -> str:
    if kind in NODE_LABELS:
        return f"MATCH (n:{NODE_LABELS[kind]}) RETURN count(n) AS n"
    return f"MATCH ()-[r:{REL_TYPES[kind]}]->() RETURN count(r) AS n"


def existing_ids(kind: str) -> str:
    return f"UNWIND $ids AS id MATCH (n:{NODE_LABELS[kind]} {{id: id}}) RETURN n.id AS id"


GET_META = f"MATCH (n:{META_LABEL} {{name: $name}}) RETURN n.value AS value"
SET_META = f"MERGE (n:{META_LABEL} {{name: $name}}) SET n.value = $value"
SET_META_ONCE = (f"MERGE (n:{META_LABEL} {{name: $name}}) ON CREATE SET n.value = $value "
                 "RETURN n.value AS value")
CLEAR_BATCH = ("MATCH (n) WHERE n:Actor OR n:Event OR n:Restriction "
               "WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")


def select(kind: str, prop: str) -> str:
    """The JSON of records of ``kind`` whose ``prop`` is in ``$values``, valid on ``$day`` (when not
    null) and of sensitivity level at most ``$max_sens``."""
    valid = ("($day IS NULL OR ((x.start_day IS NULL OR x.start_day <= $day) "
             "AND (x.end_day IS NULL OR x.end_day >= $day))) AND x.sens <= $max_sens")
    if kind in NODE_LABELS:
        return (f"UNWIND $values AS v MATCH (x:{NODE_LABELS[kind]} {{{prop}: v}}) WHERE {valid} "
                f"RETURN x.data AS data ORDER BY x.{_key_prop(kind)}")
    start_label, start_field, end_label, end_field, _ = REL_ENDS[kind]
    if prop == start_field:
        match = f"MATCH (s:{start_label} {{id: v}})-[x:{REL_TYPES[kind]}]->()"
    elif prop == end_field:
        match = f"MATCH ()-[x:{REL_TYPES[kind]}]->(e:{end_label} {{id: v}})"
    else:
        raise ValueError(f"{kind} has no endpoint {prop!r}")
    return f"UNWIND $values AS v {match} WHERE {valid} RETURN x.data AS data, x.key AS key ORDER BY key"


SEARCH = (f"CALL db.index.fulltext.queryNodes('{FULLTEXT_INDEX}', $query, {{limit: $limit}}) "
          "YIELD node, score RETURN node.data AS data ORDER BY score DESC, node.id")

ACTOR_LABELS_READ = "MATCH (n:Actor) RETURN n.id AS id, n.name AS name, n.aliases AS aliases"

# The typed columns of a day, as kg.store.sqlite.COLUMNS names them (without key), ref first.
_VALID = ("($day IS NULL OR ((x.start_day IS NULL OR x.start_day <= $day) "
          "AND (x.end_day IS NULL OR x.end_day >= $day))) AND x.sens <= $max_sens")
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
        return f"UNWIND $keys AS k MATCH (x:{NODE_LABELS[kind]} {{{prop}: k}}) RETURN k AS key, x.data AS data"
    return f"UNWIND $keys AS k MATCH ()-[x:{REL_TYPES[kind]} {{key: k}}]->() RETURN k AS key, x.data AS data"


def count_by(kind: str, prop: str) -> str:
    """How many records of ``kind`` each of ``$values`` has at the end ``prop`` (valid on ``$day``)."""
    valid = ("($day IS NULL OR ((x.start_day IS NULL OR x.start_day <= $day) "
             "AND (x.end_day IS NULL OR x.end_day >= $day))) AND x.sens <= $max_sens")
    start_label, start_field, end_label, end_field, _ = REL_ENDS[kind]
    if prop == start_field:
        match = f"MATCH (s:{start_label} {{id: v}})-[x:{REL_TYPES[kind]}]->()"
    elif prop == end_field:
        match = f"MATCH ()-[x:{REL_TYPES[kind]}]->(e:{end_label} {{id: v}})"
    else:
        raise ValueError(f"{kind} has no endpoint {prop!r}")
    return f"UNWIND $values AS v {match} WHERE {valid} RETURN v AS value, count(x) AS n"
