import sys

from kg.store.local_neo4j import main

sys.exit(main(sys.argv[1:]))
