"""The questions, one module each: bridges, channels, connections. Each takes a projection."""
