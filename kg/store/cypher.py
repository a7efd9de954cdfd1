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

CONSTRAINTS = [
    "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (n:Actor) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT restriction_key IF NOT EXISTS FOR (n:Restriction) REQUIRE n.key IS UNIQUE",
    f"CREATE CONSTRAINT setting_name IF NOT EXISTS FOR (n:{META_LABEL}) REQUIRE n.name IS UNIQUE",
] + [
    f"CREATE CONSTRAINT {kind}_key IF NOT EXISTS FOR ()-[r:{rtype}]-() REQUIRE r.key IS UNIQUE"
    for kind, rtype in REL_TYPES.items()
]


def _key_prop(kind: str) -> str:
    return "id" if kind in ("actor", "event") else "key"


def existing(kind: str) -> str:
    """The stored JSON of those of ``$keys`` that exist."""
    if kind in NODE_LABELS:
        prop = _key_prop(kind)
        return (f"UNWIND $keys AS k MATCH (n:{NODE_LABELS[kind]} {{{prop}: k}}) "
                f"RETURN n.{prop} AS key, n.data AS data")
    return f"UNWIND $keys AS k MATCH ()-[r:{REL_TYPES[kind]} {{key: k}}]->() RETURN r.key AS key, r.data AS data"


def merge_actors(label: str) -> str:
    """Upsert actors of one kind; ``label`` is Person or Organization, from ACTOR_LABELS."""
    assert label in ACTOR_LABELS.values()
    return ("UNWIND $rows AS row MERGE (n:Actor {id: row.id}) "
            "SET n = row.props REMOVE n:Person:Organization "
            f"SET n:{label}")


MERGE_EVENTS = "UNWIND $rows AS row MERGE (n:Event {id: row.id}) SET n = row.props"

MERGE_RESTRICTIONS = (
    "UNWIND $rows AS row MATCH (g:Actor {id: row.group}) "
    "MERGE (n:Restriction {key: row.key}) SET n = row.props "
    "WITH n, g OPTIONAL MATCH (n)-[old:RESTRICTS]->(other) WHERE other <> g DELETE old "
    "MERGE (n)-[:RESTRICTS]->(g)"
)


def merge_relationships(kind: str) -> str:
    """Upsert relationships of ``kind`` between existing nodes, keyed by ``key``."""
    start_label, _, end_label, _, directed = REL_ENDS[kind]
    arrow = "->" if directed else "-"
    return (f"UNWIND $rows AS row MATCH (s:{start_label} {{id: row.start}}) "
            f"MATCH (e:{end_label} {{id: row.end}}) "
            f"MERGE (s)-[r:{REL_TYPES[kind]} {{key: row.key}}]{arrow}(e) SET r = row.props")


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
CLEAR_BATCH = ("MATCH (n) WHERE n:Actor OR n:Event OR n:Restriction "
               "WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n")
