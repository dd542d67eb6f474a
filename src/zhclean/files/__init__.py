"""The files layer: discovery, encodings, atomic writes, configuration files."""
