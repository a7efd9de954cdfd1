"""Interactive HTML maps, on pyvis and vis-network, that work offline and are safe to share."""

from visualize.maps import MapOptions, build_map, write_map

__all__ = ["MapOptions", "build_map", "write_map"]
